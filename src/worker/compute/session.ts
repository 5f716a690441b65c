/**
 * One training run: builds the net from the registry, uploads the data once, trains epoch by
 * epoch, evaluates a few times an epoch, and reports through `onUpdate` at most every
 * `updateMs` (redraws are decoupled from steps). Pause, resume and stop act between steps.
 * A diverging run stops before any update is applied and says so. Checkpoints (weights,
 * velocities, step) go to `saveCheckpoint` at test points (at most every `checkpointMs`), on
 * pause and at the end; a session given a checkpoint goes on from its step, with the same data
 * order. No DOM: runs in the worker and under Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { splitPrefix, type Split } from '../../data/cifar10/records';
import { channelStats } from '../../data/stats';
import { seededRandom } from '../../math/random';
import { buildNet, type Net } from '../../nn/network';
import { DeviceDataset } from '../../nn/train/deviceData';
import { restoreCheckpoint, saveCheckpoint, type Checkpoint } from '../../nn/train/checkpoint';
import { DivergenceError, evaluate, Trainer } from '../../nn/train/trainer';
import type { Schedule } from '../../nn/train/schedule';
import { ReplicaLostError, type ReplicaEndpoint } from '../../nn/parallel/endpoint';
import type { MetricPoint, RunConfig, RunProgress, RunState, RunUpdate } from './protocol';

export interface SessionData {
  readonly train: Split;
  readonly test: Split;
}

/**
 * Let the worker read its messages (pause, stop) between steps: on the CPU and WASM backends a
 * step's read-back resolves as a microtask, so a loop of steps would never reach the event
 * queue. A MessageChannel round trip is a macrotask without setTimeout's 4 ms clamp.
 */
function nextTask(): Promise<void> {
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

export interface SessionOptions {
  /** Go on from this checkpoint (made by a session of the same net). */
  readonly resume?: Checkpoint;
  /** Where checkpoints go; none are made without it. */
  readonly saveCheckpoint?: (ckpt: Checkpoint) => Promise<unknown>;
  readonly checkpointMs?: number;
  /** Checked before every step: a message when the backend can no longer be used. */
  readonly backendLost?: () => string | null;
  readonly updateMs?: number;
  /** Threads for shards 1 … K − 1 of a run with K replicas (none: the shards run here in turn). */
  readonly replicas?: readonly ReplicaEndpoint[];
}

/** The backend stopped working under the run (a lost GPU device): the run can go on elsewhere. */
export class BackendLostError extends Error {}

export interface SessionResult {
  readonly state: RunState;
  readonly points: MetricPoint[];
  readonly message?: string;
  /** The step of the last checkpoint saved (by this session or the one resumed). */
  readonly checkpointStep?: number;
  /** The run failed because of its backend: another one may go on from the checkpoint. */
  readonly backendFailed?: boolean;
  /** The run failed because a replica thread died: the same backend may go on with new ones. */
  readonly replicaLost?: boolean;
}

/** The learning-rate schedule of a run: its kind and base rate, warm-up epochs in steps. */
export function scheduleOf(c: RunConfig, stepsPerEpoch: number): Schedule {
  return {
    kind: c.schedule,
    base: c.lr,
    warmupSteps: Math.round((c.warmupEpochs ?? 0) * stepsPerEpoch),
  };
}

export class TrainingSession {
  private state: RunState = 'starting';
  private wake: (() => void) | null = null;
  private stopRequested = false;
  private readonly updateMs: number;

  constructor(
    readonly config: RunConfig,
    private readonly onUpdate: (u: RunUpdate) => void,
    private readonly options: SessionOptions = {},
  ) {
    this.updateMs = options.updateMs ?? 250;
  }

  private paused(): boolean {
    return this.state === 'paused';
  }

  pause(): void {
    if (this.state === 'running') this.state = 'paused';
  }

  resume(): void {
    if (this.state === 'paused') {
      this.state = 'running';
      this.wake?.();
    }
  }

  stop(): void {
    this.stopRequested = true;
    this.wake?.();
  }

  async run(data: SessionData): Promise<SessionResult> {
    const c = this.config;
    const trainSplit = splitPrefix(data.train, c.trainImages);
    const testSplit = splitPrefix(data.test, c.testImages);
    const stats = channelStats(trainSplit);
    const train = new DeviceDataset(trainSplit, stats);
    const test = new DeviceDataset(testSplit, stats);
    const net: Net = buildNet({
      family: c.family,
      n: c.n,
      width: c.width,
      seed: c.seed,
      options: c.options,
    });
    const stepsPerEpoch = Math.max(1, Math.floor(train.count / c.batchSize));
    const totalSteps = stepsPerEpoch * c.epochs;
    const shards = Math.max(1, Math.floor(c.replicas ?? 1));
    const replicas = (this.options.replicas ?? []).slice(0, shards - 1);
    const trainer = new Trainer(
      net,
      {
        batchSize: c.batchSize,
        totalSteps,
        augment: c.augment,
        schedule: scheduleOf(c, stepsPerEpoch),
        seed: c.seed,
        shards,
      },
      replicas,
    );
    const evalEvery = Math.max(1, Math.floor(stepsPerEpoch / Math.max(1, c.evalsPerEpoch)));
    const random = seededRandom(c.seed + 17);
    const all: MetricPoint[] = [];
    let pending: MetricPoint[] = [];
    let lastSent = 0;
    let activeMs = 0;
    // The session's first step builds the backend's kernels (WebGPU and WebGL compile their
    // shaders, WASM sizes its heap): the speed shown leaves it out.
    let warmUp = true;
    let step = 0;
    let firstStep = 0;
    let message: string | undefined;
    let checkpointStep: number | undefined;
    let lastCheckpoint = performance.now();
    let backendFailed = false;
    let replicaLost = false;
    const o = this.options;
    const checkpoint = async (force: boolean) => {
      if (!o.saveCheckpoint || checkpointStep === step) return;
      if (!force && performance.now() - lastCheckpoint < (o.checkpointMs ?? 5_000)) return;
      await o.saveCheckpoint(await saveCheckpoint(trainer));
      lastCheckpoint = performance.now();
      checkpointStep = step;
    };
    const progress = (): RunProgress => {
      const done = step - firstStep - 1;
      const ips = activeMs > 0 && done > 0 ? (done * c.batchSize) / (activeMs / 1000) : 0;
      return {
        state: this.state,
        step,
        totalSteps,
        epoch: step / stepsPerEpoch,
        imagesPerSecond: ips,
        secondsLeft: ips > 0 ? ((totalSteps - step) * c.batchSize) / ips : NaN,
        threads: 1 + replicas.length,
        ...(checkpointStep !== undefined ? { checkpointStep } : {}),
        ...(message ? { message } : {}),
      };
    };
    const send = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastSent < this.updateMs) return;
      lastSent = now;
      this.onUpdate({ progress: progress(), points: pending });
      pending = [];
    };
    const record = (p: MetricPoint) => {
      all.push(p);
      pending.push(p);
    };
    const testPoint = async () => {
      const r = await evaluate(net, test.images, test.labels);
      record({ step, epoch: step / stepsPerEpoch, testLoss: r.loss, testAccuracy: r.accuracy });
    };

    try {
      if (o.resume) {
        restoreCheckpoint(trainer, o.resume);
        step = firstStep = checkpointStep = o.resume.step;
      }
      this.state = 'running';
      await testPoint();
      // The initial weights are the first good checkpoint: a run diverging at once can go on.
      await checkpoint(true);
      send(true);
      let seen = 0;
      for (let e = 0; e < c.epochs && !this.stopRequested; e++) {
        // Every epoch's order is drawn, so a resumed run sees the same batches as an unbroken one.
        for (const idx of train.epoch(c.batchSize, random)) {
          if (seen++ < firstStep) continue;
          if (this.paused()) await checkpoint(true);
          while (this.paused() && !this.stopRequested) {
            send(true);
            await new Promise<void>((r) => (this.wake = r));
            this.wake = null;
          }
          if (this.stopRequested) break;
          const lost = o.backendLost?.();
          if (lost) throw new BackendLostError(lost);
          const t0 = performance.now();
          const { x, y } = train.batch(idx);
          try {
            const r = await trainer.trainStep(x, y);
            step++;
            record({ step, epoch: step / stepsPerEpoch, trainLoss: r.loss });
          } finally {
            tf.dispose([x, y]);
          }
          if (warmUp) warmUp = false;
          else activeMs += performance.now() - t0;
          if (step % evalEvery === 0 || step === totalSteps) {
            await testPoint();
            await checkpoint(false);
          }
          send(false);
          await nextTask();
        }
      }
      await checkpoint(true);
      this.state = this.stopRequested ? 'stopped' : 'done';
    } catch (caught) {
      // A lost device can read back garbage before it says it is lost: ask it first.
      const lost = o.backendLost?.();
      const err =
        lost && !(caught instanceof BackendLostError) ? new BackendLostError(lost) : caught;
      if (err instanceof DivergenceError) {
        this.state = 'diverged';
        message =
          `Training diverged at step ${err.step + 1}: the ${err.what} became ${err.value}. ` +
          'No update was applied from that step; a lower learning rate usually helps.';
      } else {
        this.state = 'failed';
        // Whatever broke mid-run (a lost device, a kernel error, memory) is the backend's: the
        // weights of the last checkpoint are still good on another one.
        backendFailed = true;
        replicaLost = err instanceof ReplicaLostError;
        message = (err as Error).message;
      }
    } finally {
      trainer.dispose();
      net.dispose();
      train.dispose();
      test.dispose();
    }
    send(true);
    return {
      state: this.state,
      points: all,
      ...(message ? { message } : {}),
      ...(checkpointStep !== undefined ? { checkpointStep } : {}),
      ...(backendFailed ? { backendFailed } : {}),
      ...(replicaLost ? { replicaLost } : {}),
    };
  }
}
