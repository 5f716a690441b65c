/**
 * Batch norm in training (with an optional ReLU after it) as two passes over plain arrays, the
 * loops behind the fused kernels of `backend/fusedBatchNorm.ts` (the CPU backend, and WASM
 * where the channel count is not a multiple of 4; kernels.c has the SIMD twins). No
 * TensorFlow.js here.
 *
 * x is [M, C] with the channel innermost (NHWC flattened). Forward, per channel c:
 *   μ = Σx/M, σ² = Σx²/M − μ² (biased, as in training), r = 1/√(σ² + ε),
 *   y = γ·r·(x − μ) + β, then max(y, 0) when `relu`.
 * Backward, with d = ∂L/∂y masked by y > 0 when `relu`:
 *   ∂L/∂β = Σd, ∂L/∂γ = r·Σd(x − μ),
 *   ∂L/∂x = γr·(d − Σd/M − (x − μ)·r²·Σd(x − μ)/M) = a·d + b·x + k per channel.
 * Sums are float64. Forward: one pass for the statistics, one for y; backward: one pass for the
 * two channel sums, one for ∂L/∂x.
 */

export interface BnForwardOut {
  readonly y: Float32Array;
  readonly mean: Float32Array;
  readonly variance: Float32Array;
}

export interface BnBackwardOut {
  readonly dx: Float32Array;
  readonly dgamma: Float32Array;
  readonly dbeta: Float32Array;
}

/** From Σx, Σx²: the batch statistics (into `out`) and y = x·scale + shift. */
export function forwardCoefficients(
  sum: ArrayLike<number>,
  sq: ArrayLike<number>,
  M: number,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  out: Pick<BnForwardOut, 'mean' | 'variance'>,
  scale: Float32Array | Float64Array,
  shift: Float32Array | Float64Array,
): void {
  for (let c = 0; c < gamma.length; c++) {
    const mean = sum[c]! / M;
    // float64 sums: the cancellation in Σx²/M − μ² costs ~1e-16 relative.
    const v = Math.max(0, sq[c]! / M - mean * mean);
    out.mean[c] = mean;
    out.variance[c] = v;
    scale[c] = gamma[c]! / Math.sqrt(v + epsilon);
    shift[c] = beta[c]! - mean * scale[c]!;
  }
}

/** From Σd, Σd(x − μ): ∂L/∂γ, ∂L/∂β (into `out`) and ∂L/∂x = a·d + b·x + k. */
export function backwardCoefficients(
  sd: ArrayLike<number>,
  sdx: ArrayLike<number>,
  M: number,
  mean: Float32Array,
  variance: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  out: Pick<BnBackwardOut, 'dgamma' | 'dbeta'>,
  a: Float32Array | Float64Array,
  b: Float32Array | Float64Array,
  k: Float32Array | Float64Array,
): void {
  for (let c = 0; c < gamma.length; c++) {
    const r = 1 / Math.sqrt(variance[c]! + epsilon);
    out.dbeta[c] = sd[c]!;
    out.dgamma[c] = r * sdx[c]!;
    a[c] = gamma[c]! * r;
    b[c] = (-a[c]! * r * r * sdx[c]!) / M;
    k[c] = -b[c]! * mean[c]! - (a[c]! * sd[c]!) / M;
  }
}

export function bnTrainForward(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  epsilon: number,
  relu: boolean,
  out: BnForwardOut,
): void {
  const C = gamma.length;
  const sum = new Float64Array(C);
  const sq = new Float64Array(C);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const v = x[i + c]!;
      sum[c]! += v;
      sq[c]! += v * v;
    }
  }
  const scale = new Float64Array(C);
  const shift = new Float64Array(C);
  forwardCoefficients(sum, sq, x.length / C, gamma, beta, epsilon, out, scale, shift);
  const y = out.y;
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const v = x[i + c]! * scale[c]! + shift[c]!;
      y[i + c] = relu && !(v > 0) ? 0 : v;
    }
  }
}

export function bnTrainBackward(
  dy: Float32Array,
  x: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  gamma: Float32Array,
  epsilon: number,
  relu: boolean,
  out: BnBackwardOut,
): void {
  const C = gamma.length;
  const sd = new Float64Array(C);
  const sdx = new Float64Array(C);
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const d = relu && !(y[i + c]! > 0) ? 0 : dy[i + c]!;
      sd[c]! += d;
      sdx[c]! += d * (x[i + c]! - mean[c]!);
    }
  }
  const a = new Float64Array(C);
  const b = new Float64Array(C);
  const k = new Float64Array(C);
  backwardCoefficients(sd, sdx, x.length / C, mean, variance, gamma, epsilon, out, a, b, k);
  const dx = out.dx;
  for (let i = 0; i < x.length; i += C) {
    for (let c = 0; c < C; c++) {
      const d = relu && !(y[i + c]! > 0) ? 0 : dy[i + c]!;
      dx[i + c] = a[c]! * d + b[c]! * x[i + c]! + k[c]!;
    }
  }
}
