/**
 * What the page and the compute worker say to each other: plain numbers, strings and arrays,
 * never tensors. The calls themselves are Comlink's (typed by the worker class).
 */
import type { DatasetId } from '../../data/summary';
import type { BackendName } from '../../nn/backend/select';
import type { BlockFamilyId, BlockOptions } from '../../nn/blocks/types';
import type { ScheduleKind } from '../../nn/train/schedule';

/** Backends that run on the CPU's cores, where data-parallel replicas help (a GPU runs one). */
export const CPU_BACKENDS: readonly BackendName[] = ['wasm', 'cpu'];

export interface RunConfig {
  readonly family: BlockFamilyId;
  /** Depth parameter: 6n + 2 layers. */
  readonly n: number;
  readonly width: number;
  readonly options: Partial<BlockOptions>;
  readonly dataset: DatasetId;
  /** Training images used (a prefix of the split; the whole split when larger). */
  readonly trainImages: number;
  readonly testImages: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly schedule: ScheduleKind;
  readonly augment: boolean;
  readonly seed: number;
  /** Evaluate on the test images this many times an epoch. */
  readonly evalsPerEpoch: number;
  /**
   * Data-parallel replicas K: each step's batch in K shards, one a thread (src/nn/parallel).
   * Absent (runs from before): 1.
   */
  readonly replicas?: number;
  /**
   * Epochs of linear learning-rate warm-up before the schedule (He et al. warm up their
   * 110-layer net; absent, runs from before: none).
   */
  readonly warmupEpochs?: number;
}

/** What the page says about each block family (no TensorFlow.js: read at once). */
export {
  FAMILIES,
  FAMILY_LIST,
  familyTex,
  shortFamilyName,
  type FamilyEntry,
} from '../../nn/blocks/catalog';
export { OPTION_SPECS, resolveOptions, type OptionSpec } from '../../nn/blocks/options';

/** A net's size from its blocks' structure, without TensorFlow.js (the page shows it at once). */
export {
  blockFigures,
  bottleneckWeights,
  netFigures,
  type NetFigures,
} from '../../nn/blocks/structure';
export { formulaDisplayTex, formulaLines } from '../../nn/blocks/formula';
export { formulaDiagram, type Diagram } from '../../nn/blocks/diagram';

export interface BackendInfo {
  readonly name: BackendName;
  readonly software: boolean;
  /** Why this backend. */
  readonly reason: string;
  /** Why not each one before it: "webgl: passed over: …". */
  readonly passedOver: readonly string[];
}

export interface MetricPoint {
  readonly step: number;
  /** Fractional epoch at this point. */
  readonly epoch: number;
  readonly trainLoss?: number;
  readonly testLoss?: number;
  readonly testAccuracy?: number;
}

export type RunState =
  'starting' | 'running' | 'paused' | 'done' | 'stopped' | 'diverged' | 'failed';

export interface RunProgress {
  readonly state: RunState;
  readonly step: number;
  readonly totalSteps: number;
  readonly epoch: number;
  readonly imagesPerSecond: number;
  readonly secondsLeft: number;
  /** Threads the steps run on now (the replicas that started; 1 without). */
  readonly threads?: number;
  /** The step of the latest checkpoint in storage: the run can go on from there. */
  readonly checkpointStep?: number;
  readonly message?: string;
}

/** What the worker sends during a run, at most a few times a second. */
export interface RunUpdate {
  readonly progress: RunProgress;
  /** Points since the last update. */
  readonly points: readonly MetricPoint[];
  /** Something the user should know about the run (a backend that failed and who took over). */
  readonly notice?: string;
  /** The backend the run goes on with, when it changed. */
  readonly backend?: string;
  /** The run goes back to this step: points after it are dropped. */
  readonly restartFrom?: number;
}

/** One backend's speed on the current net, or why it could not be measured. */
export interface BackendMeasure {
  readonly name: BackendName;
  readonly imagesPerSecond: number | null;
  readonly software: boolean;
  readonly note: string;
}

/** A training run as the page keeps it (IndexedDB, run files): config, curves, outcome. */
export interface RunRecord {
  /** Start time in ms since the epoch: unique, and the storage key. */
  readonly id: number;
  readonly config: RunConfig;
  readonly backend: string;
  readonly points: readonly MetricPoint[];
  readonly progress: RunProgress;
  /** Seconds spent training (pauses excluded), from the last progress. */
  readonly seconds: number;
  /** What happened on the way: resumed, a backend that failed, an import. */
  readonly notes?: readonly string[];
}
export type { FlowRow, GatePoint, NetVariant, ShortRun, StepTime } from '../lessons/lessons';
