#!/usr/bin/env node
// npm run pretrain [-- --resume]: runs scripts/pretrain.node-run.ts through Vitest (which loads
// tfjs-core's ESM as the tests do); --resume becomes PRETRAIN_RESUME=1 (Vitest would reject an
// option it does not know). The other settings are environment variables (see that file).
import { spawnSync } from 'node:child_process';

const resume = process.argv.includes('--resume');
const unknown = process.argv.slice(2).filter((a) => a !== '--resume');
if (unknown.length > 0) {
  console.error(`pretrain: unknown argument ${unknown.join(' ')} (only --resume)`);
  process.exit(2);
}
const run = spawnSync(
  'npx',
  ['vitest', 'run', '--config', 'scripts/vitest.config.ts', 'scripts/pretrain.node-run.ts'],
  { stdio: 'inherit', env: { ...process.env, ...(resume ? { PRETRAIN_RESUME: '1' } : {}) } },
);
process.exit(run.status ?? 1);
