/**
 * 16-bit weights for the checkpoints the page ships: each float32 tensor stored as IEEE 754
 * half precision (TensorFlow.js's `quantization: { dtype: 'float16' }`, which its
 * `io.decodeWeights` turns back into float32). Half the bytes of float32; about three
 * significant digits, far finer than what changes a trained net's test error (checked on the
 * shipped nets by tests/unit/nn/halfPrecision.test.ts).
 */
import type { Checkpoint } from '../../nn/train/checkpoint';

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The half-precision bit pattern nearest to x (ties to even); overflow gives ±Infinity. */
export function toFloat16Bits(x: number): number {
  f32[0] = x;
  const bits = u32[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exp = (bits >>> 23) & 0xff;
  const mant = bits & 0x7fffff;
  if (exp === 0xff) return sign | 0x7c00 | (mant ? 0x200 : 0); // Inf, NaN
  const e = exp - 127 + 15; // the half-precision exponent
  if (e >= 0x1f) return sign | 0x7c00;
  if (e <= 0) {
    // Subnormal (or zero): m · 2^-24 with m = round(|x| · 2^24). |x| = full · 2^(exp - 150),
    // so m = full · 2^(exp - 126) = full / 2^(14 - e); a carry to 1024 is the least normal.
    if (e < -10) return sign;
    return sign | roundShift(mant | 0x800000, 14 - e);
  }
  // Normal: keep 10 of the 23 mantissa bits, rounding; a carry moves into the exponent.
  return sign | ((e << 10) + roundShift(mant, 13));
}

/** n >> s rounded to nearest, ties to even. */
function roundShift(n: number, s: number): number {
  const q = n >>> s;
  const rest = n - q * 2 ** s;
  const half = 2 ** (s - 1);
  return rest > half || (rest === half && (q & 1) === 1) ? q + 1 : q;
}

/** The bytes one element of a tensor takes in a checkpoint's buffer. */
export function bytesPerElement(spec: {
  dtype: string;
  quantization?: { dtype?: string } | undefined;
}): number | undefined {
  const q = spec.quantization?.dtype;
  if (q !== undefined) return ({ float16: 2, uint16: 2, uint8: 1 } as Record<string, number>)[q];
  return ({ float32: 4, int32: 4, bool: 1 } as Record<string, number>)[spec.dtype];
}

/** The checkpoint with every plain float32 tensor stored in half precision. */
export function halfPrecision(c: Checkpoint): Checkpoint {
  const src = new Uint8Array(c.data);
  const specs: Checkpoint['specs'] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const s of c.specs) {
    const count = s.shape.reduce((a, b) => a * b, 1);
    const size = (bytesPerElement(s) ?? 4) * count;
    if (s.dtype === 'float32' && !s.quantization) {
      const values = new Float32Array(c.data.slice(offset, offset + size));
      const half = new Uint16Array(count);
      for (let i = 0; i < count; i++) half[i] = toFloat16Bits(values[i]!);
      specs.push({ ...s, quantization: { dtype: 'float16' } });
      parts.push(new Uint8Array(half.buffer));
    } else {
      specs.push(s);
      parts.push(src.slice(offset, offset + size));
    }
    offset += size;
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { ...c, specs, data: out.buffer };
}
