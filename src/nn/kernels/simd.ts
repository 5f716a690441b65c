/**
 * The WASM SIMD loops of kernels.c (batch norm in training, transposed im2col), instantiated on a given
 * WebAssembly memory (TensorFlow.js's own: the loops read and write its tensors in place).
 * Pointers are byte offsets into that memory. No TensorFlow.js here.
 */
import { SIMD_WASM } from './simdWasm';

export interface SimdKernels {
  bn_sums(x: number, rows: number, C: number, sum: number, sq: number, part: number): void;
  bn_affine(
    x: number,
    rows: number,
    C: number,
    scale: number,
    shift: number,
    relu: number,
    y: number,
  ): void;
  bn_grad_sums(
    dy: number,
    x: number,
    y: number,
    mean: number,
    rows: number,
    C: number,
    relu: number,
    sd: number,
    sdx: number,
    part: number,
  ): void;
  bn_grad_dx(
    dy: number,
    x: number,
    y: number,
    rows: number,
    C: number,
    relu: number,
    a: number,
    b: number,
    k: number,
    dx: number,
  ): void;
  im2col_t(
    x: number,
    N: number,
    H: number,
    W: number,
    I: number,
    KH: number,
    KW: number,
    sh: number,
    sw: number,
    top: number,
    left: number,
    P: number,
    Q: number,
    cols: number,
  ): void;
}

function decode(base64: string): Uint8Array {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  return bytes;
}

/** The loops on `memory`, or null where WebAssembly SIMD is not available. */
export function instantiateSimd(memory: WebAssembly.Memory): SimdKernels | null {
  try {
    const module = new WebAssembly.Module(decode(SIMD_WASM) as BufferSource);
    const instance = new WebAssembly.Instance(module, { env: { memory } });
    return instance.exports as unknown as SimdKernels;
  } catch {
    return null;
  }
}
