/** A training run as the page keeps it: its config, curve points, progress and outcome. */
import {
  netFigures,
  type BackendInfo,
  type MetricPoint,
  type RunConfig,
  type RunRecord,
  type RunUpdate,
} from '../../../worker/compute/protocol';

export type Run = RunRecord;

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
  const kept = u.restartFrom === undefined ? run.points : pointsUpTo(run.points, u.restartFrom);
  return {
    ...run,
    points: u.points.length ? [...kept, ...u.points] : kept,
    progress: { ...p, ...(p.totalSteps === 0 ? { totalSteps: run.progress.totalSteps } : {}) },
    ...(u.backend ? { backend: u.backend } : {}),
    ...(u.notice ? { notes: [...(run.notes ?? []), u.notice] } : {}),
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
  return `${familyName} · ${netFigures(c).layers} layers · width ${width} · ${c.dataset === 'embedded' ? 'shapes' : 'CIFAR-10'} · lr ${c.lr} · ${c.epochs} ep${(c.replicas ?? 1) > 1 ? ` · ${c.replicas} replicas` : ''}`;
}

/**
 * The points a run keeps when it goes back to `step` (its checkpoint): everything up to it,
 * less the test point at it, which the resumed session measures again.
 */
export function pointsUpTo(points: readonly MetricPoint[], step: number): MetricPoint[] {
  return points
    .filter((p) => p.step < step || (p.step === step && p.trainLoss !== undefined))
    .map((p) => (p.step === step ? { step: p.step, epoch: p.epoch, trainLoss: p.trainLoss! } : p));
}

/** A run that was running when the page went away is no longer running: say so. */
export function settle(run: Run): Run {
  const s = run.progress.state;
  if (s === 'running' || s === 'paused' || s === 'starting') {
    const at = run.progress.checkpointStep;
    return {
      ...run,
      progress: {
        ...run.progress,
        state: 'stopped',
        message:
          'interrupted when the page was closed' +
          (at !== undefined ? `; it can go on from its checkpoint at step ${at}` : ''),
      },
    };
  }
  return run;
}

/** A run that stopped short of its end and has a checkpoint to go on from. */
export function resumable(run: Run): boolean {
  const p = run.progress;
  return (
    (p.state === 'stopped' || p.state === 'diverged' || p.state === 'failed') &&
    p.checkpointStep !== undefined &&
    p.checkpointStep < p.totalSteps
  );
}

/** The run as it goes on from its checkpoint, with the learning rate scaled by `lrFactor`. */
export function resumeRun(run: Run, lrFactor: number): Run {
  const at = run.progress.checkpointStep ?? 0;
  const lr = Number((run.config.lr * lrFactor).toPrecision(3));
  return {
    ...run,
    config: { ...run.config, lr },
    points: pointsUpTo(run.points, at),
    progress: { ...run.progress, state: 'starting', step: at, message: undefined },
    notes: [
      ...(run.notes ?? []),
      `went on from step ${at}` + (lrFactor !== 1 ? ` with learning rate ${lr}` : ''),
    ],
  };
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
        netFigures(r.config).layers,
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
