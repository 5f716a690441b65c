#!/usr/bin/env node
// npm run bench:train: ResNet-20 training and inference images/second for each TensorFlow.js
// backend available under Node (wasm, cpu) and in headless Chromium (webgpu, webgl, wasm, cpu,
// run in a Web Worker as the app does), batch 32 and 128; then the same net in PyTorch on this
// machine's CPU when Debian's python3-torch is installed. Prints a Markdown table for
// BENCHMARKS.md and writes bench/results/train.json.
// First of all it prints our best CPU configuration (WASM on K data-parallel replicas, one a
// core) against PyTorch on the same machine, measured in this run: images/s, GFLOP/s, ratio.
//   --quick      the comparison table only (Node WASM with 1 and K replicas, PyTorch), few steps
//   --only=node|chromium|torch|memory|page, or a list (memory: the default net's speed and
//                tf.memory() in a worker; page: the training section's default run in the built
//                page, with 1 and K replicas, cross-origin isolated and not)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { serveComputeHarness } from '../tests/browser/harness.mjs';

const quick = process.argv.includes('--quick');
const only = process.argv.find((a) => a.startsWith('--only='))?.slice(7);
// --only takes a list: --only=node,torch is the comparison table with full step counts.
const parts = only?.split(',');
const want = (part) =>
  quick ? part === 'node' || part === 'torch' : !parts || parts.includes(part);
const K = cpus().length;
// ResNet-20: 40.8 M multiply-adds an image forward; a training step is about three forward
// passes (forward, input gradient, filter gradient): 6 × 40.8 M flops an image.
const TRAIN_GFLOP_PER_IMAGE = (6 * 40.8e6) / 1e9;

// Steps per case: fast backends get more timed steps; the CPU-emulated GPUs and the plain-JS
// CPU backend take seconds to minutes a step here, so they get one (plus the warm-up).
const fast = quick ? { train: 1, infer: 2 } : { train: 4, infer: 6 };
const slow = { train: 1, infer: quick ? 1 : 2 };
const nodeCases = [
  ...[32, 128].flatMap((batch) =>
    [...new Set([1, K])].map((replicas) => ({
      backend: 'wasm',
      batch,
      replicas,
      // WASM code tiers up over the first seconds (more so with a thread a core): warm up,
      // then time enough steps for a steady median.
      warmUp: quick ? 3 : 5,
      trainSteps: quick ? 4 : 15,
      inferSteps: replicas === 1 ? fast.infer : 0,
    })),
  ),
  ...(quick ? [] : [{ backend: 'cpu', batch: 32, trainSteps: 1, inferSteps: slow.infer }]),
];
const browserCases = [
  { backend: 'wasm', batch: 32, trainSteps: fast.train, inferSteps: fast.infer },
  { backend: 'wasm', batch: 128, trainSteps: fast.train, inferSteps: fast.infer },
  { backend: 'webgl', batch: 32, trainSteps: slow.train, inferSteps: slow.infer },
  { backend: 'webgl', batch: 128, trainSteps: quick ? 0 : 1, inferSteps: slow.infer },
  { backend: 'webgpu', batch: 32, trainSteps: slow.train, inferSteps: slow.infer },
  { backend: 'webgpu', batch: 128, trainSteps: 0, inferSteps: slow.infer },
  { backend: 'cpu', batch: 32, trainSteps: quick ? 0 : 1, inferSteps: slow.infer },
];

const rows = [];
const memoryRows = [];
const pageRows = [];
const fmt = (v) => (v === null || v === undefined ? '—' : v >= 100 ? v.toFixed(0) : v.toFixed(1));

if (want('node')) {
  // Through Vitest, which loads tfjs-core's extensionless ESM as the unit tests do; one process
  // a case, as one worker a case in Chromium (a batch-128 training step takes 1.8 GB of the
  // WASM heap, which must not be fragmented by the case before).
  await mkdir('bench/results', { recursive: true });
  const out = 'bench/results/train-node.json';
  for (const c of nodeCases) {
    const run = spawnSync(
      'npx',
      ['vitest', 'run', '--config', 'bench/vitest.config.ts', 'bench/trainNode.bench-run.ts'],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        env: { ...process.env, BENCH_CASES: JSON.stringify([c]), BENCH_OUT: out },
      },
    );
    if (run.status !== 0) throw new Error(`the Node benchmark failed on ${JSON.stringify(c)}`);
    for (const r of JSON.parse(await readFile(out, 'utf8'))) {
      rows.push({ where: `Node ${process.version}`, ...r, replicas: r.replicas ?? 1 });
    }
  }
}

if (want('chromium') || want('memory')) {
  const harness = await serveComputeHarness();
  const browser = await chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'],
  });
  try {
    const page = await browser.newPage();
    await page.goto(harness.url);
    for (const c of want('chromium') ? browserCases : []) {
      const reply = await page.evaluate((req) => window.runCompute(req), { kind: 'bench', ...c });
      if (!reply.ok) {
        console.error(`chromium ${c.backend} b${c.batch}: ${reply.error}`);
        continue;
      }
      console.error('chromium', JSON.stringify(reply.result));
      rows.push({
        where: `Chromium ${browser.version()}`,
        ...c,
        ...reply.result,
        backend: reply.result.software ? `${c.backend} (software GPU)` : c.backend,
      });
    }
    // The training section's default net, as the page trains it: speed and tf.memory().
    // 500 steps where a step takes milliseconds; the CPU-emulated GPUs take about a second a
    // step here, so they get 30.
    const memorySteps = { wasm: 500, cpu: 200, webgl: 30, webgpu: 30 };
    for (const backend of ['wasm', 'webgl', 'webgpu', 'cpu']) {
      const steps = quick ? 10 : memorySteps[backend];
      const reply = await page.evaluate((req) => window.runCompute(req), {
        kind: 'memory',
        backend,
        steps,
      });
      if (!reply.ok) {
        console.error(`chromium memory ${backend}: ${reply.error}`);
        continue;
      }
      const r = reply.result;
      console.error('chromium memory', JSON.stringify(r));
      memoryRows.push({ steps, ...r });
    }
  } finally {
    await browser.close();
    await harness.close();
  }
}

if (want('page')) {
  // The page as a user gets it: the production build, the default run of the training section.
  const { mkdtemp } = await import('node:fs/promises');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { spawn } = await import('node:child_process');
  const outDir = await mkdtemp(join(tmpdir(), 'unraveled-page-'));
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', outDir]);
  const port = 4391;
  const server = spawn('node', ['scripts/serve-static.mjs', outDir, String(port), '/'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 800));
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
  try {
    const cases = [
      { replicas: 1, isolated: true },
      { replicas: K, isolated: true },
      { replicas: K, isolated: false },
    ];
    for (const c of quick ? cases.slice(0, 2) : cases) {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${c.isolated ? port : port + 1}/`);
      await page.getByTestId('param-count').getByText('8 layers').waitFor({ timeout: 60_000 });
      const field = page.getByTestId('train-replicas-input');
      await field.fill(String(c.replicas));
      await field.press('Enter');
      await page.getByTestId('train-start').click();
      // The progress line shows the run's mean images/s and goes away when the run ends:
      // the last value read is the whole run's.
      const progress = page.getByTestId('run-progress');
      await progress.waitFor({ timeout: 60_000 });
      let text = '';
      for (;;) {
        const now = await progress.innerText({ timeout: 500 }).catch(() => null);
        if (now === null) break;
        text = now;
        await page.waitForTimeout(100);
      }
      const ips = Number(/(\d+) images\/s/.exec(text)?.[1]);
      const isolated = await page.evaluate(() => self.crossOriginIsolated);
      console.error('page', JSON.stringify({ ...c, isolated, ips, text }));
      pageRows.push({ ...c, isolated, imagesPerSecond: ips });
      await page.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
}

if (want('torch')) {
  const probe = spawnSync('/usr/bin/python3', ['-c', 'import torch'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    console.error('PyTorch: not measured (sudo apt-get install -y python3-torch, then rerun)');
  } else {
    const out = execFileSync(
      '/usr/bin/python3',
      ['bench/resnet20_torch.py', quick ? '--quick' : ''],
      {
        encoding: 'utf8',
      },
    );
    for (const line of out.trim().split('\n')) rows.push(JSON.parse(line));
  }
}

const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
const gflops = (ips) =>
  ips === null || ips === undefined ? '—' : (ips * TRAIN_GFLOP_PER_IMAGE).toFixed(1);
const torchRows = rows.filter((r) => r.where.startsWith('PyTorch'));
const ours = rows.filter((r) => r.backend === 'wasm' && r.trainImagesPerSecond);
if (torchRows.length || ours.length) {
  console.log(
    `\nResNet-20 training, our best CPU configuration against PyTorch, measured in this run; ${K} cores (${cpuModel}). GFLOP/s at ${TRAIN_GFLOP_PER_IMAGE.toFixed(3)} GFLOP a training image.`,
  );
  console.log('| batch | ours | img/s | GFLOP/s | PyTorch | img/s | GFLOP/s | ours / PyTorch |');
  console.log('|---:|---|---:|---:|---|---:|---:|---:|');
  for (const batch of [32, 128]) {
    const best = ours
      .filter((r) => r.batch === batch)
      .sort((a, b) => b.trainImagesPerSecond - a.trainImagesPerSecond)[0];
    const torch = torchRows.find((r) => r.batch === batch);
    const ratio =
      best && torch
        ? (best.trainImagesPerSecond / torch.trainImagesPerSecond).toFixed(3) + '×'
        : '—';
    console.log(
      `| ${batch} | ${best ? `WASM, ${best.where}, ${best.replicas} replica${best.replicas > 1 ? 's' : ''}` : '—'} | ${fmt(best?.trainImagesPerSecond)} | ${gflops(best?.trainImagesPerSecond)} | ${torch ? torch.where : 'not measured'} | ${fmt(torch?.trainImagesPerSecond)} | ${gflops(torch?.trainImagesPerSecond)} | ${ratio} |`,
    );
  }
}

if (rows.length) {
  console.log(
    `\nResNet-20 (32×32×3, 10 classes), images per second, median step; ${K} cores (${cpuModel})`,
  );
  console.log(
    '| where | backend | replicas | batch | train img/s | inference img/s | train step (ms) | inference step (ms) | WASM heap (MiB) |',
  );
  console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.where} | ${r.backend} | ${r.replicas ?? 1} | ${r.batch} | ${fmt(r.trainImagesPerSecond)} | ${r.inferStepMs ? fmt(r.inferImagesPerSecond) : '—'} | ${fmt(r.trainStepMs)} | ${r.inferStepMs ? fmt(r.inferStepMs) : '—'} | ${r.wasmHeapMiB ? r.wasmHeapMiB.toFixed(0) : '—'} |`,
    );
  }
}
if (memoryRows.length) {
  console.log(
    "\nThe training section's default net (8 layers, width ¼), batch 32, in a Chromium worker",
  );
  console.log(
    '| backend | train img/s | tensors after 1 step | after N steps | MiB after 1 | after N |',
  );
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of memoryRows) {
    console.log(
      `| ${r.backend}${r.software ? ' (software GPU)' : ''} | ${fmt(r.imagesPerSecond)} | ${r.after1.tensors} | ${r.afterAll.tensors} (N = ${r.steps}) | ${(r.after1.bytes / 2 ** 20).toFixed(2)} | ${(r.afterAll.bytes / 2 ** 20).toFixed(2)} |`,
    );
  }
}
if (pageRows.length) {
  console.log(
    "\nThe training section's default run in the built page (8 layers, width ¼, batch 32, 2,048 shapes, 3 epochs), Chromium",
  );
  console.log('| replicas | cross-origin isolated | images/s at the end of the run |');
  console.log('|---:|---|---:|');
  for (const r of pageRows) {
    console.log(
      `| ${r.replicas} | ${r.isolated ? 'yes (shared buffers)' : 'no (transferred buffers)'} | ${fmt(r.imagesPerSecond)} |`,
    );
  }
}
await mkdir('bench/results', { recursive: true });
await writeFile(
  'bench/results/train.json',
  JSON.stringify({ quick, rows, memoryRows, pageRows }, null, 2),
);
