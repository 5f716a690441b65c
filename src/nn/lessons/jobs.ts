/**
 * The compute of the lessons that are measured in the page (no DOM): short, cancellable jobs
 * on small nets and the embedded images.
 * - Identity mappings: the gradient norm reaching each block, at initialisation and after a
 *   few steps, for shortcut variants (He et al. 2016b, §3).
 * - Highway: the mean transform gate of each block while a highway net trains.
 * - Stochastic depth: the time a training step takes with and without it.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlockFamilyId, BlockOptions } from '../blocks/types';
import { buildNet, type Net } from '../network';
import { gradientFlow } from '../probes/pathGradient';
import { DeviceDataset } from '../train/deviceData';
import { seededRandom } from '../../math/random';
import { timeTrainingSteps } from '../train/timing';
import { Trainer } from '../train/trainer';

export interface NetVariant {
  readonly key: string;
  readonly family: BlockFamilyId;
  readonly options: Partial<BlockOptions>;
}

export interface ShortRun {
  readonly n: number;
  readonly width: number;
  /** Training steps of the short run. */
  readonly steps: number;
  readonly batch: number;
  readonly lr: number;
  readonly seed: number;
}

export interface LessonData {
  readonly train: DeviceDataset;
  /** A fixed batch the measurements are taken on. */
  readonly probe: { readonly x: tf.Tensor4D; readonly y: tf.Tensor1D };
}

/** A trainer for a short run: constant learning rate, no augmentation. */
function shortTrainer(net: Net, run: ShortRun): Trainer {
  return new Trainer(net, {
    batchSize: run.batch,
    totalSteps: run.steps,
    schedule: { kind: 'constant', base: run.lr, warmupSteps: 0 },
    augment: false,
    seed: run.seed,
  });
}

/** Train `steps` steps on seeded batches; `each` after every step (the loss), may stop it. */
async function train(
  trainer: Trainer,
  data: LessonData,
  run: ShortRun,
  signal: AbortSignal,
  each: (step: number, loss: number) => Promise<void> | void,
): Promise<void> {
  const random = seededRandom(run.seed + 5);
  let order: Int32Array = new Int32Array(0);
  let at = 0;
  for (let s = 0; s < run.steps; s++) {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    if (at + run.batch > order.length) {
      order = DeviceDataset.shuffled(data.train.count, random);
      at = 0;
    }
    const b = data.train.batch(order.subarray(at, at + run.batch));
    at += run.batch;
    try {
      const r = await trainer.trainStep(b.x, b.y);
      await each(s, r.loss);
    } finally {
      tf.dispose([b.x, b.y]);
    }
  }
}

export interface FlowRow {
  readonly key: string;
  /** ‖∂L/∂x_l‖ for each block l, at initialisation. */
  readonly init: readonly number[];
  /** The same after the short run, or null where it diverged. */
  readonly trained: readonly number[] | null;
  /** The training loss of each step. */
  readonly losses: readonly number[];
  readonly message?: string;
}

/** The gradient reaching each block, before and after a short run, for each variant. */
export async function identityFlow(
  run: ShortRun,
  variants: readonly NetVariant[],
  data: LessonData,
  signal: AbortSignal,
  onRow: (row: FlowRow, done: number) => void,
): Promise<FlowRow[]> {
  const rows: FlowRow[] = [];
  for (const v of variants) {
    const net = buildNet({
      family: v.family,
      n: run.n,
      width: run.width,
      options: v.options,
      seed: run.seed,
    });
    const trainer = shortTrainer(net, run);
    try {
      const init = await gradientFlow(net, data.probe.x, data.probe.y, 'train');
      const losses: number[] = [];
      let trained: number[] | null = null;
      let message: string | undefined;
      try {
        await train(trainer, data, run, signal, (_s, loss) => {
          losses.push(loss);
        });
        trained = await gradientFlow(net, data.probe.x, data.probe.y, 'train');
      } catch (e) {
        if ((e as Error).name === 'AbortError') throw e;
        message = (e as Error).message;
      }
      const row: FlowRow = { key: v.key, init, trained, losses, ...(message ? { message } : {}) };
      rows.push(row);
      onRow(row, rows.length);
    } finally {
      trainer.dispose();
      net.dispose();
    }
  }
  return rows;
}

export interface GatePoint {
  readonly step: number;
  /** The mean transform gate T of each block on the probe batch. */
  readonly gates: readonly number[];
  readonly loss: number;
}

/** The mean gate of every highway block on the probe batch (batch statistics, no gradient). */
async function gateMeans(net: Net, probe: LessonData['probe']): Promise<number[]> {
  const seen = new Map<number, tf.Tensor>();
  const logits = tf.tidy(() =>
    net.forward(probe.x, {
      mode: 'train',
      random: () => 0,
      observe: (i, key, value) => {
        if (key === 'gate' && typeof value !== 'number') seen.set(i, tf.keep(value));
      },
    }),
  );
  logits.dispose();
  const ordered = net.blocks.map((_b, i) => seen.get(i));
  const stacked = tf.stack(ordered.map((t) => t ?? tf.scalar(NaN)));
  const values = Array.from((await stacked.data()) as Float32Array);
  tf.dispose([stacked, ...seen.values()]);
  return values;
}

/** Train a highway net, reporting each block's mean gate every `every` steps. */
export async function highwayGates(
  run: ShortRun,
  bias: number,
  every: number,
  data: LessonData,
  signal: AbortSignal,
  onPoint: (p: GatePoint) => void,
): Promise<GatePoint[]> {
  const net = buildNet({
    family: 'highway',
    n: run.n,
    width: run.width,
    options: { highwayBias: bias },
    seed: run.seed,
  });
  const trainer = shortTrainer(net, run);
  const points: GatePoint[] = [];
  try {
    const push = async (step: number, loss: number) => {
      const p = { step, gates: await gateMeans(net, data.probe), loss };
      points.push(p);
      onPoint(p);
    };
    await push(0, NaN);
    await train(trainer, data, run, signal, async (s, loss) => {
      if ((s + 1) % every === 0 || s + 1 === run.steps) await push(s + 1, loss);
    });
  } finally {
    trainer.dispose();
    net.dispose();
  }
  return points;
}

export interface StepTime {
  readonly key: string;
  /** Mean and median of the timed steps, in ms. */
  readonly meanMs: number;
  readonly medianMs: number;
  readonly steps: number;
}

/** The time a training step of each variant takes on the current backend. */
export async function stepTimes(
  run: Pick<ShortRun, 'n' | 'width' | 'batch'>,
  variants: readonly NetVariant[],
  steps: number,
  signal: AbortSignal,
  onTime: (t: StepTime) => void,
): Promise<StepTime[]> {
  const out: StepTime[] = [];
  for (const v of variants) {
    if (signal.aborted) throw new DOMException('cancelled', 'AbortError');
    const t = await timeTrainingSteps(
      { family: v.family, n: run.n, width: run.width, options: v.options, seed: 1 },
      run.batch,
      steps,
    );
    const r = { key: v.key, meanMs: t.meanMs, medianMs: t.stepMs, steps: t.timedSteps };
    out.push(r);
    onTime(r);
  }
  return out;
}
