/**
 * Polynomials with non-negative coefficients held as natural logs of their coefficients, so
 * that products of hundreds of factors neither overflow nor lose their tails.
 */

export function logCoefficients(poly: readonly number[]): Float64Array {
  return Float64Array.from(poly, (c) => {
    if (!(c >= 0)) throw new RangeError(`coefficients must be non-negative, got ${c}`);
    return Math.log(c);
  });
}

/** The product of two log-coefficient polynomials (a log-space convolution). */
export function logMultiply(a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length + b.length - 1);
  // b is the small factor in practice (a block's polynomial, degree ≤ 4): loop over it inside.
  for (let j = 0; j < out.length; j++) {
    const iLo = Math.max(0, j - a.length + 1);
    const iHi = Math.min(b.length - 1, j);
    let max = -Infinity;
    for (let i = iLo; i <= iHi; i++) {
      const v = b[i]! + a[j - i]!;
      if (v > max) max = v;
    }
    if (max === -Infinity) {
      out[j] = -Infinity;
      continue;
    }
    let s = 0;
    for (let i = iLo; i <= iHi; i++) s += Math.exp(b[i]! + a[j - i]! - max);
    out[j] = max + Math.log(s);
  }
  return out;
}

/**
 * log-coefficients of q(z)^n, calling `visit(m, q^m)` for every m = 0..n on the way (the
 * stochastic-depth mixture needs every power). The arrays passed to `visit` are not reused.
 */
export function logPower(
  logq: Float64Array,
  n: number,
  visit?: (m: number, power: Float64Array) => void,
): Float64Array {
  let cur: Float64Array = new Float64Array([0]);
  visit?.(0, cur);
  for (let m = 1; m <= n; m++) {
    cur = logMultiply(cur, logq);
    visit?.(m, cur);
  }
  return cur;
}

/** log-coefficients of the product of several polynomials (a net's blocks, say). */
export function logProduct(factors: readonly Float64Array[]): Float64Array {
  return factors.reduce((acc, f) => logMultiply(acc, f), new Float64Array([0]));
}
