/**
 * Augmentation on the device (He et al. 2016): pad 4 pixels, take a random crop of the
 * original size, flip horizontally with probability ½ — one crop_and_resize call whose boxes
 * sit on the pixel grid (an exact crop) and are mirrored for the flipped images.
 */
import * as tf from '@tensorflow/tfjs-core';

export function augmentBatch(x: tf.Tensor4D, random: () => number, pad = 4): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const padded = tf.pad(x, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    const H = h + 2 * pad;
    const W = w + 2 * pad;
    const boxes: number[] = [];
    for (let i = 0; i < n; i++) {
      const oy = Math.floor(random() * (2 * pad + 1));
      const ox = Math.floor(random() * (2 * pad + 1));
      const y1 = oy / (H - 1);
      const y2 = (oy + h - 1) / (H - 1);
      const xa = ox / (W - 1);
      const xb = (ox + w - 1) / (W - 1);
      const flip = random() < 0.5;
      boxes.push(y1, flip ? xb : xa, y2, flip ? xa : xb);
    }
    const indices = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i),
      'int32',
    );
    return tf.image.cropAndResize(padded, tf.tensor2d(boxes, [n, 4]), indices, [h, w], 'nearest');
  });
}
