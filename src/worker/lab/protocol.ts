/** What the page and the compute worker say about the ensemble lab: plain data only. */
import type { LesionResult } from '../../nn/probes/lesion';
import type { PathGradientRow } from '../../nn/probes/pathGradient';
import type { KRow, ReorderPoint } from '../../nn/probes/sweeps';
import type { RunConfig } from '../compute/protocol';
import type { LabNetInfo } from './labNet';

export type LabSlot = 'a' | 'b';

/** A net to study: a run of this browser (its stored checkpoint), or one shipped with the page. */
export type LabSource =
  | { readonly kind: 'run'; readonly id: number; readonly config: RunConfig }
  | { readonly kind: 'shipped'; readonly key: string };

export interface LabOpened extends LabNetInfo {
  readonly config: RunConfig;
}

export type SweepKind = 'single' | 'k' | 'reorder';

export type SweepResult =
  | { readonly kind: 'single'; readonly errors: number[] }
  | { readonly kind: 'k'; readonly rows: KRow[] }
  | { readonly kind: 'reorder'; readonly points: ReorderPoint[] };

export interface SweepSettings {
  /** Draws for each k of the k-deletion sweep, for k = 1..maxK. */
  readonly draws: number;
  readonly maxK: number;
  /** The reorder sweep: swaps 1..maxSwaps, `reorderDraws` orders each. */
  readonly maxSwaps: number;
  readonly reorderDraws: number;
  readonly seed: number;
}

/** maxK: Veit et al.'s Fig. 5a deletes up to 20 of 54 blocks; past that a net is mostly gone. */
export const SWEEP_SETTINGS: SweepSettings = {
  draws: 3,
  maxK: 20,
  maxSwaps: 5,
  reorderDraws: 3,
  seed: 1,
};

/**
 * Training images the "re-estimate batch-norm statistics" switch averages over: 500 images
 * give each channel's mean and variance from 500 × (32×32 … 8×8) positions, so the estimate
 * is far tighter than the lab's test error (the PyTorch reference, bench/reference_torch.py,
 * uses 2,000 and gives the same errors within the test set's noise).
 */
export const BN_REESTIMATE_IMAGES = 500;

export type { BnChoice } from './labNet';

export interface GradientSettings {
  readonly samplesPerK: number;
  readonly batch: number;
  readonly seed: number;
}

export const GRADIENT_SETTINGS: GradientSettings = { samplesPerK: 10, batch: 32, seed: 1 };

export type { KRow, LesionResult, PathGradientRow, ReorderPoint };
