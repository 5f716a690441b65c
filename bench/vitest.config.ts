import { defineConfig } from 'vitest/config';

// Runs bench/trainNode.bench-run.ts under Node with the same module handling as the unit tests
// (tfjs-core's ESM needs it); driven by run-train.mjs, which reads what it writes.
export default defineConfig({
  test: {
    include: ['bench/**/*.bench-run.ts'],
    environment: 'node',
    testTimeout: 3_600_000,
    reporters: ['dot'],
  },
});
