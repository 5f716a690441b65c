/**
 * The filter gradient for GPU backends as one matrix product. tfjs-backend-webgpu 4.22's
 * `Conv2DBackpropFilter` runs one thread per filter element, each looping over batch × height ×
 * width: a 3×3×16×16 filter is 2,304 threads, far too few to fill a GPU, each summing 32,768
 * products. Written as cols [M, KH·KW·I] and dW = colsᵀ · dy [M, O] (M = N·P·Q output pixels),
 * the reduction over M is the backend's tiled matrix product (a split-K product where the
 * output is this small), and cols is KH·KW strided slices of the padded input, each a cheap
 * copy kernel. The kernel is made of ops: the engine records no tape inside a kernel.
 */
import * as tf from '@tensorflow/tfjs-core';
import { convInfo, type ConvGeometry } from './convGrads';

export function conv2dFilterGradMatMul(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  filterShape: [number, number, number, number],
  geometry: ConvGeometry,
): tf.Tensor4D {
  return tf.tidy(() => {
    const info = convInfo(x.shape, filterShape, geometry);
    const [kh, kw, inC, outC] = filterShape;
    const [n, outH, outW] = dy.shape;
    const sh = info.strideHeight;
    const sw = info.strideWidth;
    const { top, left } = info.padInfo;
    const [, h, w] = x.shape;
    // Pad so that every tap's rows and columns exist: kh + sh·(P − 1) rows are read.
    const needH = kh + sh * (outH - 1);
    const needW = kw + sw * (outW - 1);
    const xp = tf.pad(x, [
      [0, 0],
      [top, Math.max(0, needH - h - top)],
      [left, Math.max(0, needW - w - left)],
      [0, 0],
    ]);
    const taps: tf.Tensor2D[] = [];
    for (let a = 0; a < kh; a++) {
      for (let b = 0; b < kw; b++) {
        const end = [n, a + sh * (outH - 1) + 1, b + sw * (outW - 1) + 1, inC];
        const tap =
          sh === 1 && sw === 1
            ? tf.slice(xp, [0, a, b, 0], [n, outH, outW, inC])
            : tf.stridedSlice(xp, [0, a, b, 0], end, [1, sh, sw, 1]);
        taps.push(tf.reshape(tap, [n * outH * outW, inC]));
      }
    }
    const cols = taps.length === 1 ? taps[0]! : tf.concat(taps, 1); // [M, KH·KW·I]
    const g = tf.matMul(cols, tf.reshape(dy, [n * outH * outW, outC]) as tf.Tensor2D, true);
    return tf.reshape(g, [kh, kw, inC, outC]) as tf.Tensor4D;
  });
}

/** Put the matrix-product filter gradient in place of a GPU backend's own. */
export function registerGpuFilterGrad(backendName: string): boolean {
  const stock = tf.getKernel('Conv2DBackpropFilter', backendName);
  if (stock && (stock.kernelFunc as { unraveled?: boolean }).unraveled) return false;
  if (stock) tf.unregisterKernel('Conv2DBackpropFilter', backendName);
  const kernelFunc: tf.KernelFunc = ({ inputs, attrs }) => {
    const { x, dy } = inputs as { x: tf.Tensor4D; dy: tf.Tensor4D };
    const a = attrs as unknown as ConvGeometry & {
      filterShape: [number, number, number, number];
      dataFormat: 'NHWC' | 'NCHW';
    };
    if (a.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter: NCHW is not supported');
    return conv2dFilterGradMatMul(x, dy, a.filterShape, a);
  };
  Object.defineProperty(kernelFunc, 'unraveled', { value: true });
  tf.registerKernel({ kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc });
  return true;
}
