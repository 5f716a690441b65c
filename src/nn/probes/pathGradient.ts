/**
 * Gradient per path length (Veit et al. 2016, §5): for k = 1..n, choose k blocks; in the
 * backward pass let the gradient through only the residual branch of those and only the
 * shortcut of the others; record the norm of the gradient at the input. With all C(n, k)
 * subsets affordable they are enumerated, otherwise `samplesPerK` are drawn at random.
 */
import * as tf from '@tensorflow/tfjs-core';
import { meanAndStd, randomSubset, subsets } from '../../math/stats';
import { logBinomialRow } from '../../math/logspace';
import type { BlockHook } from '../context';
import type { Net } from '../network';
import { crossEntropy } from '../train/trainer';

export interface PathGradientRow {
  readonly k: number;
  readonly mean: number;
  readonly std: number;
  readonly samples: number;
}

export interface ProbeControl {
  readonly onProgress?: (done: number, total: number) => void;
  readonly signal?: AbortSignal;
}

/** The estimator, over any net given as "gradient norm at the input for these hooks". */
export async function pathGradientByLength(
  nBlocks: number,
  gradNorm: (hooks: ReadonlyMap<number, BlockHook>) => Promise<number>,
  options: { samplesPerK: number; random: () => number } & ProbeControl,
): Promise<PathGradientRow[]> {
  const logC = logBinomialRow(nBlocks);
  const rows: PathGradientRow[] = [];
  for (let k = 1; k <= nBlocks; k++) {
    options.signal?.throwIfAborted();
    const exhaustive = logC[k]! <= Math.log(options.samplesPerK);
    const chosen = exhaustive
      ? [...subsets(nBlocks, k)]
      : Array.from({ length: options.samplesPerK }, () => randomSubset(nBlocks, k, options.random));
    const norms: number[] = [];
    for (const set of chosen) {
      options.signal?.throwIfAborted();
      const inSet = new Set(set);
      const hooks = new Map<number, BlockHook>();
      for (let i = 0; i < nBlocks; i++)
        hooks.set(i, { gradThrough: inSet.has(i) ? 'residual' : 'shortcut' });
      norms.push(await gradNorm(hooks));
    }
    rows.push({ k, ...meanAndStd(norms), samples: norms.length });
    options.onProgress?.(k, nBlocks);
  }
  return rows;
}

/** ‖∂L/∂x‖ of a net's mean cross-entropy on a batch, at inference, with the given hooks. */
export function netGradNorm(net: Net, x: tf.Tensor4D, labels: tf.Tensor1D) {
  return async (hooks: ReadonlyMap<number, BlockHook>): Promise<number> => {
    const norm = tf.tidy(() => {
      const g = tf.grad((input: tf.Tensor) =>
        crossEntropy(
          net.forward(input as tf.Tensor4D, { mode: 'eval', random: () => 0, hooks }),
          labels,
          net.config.classes,
        ),
      )(x);
      return tf.norm(g);
    });
    const [v] = (await norm.data()) as Float32Array;
    norm.dispose();
    return v!;
  };
}

/**
 * Gradient flow: the norm of ∂L/∂(input of block i) for every block, in one backward pass
 * (zeros added to each block's input are the handles the gradient is taken against).
 */
export async function gradientFlow(
  net: Net,
  x: tf.Tensor4D,
  labels: tf.Tensor1D,
  /** 'train': batch norm with the batch's statistics (an untrained net's running ones are 0, 1). */
  mode: 'eval' | 'train' = 'eval',
): Promise<number[]> {
  const norms = tf.tidy(() => {
    const n = x.shape[0];
    let size = net.config.inputSize;
    const offsets = net.blocks.map((b) => {
      const z = tf.zeros([n, size, size, b.inCh]) as tf.Tensor4D;
      size = Math.ceil(size / b.stride);
      return z;
    });
    const grads = tf.grads((...offs: tf.Tensor[]) =>
      crossEntropy(
        net.forward(x, { mode, random: () => 0, blockInputOffsets: offs as tf.Tensor4D[] }),
        labels,
        net.config.classes,
      ),
    )(offsets);
    return tf.stack(grads.map((g) => tf.norm(g)));
  });
  const values = Array.from((await norms.data()) as Float32Array);
  norms.dispose();
  return values;
}
