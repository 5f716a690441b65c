/**
 * Is the residual/plain gap visible on the embedded set? Trains a plain net (no shortcuts,
 * family 'none') and a ResNet (family 'plain') of the same depth and width on the page's
 * embedded set, on WASM, and prints test accuracy per epoch. Run by `npm run bench:gap`.
 */
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { EMBEDDED_SIZE, generateEmbedded } from '../src/data/embedded/generate';
import { channelStats } from '../src/data/stats';
import { seededRandom } from '../src/math/random';
import { chooseBackend } from '../src/nn/backend/select';
import type { BlockFamilyId } from '../src/nn/blocks/types';
import { buildNet } from '../src/nn/network';
import { DeviceDataset } from '../src/nn/train/deviceData';
import { evaluate, Trainer } from '../src/nn/train/trainer';

const N = Number(process.env.GAP_N ?? 3); // 6n + 2 layers
const WIDTH = Number(process.env.GAP_WIDTH ?? 0.25);
const EPOCHS = Number(process.env.GAP_EPOCHS ?? 3);
const BATCH = 64;

it('trains a plain net and a ResNet on the embedded set', async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
  const set = generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);
  const stats = channelStats(set.train);
  const train = new DeviceDataset(set.train, stats);
  const test = new DeviceDataset(set.test, stats);
  const rows: {
    family: string;
    epoch: number;
    trainLoss: number;
    testAccuracy: number;
    seconds: number;
  }[] = [];
  for (const family of ['noShortcut', 'postact'] as BlockFamilyId[]) {
    const net = buildNet({ family, n: N, width: WIDTH, seed: 1 });
    const steps = Math.floor(train.count / BATCH) * EPOCHS;
    const trainer = new Trainer(net, {
      batchSize: BATCH,
      totalSteps: steps,
      schedule: { kind: 'cosine', base: Number(process.env.GAP_LR ?? 0.05), warmupSteps: 20 },
      augment: false,
      seed: 3,
    });
    const random = seededRandom(7);
    const t0 = performance.now();
    for (let e = 1; e <= EPOCHS; e++) {
      let loss = 0;
      let count = 0;
      for (const idx of train.epoch(BATCH, random)) {
        const { x, y } = train.batch(idx);
        loss += (await trainer.trainStep(x, y)).loss;
        count++;
        tf.dispose([x, y]);
      }
      const { accuracy } = await evaluate(net, test.images, test.labels);
      const row = {
        family,
        epoch: e,
        trainLoss: loss / count,
        testAccuracy: accuracy,
        seconds: (performance.now() - t0) / 1000,
      };
      process.stderr.write(`gap ${JSON.stringify(row)}\n`);
      rows.push(row);
    }
    trainer.dispose();
    net.dispose();
  }
  writeFileSync(
    process.env.BENCH_OUT ?? 'bench/results/gap.json',
    JSON.stringify({ n: N, width: WIDTH, rows }, null, 2),
  );
});
