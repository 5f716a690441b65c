/**
 * Timing of ResNet-20 (He et al. 2016, 272k parameters) training and inference steps on the
 * current TensorFlow.js backend, shared by the Node and the Chromium benchmark. A step is timed
 * until its result is read back (the loss, the logits), so the device has finished it; the
 * first step of each kind is a warm-up (shader compilation, allocation) and is not counted.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendName } from '../src/nn/backend/select';
import { buildNet } from '../src/nn/network';
import { timeTrainingSteps } from '../src/nn/train/timing';
import { median } from '../src/math/stats';
import type { ReplicaEndpoint } from '../src/nn/parallel/endpoint';

export interface BenchCase {
  readonly backend: BackendName;
  readonly batch: number;
  /** Timed training steps (0: inference only). */
  readonly trainSteps: number;
  readonly inferSteps: number;
  /** Data-parallel replicas (threads) for training; 1 when absent. */
  readonly replicas?: number;
  /** Untimed training steps first (1 when absent). */
  readonly warmUp?: number;
}

export interface BenchFigures {
  readonly trainImagesPerSecond: number | null;
  readonly inferImagesPerSecond: number | null;
  readonly trainStepMs: number | null;
  readonly inferStepMs: number | null;
  /** The WASM heap after the run (it only grows: the peak), in MiB; null on other backends. */
  readonly wasmHeapMiB: number | null;
}

function wasmHeapMiB(): number | null {
  const b = tf.backend() as { wasm?: { HEAPU8?: Uint8Array } };
  return tf.getBackend() === 'wasm' && b.wasm?.HEAPU8 ? b.wasm.HEAPU8.length / 2 ** 20 : null;
}

export async function benchResNet20(
  c: BenchCase,
  replicas: readonly ReplicaEndpoint[] = [],
): Promise<BenchFigures> {
  const net = buildNet({ family: 'postact', n: 3, seed: 1 });
  const x = tf.tidy(() => tf.randomNormal([c.batch, 32, 32, 3], 0, 1, 'float32', 3)) as tf.Tensor4D;
  const inferTimes: number[] = [];
  for (let s = 0; c.inferSteps > 0 && s <= c.inferSteps; s++) {
    const t0 = performance.now();
    const out = net.forward(x, { mode: 'eval', random: () => 0 });
    await out.data();
    out.dispose();
    if (s > 0) inferTimes.push(performance.now() - t0);
  }
  let trainStepMs: number | null = null;
  if (c.trainSteps > 0) {
    trainStepMs = (
      await timeTrainingSteps(
        { family: 'postact', n: 3, seed: 1 },
        c.batch,
        c.trainSteps,
        Infinity,
        { shards: c.replicas ?? 1, replicas },
        c.warmUp ?? 1,
      )
    ).stepMs;
  }
  net.dispose();
  x.dispose();
  const inferStepMs = inferTimes.length ? median(inferTimes) : null;
  return {
    trainStepMs,
    inferStepMs,
    trainImagesPerSecond: trainStepMs === null ? null : (c.batch * 1000) / trainStepMs,
    inferImagesPerSecond: inferStepMs === null ? null : (c.batch * 1000) / inferStepMs,
    wasmHeapMiB: wasmHeapMiB(),
  };
}
