/**
 * The formula the page shows for each family is the code that runs: the catalog's formula,
 * evaluated over plain arrays with a built block's weights, equals the block's forward pass,
 * and its KaTeX renders.
 */
import * as tf from '@tensorflow/tfjs-core';
import katex from 'katex';
import { beforeAll, describe, expect, it } from 'vitest';
import { FAMILIES, familyTex } from '../../../src/nn/blocks/catalog';
import { formulaDisplayTex, formulaLines } from '../../../src/nn/blocks/formula';
import { OPTION_SPECS, resolveOptions } from '../../../src/nn/blocks/options';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import type { BlockFamilyId, BlockOptions } from '../../../src/nn/blocks/types';
import * as R from '../../reference/convnet';
import { evalFormula } from '../../reference/formulaEval';
import { buildBlock, maxRelError, randomInput, trainCtx, useCpu } from './helpers';

beforeAll(useCpu);

type Geometry = { inCh: number; outCh: number; stride: number; inSize: number };
const SAME: Geometry = { inCh: 3, outCh: 3, stride: 1, inSize: 5 };
const DOWN: Geometry = { inCh: 3, outCh: 6, stride: 2, inSize: 5 };

function check(
  family: BlockFamilyId,
  g: Geometry,
  partial: Partial<BlockOptions> = {},
  gateOpen = true,
) {
  const options = resolveOptions(partial);
  const b = buildBlock(family, g, partial, 9);
  const { tensor, ref } = randomInput([2, g.inSize, g.inSize, g.inCh], 21);
  const y = b.block.forward(tensor, trainCtx(gateOpen ? () => 0 : () => 0.9999));
  const same = g.stride === 1 && g.inCh === g.outCh;
  const shortcut = same
    ? ref
    : options.shortcut === 'B'
      ? R.batchNormTrain(
          R.conv2d(ref, b.P('proj/w'), g.stride),
          b.P('proj_bn/gamma').data,
          b.P('proj_bn/beta').data,
          1e-5,
        )
      : R.optionA(ref, g.stride, g.outCh);
  const want = evalFormula(FAMILIES[family].formula(options), {
    x: ref,
    shortcut,
    stride: g.stride,
    param: b.P,
    gate: gateOpen ? 1 : 0,
    eps: 1e-5,
  });
  expect(y.shape).toEqual(want.shape);
  expect(maxRelError(y.dataSync(), want.data)).toBeLessThan(2e-5);
  tf.dispose([y, tensor]);
  b.f.dispose();
}

describe('each family’s formula, evaluated over plain arrays, is its forward pass', () => {
  it.each(BLOCK_IDS)('%s, same shape', (family) => check(family, SAME));
  it.each(BLOCK_IDS)('%s, downsampling (option A)', (family) => check(family, DOWN));
  it.each(BLOCK_IDS.filter((id) => id !== 'noShortcut'))('%s, option B', (family) =>
    check(family, DOWN, { shortcut: 'B' }),
  );
  it.each(['b', 'c', 'd', 'e'] as const)('pre-activation (%s)', (preactVariant) =>
    check('preact', SAME, { preactVariant }),
  );
  it.each(['postact', 'preact', 'midpoint', 'rk4'] as const)('%s with λ = 0.7', (family) =>
    check(family, SAME, { lambda: 0.7 }),
  );
  it('stochastic depth with its gate closed', () => check('stochastic', DOWN, {}, false));
  it('highway with another gate bias', () => check('highway', SAME, { highwayBias: 1 }));
});

describe('the formulas as KaTeX', () => {
  const every: [BlockFamilyId, BlockOptions][] = BLOCK_IDS.flatMap((id) =>
    id === 'preact'
      ? OPTION_SPECS.preactVariant.choices.map(
          (c) => [id, resolveOptions({ preactVariant: c.value })] as [BlockFamilyId, BlockOptions],
        )
      : [[id, resolveOptions({})] as [BlockFamilyId, BlockOptions]],
  );
  it.each(every)('%s renders inline and as a display block', (id, o) => {
    const f = FAMILIES[id].formula(o);
    expect(() => katex.renderToString(familyTex(id, o), { throwOnError: true })).not.toThrow();
    expect(() =>
      katex.renderToString(formulaDisplayTex(f), { throwOnError: true, displayMode: true }),
    ).not.toThrow();
  });

  it('writes the weights of the graph and the options into the text', () => {
    expect(familyTex('postact')).toBe(
      'x_{l+1} = \\mathrm{ReLU}(x_l + \\mathrm{BN}(W_2\\,\\mathrm{ReLU}(\\mathrm{BN}(W_1\\,x_l))))',
    );
    expect(familyTex('postact', resolveOptions({ lambda: 0.5 }))).toContain('\\tfrac{1}{2}x_l');
    expect(formulaLines(FAMILIES.midpoint.formula(resolveOptions({})))).toEqual([
      'F_j(u) = W_{j,2}\\,\\mathrm{ReLU}(\\mathrm{BN}(W_{j,1}\\,\\mathrm{ReLU}(\\mathrm{BN}(u))))',
      'k_{1} = F_{1}(x_l)',
      'k_{2} = F_{2}\\!\\left(x_l + \\tfrac{1}{2}k_{1}\\right)',
      'x_{l+1} = \\mathrm{ReLU}(x_l + k_{2})',
    ]);
    const rk4 = familyTex('rk4');
    for (const w of [
      '\\tfrac{1}{6}k_{1}',
      '\\tfrac{1}{3}k_{2}',
      '\\tfrac{1}{3}k_{3}',
      '\\tfrac{1}{6}k_{4}',
    ])
      expect(rk4).toContain(w);
  });
});
