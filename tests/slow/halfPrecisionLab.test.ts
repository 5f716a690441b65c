/**
 * The shipped checkpoints are stored in half precision (src/worker/data/halfPrecision.ts). That
 * must not change what the lab shows: the shipped ResNet opened from its float32 weights and
 * from their half-precision copy gives the same intact error and the same error on deleting
 * blocks across the net, within 2 of the lab's 500 test images.
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDED_SIZE, generateEmbedded } from '../../src/data/embedded/generate';
import { chooseBackend } from '../../src/nn/backend/select';
import type { Checkpoint } from '../../src/nn/train/checkpoint';
import { halfPrecision } from '../../src/worker/data/halfPrecision';
import { readRunFile, weightsOnly } from '../../src/worker/data/runFile';
import { LabNet } from '../../src/worker/lab/labNet';

const KEY = 'embedded-resnet';
const data = generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);

/** The float32 weights: the pretraining state when committed, else the shipped file itself. */
function fullPrecision(): { file: ReturnType<typeof readRunFile>; ckpt: Checkpoint } {
  const state = `pretrain-state/${KEY}.json`;
  const shipped = `public/checkpoints/${KEY}.json`;
  const path = existsSync(state) ? state : shipped;
  const file = readRunFile(readFileSync(path, 'utf8'), path);
  const ckpt = weightsOnly(file.checkpoint!);
  if (ckpt.specs.some((s) => s.quantization)) throw new Error(`${path} is not in float32`);
  return { file, ckpt };
}

beforeAll(async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
});

describe('half-precision shipped weights', () => {
  it('give the lab the same figures as the float32 ones', async () => {
    const { file, ckpt } = fullPrecision();
    const half = halfPrecision(ckpt);
    expect(half.data.byteLength).toBeLessThan(0.51 * ckpt.data.byteLength);
    const full = await LabNet.open(file.run.config, ckpt, data);
    const short = await LabNet.open(file.run.config, half, data);
    const images = full.info.testImages;
    const tolerance = 2 / images;
    expect(Math.abs(full.info.intact.error - short.info.intact.error)).toBeLessThanOrEqual(
      tolerance,
    );
    // Deleting blocks across the net (every fourth; each is a whole evaluation of a deep net).
    const bn = { reestimateBn: false };
    for (const b of full.info.blocks.filter((x) => x.index % 4 === 1)) {
      const e = (await full.evaluate({ deleted: [b.index] }, bn)).error;
      const h = (await short.evaluate({ deleted: [b.index] }, bn)).error;
      expect(Math.abs(e - h), `block ${b.index + 1}`).toBeLessThanOrEqual(tolerance);
    }
    full.dispose();
    short.dispose();
  }, 600_000);
});
