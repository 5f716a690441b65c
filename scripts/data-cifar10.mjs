#!/usr/bin/env node
// npm run data:cifar10 [-- --from <path-or-url>] [--train N] [--test M] [--out DIR]
// Downloads the official CIFAR-10 binary archive (or takes --from), checks it, and writes the
// compact assets the app finds by itself: <out>/train.bin, <out>/test.bin (CIFAR-10 records,
// class-balanced when --train/--test ask for a subset) and <out>/manifest.json.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { parseArgs } from 'node:util';
import { createServer } from 'vite';

export const OFFICIAL_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';
// The md5 the CIFAR-10 page publishes for cifar-10-binary.tar.gz.
const OFFICIAL_MD5 = 'c32a1d4ab5d03f1284b67883e8d87530';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: OFFICIAL_URL },
    train: { type: 'string' },
    test: { type: 'string' },
    out: { type: 'string', default: 'public/data/cifar10' },
  },
});

function fail(message) {
  console.error(`data:cifar10: ${message}`);
  process.exit(1);
}

const count = (v, what) => {
  if (v === undefined) return Infinity;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 10)
    fail(`--${what} must be a whole number of at least 10, not "${v}"`);
  return n;
};
const wantTrain = count(values.train, 'train');
const wantTest = count(values.test, 'test');

// src/data is TypeScript: load it through Vite's module runner (it needs no DOM and no tfjs).
const vite = await createServer({
  server: { middlewareMode: true },
  appType: 'custom',
  logLevel: 'error',
});
const started = performance.now();
try {
  const { readCifar } = await vite.ssrLoadModule('/src/data/cifar10/reader.ts');
  const { balancedSubset, buildAssets } = await vite.ssrLoadModule('/src/data/cifar10/assets.ts');
  const { DataError, formatBytes } = await vite.ssrLoadModule('/src/data/errors.ts');

  const from = values.from;
  const isUrl = /^https?:\/\//.test(from);
  let body;
  let size;
  const name = from.split('/').pop() || from;
  if (isUrl) {
    console.log(`downloading ${from}`);
    let response;
    try {
      response = await fetch(from);
    } catch (e) {
      fail(
        `could not download ${from}: ${e.cause?.message ?? e.message}. Download it by hand and pass --from <path>.`,
      );
    }
    if (!response.ok || !response.body) fail(`could not download ${from}: HTTP ${response.status}`);
    size = Number(response.headers.get('content-length')) || undefined;
    body = response.body;
  } else {
    try {
      size = (await stat(from)).size;
    } catch {
      fail(`no file at ${from}`);
    }
    body = Readable.toWeb(createReadStream(from));
  }

  const md5 = createHash('md5');
  const sha = createHash('sha256');
  let lastShown = 0;
  const hashed = body.pipeThrough(
    new TransformStream({
      transform(chunk, controller) {
        md5.update(chunk);
        sha.update(chunk);
        controller.enqueue(chunk);
      },
    }),
  );
  let set;
  try {
    set = await readCifar(name, hashed, {
      size,
      onProgress: (n) => {
        if (process.stdout.isTTY && n - lastShown > 4 << 20) {
          lastShown = n;
          process.stdout.write(
            `\r  read ${formatBytes(n)}${size ? ` of ${formatBytes(size)}` : ''}   `,
          );
        }
      },
    });
  } catch (e) {
    if (e instanceof DataError) fail(e.message);
    throw e;
  }
  if (process.stdout.isTTY) process.stdout.write('\n');
  const md5hex = md5.digest('hex');
  const shaHex = sha.digest('hex');
  if (
    name === 'cifar-10-binary.tar.gz' &&
    (isUrl || size === 170052171) &&
    md5hex !== OFFICIAL_MD5
  ) {
    fail(
      `the archive's md5 is ${md5hex}, not the published ${OFFICIAL_MD5}: the download is damaged`,
    );
  }
  if (!set.train || !set.test) {
    fail(
      `${name} has no ${set.train ? 'test' : 'training'} batch: the app needs both (read: ${set.batches.join(', ')})`,
    );
  }
  let train;
  let test;
  try {
    train = balancedSubset(set.train, Math.min(wantTrain, set.train.count), `${name} (training)`);
    test = balancedSubset(set.test, Math.min(wantTest, set.test.count), `${name} (test)`);
  } catch (e) {
    if (e instanceof DataError) fail(e.message);
    throw e;
  }
  const { manifest, files } = await buildAssets(
    { train, test, classNames: set.classNames },
    `${name} (sha256 ${shaHex})`,
  );
  await mkdir(values.out, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) await writeFile(join(values.out, file), bytes);
  await writeFile(join(values.out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  const seconds = (performance.now() - started) / 1000;
  const written = Object.values(files).reduce((a, b) => a + b.length, 0);
  console.log(
    `read ${set.batches.join(', ')} from ${name}; wrote ${train.count} training and ${test.count} test images ` +
      `(${formatBytes(written)}) to ${values.out}/ in ${seconds.toFixed(1)} s, ` +
      `peak memory ${formatBytes(process.resourceUsage().maxRSS * 1024)}`,
  );
} finally {
  await vite.close();
}
