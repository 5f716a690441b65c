// Build the compute harness page (tests/browser) with Vite, as production would bundle it
// (workers, dynamic imports, .wasm assets), serve it on loopback, and hand back its URL.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build, preview } from 'vite';

export async function serveComputeHarness() {
  const outDir = await mkdtemp(join(tmpdir(), 'unraveled-compute-'));
  await build({
    configFile: false,
    root: 'tests/browser',
    base: './',
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true, target: 'es2022', assetsInlineLimit: 0 },
    worker: { format: 'es' },
  });
  const server = await preview({
    configFile: false,
    root: 'tests/browser',
    build: { outDir },
    preview: { host: '127.0.0.1', port: 0, strictPort: false },
    logLevel: 'warn',
  });
  const { port } = server.httpServer.address();
  return { url: `http://127.0.0.1:${port}/index.html`, close: () => server.close() };
}
