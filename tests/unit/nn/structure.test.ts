/**
 * The figures the page shows before building a net (src/nn/blocks/structure.ts, no
 * TensorFlow.js) against the net `buildNet` builds: its trainable variables, its weight layers
 * counted from their kernels, and the multiply-adds its blocks report, for every family and
 * every option that changes the structure.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import { blockFigures, bottleneckWeights, netFigures } from '../../../src/nn/blocks/structure';
import type { BlockFamilyId, BlockOptions } from '../../../src/nn/blocks/types';
import { buildNet } from '../../../src/nn/network';
import { buildBlock, useCpu } from './helpers';

beforeAll(useCpu);

const VARIANTS: Partial<BlockOptions>[] = [
  {},
  { shortcut: 'B' },
  { preactVariant: 'b' },
  { preactVariant: 'c' },
  { preactVariant: 'd' },
];

/** Main-path weight layers of a built net: its 3×3 kernels (stem and blocks) and the classifier. */
function builtLayers(net: ReturnType<typeof buildNet>): number {
  const shapes = net.params.all.filter((p) => p.trainable).map((p) => p.variable.shape);
  const convs3 = shapes.filter((s) => s.length === 4 && s[0] === 3 && s[1] === 3).length;
  const dense = shapes.filter((s) => s.length === 2).length;
  return convs3 + dense;
}

describe('net figures from the structure', () => {
  const cases: [BlockFamilyId, number, number, Partial<BlockOptions>][] = [];
  for (const family of BLOCK_IDS)
    for (const options of VARIANTS)
      for (const [n, width] of [
        [1, 0.25],
        [2, 0.5],
        [4, 1],
      ] as const)
        cases.push([family, n, width, options]);

  it.each(cases)('%s, n = %i, width %f, %o: as built', (family, n, width, options) => {
    const net = buildNet({ family, n, width, options, inputSize: 16 });
    const f = netFigures({ family, n, width, options, inputSize: 16 });
    expect(f.params).toBe(net.paramCount);
    expect(f.macs).toBe(net.macs);
    expect(f.blocks).toBe(net.blocks.length);
    expect(f.layers).toBe(builtLayers(net));
    net.dispose();
  });

  it('count the layers a net really has: 6n + 2 for two-layer blocks, more for higher order', () => {
    // n = 1: one block a stage. A midpoint block holds two conv pairs, an RK4 block four.
    expect(netFigures({ family: 'postact', n: 1, width: 1 }).layers).toBe(8);
    expect(netFigures({ family: 'midpoint', n: 1, width: 1 }).layers).toBe(14);
    expect(netFigures({ family: 'rk4', n: 1, width: 1 }).layers).toBe(26);
    expect(netFigures({ family: 'postact', n: 18, width: 1 }).layers).toBe(110);
    // papers.md §1 [DERIVED]: ResNet-110 with option A, BN γ/β and the classifier.
    expect(netFigures({ family: 'postact', n: 18, width: 1 }).params).toBe(1_727_962);
  });
});

describe('block figures and the bottleneck lesson', () => {
  it('a stage-1 ResNet block at width 1 has two 3×3×16×16 convs and two BNs', () => {
    const f = blockFigures('postact', 1);
    expect(f.params).toBe(2 * 9 * 16 * 16 + 2 * 2 * 16);
    expect(f.macs).toBe(2 * 32 * 32 * 9 * 16 * 16);
  });

  it.each(BLOCK_IDS)(
    '%s: one block’s figures are those of the block buildBlock builds',
    (family) => {
      for (const options of [{}, { shortcut: 'B' as const }, { preactVariant: 'b' as const }]) {
        const b = buildBlock(family, { inCh: 4, outCh: 4, stride: 1, inSize: 32 }, options);
        const trainable = b.f.all
          .filter((p) => p.trainable)
          .reduce((a, p) => a + p.variable.size, 0);
        const f = blockFigures(family, 0.25, options);
        expect(f.params).toBe(trainable);
        expect(f.macs).toBe(b.block.macs);
        b.f.dispose();
      }
    },
  );

  it('basic vs bottleneck at 256 channels: 1,179,648 vs 69,632 weights (16.9×)', () => {
    const b = bottleneckWeights(256);
    expect(b.basic).toBe(2 * 3 * 3 * 256 * 256);
    expect(b.basic).toBe(1179648);
    expect(b.bottleneck).toBe(256 * 64 + 9 * 64 * 64 + 64 * 256);
    expect(b.bottleneck).toBe(69632);
    expect(b.basic / b.bottleneck).toBeCloseTo(16.94, 2);
    // The CIFAR bottleneck of ResNet-164 at 64 channels: 4,352 weights (papers.md §1).
    expect(bottleneckWeights(64).bottleneck).toBe(4352);
  });
});
