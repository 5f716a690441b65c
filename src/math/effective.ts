/**
 * The effective paths of Veit et al. (2016), Fig. 6: a residual net of n blocks has C(n, k)
 * paths of length k, and a path of length k carries a gradient of mean magnitude g_k that falls
 * roughly geometrically with k. The total gradient by length is C(n, k)·g_k; most of it comes
 * from a narrow window of short lengths (k = 5–17 of n = 54, 0.45 % of all paths). Counts and
 * products are taken in log space, so n in the hundreds (C(n, k) beyond 1e300) stays exact.
 */
import { assertCount, logBinomialRelative, logBinomialRow, logSumExp } from './logspace';

export interface MeanByLength {
  readonly k: number;
  readonly mean: number;
}

export interface TotalGradientRow {
  readonly k: number;
  /** The depth of the net the row belongs to (so that a row set knows its 2^n). */
  readonly n: number;
  /** C(n, k) as a double; Infinity beyond 1.8e308 (logPaths stays exact). */
  readonly paths: number;
  readonly logPaths: number;
  /** C(n, k)·mean_k; may overflow to Infinity where logTotal does not. */
  readonly total: number;
  readonly logTotal: number;
  /** total_k / Σ_j total_j. */
  readonly share: number;
}

export interface EffectiveRange {
  readonly lo: number;
  readonly hi: number;
  /** Σ share over lo..hi. */
  readonly gradientShare: number;
  /** Σ C(n, k) / 2^n over lo..hi. */
  readonly pathFraction: number;
}

/** The share of all 2^n paths whose length lies in lo..hi (clamped to 0..n). */
export function pathFraction(n: number, lo: number, hi: number): number {
  assertCount(n, 'n');
  if (!Number.isInteger(lo) || !Number.isInteger(hi)) {
    throw new RangeError(`lo and hi must be integers, got ${lo} and ${hi}`);
  }
  const a = Math.max(0, lo);
  const b = Math.min(n, hi);
  if (b < a) return 0;
  // Relative to the middle coefficient both sums stay small, so the ratio keeps full precision.
  const rel = logBinomialRelative(n);
  return Math.min(1, Math.exp(logSumExp(rel, a, b + 1) - logSumExp(rel)));
}

/**
 * C(n, k) as doubles for every k = 0..n, correctly rounded (exact integers below 2^53), by
 * BigInt up to n = 1030; beyond, where the middle ones overflow to Infinity anyway, exp(log C).
 */
export function pathCounts(n: number): number[] {
  assertCount(n, 'n');
  if (n > 1030) return Array.from(logBinomialRow(n), Math.exp);
  const out = [1];
  let c = 1n;
  for (let k = 0; k < n; k++) {
    c = (c * BigInt(n - k)) / BigInt(k + 1);
    out.push(Number(c));
  }
  return out;
}

/** C(n, k) / 2^n for every k = 0..n: the path-length law of an n-block net. */
export function pathLengthShares(n: number): number[] {
  const rel = logBinomialRelative(n);
  const z = logSumExp(rel);
  return Array.from(rel, (v) => Math.exp(v - z));
}

/**
 * Total gradient magnitude by path length: C(n, k)·mean_k for each measured length k, sorted by
 * k, with its share of the sum over the measured lengths.
 */
export function totalGradientByLength(
  n: number,
  meanByLength: readonly MeanByLength[],
): TotalGradientRow[] {
  assertCount(n, 'n');
  if (meanByLength.length === 0) throw new RangeError('no gradient magnitudes given');
  const seen = new Set<number>();
  for (const { k, mean } of meanByLength) {
    if (!Number.isInteger(k) || k < 0 || k > n) {
      throw new RangeError(`path length k must be an integer in 0..${n}, got ${k}`);
    }
    if (seen.has(k)) throw new RangeError(`path length k = ${k} is given twice`);
    seen.add(k);
    if (!Number.isFinite(mean)) {
      throw new RangeError(`the mean gradient at k = ${k} must be finite, got ${mean}`);
    }
    if (mean < 0) throw new RangeError(`the mean gradient at k = ${k} is negative: ${mean}`);
  }
  const logC = logBinomialRow(n);
  const counts = pathCounts(n);
  const sorted = [...meanByLength].sort((a, b) => a.k - b.k);
  const logTotals = sorted.map(({ k, mean }) => logC[k]! + Math.log(mean));
  const logSum = logSumExp(logTotals);
  if (logSum === -Infinity) throw new RangeError('every mean gradient is 0: no shares to take');
  return sorted.map(({ k }, i) => {
    const logPaths = logC[k]!;
    const logTotal = logTotals[i]!;
    return {
      k,
      n,
      paths: counts[k]!,
      logPaths,
      total: Math.exp(logTotal),
      logTotal,
      share: Math.exp(logTotal - logSum),
    };
  });
}

/**
 * The shortest window of lengths lo..hi (hi − lo smallest) whose shares sum to at least
 * `fraction`; among equally short windows the one with the larger share wins, then the leftmost.
 * Lengths missing from `rows` count as share 0. Two pointers over the rows sorted by k.
 */
export function effectiveRange(rows: readonly TotalGradientRow[], fraction = 0.9): EffectiveRange {
  if (rows.length === 0) throw new RangeError('no rows: measure some path lengths first');
  if (!(fraction > 0 && fraction <= 1)) {
    throw new RangeError(`fraction must lie in (0, 1], got ${fraction}`);
  }
  const n = rows[0]!.n;
  for (const r of rows) {
    if (r.n !== n) throw new RangeError(`rows of different depths: n = ${n} and n = ${r.n}`);
    if (!Number.isFinite(r.share) || r.share < 0) {
      throw new RangeError(`the share at k = ${r.k} must be finite and ≥ 0, got ${r.share}`);
    }
  }
  const s = [...rows].sort((a, b) => a.k - b.k);
  // A hair below the request: the shares are rounded and need not sum to exactly 1.
  const need = fraction * (1 - 1e-12);
  let best: { lo: number; hi: number; share: number } | null = null;
  let j = -1;
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    while (sum < need && j < s.length - 1) sum += s[++j]!.share;
    if (sum < need) break;
    const lo = s[i]!.k;
    const hi = s[j]!.k;
    const better =
      best === null ||
      hi - lo < best.hi - best.lo ||
      (hi - lo === best.hi - best.lo && sum > best.share + 1e-15);
    if (better) best = { lo, hi, share: sum };
    sum -= s[i]!.share;
  }
  // The shares sum to less than `fraction` (rounding, or shares of a subset): take them all.
  const lo = best?.lo ?? s[0]!.k;
  const hi = best?.hi ?? s[s.length - 1]!.k;
  let gradientShare = 0;
  for (const r of s) if (r.k >= lo && r.k <= hi) gradientShare += r.share;
  return {
    lo,
    hi,
    gradientShare: Math.min(1, gradientShare),
    pathFraction: pathFraction(n, lo, hi),
  };
}
