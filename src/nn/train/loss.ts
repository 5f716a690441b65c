/** The training loss: softmax cross-entropy of logits against integer labels, mean over the batch. */
import * as tf from '@tensorflow/tfjs-core';

export function crossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D, classes: number): tf.Scalar {
  return tf.losses.softmaxCrossEntropy(tf.oneHot(labels, classes), logits) as tf.Scalar;
}
