/**
 * What our WASM kernels need of tfjs-backend-wasm: its tensors' places in its memory, outputs
 * made there, and our SIMD loops (kernels/kernels.c) instantiated on that same memory, once
 * per backend instance (kept on the instance itself).
 */
import type * as tf from '@tensorflow/tfjs-core';
import { instantiateSimd, type SimdKernels } from '../kernels/simd';

export interface WasmLike extends tf.KernelBackend {
  wasm: { asm?: { memory?: WebAssembly.Memory } };
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  disposeData(dataId: tf.DataId): boolean;
}

const SIMD = Symbol('unraveled SIMD kernels');

interface WithSimd {
  [SIMD]?: { memory: WebAssembly.Memory; code: SimdKernels | null };
}

/** Our SIMD loops on this backend's memory, or null (no SIMD, or not tfjs-backend-wasm). */
export function simdOn(backend: tf.KernelBackend): SimdKernels | null {
  const b = backend as WasmLike & WithSimd;
  const memory = b.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory)) return null;
  if (b[SIMD]?.memory !== memory) b[SIMD] = { memory, code: instantiateSimd(memory) };
  return b[SIMD].code;
}

/** A tensor's byte offset in the WASM memory. */
export function heapOffset(backend: tf.KernelBackend, t: tf.TensorInfo): number {
  return (backend as WasmLike).typedArrayFromHeap(t).byteOffset;
}
