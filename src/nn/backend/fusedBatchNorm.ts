/**
 * Batch norm in training, with the ReLU that usually follows it, as one op with its own
 * gradient. tfjs composes it of about 25 kernels a layer (moments, scale and shift, the relu,
 * and their gradients); on WASM each is a full pass over the activations, and the channel sums
 * reduce over the outer axes by transposing first. Here the forward pass is one kernel (two
 * reads, one write) and the backward pass another (two reads, one write), run by the loops of
 * `kernels/batchNormLoops.ts` straight on the backend's memory (the WASM heap, the CPU
 * backend's arrays). Other backends (WebGL, WebGPU) get the same op made of their own kernels.
 * BENCHMARKS.md has the profile before and after.
 */
import * as tf from '@tensorflow/tfjs-core';
import { bnTrainBackward, bnTrainForward } from '../kernels/batchNormLoops';

export const BN_TRAIN = 'UnraveledBatchNormTrain';
export const BN_TRAIN_GRAD = 'UnraveledBatchNormTrainGrad';

interface BnAttrs {
  readonly epsilon: number;
  readonly relu: boolean;
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

interface WasmLike extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
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

function channels(t: tf.TensorInfo): number {
  return t.shape[t.shape.length - 1]!;
}

function registerOn(backendName: string, access: HeapAccess): void {
  tf.registerKernel({
    kernelName: BN_TRAIN,
    backendName,
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const backend = b as tf.KernelBackend;
      const { x, gamma, beta } = inputs as Record<string, tf.TensorInfo>;
      const a = attrs as unknown as BnAttrs;
      const C = channels(x!);
      const { infos, views } = access.alloc(backend, [x!.shape, [C], [C]]);
      bnTrainForward(
        access.read(backend, x!),
        access.read(backend, gamma!),
        access.read(backend, beta!),
        a.epsilon,
        a.relu,
        { y: views[0]!, mean: views[1]!, variance: views[2]! },
      );
      return infos;
    },
  });
  tf.registerKernel({
    kernelName: BN_TRAIN_GRAD,
    backendName,
    kernelFunc: ({ inputs, attrs, backend: b }) => {
      const backend = b as tf.KernelBackend;
      const { dy, x, y, mean, variance, gamma } = inputs as Record<string, tf.TensorInfo>;
      const a = attrs as unknown as BnAttrs;
      const C = channels(x!);
      const { infos, views } = access.alloc(backend, [x!.shape, [C], [C]]);
      const r = (t: tf.TensorInfo | undefined) => access.read(backend, t!);
      bnTrainBackward(r(dy), r(x), r(y), r(mean), r(variance), r(gamma), a.epsilon, a.relu, {
        dx: views[0]!,
        dgamma: views[1]!,
        dbeta: views[2]!,
      });
      return infos;
    },
  });
}

/** Register the fused kernels where the backend's memory is ours to read (WASM, CPU). */
export function registerFusedBatchNorm(backendName: string): boolean {
  const access = backendName === 'wasm' ? wasmAccess : backendName === 'cpu' ? cpuAccess : null;
  if (!access || tf.getKernel(BN_TRAIN, backendName)) return false;
  registerOn(backendName, access);
  return true;
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
