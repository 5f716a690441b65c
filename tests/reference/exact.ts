/** Exact integer references (BigInt) for the floating-point maths. */

export function binomialBig(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  const kk = Math.min(k, n - k);
  for (let i = 1; i <= kk; i++) r = (r * BigInt(n - kk + i)) / BigInt(i);
  return r;
}

/** num / den as a double, correctly rounded to ~1e-16 even when both exceed 2^1024. */
export function ratio(num: bigint, den: bigint): number {
  if (num === 0n) return 0;
  const k = Math.max(0, den.toString(2).length - num.toString(2).length + 64);
  const q = (num << BigInt(k)) / den; // at least 64 significant bits
  const qBits = q.toString(2).length;
  const drop = Math.max(0, qBits - 60);
  return Number(q >> BigInt(drop)) * 2 ** (drop - k);
}

/** Natural log of a positive BigInt. */
export function logBig(x: bigint): number {
  const bits = x.toString(2).length;
  const shift = Math.max(0, bits - 60);
  return Math.log(Number(x >> BigInt(shift))) + shift * Math.LN2;
}

/** Integer polynomial product (coefficients as BigInt). */
export function polyMulBig(a: readonly bigint[], b: readonly bigint[]): bigint[] {
  const out = new Array<bigint>(a.length + b.length - 1).fill(0n);
  a.forEach((x, i) => b.forEach((y, j) => (out[i + j]! += x * y)));
  return out;
}

export function polyPowBig(q: readonly number[], n: number): bigint[] {
  let r: bigint[] = [1n];
  const qb = q.map(BigInt);
  for (let i = 0; i < n; i++) r = polyMulBig(r, qb);
  return r;
}
