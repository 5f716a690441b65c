/*
 * WASM SIMD loops: the fused training batch norm (see batchNormLoops.ts for the maths, and
 * backend/fusedBatchNorm.ts for how they run) and the im2col of the filter gradient
 * (backend/convGrads.ts). They work in place on TensorFlow.js's own WASM memory, which this
 * module imports: no data segment, no stack, nothing written but the arrays passed in. Batch
 * norm rows are [C] floats with C a multiple of 4; sums go to float64 arrays through float32
 * partials over blocks of 64 rows.
 *
 * Build: npm run build:kernels (Debian's clang and lld; the result is committed).
 */
#include <wasm_simd128.h>

#define EXPORT __attribute__((visibility("default")))
#define BLOCK 64

static inline void zero(float *p, int n) {
  for (int i = 0; i < n; i += 4) wasm_v128_store(p + i, wasm_f32x4_splat(0.0f));
}

/* sum[c] = Σ x, sq[c] = Σ x², per channel. part: 2C floats of scratch. */
EXPORT void bn_sums(const float *x, int rows, int C, double *sum, double *sq, float *part) {
  for (int c = 0; c < C; c++) {
    sum[c] = 0.0;
    sq[c] = 0.0;
  }
  for (int r0 = 0; r0 < rows; r0 += BLOCK) {
    int r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
    zero(part, 2 * C);
    for (int r = r0; r < r1; r++) {
      const float *row = x + r * C;
      for (int c = 0; c < C; c += 4) {
        v128_t v = wasm_v128_load(row + c);
        wasm_v128_store(part + c, wasm_f32x4_add(wasm_v128_load(part + c), v));
        wasm_v128_store(part + C + c,
                        wasm_f32x4_add(wasm_v128_load(part + C + c), wasm_f32x4_mul(v, v)));
      }
    }
    for (int c = 0; c < C; c++) {
      sum[c] += part[c];
      sq[c] += part[C + c];
    }
  }
}

/* y = x·scale + shift per channel, then max(y, 0) if relu. */
EXPORT void bn_affine(const float *x, int rows, int C, const float *scale, const float *shift,
                      int relu, float *y) {
  v128_t z = wasm_f32x4_splat(0.0f);
  for (int r = 0; r < rows; r++) {
    const float *in = x + r * C;
    float *out = y + r * C;
    for (int c = 0; c < C; c += 4) {
      v128_t v = wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(in + c), wasm_v128_load(scale + c)),
                                wasm_v128_load(shift + c));
      wasm_v128_store(out + c, relu ? wasm_f32x4_max(v, z) : v);
    }
  }
}

/* d = dy (masked by y > 0 if relu); sd[c] = Σ d, sdx[c] = Σ d·(x − mean). part: 2C floats. */
EXPORT void bn_grad_sums(const float *dy, const float *x, const float *y, const float *mean,
                         int rows, int C, int relu, double *sd, double *sdx, float *part) {
  v128_t z = wasm_f32x4_splat(0.0f);
  for (int c = 0; c < C; c++) {
    sd[c] = 0.0;
    sdx[c] = 0.0;
  }
  for (int r0 = 0; r0 < rows; r0 += BLOCK) {
    int r1 = r0 + BLOCK < rows ? r0 + BLOCK : rows;
    zero(part, 2 * C);
    for (int r = r0; r < r1; r++) {
      int at = r * C;
      for (int c = 0; c < C; c += 4) {
        v128_t d = wasm_v128_load(dy + at + c);
        if (relu) d = wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(y + at + c), z));
        v128_t centred = wasm_f32x4_sub(wasm_v128_load(x + at + c), wasm_v128_load(mean + c));
        wasm_v128_store(part + c, wasm_f32x4_add(wasm_v128_load(part + c), d));
        wasm_v128_store(part + C + c, wasm_f32x4_add(wasm_v128_load(part + C + c),
                                                     wasm_f32x4_mul(d, centred)));
      }
    }
    for (int c = 0; c < C; c++) {
      sd[c] += part[c];
      sdx[c] += part[C + c];
    }
  }
}

/* dx = a·d + b·x + k per channel, d as in bn_grad_sums. */
EXPORT void bn_grad_dx(const float *dy, const float *x, const float *y, int rows, int C,
                       int relu, const float *a, const float *b, const float *k, float *dx) {
  v128_t z = wasm_f32x4_splat(0.0f);
  for (int r = 0; r < rows; r++) {
    int at = r * C;
    for (int c = 0; c < C; c += 4) {
      v128_t d = wasm_v128_load(dy + at + c);
      if (relu) d = wasm_v128_and(d, wasm_f32x4_gt(wasm_v128_load(y + at + c), z));
      v128_t v = wasm_f32x4_add(
          wasm_f32x4_add(wasm_f32x4_mul(wasm_v128_load(a + c), d),
                         wasm_f32x4_mul(wasm_v128_load(b + c), wasm_v128_load(x + at + c))),
          wasm_v128_load(k + c));
      wasm_v128_store(dx + at + c, v);
    }
  }
}

/*
 * Transposed im2col for the filter gradient: cols[(a·KW + b)·I + i, m] =
 * x[n, p·sh + a − top, q·sw + b − left, i] (0 outside the image), m = (n·P + p)·Q + q, so
 * that dW [KH·KW·I, O] = cols · dy [M, O]. x is [N, H, W, I] (NHWC); I and Q multiples of 4:
 * four output pixels at a time, their channels turned by 4×4 shuffles.
 */
static inline v128_t pixel(const float *x, int ok, int at) {
  return ok ? wasm_v128_load(x + at) : wasm_f32x4_splat(0.0f);
}

EXPORT void im2col_t(const float *x, int N, int H, int W, int I, int KH, int KW, int sh, int sw,
                     int top, int left, int P, int Q, float *cols) {
  int M = N * P * Q;
  for (int a = 0; a < KH; a++) {
    for (int b = 0; b < KW; b++) {
      float *tap = cols + (a * KW + b) * I * M;
      for (int n = 0; n < N; n++) {
        for (int p = 0; p < P; p++) {
          int h = p * sh + a - top;
          int rowOk = h >= 0 && h < H;
          int rowAt = (n * H + (rowOk ? h : 0)) * W;
          for (int q = 0; q < Q; q += 4) {
            int m = (n * P + p) * Q + q;
            int w0 = q * sw + b - left, w1 = w0 + sw, w2 = w1 + sw, w3 = w2 + sw;
            int ok0 = rowOk && w0 >= 0 && w0 < W, ok1 = rowOk && w1 >= 0 && w1 < W;
            int ok2 = rowOk && w2 >= 0 && w2 < W, ok3 = rowOk && w3 >= 0 && w3 < W;
            int at0 = (rowAt + (ok0 ? w0 : 0)) * I, at1 = (rowAt + (ok1 ? w1 : 0)) * I;
            int at2 = (rowAt + (ok2 ? w2 : 0)) * I, at3 = (rowAt + (ok3 ? w3 : 0)) * I;
            for (int i = 0; i < I; i += 4) {
              v128_t r0 = pixel(x, ok0, at0 + i), r1 = pixel(x, ok1, at1 + i);
              v128_t r2 = pixel(x, ok2, at2 + i), r3 = pixel(x, ok3, at3 + i);
              v128_t t0 = wasm_i32x4_shuffle(r0, r1, 0, 4, 1, 5);
              v128_t t1 = wasm_i32x4_shuffle(r0, r1, 2, 6, 3, 7);
              v128_t t2 = wasm_i32x4_shuffle(r2, r3, 0, 4, 1, 5);
              v128_t t3 = wasm_i32x4_shuffle(r2, r3, 2, 6, 3, 7);
              float *out = tap + i * M + m;
              wasm_v128_store(out, wasm_i32x4_shuffle(t0, t2, 0, 1, 4, 5));
              wasm_v128_store(out + M, wasm_i32x4_shuffle(t0, t2, 2, 3, 6, 7));
              wasm_v128_store(out + 2 * M, wasm_i32x4_shuffle(t1, t3, 0, 1, 4, 5));
              wasm_v128_store(out + 3 * M, wasm_i32x4_shuffle(t1, t3, 2, 3, 6, 7));
            }
          }
        }
      }
    }
  }
}
