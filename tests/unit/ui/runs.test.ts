import { describe, expect, it } from 'vitest';
import {
  applyUpdate,
  newRun,
  pointsUpTo,
  resumable,
  resumeRun,
  settle,
  type Run,
} from '../../../src/ui/sections/training/runs';
import type { MetricPoint, RunConfig } from '../../../src/worker/compute/protocol';

const config = { lr: 0.1, batchSize: 32, epochs: 2 } as RunConfig;
const points: MetricPoint[] = [];
for (let s = 0; s <= 12; s++) {
  if (s > 0) points.push({ step: s, epoch: s / 8, trainLoss: 3 - s / 10 });
  if (s % 4 === 0) points.push({ step: s, epoch: s / 8, testLoss: 2, testAccuracy: s / 20 });
}
const base = newRun(config, null);
const at = (state: Run['progress']['state'], checkpointStep?: number): Run => ({
  ...base,
  points,
  progress: {
    ...base.progress,
    state,
    step: 12,
    totalSteps: 16,
    ...(checkpointStep !== undefined ? { checkpointStep } : {}),
  },
});

describe('runs going on from a checkpoint', () => {
  it('keeps the points up to the checkpoint, less its test point (measured again)', () => {
    const kept = pointsUpTo(points, 8);
    expect(kept.every((p) => p.step <= 8)).toBe(true);
    expect(kept.filter((p) => p.step === 8)).toEqual([{ step: 8, epoch: 1, trainLoss: 2.2 }]);
    expect(kept.filter((p) => p.trainLoss !== undefined)).toHaveLength(8);
    expect(kept.filter((p) => p.testAccuracy !== undefined).map((p) => p.step)).toEqual([0, 4]);
  });

  it('only a run stopped short with a checkpoint can go on', () => {
    expect(resumable(at('stopped', 8))).toBe(true);
    expect(resumable(at('diverged', 8))).toBe(true);
    expect(resumable(at('stopped'))).toBe(false);
    expect(resumable(at('done', 16))).toBe(false);
    expect(resumable(at('running', 8))).toBe(false);
    expect(resumable(settle(at('running', 8)))).toBe(true);
    expect(settle(at('paused', 8)).progress.message).toMatch(/checkpoint at step 8/);
  });

  it('a resumed run has the scaled learning rate, its curves cut back, and a note', () => {
    const r = resumeRun(at('diverged', 8), 0.1);
    expect(r.config.lr).toBe(0.01);
    expect(r.progress).toMatchObject({ state: 'starting', step: 8 });
    expect(Math.max(...r.points.map((p) => p.step))).toBe(8);
    expect(r.notes).toEqual(['went on from step 8 with learning rate 0.01']);
  });

  it('an update that restarts from a step drops the points after it and records the notice', () => {
    const r = applyUpdate(at('running', 4), {
      progress: { ...base.progress, state: 'starting', step: 4 },
      points: [{ step: 4, epoch: 0.5, testLoss: 1, testAccuracy: 0.5 }],
      notice: 'webgpu failed',
      backend: 'wasm',
      restartFrom: 4,
    });
    expect(Math.max(...r.points.map((p) => p.step))).toBe(4);
    expect(r.points.filter((p) => p.step === 4 && p.testAccuracy !== undefined)).toHaveLength(1);
    expect(r.backend).toBe('wasm');
    expect(r.notes).toEqual(['webgpu failed']);
    expect(r.progress.totalSteps).toBe(16);
  });
});
