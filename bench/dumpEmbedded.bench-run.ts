/**
 * Writes the page's embedded shapes set as CIFAR-10 binary records (bench/results/embedded-
 * train.bin, embedded-test.bin) for the PyTorch reference trainer (bench/reference_torch.py).
 * A driver, not a test: `npx vitest run --config bench/vitest.config.ts bench/dumpEmbedded.bench-run.ts`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { PIXELS, RECORD, type Split } from '../src/data/cifar10/records';
import { EMBEDDED_SIZE, generateEmbedded } from '../src/data/embedded/generate';

function records(split: Split): Uint8Array {
  const out = new Uint8Array(split.count * RECORD);
  for (let i = 0; i < split.count; i++) {
    out[i * RECORD] = split.labels[i]!;
    out.set(split.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), i * RECORD + 1);
  }
  return out;
}

it('writes the embedded set as CIFAR-10 records', () => {
  const set = generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);
  mkdirSync('bench/results', { recursive: true });
  writeFileSync('bench/results/embedded-train.bin', records(set.train));
  writeFileSync('bench/results/embedded-test.bin', records(set.test));
});
