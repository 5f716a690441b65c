import { describe, expect, it } from 'vitest';
import {
  effectiveRange,
  pathCounts,
  pathFraction,
  pathLengthShares,
  totalGradientByLength,
  type MeanByLength,
  type TotalGradientRow,
} from '../../../src/math/effective';
import { seededRandom } from '../../../src/math/random';
import { binomialBig, logBig, ratio } from '../../reference/exact';

/** Σ_{k=lo..hi} C(n, k) / 2^n, exactly (BigInt), then rounded once. */
function exactFraction(n: number, lo: number, hi: number): number {
  let s = 0n;
  for (let k = Math.max(0, lo); k <= Math.min(n, hi); k++) s += binomialBig(n, k);
  return ratio(s, 1n << BigInt(n));
}

/** Every window lo..hi over 0..n: the shortest holding `fraction`, then the largest share. */
function bruteForceWindow(rows: readonly TotalGradientRow[], n: number, fraction: number) {
  const share = new Array<number>(n + 1).fill(0);
  for (const r of rows) share[r.k] = r.share;
  let best: { lo: number; hi: number; share: number } | null = null;
  for (let lo = 0; lo <= n; lo++) {
    let s = 0;
    for (let hi = lo; hi <= n; hi++) {
      s += share[hi]!;
      if (s < fraction * (1 - 1e-12)) continue;
      if (
        best === null ||
        hi - lo < best.hi - best.lo ||
        (hi - lo === best.hi - best.lo && s > best.share)
      ) {
        best = { lo, hi, share: s };
      }
      break; // a longer window from the same lo is never better
    }
  }
  return best;
}

/** A random net depth, a random subset of measured lengths and random positive means. */
function randomCase(random: () => number) {
  const n = 1 + Math.floor(random() * 60);
  const means: MeanByLength[] = [];
  const decay = 0.05 + random() * 0.9;
  for (let k = 0; k <= n; k++) {
    if (random() < 0.75) means.push({ k, mean: decay ** k * (0.2 + random()) });
  }
  if (means.length === 0) means.push({ k: 0, mean: 1 });
  // Shuffle: the function must not rely on the input order.
  for (let i = means.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [means[i], means[j]] = [means[j]!, means[i]!];
  }
  return { n, means };
}

describe('pathFraction', () => {
  it('is 0.45 % for the effective paths k = 5–17 of a 54-block net (Veit et al. 2016)', () => {
    expect(pathFraction(54, 5, 17)).toBeCloseTo(0.00454, 5);
    expect(pathFraction(54, 5, 17)).toBeCloseTo(exactFraction(54, 5, 17), 15);
    expect((pathFraction(54, 5, 17) * 100).toFixed(2)).toBe('0.45');
  });

  it('equals the exact BigInt sum of binomials over 2^n for every window, n ≤ 24', () => {
    for (let n = 0; n <= 24; n++) {
      for (let lo = 0; lo <= n; lo++) {
        for (let hi = lo; hi <= n; hi++) {
          const want = exactFraction(n, lo, hi);
          expect(Math.abs(pathFraction(n, lo, hi) - want)).toBeLessThanOrEqual(
            1e-14 * want + 1e-300,
          );
        }
      }
    }
  });

  it('stays accurate (relative 1e-12) for n = 100 and n = 1000, tails included', () => {
    for (const [n, lo, hi] of [
      [100, 0, 0],
      [100, 0, 10],
      [100, 40, 60],
      [100, 95, 100],
      [1000, 0, 3],
      [1000, 480, 520],
    ] as const) {
      const want = exactFraction(n, lo, hi);
      expect(Math.abs(pathFraction(n, lo, hi) / want - 1), `${n} ${lo} ${hi}`).toBeLessThan(1e-12);
    }
  });

  it('clamps to 0..n, is 0 for an empty window and 1 for all lengths', () => {
    expect(pathFraction(10, -5, 20)).toBe(1);
    expect(pathFraction(10, 0, 10)).toBeCloseTo(1, 15);
    expect(pathFraction(10, 6, 5)).toBe(0);
    expect(pathFraction(10, 11, 20)).toBe(0);
  });

  it('rejects non-integer bounds and depths', () => {
    expect(() => pathFraction(10, 1.5, 3)).toThrow(RangeError);
    expect(() => pathFraction(10, 1, NaN)).toThrow(RangeError);
    expect(() => pathFraction(-1, 0, 0)).toThrow(RangeError);
    expect(() => pathFraction(2.5, 0, 1)).toThrow(RangeError);
  });
});

describe('pathCounts', () => {
  it('is C(n, k) correctly rounded (exact below 2^53), Infinity past the largest double', () => {
    for (const n of [0, 5, 54, 100, 1000, 1030]) {
      const c = pathCounts(n);
      expect(c).toHaveLength(n + 1);
      for (let k = 0; k <= n; k += Math.max(1, Math.floor(n / 23))) {
        expect(c[k]).toBe(Number(binomialBig(n, k)));
      }
    }
    expect(pathCounts(2000)[1000]).toBe(Infinity);
    expect(pathCounts(2000)[1]! / 2000).toBeCloseTo(1, 11);
  });
});

describe('pathLengthShares', () => {
  it('is C(n, k) / 2^n exactly', () => {
    for (const n of [0, 1, 7, 54]) {
      const p = pathLengthShares(n);
      expect(p).toHaveLength(n + 1);
      p.forEach((v, k) => expect(v).toBeCloseTo(exactFraction(n, k, k), 15));
    }
  });
});

describe('totalGradientByLength', () => {
  it('total = C(n, k)·mean and share = total / Σ totals (BigInt binomials), sorted by k', () => {
    const random = seededRandom(11);
    for (const n of [0, 3, 10, 54, 100]) {
      const means = Array.from({ length: n + 1 }, (_, k) => ({ k, mean: 0.1 + random() }))
        .filter(() => random() < 0.8)
        .reverse();
      if (means.length === 0) means.push({ k: 0, mean: 1 });
      const rows = totalGradientByLength(n, means);
      const totals = means.map((m) => Number(binomialBig(n, m.k)) * m.mean);
      const sum = totals.reduce((a, b) => a + b, 0);
      expect(rows.map((r) => r.k)).toEqual(means.map((m) => m.k).sort((a, b) => a - b));
      for (const r of rows) {
        const i = means.findIndex((m) => m.k === r.k);
        expect(r.n).toBe(n);
        expect(Math.abs(r.logPaths - logBig(binomialBig(n, r.k)))).toBeLessThan(
          1e-12 * Math.max(1, r.logPaths),
        );
        expect(r.paths).toBe(Number(binomialBig(n, r.k)));
        expect(r.total / totals[i]!).toBeCloseTo(1, 12);
        expect(r.logTotal).toBeCloseTo(Math.log(totals[i]!), 10);
        expect(r.share / (totals[i]! / sum)).toBeCloseTo(1, 12);
      }
      expect(rows.reduce((a, r) => a + r.share, 0)).toBeCloseTo(1, 13);
    }
  });

  it('means r^k give shares Binomial(n, r/(1+r)): C(n,k) r^k / (1+r)^n', () => {
    const n = 54;
    const r = 0.25;
    const p = r / (1 + r);
    const rows = totalGradientByLength(
      n,
      Array.from({ length: n + 1 }, (_, k) => ({ k, mean: r ** k })),
    );
    for (const row of rows) {
      const want = Math.exp(row.logPaths + row.k * Math.log(p) + (n - row.k) * Math.log1p(-p));
      expect(Math.abs(row.share - want)).toBeLessThan(1e-14);
    }
  });

  it('keeps logs exact where C(n, k) overflows a double (n = 2000)', () => {
    const rows = totalGradientByLength(2000, [
      { k: 1000, mean: 1e-250 },
      { k: 10, mean: 1 },
    ]);
    expect(rows[1]!.paths).toBe(Infinity);
    expect(rows[1]!.logPaths).toBeCloseTo(logBig(binomialBig(2000, 1000)), 9);
    expect(rows.every((r) => Number.isFinite(r.share))).toBe(true);
    expect(rows[0]!.share + rows[1]!.share).toBeCloseTo(1, 14);
    expect(rows[1]!.share).toBeGreaterThan(0.99);
  });

  it('gives a zero mean a zero share', () => {
    const rows = totalGradientByLength(5, [
      { k: 1, mean: 0 },
      { k: 2, mean: 1 },
    ]);
    expect(rows[0]!.share).toBe(0);
    expect(rows[0]!.logTotal).toBe(-Infinity);
    expect(rows[1]!.share).toBe(1);
  });

  it('rejects bad input with a RangeError that says what is wrong', () => {
    expect(() => totalGradientByLength(5, [])).toThrow(/no gradient magnitudes/);
    expect(() => totalGradientByLength(5, [{ k: 1, mean: NaN }])).toThrow(/finite/);
    expect(() => totalGradientByLength(5, [{ k: 1, mean: Infinity }])).toThrow(/finite/);
    expect(() => totalGradientByLength(5, [{ k: 1, mean: -1 }])).toThrow(/negative/);
    expect(() => totalGradientByLength(5, [{ k: 6, mean: 1 }])).toThrow(/0\.\.5/);
    expect(() => totalGradientByLength(5, [{ k: 1.5, mean: 1 }])).toThrow(RangeError);
    expect(() =>
      totalGradientByLength(5, [
        { k: 1, mean: 1 },
        { k: 1, mean: 2 },
      ]),
    ).toThrow(/twice/);
    expect(() => totalGradientByLength(5, [{ k: 1, mean: 0 }])).toThrow(/all zero|every mean/);
    expect(() => totalGradientByLength(-1, [{ k: 0, mean: 1 }])).toThrow(RangeError);
  });
});

describe('effectiveRange', () => {
  it('matches a brute-force search over every window (seeded random cases)', () => {
    const random = seededRandom(2016);
    for (let t = 0; t < 300; t++) {
      const { n, means } = randomCase(random);
      const rows = totalGradientByLength(n, means);
      const fraction = t % 10 === 0 ? 1 : 0.05 + 0.95 * random();
      const got = effectiveRange(rows, fraction);
      const want = bruteForceWindow(rows, n, fraction);
      if (want === null) {
        // Shares sum a hair below 1: the whole measured range.
        expect(got.lo).toBe(rows[0]!.k);
        expect(got.hi).toBe(rows[rows.length - 1]!.k);
        continue;
      }
      expect(got.hi - got.lo, `case ${t}`).toBe(want.hi - want.lo);
      expect(got.gradientShare).toBeCloseTo(want.share, 12);
      expect(got.gradientShare).toBeGreaterThanOrEqual(fraction * (1 - 1e-9));
      expect(Math.abs(got.pathFraction - exactFraction(n, got.lo, got.hi))).toBeLessThan(
        1e-13 * exactFraction(n, got.lo, got.hi) + 1e-300,
      );
      // Its ends are measured lengths: a window never ends on a length with nothing in it.
      expect(rows.some((r) => r.k === got.lo && r.share > 0)).toBe(true);
      expect(rows.some((r) => r.k === got.hi && r.share > 0)).toBe(true);
    }
  });

  it('finds the short-path window of a 54-block net with geometrically falling gradients', () => {
    // A path of length k shrinks the gradient by about 0.2 per block: total ∝ Binomial(54, 1/6).
    const rows = totalGradientByLength(
      54,
      Array.from({ length: 55 }, (_, k) => ({ k, mean: 0.2 ** k })),
    );
    const r = effectiveRange(rows, 0.9);
    const mode = Math.floor((54 + 1) / 6);
    expect(r.lo).toBeLessThanOrEqual(mode);
    expect(r.hi).toBeGreaterThanOrEqual(mode);
    expect(r.hi).toBeLessThan(27); // far shorter than the typical path length n/2
    expect(r.pathFraction).toBeLessThan(0.01);
    expect(r.gradientShare).toBeGreaterThanOrEqual(0.9);
  });

  it('breaks ties between equally short windows by the larger share', () => {
    // Totals 1, 2, 1.5 (shares 2/9, 4/9, 3/9): no single length holds 60 %; of the two
    // windows of two lengths both do, and 1–2 (7/9) beats the leftmost 0–1 (6/9).
    const rows = totalGradientByLength(4, [
      { k: 0, mean: 1 },
      { k: 1, mean: 2 / 4 },
      { k: 2, mean: 1.5 / 6 },
    ]);
    expect(effectiveRange(rows, 0.6)).toMatchObject({ lo: 1, hi: 2 });
    expect(effectiveRange(rows, 0.6).gradientShare).toBeCloseTo(7 / 9, 14);
    expect(effectiveRange(rows, 0.4)).toMatchObject({ lo: 1, hi: 1 });
  });

  it('fraction 1 spans every length with a positive share', () => {
    const rows = totalGradientByLength(10, [
      { k: 0, mean: 0 },
      { k: 2, mean: 1 },
      { k: 7, mean: 1 },
      { k: 9, mean: 0 },
    ]);
    expect(effectiveRange(rows, 1)).toMatchObject({ lo: 2, hi: 7 });
    expect(effectiveRange(rows, 1).pathFraction).toBeCloseTo(exactFraction(10, 2, 7), 14);
  });

  it('rejects bad input with clear RangeErrors', () => {
    const rows = totalGradientByLength(4, [{ k: 1, mean: 1 }]);
    expect(() => effectiveRange([], 0.9)).toThrow(/no rows/);
    for (const f of [0, -0.1, 1.01, NaN]) {
      expect(() => effectiveRange(rows, f)).toThrow(/fraction must lie in \(0, 1\]/);
    }
    const other = totalGradientByLength(5, [{ k: 2, mean: 1 }]);
    expect(() => effectiveRange([...rows, ...other], 0.9)).toThrow(/different depths/);
    expect(() => effectiveRange([{ ...rows[0]!, share: NaN }], 0.9)).toThrow(/share/);
  });
});
