/**
 * The lesion sweeps of Veit et al. (2016) over a trained net at inference: delete each block in
 * turn (Fig. 3); delete k random blocks, k = 1..n, several draws each (Fig. 5a); swap k random
 * pairs of blocks within a stage and plot error against Kendall τ (Fig. 5b). Each reports
 * progress and stops when its signal aborts.
 */
import type * as tf from '@tensorflow/tfjs-core';
import { meanAndStd, randomSubset } from '../../math/stats';
import type { Net } from '../network';
import { lesionEvaluate, movableBlocks, randomSwaps } from './lesion';
import type { ProbeControl } from './pathGradient';

export interface TestSet {
  readonly x: tf.Tensor4D;
  readonly labels: tf.Tensor1D;
  /** When given, every lesion re-estimates batch norm on these images (lesion.ts). */
  readonly bnImages?: tf.Tensor4D;
}

const bnOf = (test: TestSet) => (test.bnImages ? { bnImages: test.bnImages } : {});

export interface KRow {
  readonly k: number;
  readonly mean: number;
  readonly std: number;
  readonly draws: number;
}

export interface ReorderPoint {
  readonly swaps: number;
  readonly tau: number;
  readonly error: number;
}

/** Test error with each block deleted alone, in block order. */
export async function singleDeletion(
  net: Net,
  test: TestSet,
  control: ProbeControl = {},
): Promise<number[]> {
  const errors: number[] = [];
  const n = net.blocks.length;
  for (let i = 0; i < n; i++) {
    control.signal?.throwIfAborted();
    errors.push(
      (await lesionEvaluate(net, test.x, test.labels, { deleted: [i], ...bnOf(test) })).error,
    );
    control.onProgress?.(i + 1, n);
  }
  return errors;
}

/**
 * Delete k random blocks among those that keep the shape (a downsampling block's deletion is
 * a different lesion, shown in the single-deletion sweep), `draws` times for each k, for
 * k = 1 up to `maxK` (default: all of them).
 */
export async function kDeletion(
  net: Net,
  test: TestSet,
  options: { draws: number; random: () => number; maxK?: number } & ProbeControl,
): Promise<KRow[]> {
  const pool = movableBlocks(net);
  const rows: KRow[] = [];
  const last = Math.min(pool.length, options.maxK ?? pool.length);
  const total = last * options.draws;
  let done = 0;
  for (let k = 1; k <= last; k++) {
    const draws = k === pool.length ? 1 : options.draws;
    const errors: number[] = [];
    for (let d = 0; d < draws; d++) {
      options.signal?.throwIfAborted();
      const chosen = randomSubset(pool.length, k, options.random).map((i) => pool[i]!);
      errors.push(
        (await lesionEvaluate(net, test.x, test.labels, { deleted: chosen, ...bnOf(test) })).error,
      );
      options.onProgress?.(++done, total);
    }
    done += options.draws - draws;
    rows.push({ k, ...meanAndStd(errors), draws });
  }
  return rows;
}

/** For swaps = 1..maxSwaps, `draws` random orders each: error against Kendall τ. */
export async function reorderSweep(
  net: Net,
  test: TestSet,
  options: { maxSwaps: number; draws: number; random: () => number } & ProbeControl,
): Promise<ReorderPoint[]> {
  const points: ReorderPoint[] = [];
  const total = options.maxSwaps * options.draws;
  for (let swaps = 1; swaps <= options.maxSwaps; swaps++) {
    for (let d = 0; d < options.draws; d++) {
      options.signal?.throwIfAborted();
      const order = randomSwaps(net, swaps, options.random);
      const r = await lesionEvaluate(net, test.x, test.labels, { order, ...bnOf(test) });
      points.push({ swaps, tau: r.kendallTau, error: r.error });
      options.onProgress?.(points.length, total);
    }
  }
  return points;
}
