/**
 * A plain-array reference of the layers (NHWC, float64), written from the definitions and
 * independent of TensorFlow.js, for checking the blocks' forward passes.
 */
export interface T4 {
  readonly shape: [number, number, number, number];
  readonly data: Float64Array;
}

export const t4 = (shape: [number, number, number, number], data?: ArrayLike<number>): T4 => ({
  shape,
  data: data ? Float64Array.from(data) : new Float64Array(shape.reduce((a, b) => a * b, 1)),
});

const at = (t: T4, n: number, h: number, w: number, c: number) =>
  ((n * t.shape[1] + h) * t.shape[2] + w) * t.shape[3] + c;

/** 'same' convolution as TensorFlow defines it: out = ceil(in / s), pad_before = floor(total / 2). */
export function conv2d(x: T4, w: { shape: number[]; data: ArrayLike<number> }, stride: number): T4 {
  const [N, H, W, C] = x.shape;
  const [k, , , O] = w.shape as [number, number, number, number];
  const oh = Math.ceil(H / stride);
  const ow = Math.ceil(W / stride);
  const padH = Math.max((oh - 1) * stride + k - H, 0);
  const padW = Math.max((ow - 1) * stride + k - W, 0);
  const top = Math.floor(padH / 2);
  const left = Math.floor(padW / 2);
  const y = t4([N, oh, ow, O]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let o = 0; o < O; o++) {
          let s = 0;
          for (let di = 0; di < k; di++)
            for (let dj = 0; dj < k; dj++) {
              const hi = i * stride + di - top;
              const wj = j * stride + dj - left;
              if (hi < 0 || hi >= H || wj < 0 || wj >= W) continue;
              for (let c = 0; c < C; c++) {
                s += x.data[at(x, n, hi, wj, c)]! * w.data[((di * k + dj) * C + c) * O + o]!;
              }
            }
          y.data[at(y, n, i, j, o)] = s;
        }
  return y;
}

export function map(x: T4, f: (v: number, c: number) => number): T4 {
  const C = x.shape[3];
  return { shape: x.shape, data: x.data.map((v, i) => f(v, i % C)) };
}

export function zip(a: T4, b: T4, f: (x: number, y: number) => number): T4 {
  if (a.shape.join() !== b.shape.join()) throw new Error(`shapes ${a.shape} and ${b.shape}`);
  return { shape: a.shape, data: a.data.map((v, i) => f(v, b.data[i]!)) };
}

export const relu = (x: T4) => map(x, (v) => Math.max(0, v));
export const sigmoid = (x: T4) => map(x, (v) => 1 / (1 + Math.exp(-v)));
export const add = (a: T4, b: T4) => zip(a, b, (x, y) => x + y);
export const mul = (a: T4, b: T4) => zip(a, b, (x, y) => x * y);
export const scale = (a: T4, k: number) => map(a, (v) => v * k);

/** Batch norm with batch statistics (biased variance), as in training. */
export function batchNormTrain(
  x: T4,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  eps: number,
): T4 {
  const C = x.shape[3];
  const count = x.data.length / C;
  const mean = new Float64Array(C);
  const variance = new Float64Array(C);
  x.data.forEach((v, i) => (mean[i % C]! += v / count));
  x.data.forEach((v, i) => (variance[i % C]! += (v - mean[i % C]!) ** 2 / count));
  return map(x, (v, c) => ((v - mean[c]!) / Math.sqrt(variance[c]! + eps)) * gamma[c]! + beta[c]!);
}

/** Option A shortcut: keep every stride-th pixel, zero channels on both sides. */
export function optionA(x: T4, stride: number, outCh: number): T4 {
  const [N, H, W, C] = x.shape;
  const oh = Math.ceil(H / stride);
  const ow = Math.ceil(W / stride);
  const before = Math.floor((outCh - C) / 2);
  const y = t4([N, oh, ow, outCh]);
  for (let n = 0; n < N; n++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let c = 0; c < C; c++)
          y.data[at(y, n, i, j, c + before)] = x.data[at(x, n, i * stride, j * stride, c)]!;
  return y;
}

export function addBias(x: T4, b: ArrayLike<number>): T4 {
  return map(x, (v, c) => v + b[c]!);
}
