/**
 * The unraveled view of a residual net (Veit, Wilber & Belongie 2016): a net of n blocks is a
 * collection of paths, and the number of functions a path passes through is its length.
 */
import { blockPolynomial, type BlockFamily } from './blockPaths';
import { normalise, type LogDistribution } from './distribution';
import { assertCount, logBinomialRelative } from './logspace';
import { logProductOfPolynomials } from './product';

/**
 * P(k) = the fraction of all paths of an n-block net that pass through k functions.
 * Residual nets: the binomial C(n, k) / 2^n, computed in closed form in log space. Other
 * families: the coefficients of the block polynomial raised to the n-th power, normalised.
 */
export function pathLengthDistribution(family: BlockFamily, n: number): LogDistribution {
  assertCount(n, 'n');
  if (family === 'residual') {
    return normalise(logBinomialRelative(n));
  }
  const q = blockPolynomial(family);
  return normalise(logProductOfPolynomials(new Array<number[]>(n).fill(q)));
}

/** log10 of the number of paths: (paths per block)^n. */
export function log10TotalPaths(family: BlockFamily, n: number): number {
  assertCount(n, 'n');
  const perBlock = blockPolynomial(family).reduce((a, b) => a + b, 0);
  return n * Math.log10(perBlock);
}

/** Exact number of paths as a BigInt (for small n, and for tests). */
export function totalPathsExact(family: BlockFamily, n: number): bigint {
  assertCount(n, 'n');
  const perBlock = BigInt(blockPolynomial(family).reduce((a, b) => a + b, 0));
  return perBlock ** BigInt(n);
}

/** Mean and standard deviation of the path length, from the block polynomial in closed form. */
export function pathLengthMoments(family: BlockFamily, n: number): { mean: number; std: number } {
  assertCount(n, 'n');
  const q = blockPolynomial(family);
  const total = q.reduce((a, b) => a + b, 0);
  const mu = q.reduce((s, c, k) => s + (k * c) / total, 0);
  const variance = q.reduce((s, c, k) => s + ((k - mu) ** 2 * c) / total, 0);
  return { mean: n * mu, std: Math.sqrt(n * variance) };
}

/** The length of the longest path: n times the block polynomial's degree. */
export function maxPathLength(family: BlockFamily, n: number): number {
  return n * (blockPolynomial(family).length - 1);
}
