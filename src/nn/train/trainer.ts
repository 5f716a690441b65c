/**
 * One training run's loop body: augmentation, forward in train mode, softmax cross-entropy,
 * gradients, SGD, batch-norm running statistics. Reads one small tensor a step, asynchronously
 * (loss and squared gradient norm together); a non-finite value stops the step before any
 * update, so a diverging run is reported, never trained through.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom, type BnUpdate } from '../context';
import { applyBnUpdates } from '../layers';
import type { Net } from '../network';
import { augmentBatch } from './augment';
import { DEFAULT_SGD, Sgd, type SgdConfig } from './optimizer';
import { learningRate, type Schedule } from './schedule';

export interface TrainConfig {
  readonly batchSize: number;
  readonly totalSteps: number;
  readonly schedule: Schedule;
  readonly sgd: SgdConfig;
  readonly augment: boolean;
  readonly seed: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  batchSize: 32,
  totalSteps: 1000,
  schedule: { kind: 'step', base: 0.1, warmupSteps: 0 },
  sgd: DEFAULT_SGD,
  augment: true,
  seed: 1,
};

export class DivergenceError extends Error {
  constructor(
    readonly step: number,
    readonly what: 'loss' | 'gradient',
    readonly value: number,
  ) {
    super(`training diverged at step ${step}: the ${what} is ${value}`);
    this.name = 'DivergenceError';
  }
}

export interface StepResult {
  readonly step: number;
  readonly loss: number;
  readonly lr: number;
}

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
}

export class Trainer {
  readonly optimizer: Sgd;
  readonly config: TrainConfig;
  step = 0;
  private readonly random: () => number;
  private readonly trainables: tf.Variable[];

  constructor(
    readonly net: Net,
    config: Partial<TrainConfig> = {},
  ) {
    this.config = { ...DEFAULT_TRAIN, ...config };
    this.random = seededRandom(this.config.seed);
    this.trainables = net.params.all.filter((p) => p.trainable).map((p) => p.variable);
    this.optimizer = new Sgd(this.config.sgd, this.trainables);
  }

  async trainStep(x: tf.Tensor4D, labels: tf.Tensor1D): Promise<StepResult> {
    const lr = learningRate(this.config.schedule, this.step, this.config.totalSteps);
    const bnUpdates: BnUpdate[] = [];
    const ctx = { mode: 'train' as const, random: this.random, bnUpdates };
    const classes = this.net.config.classes;
    const { value, grads } = tf.tidy(() => {
      const input = this.config.augment ? augmentBatch(x, this.random) : x;
      return tf.variableGrads(
        () => crossEntropy(this.net.forward(input, ctx), labels, classes),
        this.trainables,
      );
    });
    const check = tf.tidy(() =>
      tf.stack([value, tf.addN(Object.values(grads).map((g) => tf.sum(tf.square(g))))]),
    );
    const [loss, gradSq] = (await check.data()) as Float32Array;
    check.dispose();
    try {
      if (!Number.isFinite(loss!)) throw new DivergenceError(this.step, 'loss', loss!);
      if (!Number.isFinite(gradSq!)) throw new DivergenceError(this.step, 'gradient', gradSq!);
      this.optimizer.apply(grads, lr);
      applyBnUpdates(bnUpdates);
    } finally {
      for (const u of bnUpdates) tf.dispose([u.batchMean, u.batchVariance]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    return { step: this.step++, loss: loss!, lr };
  }

  dispose(): void {
    this.optimizer.dispose();
  }
}

/** Loss and accuracy at inference, batch by batch; one read at the end. */
export async function evaluate(
  net: Net,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  batchSize = 256,
  hooks?: Parameters<Net['forward']>[1]['hooks'],
  blockOrder?: readonly number[],
): Promise<{ loss: number; accuracy: number }> {
  const n = x.shape[0];
  let lossSum: tf.Scalar = tf.scalar(0);
  let correct: tf.Scalar = tf.scalar(0);
  for (let start = 0; start < n; start += batchSize) {
    const size = Math.min(batchSize, n - start);
    const [l, c] = tf.tidy(() => {
      const xb = tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]);
      const yb = tf.slice(labels, [start], [size]);
      const logits = net.forward(xb, {
        mode: 'eval',
        random: () => 0,
        ...(hooks ? { hooks } : {}),
        ...(blockOrder ? { blockOrder } : {}),
      });
      const loss = tf.mul(crossEntropy(logits, yb, net.config.classes), size);
      const hits = tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), yb), 'float32'));
      return [tf.add(lossSum, loss) as tf.Scalar, tf.add(correct, hits) as tf.Scalar];
    });
    tf.dispose([lossSum, correct]);
    lossSum = l;
    correct = c;
  }
  const both = tf.stack([lossSum, correct]);
  const [loss, hits] = (await both.data()) as Float32Array;
  tf.dispose([both, lossSum, correct]);
  return { loss: loss! / n, accuracy: hits! / n };
}
