import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Cross-origin isolation: with these two headers the page may use SharedArrayBuffer, and the
// data-parallel replicas share weights and gradients instead of copying them each step. Without
// them (a static host that cannot set headers) training still runs every replica, with
// transferred buffers. README, "Training on every core".
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

// `base: './'` makes every asset URL relative, so `dist/` works from any sub-path
// (GitHub Pages, a lecturer's USB stick served by any static server, …).
export default defineConfig({
  base: './',
  plugins: [react()],
  build: {
    target: 'es2022',
    sourcemap: true,
    // KaTeX fonts must ship as files next to the bundle, never be fetched from a CDN.
    assetsInlineLimit: 0,
    // One page: React, D3, KaTeX and the app are ~600 kB minified (186 kB gzip) and all
    // needed for the first paint; TensorFlow.js will load lazily in the worker.
    chunkSizeWarningLimit: 700,
  },
  // Module workers, so that a worker can load code lazily (TensorFlow.js backends).
  worker: { format: 'es' },
  server: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  preview: { host: '127.0.0.1', headers: ISOLATION_HEADERS },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
  },
});
