#!/usr/bin/env node
// Serve a built folder under a sub-path (default dist/ at /unraveled/demo/), to prove that the
// build works from any sub-path. Usage: node scripts/serve-static.mjs [dir] [port] [prefix]
// At `port` it sends the cross-origin isolation headers (COOP/COEP: SharedArrayBuffer works);
// at `port + 1` the same files without them, as a host that cannot set headers would.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const root = resolve(process.argv[2] ?? 'dist');
const port = Number(process.argv[3] ?? 4173);
const prefix = process.argv[4] ?? '/unraveled/demo/';
const types = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.ttf': 'font/ttf',
  '.map': 'application/json',
  '.wasm': 'application/wasm',
};

const ISOLATION = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

const serve = (isolated) => async (req, res) => {
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (!url.pathname.startsWith(prefix)) {
    res.writeHead(404).end('not under the served prefix');
    return;
  }
  const rel = normalize(decodeURIComponent(url.pathname.slice(prefix.length)) || 'index.html');
  if (rel.startsWith('..')) {
    res.writeHead(403).end();
    return;
  }
  let file = join(root, rel);
  try {
    if ((await stat(file)).isDirectory()) file = join(file, 'index.html');
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': types[extname(file)] ?? 'application/octet-stream',
      ...(isolated ? ISOLATION : {}),
    });
    res.end(body);
  } catch {
    res.writeHead(404).end('not found');
  }
};

createServer(serve(true)).listen(port, '127.0.0.1', () => {
  console.log(`serving ${root} at http://127.0.0.1:${port}${prefix} (cross-origin isolated)`);
});
createServer(serve(false)).listen(port + 1, '127.0.0.1', () => {
  console.log(`and at http://127.0.0.1:${port + 1}${prefix} (not isolated)`);
});
