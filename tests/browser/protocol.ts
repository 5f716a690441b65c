/** Messages between the test/bench page and its compute worker (plain data only). */
import type { BenchCase, BenchFigures } from '../../bench/trainBench';
import type { BackendName } from '../../src/nn/backend/select';

export type ComputeRequest =
  | { readonly kind: 'check'; readonly backend: BackendName; readonly steps: number }
  | ({ readonly kind: 'bench' } & BenchCase)
  | { readonly kind: 'generate'; readonly train: number; readonly test: number }
  | { readonly kind: 'memory'; readonly backend: BackendName; readonly steps: number }
  | { readonly kind: 'fallback'; readonly loseAtStep: number };

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

export interface BenchResult extends BenchFigures {
  readonly backend: BackendName;
  readonly software: boolean;
  readonly reason: string;
}

/** Milliseconds to generate the embedded set in a worker. */
export interface GenerateResult {
  readonly ms: number;
  readonly images: number;
}

/** The app's default tiny net trained `steps` steps: speed and tf.memory() after 1 and all. */
export interface MemoryResult {
  readonly backend: BackendName;
  readonly software: boolean;
  readonly imagesPerSecond: number;
  readonly after1: { readonly tensors: number; readonly bytes: number };
  readonly afterAll: { readonly tensors: number; readonly bytes: number };
}

/** A run started on WebGPU whose device is destroyed mid-run: who took over, and from where. */
export interface FallbackResult {
  readonly state: string;
  readonly backend: BackendName;
  readonly notices: string[];
  readonly restartFrom: number[];
  readonly lastStep: number;
  readonly totalSteps: number;
  readonly trainPoints: number;
}

export type ComputeResponse =
  | {
      readonly ok: true;
      readonly result: CheckResult | BenchResult | GenerateResult | MemoryResult | FallbackResult;
    }
  | { readonly ok: false; readonly error: string };
