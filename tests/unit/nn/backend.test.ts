import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';
import { registerChunkedAddN } from '../../../src/nn/backend/addN';
import {
  conv2dFilterGrad,
  conv2dInputGrad,
  IM2COL,
  registerIm2Col,
} from '../../../src/nn/backend/convGrads';
import {
  conv2dFilterGradMatMul,
  registerGpuFilterGrad,
} from '../../../src/nn/backend/gpuFilterGrad';
import { chooseBackend, describeChoice, type BackendLoaders } from '../../../src/nn/backend/select';
import { BLOCK_IDS } from '../../../src/nn/blocks/registry';
import { buildNet } from '../../../src/nn/network';
import { crossEntropy } from '../../../src/nn/train/trainer';
import { conv2d, t4, type T4 } from '../../reference/convnet';
import { mulberry32 } from '../../reference/rng';
import { toyImages } from '../../reference/toyImages';
import { maxRelError } from './helpers';

// In Node the cpu and wasm backends are imported above; WebGPU and WebGL have no API here.
const loaders: BackendLoaders = {
  webgpu: () => Promise.reject(new Error('not in Node')),
  webgl: () => Promise.reject(new Error('not in Node')),
  wasm: () => Promise.resolve(),
  cpu: () => Promise.resolve(),
};

afterAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * The gradients of L = Σ conv(x, W) ⊙ dy by linearity over plain float64 arrays:
 * ∂L/∂W[j] = Σ conv(x, e_j) ⊙ dy and ∂L/∂x[j] = Σ conv(e_j, W) ⊙ dy.
 */
function referenceGrads(x: T4, w: T4, dy: T4, stride: number) {
  const dot = (a: T4) => a.data.reduce((s, v, i) => s + v * dy.data[i]!, 0);
  const unit = (shape: T4['shape'], j: number) => {
    const e = t4(shape);
    e.data[j] = 1;
    return e;
  };
  const dW = Array.from(w.data, (_, j) => dot(conv2d(x, unit(w.shape, j), stride)));
  const dx = Array.from(x.data, (_, j) => dot(conv2d(unit(x.shape, j), w, stride)));
  return { dW, dx };
}

describe('convolution gradients as forward convolutions', () => {
  const rand = mulberry32(3);
  const random = (shape: [number, number, number, number]) =>
    t4(
      shape,
      Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => rand() * 2 - 1),
    );
  it.each([
    [7, 3, 1],
    [8, 3, 2],
    [7, 3, 2],
    [6, 1, 2],
    [5, 3, 3],
    // 4 input channels: on WASM the filter gradient is im2col (SIMD) and one matrix product.
    [7, 3, 1, 4],
    [8, 3, 2, 4],
    [6, 1, 2, 8],
  ])(
    'size %i, kernel %i, stride %i: both gradients equal the brute-force sums',
    async (size, k, s, channels = 2) => {
      for (const backend of ['cpu', 'wasm']) {
        await tf.setBackend(backend);
        if (backend === 'wasm') {
          registerIm2Col('wasm');
          expect(tf.getKernel(IM2COL, 'wasm'), 'SIMD im2col on WASM').toBeDefined();
        }
        const x = random([2, size, size, channels]);
        const w = random([k, k, channels, 3]);
        const out = Math.ceil(size / s);
        const dy = random([2, out, out, 3]);
        const want = referenceGrads(x, w, dy, s);
        const xt = tf.tensor4d(Float32Array.from(x.data), x.shape);
        const wt = tf.tensor4d(Float32Array.from(w.data), w.shape);
        const dyt = tf.tensor4d(Float32Array.from(dy.data), dy.shape);
        const geometry = { strides: s, pad: 'same' as const };
        const dW = conv2dFilterGrad(xt, dyt, w.shape, geometry);
        // The GPU backends' form (WebGPU), checked here on the CPU backends' kernels.
        const dWg = conv2dFilterGradMatMul(xt, dyt, w.shape, geometry);
        expect(maxRelError(await dWg.data(), want.dW)).toBeLessThan(1e-5);
        dWg.dispose();
        const dx = conv2dInputGrad(x.shape, dyt, wt, geometry);
        expect(dW.shape).toEqual(w.shape);
        expect(dx.shape).toEqual(x.shape);
        expect(maxRelError(await dW.data(), want.dW)).toBeLessThan(1e-5);
        expect(maxRelError(await dx.data(), want.dx)).toBeLessThan(1e-5);
        tf.dispose([xt, wt, dyt, dW, dx]);
      }
    },
  );
});

describe('the matrix-product filter gradient in place of a backend’s own (WebGPU)', () => {
  it('replaces the stock kernel once, and tfjs’s conv2d gradient then equals the stock one', async () => {
    await tf.setBackend('cpu');
    const stock = tf.getKernel('Conv2DBackpropFilter', 'cpu')!;
    const x = tf.randomNormal([2, 9, 9, 4], 0, 1, 'float32', 1) as tf.Tensor4D;
    const w = tf.randomNormal([3, 3, 4, 5], 0, 1, 'float32', 2) as tf.Tensor4D;
    const gradOf = (s: number) =>
      tf.grad((f: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, f as tf.Tensor4D, s, 'same'))))(w);
    const before = [await gradOf(1).data(), await gradOf(2).data()];
    try {
      expect(registerGpuFilterGrad('cpu')).toBe(true);
      expect(registerGpuFilterGrad('cpu')).toBe(false);
      expect(tf.getKernel('Conv2DBackpropFilter', 'cpu')!.kernelFunc).not.toBe(stock.kernelFunc);
      const after = [await gradOf(1).data(), await gradOf(2).data()];
      after.forEach((g, i) => expect(maxRelError(g, Array.from(before[i]!))).toBeLessThan(1e-5));
    } finally {
      tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
      tf.registerKernel(stock);
      tf.dispose([x, w]);
    }
  });
});

describe('AddN in chunks (tfjs-backend-webgpu sums at most 7 inputs correctly)', () => {
  it('adds 23 tensors with no kernel call over the limit, and registers once', async () => {
    await tf.setBackend('cpu');
    const stock = tf.getKernel('AddN', 'cpu')!;
    // A spy under the chunking kernel: it sees every call that reaches the backend's own AddN.
    const seen: number[] = [];
    tf.unregisterKernel('AddN', 'cpu');
    tf.registerKernel({
      ...stock,
      kernelFunc: (args) => {
        seen.push((args.inputs as unknown as tf.Tensor[]).length);
        return stock.kernelFunc(args);
      },
    });
    const parts = Array.from({ length: 23 }, (_, i) => tf.fill([2, 3], i + 1));
    try {
      expect(registerChunkedAddN('cpu', 3)).toBe(true);
      expect(registerChunkedAddN('cpu', 3)).toBe(false);
      const sum = tf.addN(parts);
      expect(Array.from(await sum.data())).toEqual(Array(6).fill((23 * 24) / 2));
      sum.dispose();
      expect(seen.length).toBeGreaterThan(1);
      expect(Math.max(...seen)).toBeLessThanOrEqual(3);
    } finally {
      tf.unregisterKernel('AddN', 'cpu');
      tf.registerKernel(stock);
      tf.dispose(parts);
    }
  });
});

describe('choosing a backend', () => {
  it('under Node: WebGPU and WebGL are missing with a reason, WASM is taken and checked', async () => {
    const choice = await chooseBackend({ loaders });
    expect(choice.name).toBe('wasm');
    expect(tf.getBackend()).toBe('wasm');
    expect(choice.attempts.map((a) => [a.name, a.ok])).toEqual([
      ['webgpu', false],
      ['webgl', false],
      ['wasm', true],
    ]);
    expect(choice.attempts[0]!.reason).toMatch(/no WebGPU/);
    expect(choice.attempts[1]!.reason).toMatch(/WebGL/);
    // WASM lacks Conv2DBackpropFilter as shipped; choosing it supplies ours.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    expect(describeChoice(choice)).toMatch(/^wasm: .*Conv2DBackpropFilter/);
  });

  it('a backend that fails to load or set is reported, and the next one is taken', async () => {
    const choice = await chooseBackend({
      loaders: { ...loaders, wasm: () => Promise.reject(new Error('fetch of the .wasm failed')) },
    });
    expect(choice.name).toBe('cpu');
    expect(choice.attempts.find((a) => a.name === 'wasm')!.reason).toMatch(
      /could not be loaded: fetch of the \.wasm failed/,
    );
    await expect(chooseBackend({ only: 'webgpu', loaders })).rejects.toThrow(
      /no TensorFlow.js backend could start \(webgpu: this browser has no WebGPU/,
    );
    const cpu = await chooseBackend({ only: 'cpu', loaders });
    expect(cpu.attempts).toEqual([{ name: 'cpu', ok: true, reason: 'chosen by you' }]);
  });

  it.each(BLOCK_IDS)(
    'a %s net has the same loss and gradients on WASM as on the CPU backend',
    async (family) => {
      const { x, y } = toyImages(4, 8, 5);
      const run = async (backend: 'cpu' | 'wasm') => {
        await chooseBackend({ only: backend, loaders });
        const net = buildNet({
          family,
          n: 1,
          width: 0.25,
          inputSize: 8,
          classes: 4,
          seed: 7,
          options: { shortcut: 'A' },
        });
        const xt = tf.tensor4d(x, [4, 8, 8, 3]);
        const yt = tf.tensor1d(y, 'int32');
        const vars = net.params.all.filter((p) => p.trainable).map((p) => p.variable);
        const { value, grads } = tf.variableGrads(
          () =>
            crossEntropy(
              net.forward(xt, { mode: 'train', random: mulberry32(1) }),
              yt,
              net.config.classes,
            ),
          vars,
        );
        const out = {
          loss: (await value.data())[0]!,
          // A closed stochastic-depth gate leaves its block's variables without a gradient.
          grads: await Promise.all(
            vars.map(async (v) => (grads[v.name] ? Array.from(await grads[v.name]!.data()) : null)),
          ),
        };
        tf.dispose([value, xt, yt, ...Object.values(grads)]);
        net.dispose();
        return out;
      };
      const cpu = await run('cpu');
      const wasm = await run('wasm');
      expect(Math.abs(wasm.loss - cpu.loss)).toBeLessThan(1e-4 * Math.max(1, cpu.loss));
      expect(wasm.grads.map((g) => g === null)).toEqual(cpu.grads.map((g) => g === null));
      cpu.grads.forEach((g, i) => {
        if (g) expect(maxRelError(wasm.grads[i]!, g)).toBeLessThan(1e-3);
      });
    },
  );
});
