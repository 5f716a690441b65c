/**
 * Batch norm in training, with the ReLU that usually follows it, as one op with its own
 * gradient. tfjs composes it of about 25 kernels a layer (moments, scale and shift, the relu,
 * and their gradients); on WASM each is a full pass over the activations, and the channel sums
 * reduce over the outer axes by transposing first. Here the forward pass is one kernel (two
 * reads, one write) and the backward pass another (two reads, one write), run straight on the
 * backend's memory: WASM SIMD loops (kernels/kernels.c) in TensorFlow.js's WASM memory, the
 * plain loops of kernels/batchNormLoops.ts on the CPU backend's arrays. Other backends (WebGL,
 * WebGPU) get the same op made of their own kernels.
 * BENCHMARKS.md has the profile before and after.
 */
import * as tf from '@tensorflow/tfjs-core';
import {
  backwardCoefficients,
  bnTrainBackward,
  bnTrainForward,
  forwardCoefficients,
} from '../kernels/batchNormLoops';
import { heapOffset, simdOn, type WasmLike } from './wasmHeap';

const { util } = tf;

export const BN_TRAIN = 'UnraveledBatchNormTrain';
export const BN_TRAIN_GRAD = 'UnraveledBatchNormTrainGrad';

interface BnAttrs {
  readonly epsilon: number;
  readonly relu: boolean;
}

interface BnInputs {
  readonly x: tf.TensorInfo;
  readonly gamma: tf.TensorInfo;
  readonly beta: tf.TensorInfo;
}

interface BnGradInputs {
  readonly dy: tf.TensorInfo;
  readonly x: tf.TensorInfo;
  readonly y: tf.TensorInfo;
  readonly mean: tf.TensorInfo;
  readonly variance: tf.TensorInfo;
  readonly gamma: tf.TensorInfo;
}

/** One backend's pair of kernels: [y, mean, variance] and [dx, dgamma, dbeta]. */
interface BnKernels {
  forward(b: tf.KernelBackend, i: BnInputs, a: BnAttrs): tf.TensorInfo[];
  backward(b: tf.KernelBackend, i: BnGradInputs, a: BnAttrs): tf.TensorInfo[];
}

/** How a kernel reads its inputs and makes its outputs on one backend's memory. */
interface HeapAccess {
  read(backend: tf.KernelBackend, t: tf.TensorInfo): Float32Array;
  /** Make every output first, then view them (allocating may move the WASM heap). */
  alloc(
    backend: tf.KernelBackend,
    shapes: number[][],
  ): { infos: tf.TensorInfo[]; views: Float32Array[] };
}

interface CpuLike extends tf.KernelBackend {
  data: { get(dataId: tf.DataId): { values: Float32Array } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const wasmAccess: HeapAccess = {
  read: (b, t) => (b as WasmLike).typedArrayFromHeap(t),
  alloc(b, shapes) {
    const w = b as WasmLike;
    const infos = shapes.map((s) => w.makeOutput(s, 'float32'));
    return { infos, views: infos.map((i) => w.typedArrayFromHeap(i)) };
  },
};

const cpuAccess: HeapAccess = {
  read: (b, t) => (b as CpuLike).data.get(t.dataId).values,
  alloc(b, shapes) {
    const c = b as CpuLike;
    const views = shapes.map((s) => new Float32Array(s.reduce((p, d) => p * d, 1)));
    return { infos: shapes.map((s, i) => c.makeTensorInfo(s, 'float32', views[i]!)), views };
  },
};

const channels = (t: tf.TensorInfo) => t.shape[t.shape.length - 1]!;

/** The plain loops of kernels/batchNormLoops.ts on a backend's memory. */
function loopKernels(access: HeapAccess): BnKernels {
  return {
    forward(backend, { x, gamma, beta }, a) {
      const C = channels(x);
      const { infos, views } = access.alloc(backend, [x.shape, [C], [C]]);
      const r = (t: tf.TensorInfo) => access.read(backend, t);
      bnTrainForward(r(x), r(gamma), r(beta), a.epsilon, a.relu, {
        y: views[0]!,
        mean: views[1]!,
        variance: views[2]!,
      });
      return infos;
    },
    backward(backend, i, a) {
      const C = channels(i.x);
      const { infos, views } = access.alloc(backend, [i.x.shape, [C], [C]]);
      const r = (t: tf.TensorInfo) => access.read(backend, t);
      bnTrainBackward(
        r(i.dy),
        r(i.x),
        r(i.y),
        r(i.mean),
        r(i.variance),
        r(i.gamma),
        a.epsilon,
        a.relu,
        {
          dx: views[0]!,
          dgamma: views[1]!,
          dbeta: views[2]!,
        },
      );
      return infos;
    },
  };
}

/**
 * WASM: the SIMD loops of kernels/kernels.c run in TensorFlow.js's own memory (instantiated
 * once on it), where the channel count is a multiple of 4; the plain loops otherwise.
 * Per-channel coefficients go through a scratch allocation of the backend's, freed after.
 */
function wasmKernels(): BnKernels {
  const loops = loopKernels(wasmAccess);
  /**
   * What both SIMD kernels start from: the loops on this memory (null where they cannot run),
   * the outputs ([x's shape], [C], [C]) and a scratch of `scratchFloats`, with views on it.
   */
  const setup = (backend: tf.KernelBackend, x: tf.TensorInfo, scratchFloats: number) => {
    const b = backend as WasmLike;
    const C = channels(x);
    const code = C % 4 === 0 ? simdOn(b) : null;
    if (!code) return null;
    const [main, first, second, scratch] = [x.shape, [C], [C], [scratchFloats * C]].map((s) =>
      b.makeOutput(s, 'float32'),
    ) as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    const at = heapOffset(b, scratch);
    const view = (t: tf.TensorInfo) => b.typedArrayFromHeap(t);
    return {
      code,
      C,
      rows: util.sizeFromShape(x.shape) / C,
      outputs: [main, first, second] as const,
      at,
      ptr: (t: tf.TensorInfo) => heapOffset(b, t),
      view,
      // Views on the scratch, made after every allocation (allocating may move the heap).
      f64: (byte: number) => new Float64Array(view(scratch).buffer, at + byte, C),
      f32: (byte: number) => new Float32Array(view(scratch).buffer, at + byte, C),
      free: () => b.disposeData(scratch.dataId),
    };
  };
  return {
    forward(backend, i, a) {
      const k = setup(backend, i.x, 8);
      if (!k) return loops.forward(backend, i, a);
      const { code, C, rows, at, ptr, view } = k;
      const [y, mean, variance] = k.outputs;
      // scratch: Σx, Σx² (float64), partials (2C), scale, shift.
      code.bn_sums(ptr(i.x), rows, C, at, at + 8 * C, at + 16 * C);
      forwardCoefficients(
        k.f64(0),
        k.f64(8 * C),
        rows,
        view(i.gamma),
        view(i.beta),
        a.epsilon,
        { mean: view(mean), variance: view(variance) },
        k.f32(24 * C),
        k.f32(28 * C),
      );
      code.bn_affine(ptr(i.x), rows, C, at + 24 * C, at + 28 * C, a.relu ? 1 : 0, ptr(y));
      k.free();
      return [y, mean, variance];
    },
    backward(backend, i, a) {
      const k = setup(backend, i.x, 9);
      if (!k) return loops.backward(backend, i, a);
      const { code, C, rows, at, ptr, view } = k;
      const [dx, dgamma, dbeta] = k.outputs;
      // scratch: Σd, Σd(x − μ) (float64), partials (2C), a, b, k.
      const relu = a.relu ? 1 : 0;
      const [pdy, px, py] = [ptr(i.dy), ptr(i.x), ptr(i.y)];
      code.bn_grad_sums(pdy, px, py, ptr(i.mean), rows, C, relu, at, at + 8 * C, at + 16 * C);
      backwardCoefficients(
        k.f64(0),
        k.f64(8 * C),
        rows,
        view(i.mean),
        view(i.variance),
        view(i.gamma),
        a.epsilon,
        { dgamma: view(dgamma), dbeta: view(dbeta) },
        k.f32(24 * C),
        k.f32(28 * C),
        k.f32(32 * C),
      );
      const [pa, pb, pk] = [at + 24 * C, at + 28 * C, at + 32 * C];
      code.bn_grad_dx(pdy, px, py, rows, C, relu, pa, pb, pk, ptr(dx));
      k.free();
      return [dx, dgamma, dbeta];
    },
  };
}

function registerOn(backendName: string, kernels: BnKernels): void {
  tf.registerKernel({
    kernelName: BN_TRAIN,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) =>
      kernels.forward(
        backend as tf.KernelBackend,
        inputs as unknown as BnInputs,
        attrs as unknown as BnAttrs,
      ),
  });
  tf.registerKernel({
    kernelName: BN_TRAIN_GRAD,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) =>
      kernels.backward(
        backend as tf.KernelBackend,
        inputs as unknown as BnGradInputs,
        attrs as unknown as BnAttrs,
      ),
  });
}

/**
 * Register the fused kernels where the backend's memory is ours to read: WASM (SIMD loops
 * where they apply), CPU (plain loops). `simd: false` keeps WASM on the plain loops (tests).
 */
export function registerFusedBatchNorm(backendName: string, simd = true): boolean {
  if (tf.getKernel(BN_TRAIN, backendName)) return false;
  if (backendName === 'wasm') registerOn('wasm', simd ? wasmKernels() : loopKernels(wasmAccess));
  else if (backendName === 'cpu') registerOn('cpu', loopKernels(cpuAccess));
  else return false;
  return true;
}

/** True when the WASM backend is set and the SIMD loops can run in its memory. */
export function batchNormSimdReady(): boolean {
  return tf.getBackend() === 'wasm' && simdOn(tf.backend()) !== null;
}

/** Take the fused kernels away again (tests compare the paths). */
export function unregisterFusedBatchNorm(backendName: string): void {
  for (const name of [BN_TRAIN, BN_TRAIN_GRAD]) {
    if (tf.getKernel(name, backendName)) tf.unregisterKernel(name, backendName);
  }
}

/** The same op from the backend's own kernels, for backends without the fused ones. */
function composedForward(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, a: BnAttrs) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, a.epsilon)));
  const shift = tf.sub(beta, tf.mul(mean, scale));
  const z = tf.add(tf.mul(x, scale), shift);
  return [a.relu ? tf.relu(z) : z, mean, variance];
}

function composedBackward(
  dyIn: tf.Tensor,
  x: tf.Tensor,
  y: tf.Tensor,
  mean: tf.Tensor,
  variance: tf.Tensor,
  gamma: tf.Tensor,
  a: BnAttrs,
): tf.Tensor[] {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const m = x.size / x.shape[x.shape.length - 1]!;
  const dy = a.relu ? tf.mul(dyIn, tf.cast(tf.greater(y, 0), 'float32')) : dyIn;
  const r = tf.rsqrt(tf.add(variance, a.epsilon));
  const centred = tf.sub(x, mean);
  const sd = tf.sum(dy, axes);
  const sdx = tf.sum(tf.mul(dy, centred), axes);
  const g = tf.mul(gamma, r);
  const dx = tf.mul(
    g,
    tf.sub(tf.sub(dy, tf.div(sd, m)), tf.mul(centred, tf.div(tf.mul(tf.square(r), sdx), m))),
  );
  return [dx, tf.mul(r, sdx), sd];
}

function run(name: string, inputs: tf.NamedTensorMap, attrs: BnAttrs): tf.Tensor[] {
  return tf.engine().runKernel(name, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
}

export interface BnTrainResult {
  readonly y: tf.Tensor4D;
  /** The batch statistics (no gradient flows through them). */
  readonly mean: tf.Tensor1D;
  readonly variance: tf.Tensor1D;
}

/**
 * y = [ReLU](γ·(x − μ_B)/√(σ²_B + ε) + β) with the batch's statistics, differentiable in x, γ, β;
 * returns the statistics beside it for the running averages. The statistics are kept out of
 * every tidy: the caller disposes them.
 */
export function batchNormTrain(
  x: tf.Tensor4D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  epsilon: number,
  relu: boolean,
): BnTrainResult {
  const attrs: BnAttrs = { epsilon, relu };
  const fused = tf.getKernel(BN_TRAIN, tf.getBackend()) !== undefined;
  let stats: tf.Tensor[] = [];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, g, b] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const [y, mean, variance] = fused
      ? run(BN_TRAIN, { x: xi!, gamma: g!, beta: b! }, attrs)
      : composedForward(xi!, g!, b!, attrs);
    // The op runs in a tidy of its own: keep the statistics; the caller owns them.
    stats = [tf.keep(mean!), tf.keep(variance!)];
    save([xi!, y!, mean!, variance!, g!]);
    return {
      value: y!,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [sx, sy, sm, sv, sg] = saved as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        return fused
          ? run(BN_TRAIN_GRAD, { dy, x: sx, y: sy, mean: sm, variance: sv, gamma: sg }, attrs)
          : composedBackward(dy, sx, sy, sm, sv, sg, attrs);
      },
    };
  }) as (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.Tensor;
  const y = op(x, gamma, beta) as tf.Tensor4D;
  return { y, mean: stats[0] as tf.Tensor1D, variance: stats[1] as tf.Tensor1D };
}
