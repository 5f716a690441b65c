/**
 * ResNet-20 throughput under Node (wasm, cpu backends; data-parallel on `replicas` worker
 * threads when a case asks), run by `run-train.mjs` through Vitest;
 * the cases come in BENCH_CASES (JSON) and the rows go to BENCH_OUT. A driver, not a test.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { chooseBackend } from '../src/nn/backend/select';
import { benchResNet20, type BenchCase } from './trainBench';
import { openNodeReplicas } from '../scripts/nodeReplicas';

it('measures ResNet-20 steps under Node', async () => {
  const cases = JSON.parse(process.env.BENCH_CASES ?? '[]') as BenchCase[];
  const present = () => Promise.resolve();
  const rows = [];
  for (const c of cases) {
    await chooseBackend({
      only: c.backend,
      loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
    });
    const threads = await openNodeReplicas((c.replicas ?? 1) - 1, c.backend);
    const figures = await benchResNet20(c, threads.endpoints);
    await threads.close();
    process.stderr.write(`node ${JSON.stringify({ ...c, ...figures })}\n`);
    rows.push({ ...c, ...figures });
  }
  writeFileSync(process.env.BENCH_OUT ?? 'bench/results/train-node.json', JSON.stringify(rows));
});
