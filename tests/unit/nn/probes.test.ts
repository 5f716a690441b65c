import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { kendallTau, median, randomSubset, subsets } from '../../../src/math/stats';
import { residualSum } from '../../../src/nn/blocks/common';
import type { BlockHook } from '../../../src/nn/context';
import { seededRandom } from '../../../src/nn/context';
import { buildNet } from '../../../src/nn/network';
import {
  lesionEvaluate,
  movableBlocks,
  randomSwaps,
  validateOrder,
} from '../../../src/nn/probes/lesion';
import {
  gradientFlow,
  netGradNorm,
  pathGradientByLength,
} from '../../../src/nn/probes/pathGradient';
import { kDeletion } from '../../../src/nn/probes/sweeps';
import { mulberry32 } from '../../reference/rng';
import { toyImages } from '../../reference/toyImages';
import { useCpu } from './helpers';

beforeAll(useCpu);

describe('Kendall τ and subsets', () => {
  it('τ counts concordant minus discordant pairs (checked against inversions)', () => {
    const rand = mulberry32(1);
    for (let t = 0; t < 50; t++) {
      const n = 2 + Math.floor(rand() * 10);
      const perm = randomSubset(n, n, rand).sort(() => rand() - 0.5);
      let inversions = 0;
      for (let i = 0; i < n; i++)
        for (let j = i + 1; j < n; j++) if (perm[i]! > perm[j]!) inversions++;
      expect(kendallTau(perm)).toBeCloseTo(1 - (4 * inversions) / (n * (n - 1)), 12);
    }
    expect(kendallTau([0, 1, 2, 3])).toBe(1);
    expect(kendallTau([3, 2, 1, 0])).toBe(-1);
  });

  it('median: the middle value, or the mean of the middle two', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
    const rand = mulberry32(3);
    const xs = Array.from({ length: 101 }, () => rand());
    const m = median(xs);
    expect(xs.filter((x) => x < m)).toHaveLength(50);
  });

  it('enumerates all C(n, k) subsets once', () => {
    const all = [...subsets(6, 3)].map((s) => s.join());
    expect(all).toHaveLength(20);
    expect(new Set(all).size).toBe(20);
  });
});

describe('lesion at inference', () => {
  const data = () => {
    const { x, y } = toyImages(32, 8, 9);
    return { x: tf.tensor4d(x, [32, 8, 8, 3]), y: tf.tensor1d(y, 'int32') };
  };

  it('deleting a block equals zeroing its residual branch', async () => {
    const net = buildNet({
      family: 'postact',
      n: 2,
      width: 0.25,
      inputSize: 8,
      classes: 4,
      seed: 2,
    });
    const d = data();
    const target = 1; // a non-downsampling block of stage 1
    const lesioned = await lesionEvaluate(net, d.x, d.y, { deleted: [target] });
    // Zero the last BN of that block: its branch BN(W2 …) is then exactly 0.
    for (const p of net.params.all) {
      if (p.name.startsWith('s1b2/conv2_bn/gamma') || p.name.startsWith('s1b2/conv2_bn/beta')) {
        p.variable.assign(tf.zerosLike(p.variable));
      }
    }
    const zeroed = await lesionEvaluate(net, d.x, d.y, {});
    expect(lesioned.loss).toBeCloseTo(zeroed.loss, 5);
    expect(lesioned.accuracy).toBe(zeroed.accuracy);
    tf.dispose([d.x, d.y]);
    net.dispose();
  });

  it('the identity order changes nothing; shape-changing blocks cannot move', async () => {
    const net = buildNet({
      family: 'postact',
      n: 3,
      width: 0.25,
      inputSize: 8,
      classes: 4,
      seed: 2,
    });
    const d = data();
    const plain = await lesionEvaluate(net, d.x, d.y, {});
    const same = await lesionEvaluate(net, d.x, d.y, { order: net.blocks.map((_, i) => i) });
    expect(same.loss).toBe(plain.loss);
    expect(same.kendallTau).toBe(1);
    expect(movableBlocks(net)).toEqual([0, 1, 2, 4, 5, 7, 8]);
    expect(() => validateOrder(net, [0, 1, 2, 4, 3, 5, 6, 7, 8])).toThrow(/cannot move/);
    expect(() => validateOrder(net, [0, 1, 7, 3, 4, 5, 6, 2, 8])).toThrow(/cannot leave stage/);
    const order = randomSwaps(net, 3, seededRandom(4));
    expect(() => validateOrder(net, order)).not.toThrow();
    const swapped = await lesionEvaluate(net, d.x, d.y, { order });
    expect(swapped.kendallTau).toBeCloseTo(kendallTau(order), 12);
    tf.dispose([d.x, d.y]);
    net.dispose();
  });
});

describe('k random deletions', () => {
  it('maxK stops the sweep early without changing the draws before it', async () => {
    const net = buildNet({
      family: 'postact',
      n: 3,
      width: 0.25,
      inputSize: 8,
      classes: 4,
      seed: 5,
    });
    const { x, y } = toyImages(24, 8, 3);
    const set = { x: tf.tensor4d(x, [24, 8, 8, 3]), labels: tf.tensor1d(y, 'int32') };
    const all = await kDeletion(net, set, { draws: 2, random: seededRandom(8) });
    const some = await kDeletion(net, set, { draws: 2, random: seededRandom(8), maxK: 3 });
    expect(all.map((r) => r.k)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(some).toEqual(all.slice(0, 3));
    tf.dispose([set.x, set.labels]);
    net.dispose();
  });
});

describe('gradient per path length', () => {
  /**
   * A toy linear residual net y_l = y_{l-1} + W_l y_{l-1} on vectors. Through the blocks of a
   * set S the gradient of L = r·y_n at the input is (Π_l M_l)ᵀ r with M_l = W_l for l ∈ S and
   * I otherwise: the exact sum over the paths of length |S| that use exactly the blocks of S.
   */
  it('matches the exact per-length path sums of a toy linear residual net', async () => {
    const n = 5;
    const d = 3;
    const rand = mulberry32(6);
    const W = Array.from({ length: n }, () =>
      Array.from({ length: d * d }, () => (rand() - 0.5) * 1.2),
    );
    const r = Array.from({ length: d }, () => rand() - 0.5);
    const x = tf.tensor4d(
      Array.from({ length: d }, () => rand()),
      [1, 1, 1, d],
    );
    const Wt = W.map((w) => tf.tensor2d(w, [d, d]));
    const gradNorm = async (hooks: ReadonlyMap<number, BlockHook>) => {
      const norm = tf.tidy(() => {
        const g = tf.grad((input: tf.Tensor) => {
          let y = input as tf.Tensor4D;
          Wt.forEach((w, l) => {
            const branch = tf.reshape(tf.matMul(tf.reshape(y, [1, d]), w), [
              1,
              1,
              1,
              d,
            ]) as tf.Tensor4D;
            y = residualSum(y, branch, 1, hooks.get(l));
          });
          return tf.sum(tf.mul(y, tf.tensor4d(r, [1, 1, 1, d])));
        })(x);
        return tf.norm(g);
      });
      return (await norm.data())[0]!;
    };
    const rows = await pathGradientByLength(n, gradNorm, {
      samplesPerK: 1000,
      random: mulberry32(1),
    });

    // Exact: for row vectors y ← y (I or W_l), the input gradient is M_1 M_2 … M_n r.
    const matVec = (w: number[], v: number[]) =>
      v.map((_, i) => w.slice(i * d, i * d + d).reduce((s, wij, j) => s + wij * v[j]!, 0));
    for (const row of rows) {
      const norms = [...subsets(n, row.k)].map((set) => {
        let g = [...r];
        for (let l = n - 1; l >= 0; l--) if (set.includes(l)) g = matVec(W[l]!, g);
        return Math.hypot(...g);
      });
      expect(row.samples).toBe(norms.length);
      expect(row.mean).toBeCloseTo(norms.reduce((a, b) => a + b, 0) / norms.length, 5);
    }
    tf.dispose([x, ...Wt]);
  });

  it('runs on a net: one row per k with a finite mean, and can be cancelled', async () => {
    const net = buildNet({
      family: 'postact',
      n: 1,
      width: 0.25,
      inputSize: 8,
      classes: 4,
      seed: 2,
    });
    const { x, y } = toyImages(8, 8, 1);
    const xt = tf.tensor4d(x, [8, 8, 8, 3]);
    const yt = tf.tensor1d(y, 'int32');
    const progress: number[] = [];
    const rows = await pathGradientByLength(3, netGradNorm(net, xt, yt), {
      samplesPerK: 2,
      random: mulberry32(2),
      onProgress: (k) => progress.push(k),
    });
    expect(rows.map((r) => r.k)).toEqual([1, 2, 3]);
    expect(rows.every((r) => Number.isFinite(r.mean) && r.mean > 0)).toBe(true);
    expect(progress).toEqual([1, 2, 3]);
    const abort = new AbortController();
    abort.abort();
    await expect(
      pathGradientByLength(3, netGradNorm(net, xt, yt), {
        samplesPerK: 2,
        random: mulberry32(2),
        signal: abort.signal,
      }),
    ).rejects.toThrow();
    tf.dispose([xt, yt]);
    net.dispose();
  });
});

describe('gradient flow', () => {
  it('reaches every block; with λ = 0.5 shortcuts it shrinks towards the input', async () => {
    const { x, y } = toyImages(8, 8, 1);
    const xt = tf.tensor4d(x, [8, 8, 8, 3]);
    const yt = tf.tensor1d(y, 'int32');
    const flow = async (lambda: number) => {
      const net = buildNet({
        family: 'preact',
        n: 4,
        width: 0.25,
        inputSize: 8,
        classes: 4,
        seed: 2,
        options: { lambda },
      });
      const norms = await gradientFlow(net, xt, yt);
      net.dispose();
      return norms;
    };
    const identity = await flow(1);
    const half = await flow(0.5);
    expect(identity).toHaveLength(12);
    expect(identity.every((v) => v > 0 && Number.isFinite(v))).toBe(true);
    // Ratio of the gradient at the first block to the last: far smaller with λ = 0.5.
    expect(half[0]! / half[11]!).toBeLessThan(identity[0]! / identity[11]! / 4);
    tf.dispose([xt, yt]);
  });
});
