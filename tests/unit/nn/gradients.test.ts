import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import type { PreactVariant } from '../../../src/nn/blocks/types';
import { mulberry32 } from '../../reference/rng';
import { buildBlock, randomInput, trainCtx, useCpu } from './helpers';

beforeAll(useCpu);

/**
 * Central differences (as in ConvNetJS's gradient checks): for the input and for every
 * trainable tensor of a block, the analytic directional derivative ⟨∇L, v⟩ along a random v
 * must match (L(θ + εv) − L(θ − εv)) / 2ε. Float32 arithmetic limits the agreement to ~1 %,
 * and a difference quotient is wrong whenever ±εv moves a ReLU input across zero (likely in
 * these tiny batch-normalised blocks), so each tensor is checked along 3 random directions
 * and at least 2 must agree within 2 % (+0.01). A wrong gradient disagrees along every direction.
 */
function checkBlock(family: (typeof BLOCK_IDS)[number], variant?: PreactVariant) {
  const b = buildBlock(
    family,
    { inCh: 4, outCh: 8, stride: 2, inSize: 4 },
    variant ? { preactVariant: variant } : {},
    21,
  );
  const { tensor: x } = randomInput([2, 4, 4, 4], 3);
  const rand = mulberry32(8);
  const R = tf.tensor4d(
    Float32Array.from({ length: 64 }, () => rand() * 2 - 1),
    [2, 2, 2, 8],
  );
  const loss = (input: tf.Tensor) =>
    tf.sum(
      tf.mul(
        b.block.forward(
          input as tf.Tensor4D,
          trainCtx(() => 0),
        ),
        R,
      ),
    ) as tf.Scalar;
  const eps = 1e-4;
  const check = (what: string, once: () => [numeric: number, analytic: number]) => {
    const results = [once(), once(), once()];
    // 2 % of the derivative, plus 0.01 for the float32 rounding of L(θ ± εv) divided by 2ε.
    const good = results.filter(([n, a]) => Math.abs(n - a) <= 0.02 * Math.abs(a) + 0.01).length;
    expect(
      good,
      `${family} ${what}: (numeric, analytic) ${JSON.stringify(results)}`,
    ).toBeGreaterThanOrEqual(2);
  };

  const gx = tf.grad(loss)(x);
  check('input', () => {
    const dx = tf.tensor4d(
      Array.from({ length: x.size }, () => rand() * 2 - 1),
      x.shape,
    );
    const lp = loss(tf.add(x, tf.mul(dx, eps))).dataSync()[0]!;
    const lm = loss(tf.sub(x, tf.mul(dx, eps))).dataSync()[0]!;
    return [(lp - lm) / (2 * eps), tf.sum(tf.mul(gx, dx)).dataSync()[0]!];
  });

  for (const p of b.f.all.filter((q) => q.trainable)) {
    const v = p.variable;
    const { grads } = tf.variableGrads(() => loss(x), [v]);
    const g = grads[v.name];
    expect(g, `${family} ${p.name} gets a gradient`).toBeDefined();
    const orig = tf.clone(v);
    check(p.name, () => {
      const dir = tf.tensor(
        Array.from({ length: v.size }, () => rand() * 2 - 1),
        v.shape,
      );
      v.assign(tf.add(orig, tf.mul(dir, eps)));
      const up = loss(x).dataSync()[0]!;
      v.assign(tf.sub(orig, tf.mul(dir, eps)));
      const down = loss(x).dataSync()[0]!;
      v.assign(orig);
      return [(up - down) / (2 * eps), tf.sum(tf.mul(g!, dir)).dataSync()[0]!];
    });
  }
  b.f.dispose();
}

describe('gradients pass a central-difference check', () => {
  it.each(BLOCK_IDS)('%s', (family) => tf.tidy(() => checkBlock(family)));
  it.each(['b', 'c', 'd'] as const)('pre-activation ablation (%s)', (v) =>
    tf.tidy(() => checkBlock('preact', v)),
  );
});
