/**
 * How the page's worker loads each TensorFlow.js backend: dynamic imports, so that a backend
 * costs nothing until it is chosen, and the WASM binaries served from our own bundle (Vite
 * emits them as assets; nothing comes from a CDN).
 */
import type { BackendLoaders } from '../nn/backend/select';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const BROWSER_LOADERS: BackendLoaders = {
  webgpu: () => import('@tensorflow/tfjs-backend-webgpu'),
  webgl: () => import('@tensorflow/tfjs-backend-webgl'),
  wasm: async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Absolute URLs: the worker's own URL is not the page's, and the build uses relative paths.
    const abs = (u: string) => new URL(u, self.location.href).href;
    wasm.setWasmPaths({
      'tfjs-backend-wasm.wasm': abs(wasmPlain),
      'tfjs-backend-wasm-simd.wasm': abs(wasmSimd),
      'tfjs-backend-wasm-threaded-simd.wasm': abs(wasmThreaded),
    });
  },
  cpu: () => import('@tensorflow/tfjs-backend-cpu'),
};
