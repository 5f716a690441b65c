/** Per-channel statistics of a split's pixels (planar R, G, B records), for normalisation. */
import { PIXELS, type Split } from './cifar10/records';

export function channelStats(split: Split): { mean: number[]; std: number[] } {
  const plane = PIXELS / 3;
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  for (let i = 0; i < split.count; i++) {
    for (let c = 0; c < 3; c++) {
      let s = 0;
      let q = 0;
      const base = i * PIXELS + c * plane;
      for (let p = 0; p < plane; p++) {
        const v = split.pixels[base + p]!;
        s += v;
        q += v * v;
      }
      sum[c]! += s;
      sq[c]! += q;
    }
  }
  const n = split.count * plane;
  const mean = sum.map((s) => s / n);
  const std = sq.map((q, c) => Math.sqrt(Math.max(0, q / n - mean[c]! ** 2)));
  return { mean, std };
}
