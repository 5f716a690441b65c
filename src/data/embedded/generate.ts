/**
 * The embedded dataset: ten classes of shapes (shapes.ts) drawn at a random position, size,
 * rotation and colour over a random two-colour gradient with a soft wave, among up to three
 * distracting strokes, with per-image Gaussian noise. Seeded, so every page makes the same
 * images; no file is downloaded. Images come out in CIFAR-10's record layout (R, G, B planes of
 * 32×32 bytes), so everything downstream treats both datasets alike.
 */
import { gaussian, seededRandom } from '../../math/random';
import { PIXELS, SIDE, type Split } from '../cifar10/records';
import { SHAPES } from './shapes';

export const EMBEDDED_CLASSES = SHAPES.map((s) => s.name);

/** The page's embedded set: its size and seed (README: time to generate it). */
export const EMBEDDED_SIZE = { train: 5000, test: 1000, seed: 2016 } as const;

type Rgb = [number, number, number];

const randomColour = (r: () => number): Rgb => [r() * 255, r() * 255, r() * 255];
const distance = (a: Rgb, b: Rgb) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);

/** Subsamples per pixel edge for the shape's anti-aliased coverage. */
const SS = 2;

/** Draw one image of class `label` into `out` at `offset` (3,072 bytes, planar RGB). */
export function drawImage(label: number, random: () => number, out: Uint8Array, offset: number) {
  const shape = SHAPES[label]!;
  const c1 = randomColour(random);
  const c2 = randomColour(random);
  const bgMean: Rgb = [(c1[0] + c2[0]) / 2, (c1[1] + c2[1]) / 2, (c1[2] + c2[2]) / 2];
  let fg = randomColour(random);
  for (let tries = 0; tries < 30 && distance(fg, bgMean) < 130; tries++) fg = randomColour(random);
  const gAngle = random() * 2 * Math.PI;
  const gx = Math.cos(gAngle) / SIDE;
  const gy = Math.sin(gAngle) / SIDE;
  const wave = {
    amp: random() * 20,
    fx: (random() - 0.5) * 0.6,
    fy: (random() - 0.5) * 0.6,
    ph: random() * 6.28,
  };
  const cx = 9 + random() * 14;
  const cy = 9 + random() * 14;
  const radius = 8 + random() * 6;
  const rot = random() * 2 * Math.PI;
  const cos = Math.cos(rot) / radius;
  const sin = Math.sin(rot) / radius;
  const strokes = Array.from({ length: Math.floor(random() * 3) }, () => ({
    ax: random() * SIDE,
    ay: random() * SIDE,
    bx: random() * SIDE,
    by: random() * SIDE,
    colour: randomColour(random),
    width: 0.4 + random() * 0.4,
  }));
  const noise = 2 + random() * 10;

  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      const t = Math.min(1, Math.max(0, 0.5 + (x - 16) * gx + (y - 16) * gy));
      const w = wave.amp * Math.sin(x * wave.fx + y * wave.fy + wave.ph);
      const px: Rgb = [
        c1[0] + (c2[0] - c1[0]) * t + w,
        c1[1] + (c2[1] - c1[1]) * t + w,
        c1[2] + (c2[2] - c1[2]) * t + w,
      ];
      for (const s of strokes) {
        // Distance from the pixel centre to the segment.
        const dx = s.bx - s.ax;
        const dy = s.by - s.ay;
        const k = Math.max(
          0,
          Math.min(1, ((x + 0.5 - s.ax) * dx + (y + 0.5 - s.ay) * dy) / (dx * dx + dy * dy || 1)),
        );
        const d = Math.hypot(x + 0.5 - s.ax - k * dx, y + 0.5 - s.ay - k * dy);
        const a = Math.max(0, Math.min(1, s.width + 0.5 - d));
        for (let c = 0; c < 3; c++) px[c as 0 | 1 | 2] += (s.colour[c]! - px[c]!) * a;
      }
      let cover = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const X = x + (sx + 0.5) / SS - cx;
          const Y = y + (sy + 0.5) / SS - cy;
          if (shape.inside(X * cos + Y * sin, -X * sin + Y * cos)) cover++;
        }
      }
      const a = cover / (SS * SS);
      const at = offset + y * SIDE + x;
      for (let c = 0; c < 3; c++) {
        const v = px[c]! + (fg[c]! - px[c]!) * a + noise * gaussian(random);
        out[at + c * SIDE * SIDE] = Math.max(0, Math.min(255, Math.round(v)));
      }
    }
  }
}

function makeSplit(count: number, random: () => number): Split {
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    labels[i] = i % SHAPES.length;
    drawImage(labels[i]!, random, pixels, i * PIXELS);
  }
  return { count, pixels, labels };
}

export interface EmbeddedSet {
  readonly train: Split;
  readonly test: Split;
  readonly classNames: readonly string[];
}

/** The embedded set: `train` and `test` images, balanced over the classes, from `seed`. */
export function generateEmbedded(train: number, test: number, seed = 2016): EmbeddedSet {
  return {
    train: makeSplit(train, seededRandom(seed)),
    test: makeSplit(test, seededRandom(seed + 1_000_003)),
    classNames: EMBEDDED_CLASSES,
  };
}
