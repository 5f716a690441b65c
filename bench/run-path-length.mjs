#!/usr/bin/env node
// npm run bench: time the unraveled-view maths and the path-length redraw in headless
// Chromium (median of repeated runs) and print a table; the figures go into the README.
import { mkdir, writeFile } from 'node:fs/promises';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../scripts/chromium.mjs';

const server = await createServer({ logLevel: 'error', server: { port: 0, host: '127.0.0.1' } });
await server.listen();
const { port } = server.httpServer.address();
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(`http://127.0.0.1:${port}/bench/path-length.html`);
  await page.waitForFunction(() => window.__bench !== undefined, null, { timeout: 300_000 });
  const rows = await page.evaluate(() => window.__bench);
  if (!Array.isArray(rows)) throw new Error(`benchmark failed: ${rows.error}`);
  const version = browser.version();
  console.log(`Path-length distribution and plot, Chromium ${version}, median of repeated runs`);
  console.log(
    '| family | n | stochastic depth | y scale | bars drawn | compute (ms) | redraw (ms) |',
  );
  console.log('|---|---:|---|---|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.family} | ${r.n} | ${r.sd ? 'on' : 'off'} | ${r.scale} | ${r.bars} | ${r.computeMs.toFixed(2)} | ${r.drawMs.toFixed(2)} |`,
    );
  }
  await mkdir('bench/results', { recursive: true });
  await writeFile(
    'bench/results/path-length.json',
    JSON.stringify({ chromium: version, rows }, null, 2),
  );
} finally {
  await browser.close();
  await server.close();
}
