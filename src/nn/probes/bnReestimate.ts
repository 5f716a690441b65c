/**
 * Batch-norm statistics re-estimated for a lesion. Veit et al. (2016) evaluate a lesioned net
 * with the running statistics it was trained with; but deleting a block shifts the
 * distribution every later batch-norm layer sees, so part of the damage is stale statistics
 * rather than lost paths. Re-estimating them (the mean and variance of each layer's input over
 * some training images, with the lesion in place, as PyTorch's `reset_running_stats` + a
 * forward pass in training mode does) separates the two.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlockHook, BnUpdate } from '../context';
import type { Net } from '../network';

/** Images a re-estimation averages over, per batch. */
const BATCH = 250;

export interface LayerStatistics {
  /** The layer's running-statistic variables. */
  readonly meanVar: tf.Variable;
  readonly varianceVar: tf.Variable;
  /** What they become (owned by the caller). */
  readonly mean: tf.Tensor;
  readonly variance: tf.Tensor;
}

interface Sums {
  readonly mean: tf.Variable;
  readonly variance: tf.Variable;
  /** Σ batch·mean and Σ batch·(variance + mean²) over the batches. */
  first: tf.Tensor;
  second: tf.Tensor;
}

/**
 * The statistics each batch-norm layer sees on `x` under the lesion: the exact mean and
 * (biased) variance of its input over all of `x`, with the layers before it normalising each
 * batch by its own statistics (training-mode normalisation, inference-mode blocks).
 */
export function lesionStatistics(
  net: Net,
  x: tf.Tensor4D,
  lesion: { hooks?: ReadonlyMap<number, BlockHook>; order?: readonly number[] },
): LayerStatistics[] {
  const n = x.shape[0];
  const sums = new Map<tf.Variable, Sums>();
  for (let start = 0; start < n; start += BATCH) {
    const size = Math.min(BATCH, n - start);
    const updates: BnUpdate[] = [];
    tf.tidy(() => {
      net.forward(tf.slice(x, [start, 0, 0, 0], [size, -1, -1, -1]), {
        mode: 'eval',
        batchStatistics: true,
        random: () => 0,
        bnUpdates: updates,
        ...(lesion.hooks ? { hooks: lesion.hooks } : {}),
        ...(lesion.order ? { blockOrder: lesion.order } : {}),
      });
    });
    for (const u of updates) {
      const [first, second] = tf.tidy(() => [
        tf.mul(u.batchMean, size),
        tf.mul(tf.add(u.batchVariance, tf.square(u.batchMean)), size),
      ]);
      const s = sums.get(u.mean);
      if (s) {
        const [f, q] = [tf.add(s.first, first!), tf.add(s.second, second!)];
        tf.dispose([s.first, s.second, first!, second!]);
        s.first = f;
        s.second = q;
      } else {
        sums.set(u.mean, { mean: u.mean, variance: u.variance, first: first!, second: second! });
      }
      tf.dispose([u.batchMean, u.batchVariance]);
    }
  }
  return [...sums.values()].map((s) => {
    const [mean, variance] = tf.tidy(() => {
      const m = tf.div(s.first, n);
      return [m, tf.relu(tf.sub(tf.div(s.second, n), tf.square(m)))];
    });
    tf.dispose([s.first, s.second]);
    return { meanVar: s.mean, varianceVar: s.variance, mean: mean!, variance: variance! };
  });
}

/**
 * Run `work` with the running statistics of the layers the lesion reaches replaced by those
 * re-estimated on `x`, then put the trained ones back (also when `work` throws). Layers the
 * lesion skips (inside deleted blocks) keep theirs; they are not used.
 */
export async function withReestimatedBn<T>(
  net: Net,
  x: tf.Tensor4D,
  lesion: { hooks?: ReadonlyMap<number, BlockHook>; order?: readonly number[] },
  work: () => Promise<T>,
): Promise<T> {
  const saved: { v: tf.Variable; before: tf.Tensor }[] = [];
  for (const s of lesionStatistics(net, x, lesion)) {
    for (const [v, value] of [
      [s.meanVar, s.mean],
      [s.varianceVar, s.variance],
    ] as const) {
      saved.push({ v, before: tf.clone(v) });
      v.assign(value);
      value.dispose();
    }
  }
  try {
    return await work();
  } finally {
    for (const { v, before } of saved) {
      v.assign(before);
      before.dispose();
    }
  }
}
