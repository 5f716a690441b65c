/**
 * Augmentation on the device (He et al. 2016): pad 4 pixels, take a random crop of the
 * original size, flip horizontally with probability ½ — one crop_and_resize call whose boxes
 * sit on the pixel grid (an exact crop) and are mirrored for the flipped images. The boxes are
 * drawn apart from the images, so that a data-parallel step can give each shard its part.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Crop boxes (y1, x1, y2, x2 on the padded image, 4 per image): 3 draws an image. */
export function augmentBoxes(
  n: number,
  h: number,
  w: number,
  random: () => number,
  pad = 4,
): Float32Array {
  const H = h + 2 * pad;
  const W = w + 2 * pad;
  const boxes = new Float32Array(4 * n);
  for (let i = 0; i < n; i++) {
    const oy = Math.floor(random() * (2 * pad + 1));
    const ox = Math.floor(random() * (2 * pad + 1));
    const xa = ox / (W - 1);
    const xb = (ox + w - 1) / (W - 1);
    const flip = random() < 0.5;
    boxes.set([oy / (H - 1), flip ? xb : xa, (oy + h - 1) / (H - 1), flip ? xa : xb], 4 * i);
  }
  return boxes;
}

/** The crops of the boxes from the padded images. */
export function cropBoxes(x: tf.Tensor4D, boxes: Float32Array, pad = 4): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, h, w] = x.shape;
    const padded = tf.pad(x, [
      [0, 0],
      [pad, pad],
      [pad, pad],
      [0, 0],
    ]);
    const indices = tf.tensor1d(
      Array.from({ length: n }, (_, i) => i),
      'int32',
    );
    return tf.image.cropAndResize(padded, tf.tensor2d(boxes, [n, 4]), indices, [h, w], 'nearest');
  });
}

export function augmentBatch(x: tf.Tensor4D, random: () => number, pad = 4): tf.Tensor4D {
  const [n, h, w] = x.shape;
  return cropBoxes(x, augmentBoxes(n, h, w, random, pad), pad);
}
