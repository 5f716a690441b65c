import { describe, expect, it } from 'vitest';
import { computeUnraveledModel } from '../../../src/ui/sections/unraveled/model';
import { formatProbability, formatPercent, countTex } from '../../../src/ui/format';

describe('unraveled-view model', () => {
  it('draws the graph only while the paths fit (64), and stochastic depth only when on', () => {
    const base = { family: 'residual', sd: false, rule: 'linear', pL: 0.5 } as const;
    expect(computeUnraveledModel({ ...base, n: 6 }).paths).toHaveLength(64);
    expect(computeUnraveledModel({ ...base, n: 7 }).paths).toBeUndefined();
    expect(computeUnraveledModel({ ...base, family: 'midpoint', n: 3 }).paths).toHaveLength(27);
    expect(computeUnraveledModel({ ...base, n: 6 }).survival).toBeUndefined();
    const sd = computeUnraveledModel({ ...base, n: 54, sd: true });
    expect(sd.survival?.expectedDepth).toBeCloseTo(40.25, 12);
    expect(sd.totalExact).toBeUndefined(); // 2^54 is printed in scientific form
    expect(computeUnraveledModel({ ...base, n: 10 }).totalExact).toBe(1024n);
  });
});

describe('formatting', () => {
  it('writes probabilities far below the smallest double from their logs', () => {
    expect(formatProbability(Math.log(0.375))).toBe('0.375000');
    expect(formatProbability(-10000 * Math.LN2)).toBe('5.01237e-3011');
    expect(formatProbability(-Infinity)).toBe('0');
  });
  it('writes percentages and counts', () => {
    expect(formatPercent(1)).toBe('100%');
    expect(formatPercent(0.98)).toBe('98.0%');
    expect(formatPercent(0.00454)).toBe('0.45%');
    expect(countTex(Math.log10(1024), 1024n)).toBe('1,024');
    expect(countTex(54 * Math.log10(2))).toBe('1.80 \\times 10^{16}');
  });
});
