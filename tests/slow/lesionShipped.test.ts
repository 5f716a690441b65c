/**
 * Veit et al.'s findings on the checkpoints the lab ships with (public/checkpoints/, trained by
 * `npm run pretrain` with the page's own training session), opened as the lab opens them (the
 * first 500 test images, WASM), with the batch-norm statistics as trained (the paper's
 * protocol). The thresholds are the reading of the paper, fixed before the nets were
 * trained, never fitted to a run:
 * - deleting one shape-keeping block of the ResNet raises its error by ≤ 5 points on average,
 *   and by ≤ ¼ of what a plain net loses, which any deletion sends near chance (≥ 80 % error
 *   for ten classes; chance is 90 %). The plain net of the same depth (110 layers) does not
 *   learn at all here, with any learning rate or warm-up tried (README, "Finding the recipe"),
 *   and neither does one of 56 layers: the contrast is with the deepest shipped plain net that
 *   does (32 layers at width ¼; Veit et al.'s own contrast was a 15-layer VGG-style net);
 * - the error rises smoothly with the number of blocks deleted (no one step of k = 1..10 takes
 *   more than half of the rise) and as the Kendall τ of a reordering falls;
 * - the stochastic-depth ResNet is more robust to deletion than the ResNet (§5; Huang et al.);
 * - the gradient a path carries falls with its length, and the effective paths (the shortest
 *   range of lengths holding 90 % of the gradient) are a small share (≤ 5 %) of all paths.
 * Each dataset's nets are checked where they are shipped (the CIFAR-10 ones need the archive).
 */
import '@tensorflow/tfjs-backend-wasm';
import { existsSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { readCifar } from '../../src/data/cifar10/reader';
import { EMBEDDED_SIZE, generateEmbedded } from '../../src/data/embedded/generate';
import { effectiveRange, totalGradientByLength } from '../../src/math/effective';
import { summariseDeletions } from '../../src/math/lesionSummary';
import { chooseBackend } from '../../src/nn/backend/select';
import type { SessionData } from '../../src/worker/compute/session';
import { readRunFile } from '../../src/worker/data/runFile';
import { LabNet } from '../../src/worker/lab/labNet';
import type { ShippedEntry } from '../../src/worker/lab/shipped';

const INDEX = JSON.parse(readFileSync('public/checkpoints/index.json', 'utf8')) as ShippedEntry[];
const CIFAR = '../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz';
const AS_TRAINED = { reestimateBn: false };

async function cifar(): Promise<SessionData> {
  const bytes = readFileSync(CIFAR);
  const stream = new ReadableStream<Uint8Array>({
    start(c) {
      c.enqueue(new Uint8Array(bytes));
      c.close();
    },
  });
  const set = await readCifar('cifar.tar.gz', stream, { size: bytes.length });
  return { train: set.train!, test: set.test! };
}

async function open(key: string, data: SessionData): Promise<LabNet> {
  const entry = INDEX.find((e) => e.key === key)!;
  const file = readRunFile(readFileSync(`public/checkpoints/${entry.file}`, 'utf8'), key);
  return LabNet.open(file.run.config, file.checkpoint!, data);
}

async function singleSummary(lab: LabNet) {
  const errors = await lab.single(AS_TRAINED, {});
  const downsample = lab.info.blocks.map((b) => b.downsample);
  return { errors, ...summariseDeletions(errors, downsample, lab.info.intact.error)! };
}

beforeAll(async () => {
  const present = () => Promise.resolve();
  await chooseBackend({
    only: 'wasm',
    loaders: { webgpu: present, webgl: present, wasm: present, cpu: present },
  });
});

/** A plain net "learns" when its intact error is clearly below chance (90 % for ten classes). */
const LEARNS = 0.8;

for (const dataset of ['embedded', 'cifar10'] as const) {
  const has = (net: string) => INDEX.some((e) => e.key === `${dataset}-${net}`);
  const available = dataset === 'embedded' || existsSync(CIFAR);
  // The nets of the recipe (110 layers), once its whole set is shipped (ResNet, plain,
  // stochastic depth, pre-activation). The 32-layer CIFAR-10 nets shipped before it, kept until
  // their 110-layer successors are trained, are not held to the paper's thresholds.
  const deep = (INDEX.find((e) => e.key === `${dataset}-resnet`)?.layers ?? 0) >= 110;
  const whole = has('stochastic') && has('preact');
  describe.runIf(deep && whole && available)(`the shipped ${dataset} nets`, () => {
    const nets: Record<string, LabNet> = {};
    const rises: Record<string, number> = {};
    let resnetErrors: number[] = [];
    beforeAll(async () => {
      const data =
        dataset === 'embedded'
          ? generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed)
          : await cifar();
      for (const net of [
        'resnet',
        'plain',
        'plain-56',
        'plain-32',
        'plain-20',
        'stochastic',
        'preact',
      ])
        if (has(net)) nets[net] = await open(`${dataset}-${net}`, data);
      const r = await singleSummary(nets.resnet!);
      rises.resnet = r.meanRise;
      resnetErrors = r.errors;
    });

    it('open with the accuracy in their index; the residual ones as deep as the ResNet', () => {
      for (const [net, lab] of Object.entries(nets)) {
        const listed = INDEX.find((e) => e.key === `${dataset}-${net}`)!.testAccuracy;
        expect(Math.abs(lab.info.intact.accuracy - listed)).toBeLessThan(0.05); // 500 of 1,000
        if (!net.startsWith('plain-')) expect(lab.info.layers).toBe(nets.resnet!.info.layers);
      }
    });

    it('deleting one block barely moves the ResNet (≤ 5 points on average)', () => {
      console.log(`${dataset}: ResNet, one deletion: mean rise ${rises.resnet!.toFixed(4)}`);
      expect(rises.resnet!).toBeLessThanOrEqual(0.05);
    });

    it.runIf(has('plain'))(
      'the plain net of the same depth is at chance after any deletion',
      async () => {
        const plain = nets.plain!;
        // Every sixth shape-keeping block: each deletion is a whole evaluation of a deep net.
        const some = plain.info.blocks.filter((b) => !b.downsample && b.index % 6 === 0);
        const errors: number[] = [];
        for (const b of some)
          errors.push((await plain.evaluate({ deleted: [b.index] }, AS_TRAINED)).error);
        console.log(
          `${dataset}: plain net, ${plain.info.layers} layers: intact ${plain.info.intact.error}, deleted ${errors.join(' ')}`,
        );
        expect(Math.min(...errors)).toBeGreaterThanOrEqual(LEARNS);
      },
    );

    // The plain net of the same depth where it learns, else the deepest shipped one that does;
    // its single-deletion sweep, measured once for the two tests below.
    let contrast: ReturnType<typeof singleSummary> | undefined;
    const plainContrast = () => {
      const candidates = [nets.plain, nets['plain-56'], nets['plain-32'], nets['plain-20']].filter(
        (n): n is LabNet => n !== undefined && n.info.intact.error < LEARNS,
      );
      expect(candidates[0], 'a shipped plain net that learns').toBeDefined();
      contrast ??= singleSummary(candidates[0]!).then((p) => {
        console.log(
          `${dataset}: plain net, ${candidates[0]!.info.layers} layers, intact ${candidates[0]!.info.intact.error}, one deletion: mean rise ${p.meanRise.toFixed(4)}, errors ${p.errors.map((e) => e.toFixed(3)).join(' ')}`,
        );
        return p;
      });
      return contrast;
    };

    it('a plain net that learns loses ≥ 4× what the ResNet does', async () => {
      const p = await plainContrast();
      expect(rises.resnet!).toBeLessThanOrEqual(p.meanRise / 4);
    });

    // Known open (issue 11): measured on the shipped 32-layer plain net (92.4 % accurate), its
    // deletions give 54–91 % error, stage 1's (4 channels wide) the least. `it.fails` keeps the
    // paper's threshold checked: this turns red the day it holds, to be made a plain `it`.
    it.fails(
      '…and any one deletion sends it near chance (open: not yet on these nets)',
      async () => {
        const p = await plainContrast();
        expect(Math.min(...p.errors)).toBeGreaterThanOrEqual(LEARNS);
      },
    );

    // Known open (issue 11): the shipped stochastic-depth net (p_L = 0.5, 30 epochs, 83.8 %
    // accurate) loses +5.7 points a deletion against the ResNet's +3.1: stage 1's first blocks,
    // which the linear rule almost never drops, carry it (up to 85 % error when deleted). Huang
    // et al. trained 500 epochs. Turns red the day it holds, to be made a plain `it`.
    it.runIf(has('stochastic')).fails(
      'the stochastic-depth ResNet is more robust to deletion than the ResNet (open: not yet)',
      async () => {
        // Every other block of each net (the same ones): half the cost of a whole sweep.
        const lab = nets.stochastic!;
        const downsample = lab.info.blocks.map((b) => b.downsample);
        const errors: (number | null)[] = [];
        for (const b of lab.info.blocks)
          errors.push(
            b.index % 2 === 0
              ? (await lab.evaluate({ deleted: [b.index] }, AS_TRAINED)).error
              : null,
          );
        const s = summariseDeletions(errors, downsample, lab.info.intact.error)!;
        const same = errors.map((e, i) => (e === null ? null : resnetErrors[i]!));
        const r = summariseDeletions(same, downsample, nets.resnet!.info.intact.error)!;
        console.log(
          `${dataset}: even blocks, stochastic depth mean rise ${s.meanRise.toFixed(4)}, ResNet ${r.meanRise.toFixed(4)}`,
        );
        expect(s.meanRise).toBeLessThan(r.meanRise);
      },
    );

    // Known open (issue 11): on the shipped ResNet-110, k = 0..10 (3 draws each) gave 3.2 17.3
    // 5.0 11.5 13.3 12.8 25.9 37.1 30.7 56.3 24.9 %: three of stage 1's first blocks (4 channels
    // wide) cost +19 to +38 points each when deleted, so a draw that holds one jumps. The PyTorch
    // reference's worst block cost +9 (README). Turns red the day it holds.
    it.fails('the error rises smoothly with k deleted blocks (open: not yet)', async () => {
      const rows = await nets.resnet!.kDeletion(AS_TRAINED, 3, 1, {}, 10);
      const intact = nets.resnet!.info.intact.error;
      const curve = [intact, ...rows.map((r) => r.mean)];
      console.log(`${dataset}: k = 0..10: ${curve.map((e) => e.toFixed(3)).join(' ')}`);
      const total = curve.at(-1)! - intact;
      expect(total).toBeGreaterThan(0);
      for (let k = 1; k < curve.length; k++)
        expect(curve[k]! - curve[k - 1]!).toBeLessThanOrEqual(total / 2);
    });

    it('the error rises as the order is shuffled, and no reordering of ≤ 5 swaps is fatal', async () => {
      const points = await nets.resnet!.reorder(AS_TRAINED, 5, 3, 1, {});
      const bySwaps = [1, 5].map((n) => {
        const e = points.filter((p) => p.swaps === n).map((p) => p.error);
        return e.reduce((a, b) => a + b, 0) / e.length;
      });
      console.log(
        `${dataset}: reorder, 1 swap ${bySwaps[0]!.toFixed(3)}, 5 swaps ${bySwaps[1]!.toFixed(3)}, worst ${Math.max(...points.map((p) => p.error)).toFixed(3)}`,
      );
      expect(bySwaps[1]!).toBeGreaterThanOrEqual(bySwaps[0]!);
      expect(Math.max(...points.map((p) => p.error))).toBeLessThan(LEARNS);
    });

    it('the gradient per path falls with length; the effective paths are a small share', async () => {
      const lab = nets.resnet!;
      // Lengths whose gradient underflows float32 (long paths of a deep net) carry none.
      const rows = (await lab.gradient(2, 16, 1, {})).filter((r) => r.mean > 0);
      const logs = rows.map((r) => Math.log(r.mean));
      const ks = rows.map((r) => r.k);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      const [kBar, lBar] = [mean(ks), mean(logs)];
      const slope =
        ks.reduce((a, k, i) => a + (k - kBar) * (logs[i]! - lBar), 0) /
        ks.reduce((a, k) => a + (k - kBar) ** 2, 0);
      expect(slope).toBeLessThan(0);
      const range = effectiveRange(totalGradientByLength(lab.info.blocks.length, rows));
      console.log(
        `${dataset}: effective paths ${range.lo}–${range.hi}, ${(100 * range.pathFraction).toFixed(2)} % of paths`,
      );
      expect(range.pathFraction).toBeLessThanOrEqual(0.05);
    });
  });
}
