import { describe, expect, it } from 'vitest';
import { blockPolynomial, type BlockFamily } from '../../../src/math/blockPaths';
import { mean, probabilities, standardDeviation } from '../../../src/math/distribution';
import { pathLengthDistribution } from '../../../src/math/paths';
import {
  activeBlocksDistribution,
  alivePathLengthDistribution,
  expectedDepth,
  survivalProbabilities,
} from '../../../src/math/survival';
import { mulberry32 } from '../../reference/rng';

describe('survival schedules', () => {
  it('uniform: every block survives with p_L', () => {
    expect(Array.from(survivalProbabilities(4, 'uniform', 0.7))).toEqual([0.7, 0.7, 0.7, 0.7]);
  });

  it('linear decay: p_l = 1 - (l/L)(1 - p_L), ending at p_L', () => {
    const p = survivalProbabilities(4, 'linear', 0.5);
    expect(Array.from(p)).toEqual([0.875, 0.75, 0.625, 0.5]);
  });

  it('E[L̃] = 40.25 for the paper’s L = 54, p_L = 0.5 (papers.md §7)', () => {
    expect(expectedDepth(survivalProbabilities(54, 'linear', 0.5))).toBeCloseTo(40.25, 12);
    expect(expectedDepth(survivalProbabilities(54, 'uniform', 0.5))).toBeCloseTo(27, 12);
  });

  it('rejects p_L outside [0, 1]', () => {
    expect(() => survivalProbabilities(3, 'linear', 1.2)).toThrow(RangeError);
    expect(() => survivalProbabilities(3, 'linear', NaN)).toThrow(RangeError);
  });
});

describe('number of active blocks (Poisson-binomial)', () => {
  it('equals brute-force enumeration of all 2^L gate patterns', () => {
    const rand = mulberry32(7);
    for (let L = 1; L <= 12; L++) {
      const p = Array.from({ length: L }, () => rand());
      const want = new Array<number>(L + 1).fill(0);
      for (let mask = 0; mask < 2 ** L; mask++) {
        let pr = 1;
        let m = 0;
        for (let l = 0; l < L; l++) {
          const on = (mask >> l) & 1;
          pr *= on ? p[l]! : 1 - p[l]!;
          m += on;
        }
        want[m]! += pr;
      }
      const got = probabilities(activeBlocksDistribution(p));
      want.forEach((w, m) => expect(got[m]).toBeCloseTo(w, 13));
    }
  });

  it('has mean Σp and variance Σp(1-p) at L = 1000', () => {
    const p = survivalProbabilities(1000, 'linear', 0.2);
    const d = activeBlocksDistribution(p);
    expect(mean(d)).toBeCloseTo(expectedDepth(p), 8);
    const variance = Array.from(p).reduce((s, x) => s + x * (1 - x), 0);
    expect(standardDeviation(d) ** 2).toBeCloseTo(variance, 6);
  });

  it('agrees with Monte Carlo sampling of the gates', () => {
    const rand = mulberry32(42);
    const p = survivalProbabilities(40, 'linear', 0.5);
    const trials = 40000;
    const hist = new Array<number>(41).fill(0);
    for (let t = 0; t < trials; t++) {
      let m = 0;
      for (const pl of p) if (rand() < pl) m++;
      hist[m]!++;
    }
    const exact = probabilities(activeBlocksDistribution(p));
    hist.forEach((h, m) => {
      const q = exact[m]!;
      const sd = Math.sqrt(trials * q * (1 - q) || 1);
      expect(Math.abs(h - trials * q)).toBeLessThan(5 * sd + 1);
    });
  });

  it('is a point mass when every p is 0 or 1', () => {
    expect(probabilities(activeBlocksDistribution([1, 1, 1]))[3]).toBe(1);
    expect(probabilities(activeBlocksDistribution([0, 0]))[0]).toBe(1);
  });
});

describe('length of the alive paths under stochastic depth', () => {
  /** The definition: Σ_m P(M = m) · P_m(k), with P_m the law of an m-block net. */
  function mixture(family: BlockFamily, p: ArrayLike<number>): number[] {
    const active = probabilities(activeBlocksDistribution(p));
    const deg = blockPolynomial(family).length - 1;
    const out = new Array<number>(p.length * deg + 1).fill(0);
    active.forEach((w, m) => {
      const pm = probabilities(pathLengthDistribution(family, m));
      pm.forEach((v, k) => (out[k]! += w * v));
    });
    return out;
  }

  it.each(['residual', 'midpoint', 'rk4'] as const)(
    '%s: equals the mixture over the number of active blocks',
    (family) => {
      for (const [L, rule, pL] of [
        [5, 'linear', 0.5],
        [30, 'uniform', 0.3],
        [60, 'linear', 0.1],
      ] as const) {
        const p = survivalProbabilities(L, rule, pL);
        const got = probabilities(alivePathLengthDistribution(family, p));
        const want = mixture(family, p);
        want.forEach((w, k) => expect(Math.abs(got[k]! - w)).toBeLessThan(1e-12));
      }
    },
  );

  it('residual: equals brute force over gate patterns and alive paths (L ≤ 8)', () => {
    for (let L = 1; L <= 8; L++) {
      const p = survivalProbabilities(L, 'linear', 0.3);
      const want = new Array<number>(L + 1).fill(0);
      for (let gates = 0; gates < 2 ** L; gates++) {
        let pr = 1;
        for (let l = 0; l < L; l++) pr *= (gates >> l) & 1 ? p[l]! : 1 - p[l]!;
        // alive paths: subsets of the active blocks, each equally likely
        const alive: number[] = [];
        for (let path = 0; path < 2 ** L; path++) if ((path & gates) === path) alive.push(path);
        for (const path of alive) {
          let len = 0;
          for (let x = path; x; x &= x - 1) len++;
          want[len]! += pr / alive.length;
        }
      }
      const got = probabilities(alivePathLengthDistribution('residual', p));
      want.forEach((w, k) => expect(got[k]).toBeCloseTo(w, 13));
    }
  });

  it('with every block surviving, equals the plain path-length law', () => {
    const got = probabilities(
      alivePathLengthDistribution('rk4', survivalProbabilities(20, 'uniform', 1)),
    );
    const want = probabilities(pathLengthDistribution('rk4', 20));
    want.forEach((w, k) => expect(got[k]).toBeCloseTo(w, 13));
  });
});
