import { describe, expect, it } from 'vitest';
import {
  compareToIdentity,
  endLoss,
  shortcutTerm,
} from '../../../src/ui/sections/lessons/IdentityLesson';
import {
  degradationSummary,
  lastEpochLoss,
} from '../../../src/ui/sections/lessons/DegradationLesson';
import type { FlowRow, MetricPoint } from '../../../src/worker/compute/protocol';

const row = (key: string, losses: number[]): FlowRow => ({ key, init: [1], trained: [1], losses });

describe('the lessons’ words come from their numbers', () => {
  it('the shortcut term is ∏λ from each block to the last, times the last block’s gradient', () => {
    expect(shortcutTerm(0.5, [9, 9, 9, 4])).toEqual([0.5, 1, 2, 4]);
    expect(shortcutTerm(1, [3, 2, 1])).toEqual([1, 1, 1]);
  });

  it('end loss is the mean of the last 20 finite steps', () => {
    const losses = [...Array<number>(30).fill(5), ...Array<number>(20).fill(1)];
    expect(endLoss(losses)).toBe(1);
    expect(endLoss([2, NaN, 4], 3)).toBe(3);
  });

  it('compares each net with the identity: at chance, slower, the same, faster', () => {
    const v = compareToIdentity([
      row('identity', [1.8]),
      row('shrink', [2.2]),
      row('grow', [1.83]),
      row('none', [2.31]),
      row('better', [1.5]),
    ]);
    expect(v).toEqual([
      { key: 'shrink', verdict: 'slower' },
      { key: 'grow', verdict: 'same' },
      { key: 'none', verdict: 'chance' },
      { key: 'better', verdict: 'faster' },
    ]);
  });

  it('says "the deeper, the worse" only when the plain nets’ losses rise with depth', () => {
    const pts = (loss: number): MetricPoint[] => [
      { step: 1, epoch: 0.5, trainLoss: 9 },
      { step: 2, epoch: 1.5, trainLoss: loss },
    ];
    const curve = (label: string, layers: number, loss: number) => ({
      key: label,
      label,
      layers,
      epochs: 2,
      points: pts(loss),
    });
    expect(lastEpochLoss(pts(0.3))).toBe(0.3);
    const rising = degradationSummary([
      curve('plain-20', 20, 0.1),
      curve('plain-56', 56, 0.4),
      curve('ResNet-56', 56, 0.05),
    ]);
    expect(rising).toContain('the deeper the plain net, the worse it trains');
    expect(rising).toContain('ResNet-56 ends at 0.050, lower than every plain net.');
    const flat = degradationSummary([
      curve('plain-20', 20, 0.4),
      curve('plain-56', 56, 0.1),
      curve('ResNet-56', 56, 0.2),
    ]);
    expect(flat).not.toContain('the deeper');
    expect(flat).toContain('ResNet-56 ends at 0.200.');
  });
});
