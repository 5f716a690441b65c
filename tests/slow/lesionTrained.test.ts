/**
 * A ResNet and a plain net of the same depth (32 layers, width ¼) trained here in about two
 * minutes each with the page's own training session (WASM, 3,000 of the embedded shapes, 6
 * epochs), then opened in the lab: the plain net has degraded (He et al. 2016) and loses little
 * more on deletion, being near chance; in the ResNet the gradient a path carries falls with its
 * length (Veit et al. 2016, Fig. 6a). Depth matters: at 14 and 20 layers the page's ResNets
 * trained longer carried *more* gradient on their longer paths. The deletion finding is checked
 * on the longer-trained shipped checkpoints (lesionShipped.test.ts).
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { generateEmbedded } from '../../src/data/embedded/generate';
import { chooseBackend } from '../../src/nn/backend/select';
import type { BlockFamilyId } from '../../src/nn/blocks/types';
import type { Checkpoint } from '../../src/nn/train/checkpoint';
import type { RunConfig } from '../../src/worker/compute/protocol';
import { TrainingSession } from '../../src/worker/compute/session';
import { LabNet } from '../../src/worker/lab/labNet';

const TRAIN = 3000;
const data = generateEmbedded(TRAIN, 500, 2016);
const config = (family: BlockFamilyId): RunConfig => ({
  family,
  n: 5,
  width: 0.25,
  options: {},
  dataset: 'embedded',
  trainImages: TRAIN,
  testImages: 500,
  epochs: 6,
  batchSize: 64,
  lr: 0.05,
  schedule: 'cosine',
  augment: false,
  seed: 1,
  evalsPerEpoch: 1,
});

async function trained(family: BlockFamilyId): Promise<LabNet> {
  let last: Checkpoint | undefined;
  const r = await new TrainingSession(config(family), () => {}, {
    saveCheckpoint: async (c) => void (last = c),
    checkpointMs: 1e12,
  }).run(data);
  expect(r.state).toBe('done');
  return LabNet.open(config(family), last!, data);
}

let resnet: LabNet;
let plain: LabNet;
beforeAll(async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
  resnet = await trained('postact');
  plain = await trained('noShortcut');
}, 900_000);

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('a 32-layer ResNet and plain net trained here', () => {
  it('the ResNet learns; the plain net of the same depth has degraded near chance', async () => {
    expect(resnet.info.intact.accuracy).toBeGreaterThan(0.3);
    expect(plain.info.intact.accuracy).toBeLessThan(resnet.info.intact.accuracy - 0.1);
    const before = tf.memory().numTensors;
    const errors = await resnet.single({ reestimateBn: false }, {});
    expect(errors).toHaveLength(15);
    // Each deletion is measured, and measuring leaks no tensor.
    expect(errors.every((e) => e >= 0 && e <= 1)).toBe(true);
    expect(tf.memory().numTensors).toBe(before);
  }, 120_000);

  it('the gradient carried by a path falls with its length', async () => {
    const rows = await resnet.gradient(8, 32, 3, {});
    expect(rows.map((r) => r.k)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    console.log(`gradient per path length: ${rows.map((r) => r.mean.toExponential(2)).join(' ')}`);
    expect(rows.every((r) => Number.isFinite(r.mean) && r.mean > 0)).toBe(true);
    // Not every step need fall (8 samples each), but the short paths carry several times what
    // the long ones do, and the trend over all lengths is down.
    const short = mean(rows.slice(0, 3).map((r) => r.mean));
    const long = mean(rows.slice(-3).map((r) => r.mean));
    expect(short).toBeGreaterThan(3 * long);
    const logs = rows.map((r) => Math.log(r.mean));
    const ks = rows.map((r) => r.k);
    const kBar = mean(ks);
    const lBar = mean(logs);
    const slope =
      ks.reduce((a, k, i) => a + (k - kBar) * (logs[i]! - lBar), 0) /
      ks.reduce((a, k) => a + (k - kBar) ** 2, 0);
    expect(slope).toBeLessThan(0);
  }, 180_000);
});
