/**
 * Per-kernel profile of one ResNet-20 training step on WASM under Node (tf.profile), run by
 * `npm run bench:profile`. Prints the kernels by total time. A driver, not a test.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { it } from 'vitest';
import { chooseBackend } from '../src/nn/backend/select';
import { buildNet } from '../src/nn/network';
import { Trainer } from '../src/nn/train/trainer';

it('profiles a ResNet-20 training step', async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
  const batch = Number(process.env.BENCH_BATCH ?? 32);
  const net = buildNet({ family: 'postact', n: 3, seed: 1 });
  const x = tf.randomNormal([batch, 32, 32, 3], 0, 1, 'float32', 3) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batch }, (_, i) => i % 10),
    'int32',
  );
  const trainer = new Trainer(net, { batchSize: batch, totalSteps: 1000 });
  // WASM tiers up over the first seconds: warm up before profiling.
  const warmUp = Number(process.env.BENCH_WARMUP ?? 20);
  for (let i = 0; i < warmUp; i++) await trainer.trainStep(x, y);
  const t0 = performance.now();
  const info = await tf.profile(async () => {
    await trainer.trainStep(x, y);
    return [];
  });
  const wall = performance.now() - t0;
  const byKernel = new Map<string, { ms: number; count: number }>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0;
    const e = byKernel.get(k.name) ?? { ms: 0, count: 0 };
    e.ms += ms;
    e.count++;
    byKernel.set(k.name, e);
  }
  const rows = [...byKernel.entries()].sort((a, b) => b[1].ms - a[1].ms);
  const total = rows.reduce((s, [, e]) => s + e.ms, 0);
  const lines = [
    `batch ${batch}: wall ${wall.toFixed(0)} ms under the profiler, kernels ${total.toFixed(0)} ms`,
  ];
  for (const [name, e] of rows.slice(0, 25)) {
    lines.push(
      `| ${name} | ${e.count} | ${e.ms.toFixed(1)} | ${((100 * e.ms) / total).toFixed(1)} % |`,
    );
  }
  process.stderr.write(lines.join('\n') + '\n');
  // Time without the profiler too.
  const times: number[] = [];
  for (let i = 0; i < 4; i++) {
    const s = performance.now();
    await trainer.trainStep(x, y);
    times.push(performance.now() - s);
  }
  times.sort((a, b) => a - b);
  process.stderr.write(`step ms (no profiler): ${times.map((t) => t.toFixed(0)).join(', ')}\n`);
  trainer.dispose();
  net.dispose();
});
