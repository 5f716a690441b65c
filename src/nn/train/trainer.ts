/**
 * One training run's loop body: augmentation, forward in train mode, softmax cross-entropy,
 * gradients, SGD, batch-norm running statistics. Reads one small tensor a step, asynchronously
 * (loss and squared gradient norm together); a non-finite value stops the step before any
 * update, so a diverging run is reported, never trained through.
 *
 * A step's randomness (crops, flips, stochastic-depth gates) is drawn from a source seeded by
 * (seed, step), so a run resumed at any step sees what an unbroken one would.
 *
 * With `shards` K > 1 a step is data-parallel (src/nn/parallel/shard.ts says exactly what it
 * computes): shard 0 here, the others on the replicas given (other threads), or here in turn
 * when none are given, which is the reference the threaded replicas are tested against.
 */
import * as tf from '@tensorflow/tfjs-core';
import { seededRandom, type BnUpdate } from '../context';
import { applyBnUpdates } from '../layers';
import type { Net } from '../network';
import { trainablesOf, type ReplicaEndpoint } from '../parallel/endpoint';
import {
  AUGMENT_PAD,
  combineShards,
  computeShard,
  drawsPerStep,
  replay,
  shardCounts,
  type RunningStats,
  type ShardOutcome,
  type ShardTask,
} from '../parallel/shard';
import { augmentBoxes, cropBoxes } from './augment';
import { crossEntropy } from './loss';
import { DEFAULT_SGD, Sgd, type SgdConfig } from './optimizer';
import { learningRate, type Schedule } from './schedule';

export { crossEntropy } from './loss';

export interface TrainConfig {
  readonly batchSize: number;
  readonly totalSteps: number;
  readonly schedule: Schedule;
  readonly sgd: SgdConfig;
  readonly augment: boolean;
  readonly seed: number;
  /** Data-parallel shards a step (1: the whole batch at once). */
  readonly shards: number;
}

export const DEFAULT_TRAIN: TrainConfig = {
  batchSize: 32,
  totalSteps: 1000,
  schedule: { kind: 'step', base: 0.1, warmupSteps: 0 },
  sgd: DEFAULT_SGD,
  augment: true,
  seed: 1,
  shards: 1,
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

/** The seed of a step's random source (a hash of run seed and step). */
export function stepSeed(seed: number, step: number): number {
  return (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(step + 1, 0xc2b2ae35)) >>> 0;
}

interface StepDraws {
  readonly boxes: Float32Array | null;
  readonly draws: Float64Array;
}

export class Trainer {
  readonly optimizer: Sgd;
  readonly config: TrainConfig;
  step = 0;
  private readonly trainables: tf.Variable[];
  private started: Promise<void> | null = null;

  constructor(
    readonly net: Net,
    config: Partial<TrainConfig> = {},
    /** Replicas for shards 1 … K − 1 (none: all shards are computed here, in turn). */
    private readonly replicas: readonly ReplicaEndpoint[] = [],
  ) {
    this.config = { ...DEFAULT_TRAIN, ...config };
    if (!Number.isInteger(this.config.shards) || this.config.shards < 1) {
      throw new RangeError(`shards must be a positive integer, got ${this.config.shards}`);
    }
    this.trainables = trainablesOf(net);
    this.optimizer = new Sgd(this.config.sgd, this.trainables);
  }

  /** The step's crops and flips (for a batch of n) and forward draws, from (seed, step). */
  private drawStep(n: number): StepDraws {
    const random = seededRandom(stepSeed(this.config.seed, this.step));
    const side = this.net.config.inputSize;
    const boxes = this.config.augment ? augmentBoxes(n, side, side, random, AUGMENT_PAD) : null;
    const draws = Float64Array.from({ length: drawsPerStep(this.net) }, random);
    return { boxes, draws };
  }

  async trainStep(x: tf.Tensor4D, labels: tf.Tensor1D): Promise<StepResult> {
    const lr = learningRate(this.config.schedule, this.step, this.config.totalSteps);
    const n = x.shape[0];
    const draws = this.drawStep(n);
    const loss =
      this.config.shards === 1 || n < 2
        ? await this.wholeStep(x, labels, draws, lr)
        : await this.shardedStep(x, labels, draws, lr);
    return { step: this.step++, loss, lr };
  }

  private async wholeStep(
    x: tf.Tensor4D,
    labels: tf.Tensor1D,
    d: StepDraws,
    lr: number,
  ): Promise<number> {
    const bnUpdates: BnUpdate[] = [];
    const ctx = { mode: 'train' as const, random: replay(d.draws), bnUpdates };
    const classes = this.net.config.classes;
    const { value, grads } = tf.tidy(() => {
      const input = d.boxes ? cropBoxes(x, d.boxes, AUGMENT_PAD) : x;
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
      this.checkFinite(loss!, gradSq!);
      this.optimizer.apply(grads, lr);
      applyBnUpdates(bnUpdates);
    } finally {
      for (const u of bnUpdates) tf.dispose([u.batchMean, u.batchVariance]);
      tf.dispose([value, ...Object.values(grads)]);
    }
    return loss!;
  }

  private checkFinite(loss: number, gradSq: number): void {
    if (!Number.isFinite(loss)) throw new DivergenceError(this.step, 'loss', loss);
    if (!Number.isFinite(gradSq)) throw new DivergenceError(this.step, 'gradient', gradSq);
  }

  private startReplicas(): Promise<void> {
    this.started ??= Promise.all(this.replicas.map((r) => r.start(this.net.config))).then(
      () => undefined,
    );
    return this.started;
  }

  private async shardedStep(
    x: tf.Tensor4D,
    labels: tf.Tensor1D,
    d: StepDraws,
    lr: number,
  ): Promise<number> {
    if (this.replicas.length > 0) await this.startReplicas();
    const [images, ys] = await Promise.all([x.data(), labels.data()]);
    const counts = shardCounts(x.shape[0], this.config.shards);
    const per = images.length / x.shape[0];
    const tasks: ShardTask[] = [];
    let at = 0;
    for (const count of counts) {
      tasks.push({
        images: (images as Float32Array).slice(at * per, (at + count) * per),
        labels: Int32Array.from((ys as Int32Array).subarray(at, at + count)),
        count,
        boxes: d.boxes ? d.boxes.slice(at * 4, (at + count) * 4) : null,
        draws: d.draws.slice(), // each its own: a task's arrays are transferred
      });
      at += count;
    }
    // The replicas start on their shards first; shard 0, and any shard without a replica, here.
    const remoteTasks = tasks.slice(1, 1 + this.replicas.length);
    const weights = remoteTasks.length > 0 ? await this.packWeights() : null;
    const pending = remoteTasks.map((t, k) => this.replicas[k]!.compute(weights!, t));
    const running: RunningStats = [];
    const outcomes: ShardOutcome[] = [
      await computeShard(this.net, this.trainables, tasks[0]!, running),
    ];
    for (const t of tasks.slice(1 + remoteTasks.length)) {
      outcomes.push(await computeShard(this.net, this.trainables, t));
    }
    // Combined in shard order, whichever finished first.
    outcomes.splice(1, 0, ...(await Promise.all(pending)));
    const combined = combineShards(
      outcomes,
      counts,
      running.map((u) => u.mean.size),
    );
    this.checkFinite(combined.loss, combined.gradSq);
    const grads: tf.NamedTensorMap = {};
    let offset = 0;
    this.trainables.forEach((v, i) => {
      if (combined.present[i]) {
        grads[v.name] = tf.tensor(combined.grads.subarray(offset, offset + v.size), v.shape);
      }
      offset += v.size;
    });
    try {
      this.optimizer.apply(grads, lr);
    } finally {
      tf.dispose(Object.values(grads));
    }
    let s = 0;
    const pooled = running.map((u) => {
      const C = u.mean.size;
      const update: BnUpdate = {
        mean: u.mean,
        variance: u.variance,
        batchMean: tf.tensor1d(combined.bnStats.slice(s, s + C)),
        batchVariance: tf.tensor1d(combined.bnStats.slice(s + C, s + 2 * C)),
      };
      s += 2 * C;
      return update;
    });
    applyBnUpdates(pooled);
    return combined.loss;
  }

  /** The trainable weights as one array (one read). */
  private async packWeights(): Promise<Float32Array> {
    const flat = tf.tidy(() => tf.concat(this.trainables.map((v) => tf.reshape(v, [-1]))));
    const data = (await flat.data()) as Float32Array;
    flat.dispose();
    return data;
  }

  dispose(): void {
    this.optimizer.dispose();
    // Free the replicas' nets; one whose thread is gone has nothing left to free.
    if (this.started) for (const r of this.replicas) r.stop().catch(() => undefined);
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
