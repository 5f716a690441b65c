/**
 * One shard of a data-parallel training step, and how the shards' results are combined. The
 * same function runs in the coordinating thread and in every replica, so K replicas and one
 * thread that computes the K shards in turn give the same numbers.
 *
 * What a step of K shards is (documented in the README, "Training on every core"):
 * - the batch is cut into K contiguous shards (sizes differ by at most one);
 * - each shard is augmented with its part of the batch's crops and flips, and goes through the
 *   net with the step's stochastic-depth draws (the same for every shard);
 * - batch norm normalises each shard by its own statistics (per-replica batch statistics,
 *   "ghost batch norm"); the running statistics are updated once, with the pooled mean and
 *   variance of the whole batch (law of total variance), as one worker would;
 * - the gradient is the shard-size-weighted mean of the shards' gradients: the gradient of the
 *   batch's mean loss under per-shard normalisation.
 * No DOM; plain arrays in and out.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BnUpdate, ForwardContext } from '../context';
import type { Net } from '../network';
import { cropBoxes } from '../train/augment';
import { crossEntropy } from '../train/loss';

export interface ShardTask {
  /** Normalised NHWC images of the shard, un-augmented. */
  readonly images: Float32Array;
  readonly labels: Int32Array;
  readonly count: number;
  /** Crop boxes (4 per image) on the padded images, or null without augmentation. */
  readonly boxes: Float32Array | null;
  /** The step's uniform draws for the forward pass (stochastic-depth gates), replayed in order. */
  readonly draws: Float64Array;
}

export interface ShardOutcome {
  /** Mean loss over the shard. */
  readonly loss: number;
  /** ∂(mean shard loss)/∂θ, the trainables in order, flattened. */
  readonly grads: Float32Array;
  /** 1 where a trainable got a gradient this step (a dropped block's get none). */
  readonly present: Uint8Array;
  /** Each batch norm's batch mean, then its batch variance, in forward order. */
  readonly bnStats: Float32Array;
}

export const AUGMENT_PAD = 4;

/** A source that replays the step's draws; running out is a bug, said clearly. */
export function replay(draws: Float64Array): () => number {
  let i = 0;
  return () => {
    if (i >= draws.length) throw new Error(`a forward pass needed more than ${draws.length} draws`);
    return draws[i++]!;
  };
}

/** How many forward draws a step provides: stochastic depth draws one per block. */
export function drawsPerStep(net: Net): number {
  return 2 * net.blocks.length + 8;
}

/** Trainables flattened into one array (offsets in order). */
export function flatSize(vars: readonly tf.Variable[]): number {
  return vars.reduce((s, v) => s + v.size, 0);
}

/** The running statistics a shard's batch norms update, in forward order. */
export type RunningStats = Pick<BnUpdate, 'mean' | 'variance'>[];

/**
 * A shard's loss, gradients and batch statistics (one read back). `running`, when given, gets
 * the running-statistic variables of the batch norms the forward pass went through, in order.
 */
export async function computeShard(
  net: Net,
  trainables: readonly tf.Variable[],
  task: ShardTask,
  running?: RunningStats,
): Promise<ShardOutcome> {
  const size = net.config.inputSize;
  const channels = net.config.inputChannels;
  const bnUpdates: BnUpdate[] = [];
  const ctx: ForwardContext = { mode: 'train', random: replay(task.draws), bnUpdates };
  const present = new Uint8Array(trainables.length);
  const flat = tf.tidy(() => {
    const x = tf.tensor4d(task.images, [task.count, size, size, channels]);
    const y = tf.tensor1d(task.labels, 'int32');
    const input = task.boxes ? cropBoxes(x, task.boxes, AUGMENT_PAD) : x;
    const { value, grads } = tf.variableGrads(
      () => crossEntropy(net.forward(input, ctx), y, net.config.classes),
      trainables as tf.Variable[],
    );
    const parts: tf.Tensor[] = [tf.reshape(value, [1])];
    trainables.forEach((v, i) => {
      const g = grads[v.name];
      present[i] = g ? 1 : 0;
      parts.push(g ? tf.reshape(g, [-1]) : tf.zeros([v.size]));
    });
    for (const u of bnUpdates) parts.push(u.batchMean, u.batchVariance);
    return tf.concat(parts);
  });
  for (const u of bnUpdates) {
    tf.dispose([u.batchMean, u.batchVariance]);
    running?.push({ mean: u.mean, variance: u.variance });
  }
  const all = (await flat.data()) as Float32Array;
  flat.dispose();
  const n = flatSize(trainables);
  return {
    loss: all[0]!,
    grads: all.slice(1, 1 + n),
    present,
    bnStats: all.slice(1 + n),
  };
}

export interface Combined {
  readonly loss: number;
  readonly grads: Float32Array;
  readonly present: Uint8Array;
  /** Pooled batch mean and variance of each batch norm, in forward order. */
  readonly bnStats: Float32Array;
  readonly gradSq: number;
}

/**
 * Weighted by shard size: loss and gradient are means; the batch-norm statistics are pooled
 * (mean of means; mean of variances plus the variance of the means), per channel.
 * `bnChannels` gives the channel count of each batch norm in order.
 */
export function combineShards(
  outcomes: readonly ShardOutcome[],
  counts: readonly number[],
  bnChannels: readonly number[],
): Combined {
  const total = counts.reduce((s, c) => s + c, 0);
  const w = counts.map((c) => c / total);
  const first = outcomes[0]!;
  const grads = new Float32Array(first.grads.length);
  let loss = 0;
  outcomes.forEach((o, k) => {
    loss += w[k]! * o.loss;
    const g = o.grads;
    const wk = w[k]!;
    for (let i = 0; i < g.length; i++) grads[i]! += wk * g[i]!;
  });
  let gradSq = 0;
  for (let i = 0; i < grads.length; i++) gradSq += grads[i]! * grads[i]!;
  const bnStats = new Float32Array(first.bnStats.length);
  let at = 0;
  for (const C of bnChannels) {
    for (let c = 0; c < C; c++) {
      let mean = 0;
      for (let k = 0; k < outcomes.length; k++) mean += w[k]! * outcomes[k]!.bnStats[at + c]!;
      let variance = 0;
      for (let k = 0; k < outcomes.length; k++) {
        const s = outcomes[k]!.bnStats;
        variance += w[k]! * (s[at + C + c]! + (s[at + c]! - mean) ** 2);
      }
      bnStats[at + c] = mean;
      bnStats[at + C + c] = variance;
    }
    at += 2 * C;
  }
  return { loss, grads, present: first.present, bnStats, gradSq };
}

/** Sizes of K contiguous shards of a batch of n (the first n mod K one larger). */
export function shardCounts(n: number, k: number): number[] {
  const parts = Math.min(k, n);
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}
