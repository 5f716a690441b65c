import { describe, expect, it } from 'vitest';
import katex from 'katex';
import { BLOCK_FAMILIES } from '../../../src/math/blockPaths';
import { enumerateNetPaths, nestedResidualLatex, pathTermLatex } from '../../../src/math/expansion';
import { totalPathsExact } from '../../../src/math/paths';
import { mulberry32 } from '../../reference/rng';
import { polyPowBig } from '../../reference/exact';
import { blockPolynomial } from '../../../src/math/blockPaths';

describe('net path enumeration', () => {
  it.each(BLOCK_FAMILIES)(
    '%s: one entry per distinct path, lengths as the polynomial says',
    (family) => {
      for (let n = 1; n <= 3; n++) {
        const paths = enumerateNetPaths(family, n);
        expect(BigInt(paths.length)).toBe(totalPathsExact(family, n));
        const keys = paths.map((p) => p.steps.map((s) => `${s.block}.${s.fn}`).join(' '));
        expect(new Set(keys).size).toBe(paths.length);
        const hist = polyPowBig(blockPolynomial(family), n).map(Number);
        const got = new Array<number>(hist.length).fill(0);
        paths.forEach((p) => got[p.steps.length]!++);
        expect(got).toEqual(hist);
        paths.forEach((p, i) => expect(p.index).toBe(i));
      }
    },
  );

  it('residual with linear f_l(u) = a_l u: the terms sum to Π(1 + a_l) y_0', () => {
    const rand = mulberry32(3);
    for (let n = 1; n <= 6; n++) {
      const a = Array.from({ length: n }, () => rand() * 2 - 1);
      const y0 = 1.7;
      const sum = enumerateNetPaths('residual', n).reduce(
        (s, p) => s + p.steps.reduce((t, st) => t * a[st.block - 1]!, y0),
        0,
      );
      const direct = a.reduce((y, al) => y + al * y, y0); // y_l = y_{l-1} + f_l(y_{l-1})
      expect(sum).toBeCloseTo(direct, 12);
    }
  });

  it('refuses to enumerate more paths than the limit', () => {
    expect(() => enumerateNetPaths('residual', 20, 4096)).toThrow(/limit/);
  });
});

describe('KaTeX strings', () => {
  it('writes a path as a composition, innermost first', () => {
    const path = enumerateNetPaths('residual', 3).find(
      (p) => p.steps.length === 2 && p.steps[0]!.block === 1 && p.steps[1]!.block === 3,
    )!;
    expect(pathTermLatex('residual', path)).toBe('f_{3}(f_{1}(y_0))');
    const mid = enumerateNetPaths('midpoint', 1).at(-1)!;
    expect(pathTermLatex('midpoint', mid)).toBe('f_{1,2}(f_{1,1}(y_0))');
  });

  it('the nested form of eq. (5) holds y_0 2^n times and renders', () => {
    for (let n = 1; n <= 4; n++) {
      const tex = nestedResidualLatex(n);
      expect(tex.match(/y_0/g)!.length).toBe(2 ** n);
      expect(() => katex.renderToString(tex, { throwOnError: true })).not.toThrow();
    }
    expect(nestedResidualLatex(1)).toBe('y_0 + f_{1}\\!\\left(y_0\\right)');
  });

  it('every path term renders in KaTeX', () => {
    for (const p of enumerateNetPaths('rk4', 1)) {
      expect(() =>
        katex.renderToString(pathTermLatex('rk4', p), { throwOnError: true }),
      ).not.toThrow();
    }
  });
});
