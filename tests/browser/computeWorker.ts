/**
 * The compute layer, unchanged, in a module worker: picks the requested backend, then either
 * checks it (forward pass of every block family, a tiny training run, tensor counts) or times
 * ResNet-20 training and inference steps. Replies with plain numbers.
 */
import * as tf from '@tensorflow/tfjs-core';
import { chooseBackend, describeChoice } from '../../src/nn/backend/select';
import { BLOCK_IDS } from '../../src/nn/blocks/registry';
import { buildNet } from '../../src/nn/network';
import { crossEntropy, evaluate, Trainer } from '../../src/nn/train/trainer';
import { benchResNet20 } from '../../bench/trainBench';
import { BROWSER_LOADERS } from '../../src/worker/backendLoaders';
import { toyImages } from '../reference/toyImages';
import type {
  BenchResult,
  CheckResult,
  ComputeRequest,
  ComputeResponse,
  GenerateResult,
} from './protocol';
import { generateEmbedded } from '../../src/data/embedded/generate';
import { watchBackend } from '../../src/nn/backend/select';
import type { Checkpoint } from '../../src/nn/train/checkpoint';
import type { RunUpdate } from '../../src/worker/compute/protocol';
import { runWithFallback } from '../../src/worker/compute/runner';
import type { BackendName } from '../../src/nn/backend/select';
import type { FallbackResult } from './protocol';

const TINY = { n: 1, width: 0.25, inputSize: 8, classes: 4, seed: 3 } as const;

function images(count: number, seed: number) {
  const { x, y } = toyImages(count, 8, seed);
  return { x: tf.tensor4d(x, [count, 8, 8, 3]), y: tf.tensor1d(y, 'int32') };
}

async function check(steps: number): Promise<Omit<CheckResult, 'backend' | 'software' | 'reason'>> {
  // Forward pass of every family on one fixed batch, at inference.
  const probe = images(4, 11);
  const logits: number[] = [];
  for (const family of BLOCK_IDS) {
    const net = buildNet({ ...TINY, family });
    const out = net.forward(probe.x, { mode: 'eval', random: () => 0 });
    logits.push(...(await out.data()));
    out.dispose();
    net.dispose();
  }
  // A sum of many tensors in one AddN (the trainer's gradient-norm check does this).
  const powers = Array.from({ length: 12 }, (_, i) => tf.scalar(2 ** i));
  const many = tf.addN(powers);
  const addN12 = (await many.data())[0]!;
  tf.dispose([many, ...powers]);

  // Loss gradients of every trainable tensor of the tiny plain net, in training mode.
  const gradNet = buildNet({ ...TINY, family: 'postact' });
  const vars = gradNet.params.all.filter((p) => p.trainable);
  const { grads } = tf.variableGrads(
    () =>
      crossEntropy(
        gradNet.forward(probe.x, { mode: 'train', random: () => 0 }),
        probe.y,
        TINY.classes,
      ),
    vars.map((p) => p.variable),
  );
  const gradients: Record<string, number[]> = {};
  for (const p of vars) gradients[p.name] = Array.from(await grads[p.variable.name]!.data());
  tf.dispose(Object.values(grads));
  gradNet.dispose();
  tf.dispose([probe.x, probe.y]);

  const train = images(64, 1);
  const test = images(64, 2);
  const net = buildNet({ ...TINY, family: 'postact' });
  const trainer = new Trainer(net, {
    batchSize: 16,
    totalSteps: steps,
    augment: false,
    schedule: { kind: 'constant', base: 0.05, warmupSteps: 0 },
    seed: 5,
  });
  const accuracyBefore = (await evaluate(net, test.x, test.y)).accuracy;
  const losses: number[] = [];
  let tensorsAfterFirstStep = 0;
  for (let s = 0; s < steps; s++) {
    const start = (s * 16) % 64;
    const xb = tf.slice(train.x, [start, 0, 0, 0], [16, -1, -1, -1]);
    const yb = tf.slice(train.y, [start], [16]);
    losses.push((await trainer.trainStep(xb, yb)).loss);
    tf.dispose([xb, yb]);
    if (s === 0) tensorsAfterFirstStep = tf.memory().numTensors;
  }
  const tensorsAfterLastStep = tf.memory().numTensors;
  const accuracyAfter = (await evaluate(net, test.x, test.y)).accuracy;
  trainer.dispose();
  net.dispose();
  tf.dispose([train.x, train.y, test.x, test.y]);
  return {
    logits,
    addN12,
    gradients,
    losses,
    accuracyBefore,
    accuracyAfter,
    tensorsAfterFirstStep,
    tensorsAfterLastStep,
  };
}

/** The training section's default net (8 layers, width ¼, 32×32), `steps` steps of batch 32. */
async function memory(steps: number) {
  const net = buildNet({ family: 'postact', n: 1, width: 0.25, seed: 1 });
  const trainer = new Trainer(net, { batchSize: 32, totalSteps: steps, augment: false });
  const x = tf.tidy(() => tf.randomNormal([32, 32, 32, 3], 0, 1, 'float32', 3)) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: 32 }, (_, i) => i % 10),
    'int32',
  );
  const snap = () => ({ tensors: tf.memory().numTensors, bytes: tf.memory().numBytes });
  await trainer.trainStep(x, y);
  const after1 = snap();
  const t0 = performance.now();
  for (let s = 1; s < steps; s++) await trainer.trainStep(x, y);
  const imagesPerSecond = ((steps - 1) * 32 * 1000) / (performance.now() - t0);
  const afterAll = snap();
  trainer.dispose();
  net.dispose();
  tf.dispose([x, y]);
  return { imagesPerSecond, after1, afterAll };
}

/**
 * The page's runner on WebGPU, its device destroyed (as a driver reset would lose it) once
 * `loseAtStep` steps are done: the run must go on with another backend from its checkpoint.
 */
async function fallback(loseAtStep: number): Promise<FallbackResult> {
  const choice = await chooseBackend({ only: 'webgpu', loaders: BROWSER_LOADERS });
  let current: BackendName = choice.name;
  const store: { ckpt?: Checkpoint } = {};
  const updates: RunUpdate[] = [];
  let destroyed = false;
  const r = await runWithFallback(
    {
      family: 'postact',
      n: 1,
      width: 0.25,
      options: {},
      dataset: 'embedded',
      trainImages: 256,
      testImages: 64,
      epochs: 2,
      batchSize: 16,
      lr: 0.05,
      schedule: 'constant',
      augment: false,
      seed: 2,
      evalsPerEpoch: 4,
    },
    generateEmbedded(256, 64, 4),
    (u) => {
      updates.push(u);
      if (!destroyed && current === 'webgpu' && u.progress.step >= loseAtStep) {
        destroyed = true;
        (tf.backend() as unknown as { device: { destroy(): void } }).device.destroy();
      }
    },
    {
      current: () => current,
      fallback: async (exclude) => {
        current = (await chooseBackend({ loaders: BROWSER_LOADERS, exclude })).name;
        return current;
      },
      watch: watchBackend,
      loadCheckpoint: async () => store.ckpt,
      saveCheckpoint: async (c) => void (store.ckpt = c),
      checkpointMs: 0,
    },
    { resume: false, onSession: () => {} },
  );
  const last = updates.at(-1)!.progress;
  return {
    state: r.state,
    backend: r.backend,
    notices: updates.flatMap((u) => (u.notice ? [u.notice] : [])),
    restartFrom: updates.flatMap((u) => (u.restartFrom !== undefined ? [u.restartFrom] : [])),
    lastStep: last.step,
    totalSteps: last.totalSteps,
    trainPoints: updates.flatMap((u) => u.points).filter((p) => p.trainLoss !== undefined).length,
  };
}

self.onmessage = async (e: MessageEvent<ComputeRequest>) => {
  const request = e.data;
  let reply: ComputeResponse;
  try {
    if (request.kind === 'generate') {
      const t0 = performance.now();
      generateEmbedded(request.train, request.test);
      const result: GenerateResult = {
        ms: performance.now() - t0,
        images: request.train + request.test,
      };
      self.postMessage({ ok: true, result } satisfies ComputeResponse);
      return;
    }
    if (request.kind === 'fallback') {
      const result = await fallback(request.loseAtStep);
      self.postMessage({ ok: true, result } satisfies ComputeResponse);
      return;
    }
    const choice = await chooseBackend({ only: request.backend, loaders: BROWSER_LOADERS });
    const head = {
      backend: choice.name,
      software: choice.software,
      reason: describeChoice(choice),
    };
    if (request.kind === 'memory') {
      self.postMessage({
        ok: true,
        result: {
          backend: choice.name,
          software: choice.software,
          ...(await memory(request.steps)),
        },
      } satisfies ComputeResponse);
      return;
    }
    const result: CheckResult | BenchResult =
      request.kind === 'check'
        ? { ...head, ...(await check(request.steps)) }
        : { ...head, ...(await benchResNet20(request)) };
    reply = { ok: true, result };
  } catch (err) {
    reply = { ok: false, error: (err as Error).message };
  }
  self.postMessage(reply);
};
