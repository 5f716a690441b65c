/**
 * Arithmetic on natural logarithms of non-negative numbers. `-Infinity` stands for zero, so
 * sums and products of probabilities far below the smallest double (2^-10000, say) stay exact.
 */

/** log(e^a + e^b), exact for any a, b including -Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** log(Σ e^{x_i}) over a range of an array, with the max-shift that avoids overflow. */
export function logSumExp(xs: ArrayLike<number>, from = 0, to = xs.length): number {
  let max = -Infinity;
  for (let i = from; i < to; i++) {
    const v = xs[i]!;
    if (v > max) max = v;
  }
  if (max === -Infinity) return -Infinity;
  if (max === Infinity) return Infinity;
  let s = 0;
  for (let i = from; i < to; i++) s += Math.exp(xs[i]! - max);
  return max + Math.log(s);
}

/**
 * log(C(n, k) / C(n, ⌊n/2⌋)) for every k = 0..n, walking outward from the middle with the
 * exact ratios C(n, k±1)/C(n, k). Values near the middle stay small, so they keep full
 * absolute precision (a log of size 7,000 would carry errors of 1e-12).
 */
export function logBinomialRelative(n: number): Float64Array {
  assertCount(n, 'n');
  const m = Math.floor(n / 2);
  const r = new Float64Array(n + 1);
  for (let k = m; k > 0; k--) r[k - 1] = r[k]! + Math.log(k / (n - k + 1));
  for (let k = m; k < n; k++) r[k + 1] = r[k]! + Math.log((n - k) / (k + 1));
  return r;
}

/** log C(n, k) for every k = 0..n. */
export function logBinomialRow(n: number): Float64Array {
  const r = logBinomialRelative(n);
  const m = Math.floor(n / 2);
  let logMid = 0;
  for (let i = 1; i <= m; i++) logMid += Math.log((n - m + i) / i);
  return r.map((v) => v + logMid);
}

export function assertCount(n: number, name: string): void {
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  }
}

export function assertProbability(p: number, name: string): void {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must lie in [0, 1], got ${p}`);
}

/** Split a base-10 logarithm into mantissa and exponent: 301.03 → { mantissa: 1.07, exponent: 301 }. */
export function scientificFromLog10(log10: number): { mantissa: number; exponent: number } {
  if (!Number.isFinite(log10)) throw new RangeError(`cannot write 10^${log10}`);
  let exponent = Math.floor(log10);
  let mantissa = 10 ** (log10 - exponent);
  // Rounding can push 9.9999… to 10: keep the mantissa in [1, 10).
  if (mantissa >= 9.995) {
    mantissa = 1;
    exponent += 1;
  }
  return { mantissa, exponent };
}
