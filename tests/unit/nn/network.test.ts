import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildNet, blocksPerStage } from '../../../src/nn/network';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import { survivalProbabilities } from '../../../src/math/survival';
import { seededRandom } from '../../../src/nn/context';
import { randomInput, trainCtx, useCpu } from './helpers';

beforeAll(useCpu);

describe('CIFAR-style networks', () => {
  // papers.md §1 [DERIVED]: option-A counts including BN γ/β and the FC layer.
  it.each([
    [3, 269_722],
    [5, 464_154],
    [7, 658_586],
    [9, 853_018],
    [18, 1_727_962],
  ])(
    'ResNet-%i·6+2 has the paper’s parameter count (%i), and so does its plain twin',
    (n, count) => {
      for (const family of ['postact', 'noShortcut'] as const) {
        const net = buildNet({ family, n });
        expect(net.paramCount).toBe(count);
        expect(net.blocks).toHaveLength(3 * n);
        net.dispose();
      }
    },
  );

  it('ResNet-20 needs 40.8 M multiply-adds per image (BROWSER.md), counted from its convs', () => {
    const net = buildNet({ family: 'postact', n: 3 });
    expect(net.macs / 1e6).toBeCloseTo(40.8, 0);
    net.dispose();
  });

  it('higher-order blocks are compared at equal conv layers', () => {
    expect(blocksPerStage('postact', 8)).toBe(8);
    expect(blocksPerStage('midpoint', 8)).toBe(4);
    expect(blocksPerStage('rk4', 8)).toBe(2);
    const euler = buildNet({ family: 'preact', n: 8, width: 0.25, inputSize: 8 });
    const mid = buildNet({ family: 'midpoint', n: 8, width: 0.25, inputSize: 8 });
    const rk4 = buildNet({ family: 'rk4', n: 8, width: 0.25, inputSize: 8 });
    // Same conv weights, up to the first block of each stage (its stride conv reads fewer channels).
    const convParams = (net: typeof euler) =>
      net.params.all.filter((p) => p.name.endsWith('/w') && !p.name.includes('fc')).length;
    expect(convParams(mid)).toBe(convParams(euler));
    expect(convParams(rk4)).toBe(convParams(euler));
    [euler, mid, rk4].forEach((n) => n.dispose());
  });

  it.each(BLOCK_IDS)('%s: a tiny net maps images to logits and leaks no tensor', (family) => {
    const net = buildNet({ family, n: 1, width: 0.25, inputSize: 8, seed: 3 });
    const { tensor } = randomInput([2, 8, 8, 3], 4);
    const before = tf.memory().numTensors;
    for (const mode of ['train', 'eval'] as const) {
      const logits = tf.tidy(() => net.forward(tensor, { mode, random: () => 0 }));
      expect(logits.shape).toEqual([2, 10]);
      expect(Array.from(logits.dataSync()).every(Number.isFinite)).toBe(true);
      logits.dispose();
    }
    expect(tf.memory().numTensors).toBe(before);
    tensor.dispose();
    net.dispose();
  });

  it('builds reproducibly from a seed', () => {
    const a = buildNet({ family: 'postact', n: 1, width: 0.25, inputSize: 8, seed: 9 });
    const b = buildNet({ family: 'postact', n: 1, width: 0.25, inputSize: 8, seed: 9 });
    const c = buildNet({ family: 'postact', n: 1, width: 0.25, inputSize: 8, seed: 10 });
    const w = (net: typeof a) => Array.from(net.params.all[0]!.variable.dataSync());
    expect(w(a)).toEqual(w(b));
    expect(w(a)).not.toEqual(w(c));
    [a, b, c].forEach((n) => n.dispose());
  });

  it('rejects a bad configuration with a clear message', () => {
    expect(() => buildNet({ n: 0 })).toThrow(/n must be a positive integer/);
    expect(() => buildNet({ width: -1 })).toThrow(/width must be positive/);
  });
});

describe('stochastic depth in the net', () => {
  it('opens each gate with frequency p_l (binomial tolerance)', () => {
    const net = buildNet({ family: 'stochastic', n: 2, width: 0.25, inputSize: 4, seed: 2 });
    const p = survivalProbabilities(6, 'linear', 0.5);
    const opened = new Array<number>(6).fill(0);
    const random = seededRandom(123);
    const trials = 400;
    const { tensor } = randomInput([1, 4, 4, 3], 1);
    for (let t = 0; t < trials; t++) {
      tf.tidy(() => {
        net.forward(tensor, {
          mode: 'train',
          random,
          observe: (i, key, v) => key === 'gate' && (opened[i]! += v as number),
        });
      });
    }
    opened.forEach((o, i) => {
      const sd = Math.sqrt(trials * p[i]! * (1 - p[i]!));
      expect(Math.abs(o - trials * p[i]!)).toBeLessThan(4 * sd + 1);
    });
    tensor.dispose();
    net.dispose();
  });

  it('a dropped block runs no convolution (kernel count)', async () => {
    const net = buildNet({ family: 'stochastic', n: 1, width: 0.25, inputSize: 4, seed: 2 });
    const { tensor } = randomInput([1, 4, 4, 3], 1);
    const convs = async (random: () => number) => {
      const info = await tf.profile(() => net.forward(tensor, trainCtx(random)));
      return info.kernels.filter((k) => k.name === 'Conv2D').length;
    };
    const all = await convs(() => 0); // every gate open
    const none = await convs(() => 0.99999); // every gate closed (p_l ≤ 1)
    expect(all).toBe(1 + 3 * 2); // stem + two convs per block
    expect(none).toBe(1);
    tensor.dispose();
    net.dispose();
  });
});
