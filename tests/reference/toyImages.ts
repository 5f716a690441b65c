import { mulberry32 } from './rng';

/**
 * A small learnable image problem for training tests: 4 classes of size×size×3 images —
 * horizontal stripes, vertical stripes, a centred blob, a diagonal — with random phase,
 * colour and noise.
 */
export function toyImages(
  count: number,
  size: number,
  seed: number,
): { x: Float32Array; y: Int32Array } {
  const rand = mulberry32(seed);
  const x = new Float32Array(count * size * size * 3);
  const y = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    const cls = n % 4;
    y[n] = cls;
    const phase = Math.floor(rand() * 4);
    const colour = [rand(), rand(), rand()];
    for (let i = 0; i < size; i++)
      for (let j = 0; j < size; j++) {
        const c = (size - 1) / 2;
        const on =
          cls === 0
            ? (i + phase) % 4 < 2
            : cls === 1
              ? (j + phase) % 4 < 2
              : cls === 2
                ? (i - c) ** 2 + (j - c) ** 2 < (size / 3.2) ** 2
                : Math.abs(i - j - (phase - 1.5)) < 1.5;
        for (let ch = 0; ch < 3; ch++) {
          const v = (on ? 0.8 * colour[ch]! + 0.2 : 0.1) + (rand() - 0.5) * 0.3;
          x[((n * size + i) * size + j) * 3 + ch] = v - 0.4;
        }
      }
  }
  return { x, y };
}
