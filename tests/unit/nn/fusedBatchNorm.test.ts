/**
 * The fused training batch norm (+ ReLU) against an independent float64 reference of the
 * formula, by value and by central differences of the reference: on the CPU backend (plain
 * loops), the same op made of tfjs kernels (what WebGL/WebGPU run), and WASM (plain loops, and
 * the SIMD loops of kernels.c in TensorFlow.js's memory), at channel counts that take each
 * path (6: plain loops only; 8 with 162 rows: SIMD, with a partial block of rows).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BN_TRAIN,
  batchNormSimdReady,
  batchNormTrain,
  registerFusedBatchNorm,
  unregisterFusedBatchNorm,
} from '../../../src/nn/backend/fusedBatchNorm';
import { mulberry32 } from '../../reference/rng';

const EPS = 1e-5;
type Shape = [number, number, number, number];

function randoms(n: number, seed: number, scale = 1, offset = 0): Float64Array {
  const r = mulberry32(seed);
  return Float64Array.from({ length: n }, () => offset + scale * (r() * 2 - 1));
}

/** L = Σ w ⊙ [ReLU](BN(x)) in float64, straight from the definition. */
function referenceLoss(
  x: Float64Array,
  g: Float64Array,
  b: Float64Array,
  w: Float64Array,
  relu: boolean,
): number {
  const C = g.length;
  const m = x.length / C;
  let loss = 0;
  for (let c = 0; c < C; c++) {
    let mean = 0;
    for (let i = c; i < x.length; i += C) mean += x[i]!;
    mean /= m;
    let v = 0;
    for (let i = c; i < x.length; i += C) v += (x[i]! - mean) ** 2;
    v /= m;
    for (let i = c; i < x.length; i += C) {
      const y = (g[c]! * (x[i]! - mean)) / Math.sqrt(v + EPS) + b[c]!;
      loss += w[i]! * (relu ? Math.max(0, y) : y);
    }
  }
  return loss;
}

function numericGrad(f: (v: Float64Array) => number, at: Float64Array, h = 1e-6): Float64Array {
  return Float64Array.from(at, (_, i) => {
    const p = Float64Array.from(at);
    const q = Float64Array.from(at);
    p[i]! += h;
    q[i]! -= h;
    return (f(p) - f(q)) / (2 * h);
  });
}

async function analytic(
  SHAPE: Shape,
  x: Float64Array,
  g: Float64Array,
  b: Float64Array,
  w: Float64Array,
  relu: boolean,
) {
  const xt = tf.tensor4d(Float32Array.from(x), SHAPE);
  const gt = tf.tensor1d(Float32Array.from(g));
  const bt = tf.tensor1d(Float32Array.from(b));
  const wt = tf.tensor4d(Float32Array.from(w), SHAPE);
  let stats: tf.Tensor[] = [];
  const f = (xi: tf.Tensor, gi: tf.Tensor, bi: tf.Tensor) => {
    const r = batchNormTrain(xi as tf.Tensor4D, gi as tf.Tensor1D, bi as tf.Tensor1D, EPS, relu);
    stats = [r.mean, r.variance];
    return tf.sum(tf.mul(r.y, wt));
  };
  const before = tf.memory().numTensors;
  const { value, grads } = tf.valueAndGrads(f)([xt, gt, bt]);
  const out = {
    loss: (await value.data())[0]!,
    dx: await grads[0]!.data(),
    dg: await grads[1]!.data(),
    db: await grads[2]!.data(),
    mean: await stats[0]!.data(),
    variance: await stats[1]!.data(),
  };
  tf.dispose([value, ...grads, ...stats]);
  const leaked = tf.memory().numTensors - before;
  tf.dispose([xt, gt, bt, wt]);
  return { ...out, leaked };
}

function close(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  expect(a.length, what).toBe(b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++)
    worst = Math.max(worst, Math.abs(a[i]! - b[i]!) / (1 + Math.abs(b[i]!)));
  expect(worst, what).toBeLessThan(tol);
}

type Path = 'composed' | 'loops' | 'simd';

async function checkOn(backend: 'cpu' | 'wasm', path: Path, SHAPE: Shape) {
  await tf.setBackend(backend);
  await tf.ready();
  unregisterFusedBatchNorm(backend);
  if (path !== 'composed') registerFusedBatchNorm(backend, path === 'simd');
  expect(tf.getKernel(BN_TRAIN, backend) !== undefined).toBe(path !== 'composed');
  const C = SHAPE[3];
  const n = SHAPE.reduce((p, d) => p * d, 1);
  const x = randoms(n, 1, 2, 0.5);
  const g = randoms(C, 2, 0.5, 1);
  const b = randoms(C, 3, 0.3);
  const w = randoms(n, 4);
  for (const relu of [false, true]) {
    const a = await analytic(SHAPE, x, g, b, w, relu);
    const what = `${backend} ${path} [${SHAPE}]${relu ? ' + relu' : ''}`;
    expect(a.leaked, `${what}: tensors left`).toBe(0);
    expect(Math.abs(a.loss - referenceLoss(x, g, b, w, relu))).toBeLessThan(1e-3);
    close(
      a.dx,
      numericGrad((v) => referenceLoss(v, g, b, w, relu), x),
      2e-4,
      `${what} ∂x`,
    );
    close(
      a.dg,
      numericGrad((v) => referenceLoss(x, v, b, w, relu), g),
      2e-4,
      `${what} ∂γ`,
    );
    close(
      a.db,
      numericGrad((v) => referenceLoss(x, g, v, w, relu), b),
      2e-4,
      `${what} ∂β`,
    );
    const mean = Array.from({ length: C }, (_, c) => {
      let s = 0;
      for (let i = c; i < n; i += C) s += x[i]!;
      return s / (n / C);
    });
    close(a.mean, mean, 1e-5, `${what} batch mean`);
    const variance = mean.map((mu, c) => {
      let s = 0;
      for (let i = c; i < n; i += C) s += (x[i]! - mu) ** 2;
      return s / (n / C);
    });
    close(a.variance, variance, 1e-5, `${what} batch variance`);
  }
}

const SHAPES: Shape[] = [
  [3, 4, 5, 6],
  [2, 9, 9, 8],
];

describe('batch norm in training, fused and composed', () => {
  afterAll(async () => {
    for (const backend of ['cpu', 'wasm']) {
      unregisterFusedBatchNorm(backend);
      registerFusedBatchNorm(backend);
    }
    await tf.setBackend('cpu');
  });
  it('the fused CPU kernels match the formula and its central differences', async () => {
    for (const shape of SHAPES) await checkOn('cpu', 'loops', shape);
  });
  it('the op made of tfjs kernels (WebGL, WebGPU) matches them too', async () => {
    for (const shape of SHAPES) await checkOn('cpu', 'composed', shape);
  });
  it('the plain loops on the WASM heap match them too', async () => {
    for (const shape of SHAPES) await checkOn('wasm', 'loops', shape);
  });
  it('the SIMD loops in TensorFlow.js’s WASM memory match them too', async () => {
    await tf.setBackend('wasm');
    expect(batchNormSimdReady(), 'the SIMD loops instantiate on the WASM memory').toBe(true);
    for (const shape of SHAPES) await checkOn('wasm', 'simd', shape);
  });
});
