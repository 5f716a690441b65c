/**
 * How fast the current backend trains a net: warm-up steps (shader compilation, allocation,
 * WASM tier-up), then the median of timed steps, each until its loss is read back. A step slower
 * than `slowMs` ends the measurement early (the emulated GPUs and the CPU backend take seconds
 * to minutes a step on a big net): the warm-up's time then stands for the figure.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom } from '../../math/random';
import { buildNet, type NetConfigInput } from '../network';
import type { ReplicaEndpoint } from '../parallel/endpoint';
import { Trainer } from './trainer';
import { median } from '../../math/stats';

export interface StepTiming {
  /** The median step. */
  readonly stepMs: number;
  /** The mean step (under stochastic depth each step drops different blocks). */
  readonly meanMs: number;
  readonly imagesPerSecond: number;
  /** Steps timed after the warm-up (0: only the warm-up, which was too slow to repeat). */
  readonly timedSteps: number;
}

export async function timeTrainingSteps(
  netConfig: NetConfigInput,
  batch: number,
  steps: number,
  slowMs = Infinity,
  /** Data-parallel: K shards a step, shards 1 … K − 1 on these replicas. */
  parallel: { readonly shards: number; readonly replicas: readonly ReplicaEndpoint[] } = {
    shards: 1,
    replicas: [],
  },
  /** Untimed steps first (kernels built, WASM code tiered up, replicas started). */
  warmUp = 1,
): Promise<StepTiming> {
  const net = buildNet(netConfig);
  const size = net.config.inputSize;
  const random = seededRandom(9);
  const x = tf.tidy(() =>
    tf.randomNormal([batch, size, size, 3], 0, 1, 'float32', 3),
  ) as tf.Tensor4D;
  const y = tf.tensor1d(
    Array.from({ length: batch }, () => Math.floor(random() * net.config.classes)),
    'int32',
  );
  const trainer = new Trainer(
    net,
    { batchSize: batch, totalSteps: 1000, shards: parallel.shards },
    parallel.replicas,
  );
  const times: number[] = [];
  try {
    for (let s = 0; s < warmUp + steps; s++) {
      const t0 = performance.now();
      await trainer.trainStep(x, y);
      const ms = performance.now() - t0;
      if (s >= warmUp) times.push(ms);
      else if (s === 0 && ms > slowMs)
        return { stepMs: ms, meanMs: ms, imagesPerSecond: (batch * 1000) / ms, timedSteps: 0 };
    }
  } finally {
    trainer.dispose();
    net.dispose();
    tf.dispose([x, y]);
  }
  const stepMs = median(times);
  const meanMs = times.reduce((a, t) => a + t, 0) / times.length;
  return { stepMs, meanMs, imagesPerSecond: (batch * 1000) / stepMs, timedSteps: times.length };
}
