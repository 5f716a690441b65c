import { defineConfig } from 'vitest/config';

// `npm run test:slow`: the trained-net tests (Veit et al.'s findings with the paper's
// thresholds on the shipped checkpoints and on nets trained here; the half-precision weights).
// Minutes each on two cores, so apart from the unit tests; CI runs them (npm test).
export default defineConfig({
  test: {
    include: ['tests/slow/**/*.test.ts'],
    environment: 'node',
    testTimeout: 900_000,
    hookTimeout: 900_000,
    // One file at a time: each trains or sweeps a net on every core.
    fileParallelism: false,
  },
});
