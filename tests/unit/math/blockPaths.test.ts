import { describe, expect, it } from 'vitest';
import {
  BLOCK_FAMILIES,
  blockPaths,
  blockPolynomial,
  graphTex,
  pathsPerBlock,
  polynomialTex,
  tableauOf,
  type BlockFamily,
} from '../../../src/math/blockPaths';

/**
 * An independent expansion: each block's formula written out as in papers.md §6, evaluated in
 * an algebra whose values are multisets of paths. A function F_i appends itself to every path
 * of its input, a sum is a multiset union, and a scalar coefficient (½, ⅙) changes no path.
 */
type Paths = string[];
const F = (i: number, u: Paths): Paths => u.map((p) => (p ? `${p}>F${i}` : `F${i}`));
const plus = (...us: Paths[]): Paths => us.flat();
const times = (_c: number, u: Paths): Paths => u;

const formulas: Record<BlockFamily, (x: Paths) => Paths> = {
  residual: (x) => plus(x, F(1, x)),
  noShortcut: (x) => F(1, x),
  midpoint: (x) => {
    const k1 = F(1, x);
    const k2 = F(2, plus(x, times(0.5, k1)));
    return plus(x, k2);
  },
  rk4: (x) => {
    const k1 = F(1, x);
    const k2 = F(2, plus(x, times(0.5, k1)));
    const k3 = F(3, plus(x, times(0.5, k2)));
    const k4 = F(4, plus(x, k3));
    return plus(x, times(1 / 6, k1), times(1 / 3, k2), times(1 / 3, k3), times(1 / 6, k4));
  },
};

const asStrings = (family: BlockFamily) =>
  blockPaths(family).map((p) => p.map((i) => `F${i + 1}`).join('>'));

describe('block paths and polynomials', () => {
  it.each(BLOCK_FAMILIES)(
    '%s: the registry graph gives exactly the paths of the formula',
    (family) => {
      const expanded = formulas[family](['']);
      expect(new Set(expanded).size).toBe(expanded.length); // each path appears once
      expect([...asStrings(family)].sort()).toEqual([...expanded].sort());
    },
  );

  it.each(BLOCK_FAMILIES)('%s: the polynomial counts the expanded paths by length', (family) => {
    const expanded = formulas[family](['']);
    const hist: number[] = [];
    for (const p of expanded) {
      const len = p === '' ? 0 : p.split('>').length;
      hist[len] = (hist[len] ?? 0) + 1;
    }
    expect(blockPolynomial(family)).toEqual(Array.from(hist, (c) => c ?? 0));
  });

  it('gives the derived polynomials', () => {
    expect(blockPolynomial('residual')).toEqual([1, 1]);
    expect(blockPolynomial('noShortcut')).toEqual([0, 1]);
    expect(blockPolynomial('midpoint')).toEqual([1, 1, 1]);
    expect(blockPolynomial('rk4')).toEqual([1, 4, 3, 2, 1]);
    expect(BLOCK_FAMILIES.map(pathsPerBlock)).toEqual([2, 3, 11, 1]);
  });
});

describe('the graph as a tableau and as a formula', () => {
  it('reads the classical Butcher tableaux off the graphs (Euler, midpoint, RK4)', () => {
    expect(tableauOf('residual')).toEqual({ a: [[]], b: [1] });
    expect(tableauOf('midpoint')).toEqual({ a: [[], [0.5]], b: [0, 1] });
    expect(tableauOf('rk4')).toEqual({
      a: [[], [0.5], [0, 0.5], [0, 0, 1]],
      b: [1 / 6, 1 / 3, 1 / 3, 1 / 6],
    });
  });

  it('each tableau is consistent: its weights sum to 1 and c_j = Σ_i a_ji', () => {
    for (const f of ['residual', 'midpoint', 'rk4'] as const) {
      const { a, b } = tableauOf(f);
      expect(b.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
      // Second order needs Σ b_j c_j = ½ (Euler has one stage and is first order).
      const c = a.map((row) => row.reduce((s, x) => s + x, 0));
      const bc = b.reduce((s, bj, j) => s + bj * c[j]!, 0);
      expect(bc).toBeCloseTo(f === 'residual' ? 0 : 0.5, 12);
    }
  });

  it('writes the ODE-view update from the graph, weights as fractions', () => {
    expect(graphTex('residual')).toBe("y' = y + f(y)");
    expect(graphTex('noShortcut')).toBe("y' = f(y)");
    expect(graphTex('midpoint')).toBe(
      "k_{1} = f_{1}(y),\\; k_{2} = f_{2}\\!\\left(y + \\tfrac{1}{2}k_{1}\\right),\\; y' = y + k_{2}",
    );
    expect(graphTex('rk4')).toContain("y' = y + \\tfrac{1}{6}k_{1} + \\tfrac{1}{3}k_{2}");
  });
});

describe('polynomialTex', () => {
  it('writes the block polynomials', () => {
    expect(polynomialTex(blockPolynomial('rk4'))).toBe('1 + 4z + 3z^{2} + 2z^{3} + z^{4}');
    expect(polynomialTex(blockPolynomial('noShortcut'))).toBe('z');
    expect(polynomialTex(blockPolynomial('midpoint'))).toBe('1 + z + z^{2}');
  });
});
