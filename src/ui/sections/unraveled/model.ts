/**
 * Everything the unraveled-view section shows, derived from the URL state by the pure maths.
 * No React, no DOM: the page, the tests and the benchmark all call this one function.
 */
import type { BlockFamily } from '../../../math/blockPaths';
import {
  mean,
  shortestInterval,
  type Interval,
  type LogDistribution,
} from '../../../math/distribution';
import { enumerateNetPaths, type NetPath } from '../../../math/expansion';
import {
  log10TotalPaths,
  pathLengthDistribution,
  pathLengthMoments,
  totalPathsExact,
} from '../../../math/paths';
import {
  alivePathLengthDistribution,
  expectedDepth,
  survivalProbabilities,
  type SurvivalRule,
} from '../../../math/survival';
import { pathsPerBlock } from '../../../math/blockPaths';

/** The graph draws every path up to this many; the formula lists terms up to TERM_LIMIT. */
export const GRAPH_PATH_LIMIT = 64;
export const TERM_LIMIT = 16;

export interface UnraveledInput {
  readonly n: number;
  readonly family: BlockFamily;
  readonly sd: boolean;
  readonly rule: SurvivalRule;
  readonly pL: number;
}

export interface UnraveledModel {
  readonly input: UnraveledInput;
  readonly dist: LogDistribution;
  readonly mean: number;
  readonly std: number;
  readonly interval95: Interval;
  readonly log10Total: number;
  /** Exact path count when it is small enough to print in full. */
  readonly totalExact?: bigint;
  /** Stochastic depth: survival of each block, E[L̃] and the alive-path law. */
  readonly survival?: {
    readonly p: Float64Array;
    readonly expectedDepth: number;
    readonly alive: LogDistribution;
    readonly aliveMean: number;
  };
  /** Every path, when there are few enough to draw. */
  readonly paths?: readonly NetPath[];
}

export function computeUnraveledModel(input: UnraveledInput): UnraveledModel {
  const { n, family, sd, rule, pL } = input;
  const dist = pathLengthDistribution(family, n);
  const moments = pathLengthMoments(family, n);
  const log10Total = log10TotalPaths(family, n);
  const totalCount = pathsPerBlock(family) ** n;
  const model: UnraveledModel = {
    input,
    dist,
    mean: moments.mean,
    std: moments.std,
    interval95: shortestInterval(dist, 0.95),
    log10Total,
    ...(log10Total < 15 ? { totalExact: totalPathsExact(family, n) } : {}),
    ...(totalCount <= GRAPH_PATH_LIMIT ? { paths: enumerateNetPaths(family, n) } : {}),
  };
  if (!sd || family === 'noShortcut') return model;
  const p = survivalProbabilities(n, rule, pL);
  const alive = alivePathLengthDistribution(family, p);
  return {
    ...model,
    survival: { p, expectedDepth: expectedDepth(p), alive, aliveMean: mean(alive) },
  };
}
