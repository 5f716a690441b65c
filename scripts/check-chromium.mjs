#!/usr/bin/env node
// The end-to-end tests drive a system Chromium (Playwright cannot download its own here).
import { existsSync } from 'node:fs';
import { CHROMIUM_PATH } from './chromium.mjs';

const path = CHROMIUM_PATH;
if (!existsSync(path)) {
  console.error(`
No Chromium found at ${path}.
The end-to-end tests need a Chromium binary. Either
  - install Debian's package:   sudo apt-get update && sudo apt-get install -y chromium
  - or point CHROMIUM_PATH at any Chromium or Chrome binary:
        CHROMIUM_PATH=/path/to/chrome npm test
(\`npx playwright install\` is not needed and is not used.)
`);
  process.exit(1);
}
console.log(`e2e: using Chromium at ${path}`);
