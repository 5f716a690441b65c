/**
 * `npm run bench:lab`: the lab's figures for each shipped checkpoint, as the lab computes them
 * (LabNet, WASM, the first 500 test images), for the README's table beside the paper: intact
 * error; one deletion with batch norm as trained and re-estimated; k random deletions; one to
 * five swaps; gradient per path length and the effective paths; each job's time here.
 * Writes bench/results/lab-figures.json. LAB_KEYS=embedded-resnet,... limits the nets;
 * LAB_DIR reads the index and run files from another folder (an experiment's PRETRAIN_OUT);
 * LAB_JOBS=single,k runs only those jobs (single, singleReestimated, k, reorder, gradient).
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { EMBEDDED_SIZE, generateEmbedded } from '../src/data/embedded/generate';
import { effectiveRange, totalGradientByLength } from '../src/math/effective';
import { summariseDeletions } from '../src/math/lesionSummary';
import { chooseBackend } from '../src/nn/backend/select';
import { readRunFile } from '../src/worker/data/runFile';
import { LabNet } from '../src/worker/lab/labNet';
import { GRADIENT_SETTINGS, SWEEP_SETTINGS } from '../src/worker/lab/protocol';
import type { ShippedEntry } from '../src/worker/lab/shipped';

const OUT = process.env.LAB_OUT ?? 'bench/results/lab-figures.json';
const DIR = process.env.LAB_DIR ?? 'public/checkpoints';
const JOBS = process.env.LAB_JOBS?.split(',');

it('measures the lab figures of the shipped nets', async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
  const index = JSON.parse(readFileSync(`${DIR}/index.json`, 'utf8')) as ShippedEntry[];
  const keys = process.env.LAB_KEYS?.split(',') ?? index.map((e) => e.key);
  const data = generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);
  mkdirSync('bench/results', { recursive: true });
  const figures: Record<string, unknown> = existsSync(OUT)
    ? (JSON.parse(readFileSync(OUT, 'utf8')) as Record<string, unknown>)
    : {};
  for (const entry of index.filter((e) => keys.includes(e.key) && e.dataset === 'embedded')) {
    const file = readRunFile(readFileSync(`${DIR}/${entry.file}`, 'utf8'), entry.key);
    const lab = await LabNet.open(file.run.config, file.checkpoint!, data);
    const downsample = lab.info.blocks.map((b) => b.downsample);
    const intact = lab.info.intact.error;
    const seconds: Record<string, number> = {};
    const timed = async <T>(what: string, work: () => Promise<T>): Promise<T | []> => {
      if (JOBS && !JOBS.includes(what)) return [];
      const t0 = performance.now();
      const r = await work();
      seconds[what] = (performance.now() - t0) / 1000;
      return r;
    };
    const trained = { reestimateBn: false };
    const single = await timed('single', () => lab.single(trained, {}));
    const singleBn = await timed('singleReestimated', () => lab.single({ reestimateBn: true }, {}));
    const k = await timed('k', () =>
      lab.kDeletion(trained, SWEEP_SETTINGS.draws, SWEEP_SETTINGS.seed, {}, SWEEP_SETTINGS.maxK),
    );
    const reorder = await timed('reorder', () =>
      lab.reorder(trained, SWEEP_SETTINGS.maxSwaps, SWEEP_SETTINGS.reorderDraws, 1, {}),
    );
    const gradient = await timed('gradient', () =>
      lab.gradient(GRADIENT_SETTINGS.samplesPerK, GRADIENT_SETTINGS.batch, 1, {}),
    );
    const range = gradient.length
      ? effectiveRange(totalGradientByLength(lab.info.blocks.length, gradient))
      : null;
    figures[entry.key] = {
      layers: lab.info.layers,
      intact,
      single: summariseDeletions(single, downsample, intact),
      singleDownsampling: single.filter((_, i) => downsample[i]),
      singleReestimated: singleBn.length ? summariseDeletions(singleBn, downsample, intact) : null,
      singleErrors: single,
      k: k.map((r) => [r.k, r.mean]),
      reorder: reorder.map((p) => [p.swaps, p.tau, p.error]),
      gradient: gradient.map((r) => [r.k, r.mean]),
      effective: range,
      seconds,
    };
    lab.dispose();
    writeFileSync(OUT, JSON.stringify(figures, null, 1));
    process.stderr.write(`lab figures ${entry.key}: ${JSON.stringify(figures[entry.key])}\n`);
  }
});
