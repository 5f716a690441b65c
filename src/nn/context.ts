/**
 * What a forward pass needs besides its input: the mode, a seeded random source for the
 * stochastic-depth gates, per-block probe hooks, and a place to collect batch-norm
 * running-statistic updates (applied after the step, so the forward pass stays pure).
 */
import type * as tf from '@tensorflow/tfjs-core';

export type Mode = 'train' | 'eval';

/**
 * How a probe treats one block. `deleted`: at inference the block is its shortcut alone.
 * `gradThrough`: in the backward pass, pass gradient only through the residual branch or
 * only through the shortcut (the forward value is unchanged), as in Veit et al.'s
 * gradient-per-path-length measurement.
 */
export interface BlockHook {
  readonly deleted?: boolean;
  readonly gradThrough?: 'residual' | 'shortcut';
}

export interface BnUpdate {
  readonly mean: tf.Variable;
  readonly variance: tf.Variable;
  readonly batchMean: tf.Tensor;
  readonly batchVariance: tf.Tensor;
}

export interface ForwardContext {
  readonly mode: Mode;
  /** Uniform [0, 1) numbers for the stochastic-depth gates (seeded by the caller). */
  readonly random: () => number;
  readonly hooks?: ReadonlyMap<number, BlockHook>;
  /** Run the blocks in this order (a permutation within stages; see probes/lesion). */
  readonly blockOrder?: readonly number[];
  /** Added to the input of block i (zeros): the gradient w.r.t. them is the gradient flow. */
  readonly blockInputOffsets?: readonly tf.Tensor4D[];
  /** Filled in train mode (and with `batchStatistics`); the caller applies or disposes them. */
  readonly bnUpdates?: BnUpdate[];
  /**
   * At inference, normalise each batch with its own statistics instead of the running ones
   * (and report them in `bnUpdates`): the pass that re-estimates batch norm after a lesion.
   * The blocks still behave as at inference (no stochastic-depth gates, deletions honoured).
   */
  readonly batchStatistics?: boolean;
  /** Filled by blocks that record something observable (highway gates, SD gates). */
  readonly observe?: (blockIndex: number, key: string, value: number | tf.Tensor) => void;
}

export { seededRandom } from '../math/random';
