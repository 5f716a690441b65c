/**
 * One training step's loss and gradients of a fresh net, from the page's own code (WASM, under
 * Node), written with the initial weights and the batch to bench/results/grad-compare.json, for
 * bench/grad_compare_torch.py to recompute in PyTorch and compare parameter by parameter.
 *
 *   GRAD_N=18 npm run bench:grad   (n: 6n + 2 layers; needs Debian's python3-torch)
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { splitPrefix } from '../src/data/cifar10/records';
import { EMBEDDED_SIZE, generateEmbedded } from '../src/data/embedded/generate';
import { channelStats } from '../src/data/stats';
import { chooseBackend } from '../src/nn/backend/select';
import type { BnUpdate } from '../src/nn/context';
import { buildNet } from '../src/nn/network';
import { trainablesOf } from '../src/nn/parallel/endpoint';
import { normalisedNhwc } from '../src/nn/train/deviceData';
import { crossEntropy } from '../src/nn/train/loss';

it('writes one step of the page’s gradients', async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
  const n = Number(process.env.GRAD_N ?? 3);
  const batch = 64;
  const data = generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);
  const stats = channelStats(splitPrefix(data.train, EMBEDDED_SIZE.train));
  const part = splitPrefix(data.train, batch);
  const x = tf.tensor4d(normalisedNhwc(part, stats), [batch, 32, 32, 3]);
  const y = tf.tensor1d(Array.from(part.labels.subarray(0, batch)), 'int32');
  const net = buildNet({ family: 'postact', n, width: 0.25, seed: 1 });
  const vars = trainablesOf(net);
  const weights: Record<string, number[]> = {};
  for (const p of net.params.all) weights[p.name] = Array.from(await p.variable.data());
  const bnUpdates: BnUpdate[] = [];
  const ctx = { mode: 'train' as const, random: () => 0.5, bnUpdates };
  const { value, grads } = tf.variableGrads(() => crossEntropy(net.forward(x, ctx), y, 10), vars);
  const out: Record<string, number[]> = {};
  for (const p of net.params.all) {
    const g = grads[p.variable.name];
    if (g) out[p.name] = Array.from(await g.data());
  }
  mkdirSync('bench/results', { recursive: true });
  writeFileSync(
    'bench/results/grad-compare.json',
    JSON.stringify({
      n,
      loss: (await value.data())[0],
      weights,
      grads: out,
      labels: Array.from(await y.data()),
      images: Array.from(await x.data()),
    }),
  );
}, 600_000);
