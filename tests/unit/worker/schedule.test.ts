import { describe, expect, it } from 'vitest';
import { learningRate } from '../../../src/nn/train/schedule';
import type { RunConfig } from '../../../src/worker/compute/protocol';
import { scheduleOf } from '../../../src/worker/compute/session';

const RUN = { schedule: 'cosine', lr: 0.05 } as RunConfig;

describe("a run's learning-rate schedule", () => {
  it('warms up linearly over its warm-up epochs, then follows the cosine', () => {
    const s = scheduleOf({ ...RUN, warmupEpochs: 2 }, 78);
    expect(s.warmupSteps).toBe(156);
    const total = 30 * 78;
    expect(learningRate(s, 0, total)).toBeCloseTo(0.05 / 156, 12);
    expect(learningRate(s, 77, total)).toBeCloseTo(0.05 * (78 / 156), 12);
    // After the warm-up: the cosine at that step, as bench/reference_torch.py --warmup does.
    expect(learningRate(s, 156, total)).toBeCloseTo(
      0.025 * (1 + Math.cos((Math.PI * 156) / total)),
      12,
    );
  });

  it('has no warm-up in runs from before the field existed', () => {
    const s = scheduleOf(RUN, 78);
    expect(s.warmupSteps).toBe(0);
    expect(learningRate(s, 0, 100)).toBeCloseTo(0.05, 12);
  });
});
