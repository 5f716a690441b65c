import { describe, expect, it } from 'vitest';
import { toCsv } from '../../../src/ui/plots/exportPlot';
import { runsCsv, type Run } from '../../../src/ui/sections/training/runs';
import { PRESETS } from '../../../src/ui/sections/training/presets';

describe('CSV export', () => {
  it('quotes fields with commas, quotes and newlines (RFC 4180); empty for undefined', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1.5, undefined],
          ['two\nlines', 3],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n"two\nlines",3\r\n');
  });

  it('writes one row per point of every run, numbered in table order', () => {
    const run = (id: number, n: number, losses: number[]): Run => ({
      id,
      config: { ...PRESETS[0]!.runs[0]!, n },
      backend: 'wasm',
      points: losses.map((l, i) => ({ step: i + 1, epoch: (i + 1) / 4, trainLoss: l })),
      progress: {
        state: 'done',
        step: 4,
        totalSteps: 4,
        epoch: 1,
        imagesPerSecond: 1,
        secondsLeft: 0,
      },
      seconds: 1,
    });
    const { header, rows } = runsCsv(
      [run(10, 3, [2.3, 2.1]), run(20, 5, [2.4])],
      (id) => `<${id}>`,
    );
    expect(header[0]).toBe('run');
    expect(rows).toHaveLength(3);
    expect(rows[2]!.slice(0, 3)).toEqual([2, '<noShortcut>', 32]);
    expect(rows[1]![header.indexOf('train_loss')]).toBe(2.1);
    expect(rows[1]![header.indexOf('test_accuracy')]).toBeUndefined();
  });

  it('every lesson queues runs that differ only in what the lesson compares', () => {
    for (const p of PRESETS) {
      const keys = new Set(
        p.runs.map((r) => JSON.stringify({ ...r, family: 0, n: 0, options: 0 })),
      );
      expect(keys.size, p.id).toBe(1);
      expect(new Set(p.runs.map((r) => JSON.stringify([r.family, r.n, r.options]))).size).toBe(
        p.runs.length,
      );
    }
  });
});
