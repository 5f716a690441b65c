import { logSumExp } from './logspace';

/**
 * A discrete distribution on 0..K held as natural-log probabilities (`logp[k] = log P(k)`),
 * so that tails such as 2^-10000 are represented exactly instead of underflowing to 0.
 */
export interface LogDistribution {
  readonly logp: Float64Array;
}

/** Normalise log weights so that they sum to 1 (in linear space). */
export function normalise(logw: Float64Array): LogDistribution {
  const z = logSumExp(logw);
  if (!Number.isFinite(z)) throw new RangeError('cannot normalise: the weights sum to 0');
  const logp = new Float64Array(logw.length);
  for (let k = 0; k < logw.length; k++) logp[k] = logw[k]! - z;
  return { logp };
}

export function probabilities(d: LogDistribution): Float64Array {
  return d.logp.map((v) => Math.exp(v));
}

export function mean(d: LogDistribution): number {
  let m = 0;
  for (let k = 0; k < d.logp.length; k++) m += k * Math.exp(d.logp[k]!);
  return m;
}

export function standardDeviation(d: LogDistribution): number {
  const mu = mean(d);
  let v = 0;
  for (let k = 0; k < d.logp.length; k++) v += (k - mu) ** 2 * Math.exp(d.logp[k]!);
  return Math.sqrt(v);
}

/** P(a ≤ K ≤ b); the bounds are clamped to the support, an empty interval has mass 0. */
export function massInInterval(d: LogDistribution, a: number, b: number): number {
  const lo = Math.max(0, Math.ceil(a));
  const hi = Math.min(d.logp.length - 1, Math.floor(b));
  if (hi < lo) return 0;
  return Math.min(1, Math.exp(logSumExp(d.logp, lo, hi + 1)));
}

export interface Interval {
  readonly lo: number;
  readonly hi: number;
  readonly mass: number;
}

/**
 * The shortest integer interval [lo, hi] whose mass is at least `target`. Among intervals of
 * that length the one holding the most mass wins (then the leftmost). Two pointers: for each
 * lo the smallest sufficient hi never decreases, so the scan is linear in the support size.
 */
export function shortestInterval(d: LogDistribution, target: number): Interval {
  if (!(target > 0 && target <= 1)) throw new RangeError(`mass must lie in (0, 1], got ${target}`);
  const p = probabilities(d);
  const K = p.length;
  // Compare against a target a hair below the request: the sum of exp(logp) carries rounding.
  const need = target * (1 - 1e-12);
  let best: Interval | null = null;
  let hi = -1;
  let mass = 0;
  for (let lo = 0; lo < K; lo++) {
    while (mass < need && hi < K - 1) mass += p[++hi]!;
    if (mass < need) break;
    const better =
      best === null ||
      hi - lo < best.hi - best.lo ||
      (hi - lo === best.hi - best.lo && mass > best.mass + 1e-15);
    if (better) best = { lo, hi, mass: Math.min(1, mass) };
    mass -= p[lo]!;
  }
  if (best === null) return { lo: 0, hi: K - 1, mass: massInInterval(d, 0, K - 1) };
  // The running sum drifts a little; report the mass summed afresh in log space.
  return { lo: best.lo, hi: best.hi, mass: massInInterval(d, best.lo, best.hi) };
}
