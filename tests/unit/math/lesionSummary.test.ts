import { describe, expect, it } from 'vitest';
import { summariseDeletions } from '../../../src/math/lesionSummary';

describe('summariseDeletions', () => {
  it('averages the rise over the measured shape-keeping blocks only', () => {
    const s = summariseDeletions(
      [0.12, 0.9, null, 0.1, 0.3, Number.NaN],
      [false, true, false, false, false, false],
      0.1,
    )!;
    expect(s.blocks).toBe(3);
    expect(s.meanRise).toBeCloseTo((0.02 + 0 + 0.2) / 3, 12);
    expect(s.maxRise).toBeCloseTo(0.2, 12);
    expect(s.under).toBe(2);
    expect(summariseDeletions([null], [false], 0.1)).toBeNull();
  });
});
