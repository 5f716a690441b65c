import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_IDS, blockSpec } from '../../../src/nn/blocks/registry';
import { FAMILIES, FAMILY_LIST, familyTex } from '../../../src/nn/blocks/catalog';
import type { BlockFamilyId, PreactVariant } from '../../../src/nn/blocks/types';
import * as R from '../../reference/convnet';
import { buildBlock, maxRelError, randomInput, trainCtx, useCpu, type BuiltBlock } from './helpers';

beforeAll(useCpu);

const EPS = 1e-5;
type Geometry = { inCh: number; outCh: number; stride: number; inSize: number };
const SAME: Geometry = { inCh: 4, outCh: 4, stride: 1, inSize: 6 };
const DOWN: Geometry = { inCh: 4, outCh: 8, stride: 2, inSize: 6 };

/** The block formulas, written again from the papers over plain arrays (float64). */
function reference(
  family: BlockFamilyId,
  b: BuiltBlock,
  x: R.T4,
  g: Geometry,
  opts: { variant?: PreactVariant; shortcut?: 'A' | 'B'; lambda?: number; gateOpen?: boolean } = {},
): R.T4 {
  const bn = (t: R.T4, n: string) =>
    R.batchNormTrain(t, b.P(`${n}/gamma`).data, b.P(`${n}/beta`).data, EPS);
  const conv = (t: R.T4, n: string, stride = 1) => R.conv2d(t, b.P(`${n}/w`), stride);
  const lambda = opts.lambda ?? 1;
  const s0 =
    g.stride === 1 && g.inCh === g.outCh
      ? x
      : opts.shortcut === 'B'
        ? bn(conv(x, 'proj', g.stride), 'proj_bn')
        : R.optionA(x, g.stride, g.outCh);
  const s = R.scale(s0, lambda);
  const postBranch = () =>
    bn(conv(R.relu(bn(conv(x, 'conv1', g.stride), 'conv1_bn')), 'conv2'), 'conv2_bn');
  const F = (j: number, u: R.T4) =>
    conv(
      R.relu(
        bn(
          conv(R.relu(bn(u, `F${j}/bn1`)), `F${j}/conv1`, j === 1 ? g.stride : 1),
          `F${j}/conv1_bn`,
        ),
      ),
      `F${j}/conv2`,
    );
  switch (family) {
    case 'postact':
      return R.relu(R.add(s, postBranch()));
    case 'stochastic':
      return opts.gateOpen === false ? R.relu(s) : R.relu(R.add(s, postBranch()));
    case 'noShortcut':
      return R.relu(postBranch());
    case 'preact': {
      const v = opts.variant ?? 'e';
      if (v === 'e')
        return R.add(
          s,
          conv(R.relu(bn(conv(R.relu(bn(x, 'bn_in')), 'conv1', g.stride), 'conv1_bn')), 'conv2'),
        );
      if (v === 'b')
        return R.relu(
          bn(R.add(s, conv(R.relu(bn(conv(x, 'conv1', g.stride), 'conv1_bn')), 'conv2')), 'bn_add'),
        );
      if (v === 'c') return R.add(s, R.relu(postBranch()));
      return R.add(
        s,
        bn(conv(R.relu(bn(conv(R.relu(x), 'conv1', g.stride), 'conv1_bn')), 'conv2'), 'conv2_bn'),
      );
    }
    case 'highway': {
      const T = R.sigmoid(R.addBias(conv(x, 'gate', g.stride), b.P('gate_bias').data));
      const H = R.relu(postBranch());
      return R.add(
        R.mul(T, H),
        R.mul(
          R.map(T, (t) => 1 - t),
          s,
        ),
      );
    }
    case 'midpoint': {
      const k1 = F(1, x);
      const k2 = F(2, R.add(s, R.scale(k1, 0.5)));
      return R.relu(R.add(s, k2));
    }
    case 'rk4': {
      const k1 = F(1, x);
      const k2 = F(2, R.add(s, R.scale(k1, 0.5)));
      const k3 = F(3, R.add(s, R.scale(k2, 0.5)));
      const k4 = F(4, R.add(s, k3));
      const sum = R.add(
        R.add(R.scale(k1, 1 / 6), R.scale(k2, 1 / 3)),
        R.add(R.scale(k3, 1 / 3), R.scale(k4, 1 / 6)),
      );
      return R.relu(R.add(s, sum));
    }
  }
}

function check(family: BlockFamilyId, g: Geometry, opts: Parameters<typeof reference>[4] = {}) {
  const b = buildBlock(family, g, {
    ...(opts.variant ? { preactVariant: opts.variant } : {}),
    ...(opts.shortcut ? { shortcut: opts.shortcut } : {}),
    ...(opts.lambda !== undefined ? { lambda: opts.lambda } : {}),
  });
  const { tensor, ref } = randomInput([3, g.inSize, g.inSize, g.inCh], 11);
  const random = opts.gateOpen === false ? () => 0.9999 : () => 0;
  const y = b.block.forward(tensor, trainCtx(random));
  const want = reference(family, b, ref, g, opts);
  expect(y.shape).toEqual(want.shape);
  expect(maxRelError(y.dataSync(), want.data)).toBeLessThan(2e-5);
  tf.dispose([y, tensor]);
  b.f.dispose();
}

describe('each block’s forward pass equals its formula over plain arrays', () => {
  it.each(BLOCK_IDS)('%s, same shape', (family) => check(family, SAME));
  it.each(BLOCK_IDS)('%s, downsampling with option A', (family) => check(family, DOWN));
  it.each(['postact', 'preact', 'midpoint'] as const)('%s, downsampling with option B', (family) =>
    check(family, DOWN, { shortcut: 'B' }),
  );
  it.each(['b', 'c', 'd', 'e'] as const)('pre-activation ablation (%s)', (variant) =>
    check('preact', SAME, { variant }),
  );
  it('scaled shortcut λ = 0.5', () => check('postact', SAME, { lambda: 0.5 }));
  it('stochastic depth with its gate closed is the shortcut alone', () =>
    check('stochastic', DOWN, { gateOpen: false }));
});

describe('registry and catalog', () => {
  it.each(BLOCK_IDS)(
    '%s has a builder, a name, a short name, a formula that KaTeX renders, and a paper link',
    async (id) => {
      const katex = (await import('katex')).default;
      expect(blockSpec(id).id).toBe(id);
      const entry = FAMILIES[id];
      expect(entry.id).toBe(id);
      expect(entry.name.length).toBeGreaterThan(2);
      expect(entry.short.length).toBeGreaterThan(2);
      expect(() => katex.renderToString(familyTex(id), { throwOnError: true })).not.toThrow();
      expect(entry.paper.url).toMatch(/^https:\/\/arxiv\.org\/abs\//);
    },
  );

  it('names every family once, in one order, with distinct names', () => {
    expect(FAMILY_LIST.map((f) => f.id)).toEqual(BLOCK_IDS);
    expect(new Set(FAMILY_LIST.map((f) => f.name)).size).toBe(BLOCK_IDS.length);
    expect(new Set(FAMILY_LIST.map((f) => f.short)).size).toBe(BLOCK_IDS.length);
  });
});
