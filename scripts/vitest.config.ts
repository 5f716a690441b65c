import { defineConfig } from 'vitest/config';

// Node-side scripts that need tfjs-core's ESM handled as the unit tests have it
// (scripts/*.node-run.ts), driven by npm scripts.
export default defineConfig({
  test: {
    include: ['scripts/**/*.node-run.ts'],
    environment: 'node',
    testTimeout: 7_200_000,
    reporters: ['dot'],
  },
});
