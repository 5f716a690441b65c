/**
 * The filter gradient of a 2-D convolution for backends that lack the `Conv2DBackpropFilter`
 * kernel (tfjs-backend-wasm 4.22): where our SIMD im2col runs (WASM), one matrix product of
 * dyᵀ and im2col(x); elsewhere one forward convolution, as follows.
 *
 * For y = conv2d(x, W) with stride s, dW[a, b, i, o] = Σ_{n, p, q} xp[n, a + s·p, b + s·q, i] ·
 * dy[n, p, q, o], where xp is x with the forward pass's padding. Read with the image channel i
 * as the batch, the batch n as the channel and dy as the filter, that is a valid convolution
 * with dilation s: conv2d(xpᵀ [I, Hp, Wp, N], dyᵀ [P, Q, N, O], dilation s) → [I, KH, KW, O].
 * The backend runs it with its fast forward kernel (XNNPACK on WASM).
 */
import * as tf from '@tensorflow/tfjs-core';
import { heapOffset, simdOn, type WasmLike } from './wasmHeap';

/** colsᵀ [KH·KW·I, N·P·Q] of x (kernels.c's im2col_t), on backends that register it (WASM). */
export const IM2COL = 'UnraveledIm2Col';

interface Im2ColAttrs {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly top: number;
  readonly left: number;
  readonly outH: number;
  readonly outW: number;
}

/**
 * Register im2col on WASM (the backend set now) where our SIMD loops run in its memory; false
 * where they cannot (then the filter gradient stays a forward convolution).
 */
export function registerIm2Col(backendName: string): boolean {
  if (backendName !== 'wasm' || tf.getKernel(IM2COL, backendName)) return false;
  if (tf.getBackend() !== 'wasm' || !simdOn(tf.backend())) return false;
  tf.registerKernel({
    kernelName: IM2COL,
    backendName,
    kernelFunc: ({ inputs, attrs, backend }) => {
      const b = backend as WasmLike;
      const code = simdOn(b);
      if (!code) throw new Error(`${IM2COL}: the SIMD kernels are not available`);
      const { x } = inputs as { x: tf.TensorInfo };
      const a = attrs as unknown as Im2ColAttrs;
      const [n, h, w, c] = x.shape as [number, number, number, number];
      const out = b.makeOutput([a.kh * a.kw * c, n * a.outH * a.outW], 'float32');
      code.im2col_t(
        heapOffset(b, x),
        n,
        h,
        w,
        c,
        a.kh,
        a.kw,
        a.sh,
        a.sw,
        a.top,
        a.left,
        a.outH,
        a.outW,
        heapOffset(b, out),
      );
      return out;
    },
  });
  return true;
}

/**
 * The filter gradient as one matrix product, where im2col runs (WASM with SIMD, I and the
 * output width multiples of 4): dW [KH·KW·I, O] = colsᵀ [KH·KW·I, M] · dy [M, O]. XNNPACK
 * packs the right-hand matrix of a product (here dy, small) and streams the left one; the
 * other orientation, dyᵀ · cols, packs all of cols at every call and is 4× slower, and the
 * forward-convolution form below packs dy as a huge "filter". BENCHMARKS.md has the figures.
 */
function filterGradIm2Col(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  info: tf.backend_util.Conv2DInfo,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [kh, kw, inC, outC] = filterShape;
    const [n, outH, outW] = dy.shape;
    const attrs: Im2ColAttrs = {
      kh,
      kw,
      sh: info.strideHeight,
      sw: info.strideWidth,
      top: info.padInfo.top,
      left: info.padInfo.left,
      outH,
      outW,
    };
    const colsT = tf
      .engine()
      .runKernel(IM2COL, { x }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor2D;
    const g = tf.matMul(colsT, tf.reshape(dy, [n * outH * outW, outC]) as tf.Tensor2D);
    return tf.reshape(g, [kh, kw, inC, outC]) as tf.Tensor4D;
  });
}

export interface ConvGeometry {
  readonly strides: number | [number, number];
  readonly pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  readonly dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

/** The backend's own geometry of a convolution (output size, padding, strides). */
export function convInfo(
  inputShape: [number, number, number, number],
  filterShape: [number, number, number, number],
  g: ConvGeometry,
): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(
    inputShape,
    filterShape,
    g.strides,
    1,
    g.pad,
    g.dimRoundingMode,
  );
}

export function conv2dFilterGrad(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  geometry: ConvGeometry,
): tf.Tensor4D {
  const info = convInfo(x.shape, filterShape, geometry);
  if (filterShape[2] % 4 === 0 && dy.shape[2] % 4 === 0 && tf.getKernel(IM2COL, tf.getBackend())) {
    return filterGradIm2Col(x, dy, filterShape, info);
  }
  return tf.tidy(() => {
    const { top, left } = info.padInfo;
    const [kh, kw] = filterShape;
    const [, outH, outW] = dy.shape;
    // The rows and columns the filter reads: exactly kh + s·(outH − 1) of the padded input.
    const needH = kh + info.strideHeight * (outH - 1);
    const needW = kw + info.strideWidth * (outW - 1);
    const [, h, w] = x.shape;
    let xp = tf.pad(x, [
      [0, 0],
      [top, Math.max(0, needH - h - top)],
      [left, Math.max(0, needW - w - left)],
      [0, 0],
    ]);
    if (xp.shape[1] !== needH || xp.shape[2] !== needW) {
      xp = tf.slice(xp, [0, 0, 0, 0], [-1, needH, needW, -1]);
    }
    const image = tf.transpose(xp, [3, 1, 2, 0]); // [I, needH, needW, N]
    const filter = tf.transpose(dy, [1, 2, 0, 3]); // [outH, outW, N, O]
    const g = tf.conv2d(image, filter, 1, 'valid', 'NHWC', [info.strideHeight, info.strideWidth]); // [I, kh, kw, O]
    return tf.transpose(g, [1, 2, 0, 3]);
  });
}

/**
 * The input gradient of the same convolution, also as one forward convolution: dy with s − 1
 * zeros between its entries, padded by kh − 1 − top, convolved with W turned by 180° and its
 * in/out channels swapped. dx[n, h, w, i] = Σ_{a, b, o} dyd[n, h + top − a, w + left − b, o] ·
 * W[a, b, i, o].
 */
export function conv2dInputGrad(
  inputShape: [number, number, number, number],
  dy: tf.Tensor4D,
  filter: tf.Tensor4D,
  geometry: ConvGeometry,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(inputShape, filter.shape, geometry);
    const [n, outH, outW, outC] = dy.shape;
    const [kh, kw] = filter.shape;
    const sh = info.strideHeight;
    const sw = info.strideWidth;
    let d: tf.Tensor4D = dy;
    if (sh > 1 || sw > 1) {
      // Interleave zeros: [N, P, 1, Q, 1, O] padded to [N, P, sh, Q, sw, O], then trimmed.
      const spread = tf.pad(tf.reshape(dy, [n, outH, 1, outW, 1, outC]), [
        [0, 0],
        [0, 0],
        [0, sh - 1],
        [0, 0],
        [0, sw - 1],
        [0, 0],
      ]);
      d = tf.slice(
        tf.reshape(spread, [n, outH * sh, outW * sw, outC]) as tf.Tensor4D,
        [0, 0, 0, 0],
        [-1, (outH - 1) * sh + 1, (outW - 1) * sw + 1, -1],
      );
    }
    const [, h, w] = inputShape;
    const top = kh - 1 - info.padInfo.top;
    const left = kw - 1 - info.padInfo.left;
    const needH = h + kh - 1;
    const needW = w + kw - 1;
    let dp = tf.pad(d, [
      [0, 0],
      [Math.max(0, top), Math.max(0, needH - d.shape[1] - top)],
      [Math.max(0, left), Math.max(0, needW - d.shape[2] - left)],
      [0, 0],
    ]);
    if (top < 0 || left < 0 || dp.shape[1] !== needH || dp.shape[2] !== needW) {
      dp = tf.slice(dp, [0, Math.max(0, -top), Math.max(0, -left), 0], [-1, needH, needW, -1]);
    }
    const turned = tf.transpose(tf.reverse(filter, [0, 1]), [0, 1, 3, 2]); // [kh, kw, O, I]
    return tf.conv2d(dp, turned as tf.Tensor4D, 1, 'valid');
  });
}

interface ConvAttrs {
  readonly strides: [number, number] | number;
  readonly pad: ConvGeometry['pad'];
  readonly dataFormat: 'NHWC' | 'NCHW';
  readonly dimRoundingMode?: ConvGeometry['dimRoundingMode'];
}

function nhwc(a: ConvAttrs, kernel: string): void {
  if (a.dataFormat === 'NCHW') throw new Error(`${kernel}: NCHW is not supported`);
}

/**
 * Give a backend both convolution gradients as forward convolutions. `Conv2DBackpropFilter` is
 * added where it is missing; `Conv2DBackpropInput` replaces the backend's own when `replaceInput`
 * (WASM's is a plain loop, 3× slower than XNNPACK's forward convolution: see BENCHMARKS.md).
 * The kernels are made of ops: a kernel may return a tensor, and the engine records no tape
 * inside a kernel. Returns the kernels it registered.
 */
export function registerConvGrads(backendName: string, replaceInput: boolean): string[] {
  const done: string[] = [];
  if (!tf.getKernel('Conv2DBackpropFilter', backendName)) {
    tf.registerKernel({
      kernelName: 'Conv2DBackpropFilter',
      backendName,
      kernelFunc: ({ inputs, attrs }) => {
        const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
        const a = attrs as unknown as ConvAttrs & { filterShape: [number, number, number, number] };
        nhwc(a, 'Conv2DBackpropFilter');
        return conv2dFilterGrad(x, dy, a.filterShape, a);
      },
    });
    done.push('Conv2DBackpropFilter');
  }
  if (replaceInput) {
    if (tf.getKernel('Conv2DBackpropInput', backendName)) {
      tf.unregisterKernel('Conv2DBackpropInput', backendName);
    }
    tf.registerKernel({
      kernelName: 'Conv2DBackpropInput',
      backendName,
      kernelFunc: ({ inputs, attrs }) => {
        const { dy, filter } = inputs as { dy: tf.Tensor4D; filter: tf.Tensor4D };
        const a = attrs as unknown as ConvAttrs & { inputShape: [number, number, number, number] };
        nhwc(a, 'Conv2DBackpropInput');
        return conv2dInputGrad(a.inputShape, dy, filter, a);
      },
    });
    done.push('Conv2DBackpropInput');
  }
  return done;
}
