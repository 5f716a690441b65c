import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCK_FAMILIES, blockPolynomial } from '../../../src/math/blockPaths';
import {
  massInInterval,
  mean,
  normalise,
  probabilities,
  shortestInterval,
  standardDeviation,
  type LogDistribution,
} from '../../../src/math/distribution';
import {
  log10TotalPaths,
  maxPathLength,
  pathLengthDistribution,
  pathLengthMoments,
  totalPathsExact,
} from '../../../src/math/paths';
import { binomialBig, polyPowBig, ratio } from '../../reference/exact';

function popcount(x: number): number {
  let c = 0;
  for (; x; x &= x - 1) c++;
  return c;
}

describe('path-length distribution of a residual net', () => {
  it('matches brute-force enumeration of all 2^n paths for n ≤ 16', () => {
    for (let n = 1; n <= 16; n++) {
      const counts = new Array<number>(n + 1).fill(0);
      for (let path = 0; path < 2 ** n; path++) counts[popcount(path)]!++;
      const p = probabilities(pathLengthDistribution('residual', n));
      counts.forEach((c, k) => expect(p[k]).toBeCloseTo(c / 2 ** n, 14));
    }
  });

  it.each([1, 2, 10, 54, 100, 1000, 10000])('n = %i: finite, sums to 1, mean n/2, sd √n/2', (n) => {
    const d = pathLengthDistribution('residual', n);
    expect(d.logp.every((v) => Number.isFinite(v))).toBe(true);
    const sum = probabilities(d).reduce((a, b) => a + b, 0);
    expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
    expect(mean(d)).toBeCloseTo(n / 2, 9);
    expect(standardDeviation(d)).toBeCloseTo(Math.sqrt(n) / 2, 9);
  });

  it('keeps the tails at n = 10,000: log P(0) = -10000 ln 2', () => {
    const d = pathLengthDistribution('residual', 10000);
    expect(d.logp[0]! / (-10000 * Math.LN2)).toBeCloseTo(1, 12);
  });

  it("reproduces Veit et al.'s figures for n = 54 against exact BigInt sums", () => {
    const d = pathLengthDistribution('residual', 54);
    const two54 = 2n ** 54n;
    const exactMass = (a: number, b: number) => {
      let s = 0n;
      for (let k = a; k <= b; k++) s += binomialBig(54, k);
      return ratio(s, two54);
    };
    expect(massInInterval(d, 19, 35)).toBeCloseTo(exactMass(19, 35), 13); // 98.0 %
    expect(massInInterval(d, 5, 17)).toBeCloseTo(exactMass(5, 17), 15); // 0.454 %
    expect(massInInterval(d, 19, 35)).toBeCloseTo(0.98, 2);
    expect(massInInterval(d, 5, 17) * 100).toBeCloseTo(0.454, 3);
  });
});

describe('other block families', () => {
  it.each(['midpoint', 'rk4', 'noShortcut'] as const)(
    '%s: equals the exact BigInt polynomial power',
    (family) => {
      for (const n of [1, 3, 17, 64]) {
        const exact = polyPowBig(blockPolynomial(family), n);
        const total = exact.reduce((a, b) => a + b, 0n);
        expect(total).toBe(totalPathsExact(family, n));
        const p = probabilities(pathLengthDistribution(family, n));
        expect(p.length).toBe(maxPathLength(family, n) + 1);
        exact.forEach((c, k) => {
          const want = ratio(c, total);
          expect(Math.abs(p[k]! - want)).toBeLessThanOrEqual(1e-12 * want + 1e-300);
        });
      }
    },
  );

  it.each(BLOCK_FAMILIES)('%s: closed-form moments equal the distribution’s', (family) => {
    for (const n of [1, 6, 250, 1000]) {
      const d = pathLengthDistribution(family, n);
      const m = pathLengthMoments(family, n);
      expect(mean(d)).toBeCloseTo(m.mean, 7);
      expect(standardDeviation(d)).toBeCloseTo(m.std, 7);
      expect(d.logp.some(Number.isNaN)).toBe(false);
    }
  });

  it('counts paths: 2^n, 3^n, 11^n, 1', () => {
    expect(totalPathsExact('residual', 10)).toBe(1024n);
    expect(totalPathsExact('midpoint', 4)).toBe(81n);
    expect(totalPathsExact('rk4', 2)).toBe(121n);
    expect(totalPathsExact('noShortcut', 50)).toBe(1n);
    expect(log10TotalPaths('residual', 1000)).toBeCloseTo(301.03, 2);
  });
});

describe('shortest interval holding a given mass', () => {
  function bruteForce(d: LogDistribution, target: number) {
    const p = probabilities(d);
    let best: { lo: number; hi: number; mass: number } | null = null;
    for (let lo = 0; lo < p.length; lo++) {
      let m = 0;
      for (let hi = lo; hi < p.length; hi++) {
        m += p[hi]!;
        if (m >= target * (1 - 1e-12)) {
          const shorter = !best || hi - lo < best.hi - best.lo;
          const sameButHeavier = best && hi - lo === best.hi - best.lo && m > best.mass + 1e-15;
          if (shorter || sameButHeavier) best = { lo, hi, mass: m };
          break;
        }
      }
    }
    return best!;
  }

  it('equals a brute-force search over all intervals', () => {
    for (const n of [1, 2, 5, 10, 54, 101]) {
      for (const target of [0.5, 0.9, 0.95, 0.99, 1]) {
        const d = pathLengthDistribution('residual', n);
        const got = shortestInterval(d, target);
        const want = bruteForce(d, target);
        expect([got.lo, got.hi]).toEqual([want.lo, want.hi]);
        expect(got.mass).toBeCloseTo(want.mass, 12);
      }
    }
  });

  it('equals brute force on random distributions (property)', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 })
          .filter((w) => w.some((x) => x > 1e-6)),
        fc.double({ min: 0.05, max: 1, noNaN: true }),
        (w, target) => {
          const d = normalise(Float64Array.from(w, Math.log));
          const got = shortestInterval(d, target);
          const want = bruteForce(d, target);
          expect(got.hi - got.lo).toBe(want.hi - want.lo);
          expect(got.mass).toBeGreaterThanOrEqual(target * (1 - 1e-9));
        },
      ),
    );
  });

  it('gives [19, 35] for 95 % of the paths of a 54-block net', () => {
    const iv = shortestInterval(pathLengthDistribution('residual', 54), 0.95);
    // The exact 95 % interval is a little narrower than the paper's [19, 35] (98 %).
    expect(iv.hi - iv.lo).toBeLessThanOrEqual(16);
    expect(iv.lo).toBeGreaterThanOrEqual(19);
    expect(iv.hi).toBeLessThanOrEqual(35);
    expect(iv.mass).toBeGreaterThanOrEqual(0.95);
  });

  it('rejects a mass outside (0, 1]', () => {
    const d = pathLengthDistribution('residual', 4);
    expect(() => shortestInterval(d, 0)).toThrow(RangeError);
    expect(() => shortestInterval(d, 1.5)).toThrow(RangeError);
  });
});
