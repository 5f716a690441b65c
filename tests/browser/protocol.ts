/** Messages between the test/bench page and its compute worker (plain data only). */
import type { BackendName } from '../../src/nn/backend/select';

export type ComputeRequest =
  | { readonly kind: 'check'; readonly backend: BackendName; readonly steps: number }
  | {
      readonly kind: 'bench';
      readonly backend: BackendName;
      readonly batch: number;
      readonly trainSteps: number;
      readonly inferSteps: number;
    };

export interface CheckResult {
  readonly backend: BackendName;
  readonly software: boolean;
  readonly reason: string;
  /** Logits of a fixed net on a fixed batch, at inference, before training. */
  readonly logits: number[];
  /** addN of the 12 scalars 2^0 … 2^11 (4095). */
  readonly addN12: number;
  /** Loss gradient of each trainable tensor of a tiny plain net, by parameter name. */
  readonly gradients: Record<string, number[]>;
  readonly losses: number[];
  readonly accuracyBefore: number;
  readonly accuracyAfter: number;
  readonly tensorsAfterFirstStep: number;
  readonly tensorsAfterLastStep: number;
}

export interface BenchResult {
  readonly backend: BackendName;
  readonly software: boolean;
  readonly reason: string;
  readonly batch: number;
  /** Images per second, median over the timed steps (after one warm-up step). */
  readonly trainImagesPerSecond: number | null;
  readonly inferImagesPerSecond: number;
}

export type ComputeResponse =
  | { readonly ok: true; readonly result: CheckResult | BenchResult }
  | { readonly ok: false; readonly error: string };
