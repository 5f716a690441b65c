/** A training run as the page keeps it: its config, curve points, progress and outcome. */
import type {
  BackendInfo,
  MetricPoint,
  RunConfig,
  RunProgress,
  RunUpdate,
} from '../../../worker/compute/protocol';

export interface Run {
  /** Start time in ms since the epoch: unique, and the storage key. */
  readonly id: number;
  readonly config: RunConfig;
  readonly backend: string;
  readonly points: readonly MetricPoint[];
  readonly progress: RunProgress;
  /** Seconds spent training (pauses excluded), from the last progress. */
  readonly seconds: number;
}

export const RUN_COLOURS = [
  '#2f5bd3',
  '#e0662f',
  '#2a9d8f',
  '#8e44ad',
  '#c0392b',
  '#7f8c8d',
  '#d4a017',
];

export function newRun(config: RunConfig, backend: BackendInfo | null): Run {
  return {
    id: Date.now(),
    config,
    backend: backend ? `${backend.name}${backend.software ? ' (software)' : ''}` : 'starting',
    points: [],
    progress: {
      state: 'starting',
      step: 0,
      totalSteps: 0,
      epoch: 0,
      imagesPerSecond: 0,
      secondsLeft: NaN,
    },
    seconds: 0,
  };
}

export function applyUpdate(run: Run, u: RunUpdate): Run {
  const p = u.progress;
  return {
    ...run,
    points: u.points.length ? [...run.points, ...u.points] : run.points,
    progress: p,
    seconds:
      p.imagesPerSecond > 0 ? (p.step * run.config.batchSize) / p.imagesPerSecond : run.seconds,
  };
}

export function bestAccuracy(run: Run): number | null {
  let best: number | null = null;
  for (const p of run.points) {
    if (p.testAccuracy !== undefined && (best === null || p.testAccuracy > best))
      best = p.testAccuracy;
  }
  return best;
}

/** "ResNet (plain) · 8 layers · width ¼ · embedded" */
export function describeRun(c: RunConfig, familyName: string): string {
  const width = c.width === 0.25 ? '¼' : c.width === 0.5 ? '½' : String(c.width);
  return `${familyName} · ${6 * c.n + 2} layers · width ${width} · ${c.dataset === 'embedded' ? 'shapes' : 'CIFAR-10'} · lr ${c.lr} · ${c.epochs} ep`;
}

/** A run that was running when the page went away is no longer running: say so. */
export function settle(run: Run): Run {
  const s = run.progress.state;
  if (s === 'running' || s === 'paused' || s === 'starting') {
    return {
      ...run,
      progress: {
        ...run.progress,
        state: 'stopped',
        message: 'interrupted when the page was closed',
      },
    };
  }
  return run;
}

/** Mean training loss over the first and the last `k` steps (for the table and its tests). */
export function lossEnds(run: Run, k = 5): { start: number; end: number } | null {
  const losses = run.points.flatMap((p) => (p.trainLoss === undefined ? [] : [p.trainLoss]));
  if (losses.length < 2 * k) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return { start: mean(losses.slice(0, k)), end: mean(losses.slice(-k)) };
}

/** Every point of every run, one CSV row each. */
export function runsCsv(
  runs: readonly Run[],
  familyName: (id: string) => string,
): {
  header: string[];
  rows: (string | number | undefined)[][];
} {
  return {
    header: [
      'run',
      'block',
      'layers',
      'width',
      'dataset',
      'lr',
      'step',
      'epoch',
      'train_loss',
      'test_loss',
      'test_accuracy',
    ],
    rows: runs.flatMap((r, i) =>
      r.points.map((p) => [
        i + 1,
        familyName(r.config.family),
        6 * r.config.n + 2,
        r.config.width,
        r.config.dataset,
        r.config.lr,
        p.step,
        Number(p.epoch.toFixed(4)),
        p.trainLoss,
        p.testLoss,
        p.testAccuracy,
      ]),
    ),
  };
}
