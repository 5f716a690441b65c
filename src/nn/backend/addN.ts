/**
 * tfjs-backend-webgpu 4.22 sums all inputs of AddN in one shader, one storage buffer each.
 * Past the device's storage-buffer limit (8 per shader stage by default, output included) the
 * pipeline fails silently and the result is whatever the recycled output buffer held: measured
 * here, addN of 12 scalars 2^i returned 7, and the sum of a ResNet's 23 squared gradient norms
 * returned one of them. We re-register AddN to add at most `maxInputs` tensors per kernel call.
 */
import * as tf from '@tensorflow/tfjs-core';

const CHUNKED = Symbol('chunked AddN');

export function registerChunkedAddN(backendName: string, maxInputs = 4): boolean {
  const original = tf.getKernel('AddN', backendName);
  if (!original || CHUNKED in original.kernelFunc) return false;
  const kernelFunc: tf.KernelFunc = (args) => {
    const inputs = args.inputs as unknown as tf.Tensor[];
    if (inputs.length <= maxInputs) return original.kernelFunc(args);
    return tf.tidy(() => {
      let parts = inputs;
      while (parts.length > 1) {
        const next: tf.Tensor[] = [];
        for (let i = 0; i < parts.length; i += maxInputs) {
          const chunk = parts.slice(i, i + maxInputs);
          next.push(chunk.length === 1 ? chunk[0]! : tf.addN(chunk));
        }
        parts = next;
      }
      return parts[0]!;
    });
  };
  Object.defineProperty(kernelFunc, CHUNKED, { value: true });
  tf.unregisterKernel('AddN', backendName);
  tf.registerKernel({ kernelName: 'AddN', backendName, kernelFunc });
  return true;
}
