import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

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
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
    environment: 'node',
  },
});
