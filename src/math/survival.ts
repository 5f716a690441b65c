/**
 * Stochastic depth (Huang et al. 2016): in each training step block l is active with
 * probability p_l and otherwise reduced to its shortcut.
 */
import { blockPolynomial, type BlockFamily } from './blockPaths';
import { normalise, type LogDistribution } from './distribution';
import { assertCount, assertProbability } from './logspace';
import { logProductOfPolynomials } from './product';

export type SurvivalRule = 'uniform' | 'linear';

export const SURVIVAL_RULES: readonly SurvivalRule[] = ['uniform', 'linear'];

/**
 * p_l for l = 1..L. Uniform: p_l = p_L. Linear decay (the paper's default):
 * p_l = 1 − (l / L)(1 − p_L), from nearly 1 at the input to p_L at the last block.
 */
export function survivalProbabilities(L: number, rule: SurvivalRule, pL: number): Float64Array {
  assertCount(L, 'L');
  assertProbability(pL, 'p_L');
  const p = new Float64Array(L);
  for (let l = 1; l <= L; l++) p[l - 1] = rule === 'uniform' ? pL : 1 - (l / L) * (1 - pL);
  return p;
}

/** E[L̃] = Σ p_l, the expected number of active blocks. */
export function expectedDepth(p: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i]!;
  return s;
}

/**
 * The law of the number M of active blocks: a Poisson-binomial, the coefficients of
 * Π_l (1 − p_l + p_l z) (the dynamic programme P_l(m) = P_{l-1}(m)(1 − p_l) + P_{l-1}(m − 1) p_l).
 */
export function activeBlocksDistribution(p: ArrayLike<number>): LogDistribution {
  const factors: number[][] = [];
  for (let l = 0; l < p.length; l++) {
    assertProbability(p[l]!, `p_${l + 1}`);
    factors.push([1 - p[l]!, p[l]!]);
  }
  return normalise(logProductOfPolynomials(factors));
}

/**
 * The length of a path drawn uniformly from the paths that are alive in a training step (a
 * dropped block keeps only its shortcut, so only paths avoiding its functions survive). By
 * definition P(k) = Σ_m P(M = m) · P_m(k), with P_m the path-length law of an m-block net.
 * Choosing uniformly among the alive paths is choosing a uniform route through each active
 * block independently, so the law factorises over blocks: the coefficients of
 * Π_l (1 − p_l + p_l q(z)/q(1)), q the block polynomial. (Tests check it against the sum.)
 */
export function alivePathLengthDistribution(
  family: BlockFamily,
  p: ArrayLike<number>,
): LogDistribution {
  const q = blockPolynomial(family);
  const total = q.reduce((a, b) => a + b, 0);
  const factors: number[][] = [];
  for (let l = 0; l < p.length; l++) {
    const pl = p[l]!;
    assertProbability(pl, `p_${l + 1}`);
    factors.push(q.map((c, k) => (k === 0 ? 1 - pl : 0) + (pl * c) / total));
  }
  return normalise(logProductOfPolynomials(factors));
}
