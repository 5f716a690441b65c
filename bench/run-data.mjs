#!/usr/bin/env node
// npm run bench:data: the figures of the data layer, for the README.
//  1. `npm run data:cifar10` on the shared subset archive: time, peak memory, asset sizes.
//  2. Generating the embedded set (5,000 + 1,000 images) in a Chromium worker, median of 3.
//  3. Importing the shared archive in the page (production build, file picker): time until the
//     set is shown, and the peak growth of the resident memory of all Chromium processes.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';
import { serveComputeHarness } from '../tests/browser/harness.mjs';

const ARCHIVE = '../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz';
const MiB = 2 ** 20;
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// 1. The asset script.
const out = await mkdtemp(join(tmpdir(), 'unraveled-assets-'));
const script = spawnSync('node', ['scripts/data-cifar10.mjs', '--from', ARCHIVE, '--out', out], {
  encoding: 'utf8',
});
if (script.status !== 0) throw new Error(script.stderr);
console.log(`data:cifar10 on the shared archive: ${script.stdout.trim()}`);
for (const f of readdirSync(out))
  console.log(`  ${f}: ${(statSync(join(out, f)).size / MiB).toFixed(2)} MiB`);

// 2 and 3 in Chromium.
/** Resident memory of a process and all its descendants, in bytes (Linux /proc). */
function treeRss(pid) {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  let rss = 0;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) * 1024;
  } catch {
    /* gone */
  }
  return rss + children.reduce((a, c) => a + treeRss(c), 0);
}

const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const harness = await serveComputeHarness();
  const hp = await browser.newPage();
  await hp.goto(harness.url);
  const times = [];
  for (let i = 0; i < 3; i++) {
    const r = await hp.evaluate((q) => window.runCompute(q), {
      kind: 'generate',
      train: 5000,
      test: 1000,
    });
    times.push(r.result.ms);
  }
  console.log(
    `embedded set, 6,000 images in a Chromium worker: ${(median(times) / 1000).toFixed(2)} s (median of 3)`,
  );
  await hp.close();
  await harness.close();

  spawnSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  const server = spawn('node', ['scripts/serve-static.mjs', 'dist', '4390', '/'], {
    stdio: 'ignore',
  });
  await new Promise((r) => setTimeout(r, 500));
  try {
    // A profile of our own, so that the browser's process (and its children) can be found.
    const profile = await mkdtemp(join(tmpdir(), 'unraveled-profile-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
    });
    const page = await context.newPage();
    await page.goto('http://127.0.0.1:4390/');
    await page.getByTestId('samples-embedded').waitFor({ timeout: 60_000 });
    const pid = Number(
      spawnSync('pgrep', ['-o', '-f', `user-data-dir=${profile}`], {
        encoding: 'utf8',
      }).stdout.trim(),
    );
    const base = pid ? treeRss(pid) : 0;
    let peak = base;
    const sampler = setInterval(() => {
      if (pid) peak = Math.max(peak, treeRss(pid));
    }, 50);
    const t0 = performance.now();
    await page.getByTestId('file-input').setInputFiles(ARCHIVE);
    await page.getByTestId('samples-cifar10').waitFor({ timeout: 120_000 });
    const seconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    console.log(
      `page import of the shared archive (57 MB, 20,000 images) through the file picker: ${seconds.toFixed(1)} s ` +
        `to shown and stored; Chromium's resident memory grew by at most ${((peak - base) / MiB).toFixed(0)} MiB`,
    );
    await page.getByTestId('remove-button').click();
    await context.close();
  } finally {
    server.kill();
  }
} finally {
  await browser.close();
}
