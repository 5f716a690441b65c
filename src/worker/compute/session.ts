/**
 * One training run: builds the net from the registry, uploads the data once, trains epoch by
 * epoch, evaluates a few times an epoch, and reports through `onUpdate` at most every
 * `updateMs` (redraws are decoupled from steps). Pause, resume and stop act between steps.
 * A diverging run stops before any update is applied and says so. No DOM: runs in the worker
 * and under Node.
 */
import * as tf from '@tensorflow/tfjs-core';
import { PIXELS, type Split } from '../../data/cifar10/records';
import { channelStats } from '../../data/stats';
import { seededRandom } from '../../math/random';
import { buildNet, type Net } from '../../nn/network';
import { DeviceDataset } from '../../nn/train/deviceData';
import { DivergenceError, evaluate, Trainer } from '../../nn/train/trainer';
import type { MetricPoint, RunConfig, RunProgress, RunState, RunUpdate } from './protocol';

export interface SessionData {
  readonly train: Split;
  readonly test: Split;
}

function prefix(split: Split, count: number): Split {
  if (count >= split.count) return split;
  return {
    count,
    pixels: split.pixels.subarray(0, count * PIXELS),
    labels: split.labels.subarray(0, count),
  };
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

export class TrainingSession {
  private state: RunState = 'starting';
  private wake: (() => void) | null = null;
  private stopRequested = false;

  constructor(
    readonly config: RunConfig,
    private readonly onUpdate: (u: RunUpdate) => void,
    private readonly updateMs = 250,
  ) {}

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

  async run(
    data: SessionData,
  ): Promise<{ state: RunState; points: MetricPoint[]; message?: string }> {
    const c = this.config;
    const trainSplit = prefix(data.train, c.trainImages);
    const testSplit = prefix(data.test, c.testImages);
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
    const trainer = new Trainer(net, {
      batchSize: c.batchSize,
      totalSteps,
      augment: c.augment,
      schedule: { kind: c.schedule, base: c.lr, warmupSteps: 0 },
      seed: c.seed,
    });
    const evalEvery = Math.max(1, Math.floor(stepsPerEpoch / Math.max(1, c.evalsPerEpoch)));
    const random = seededRandom(c.seed + 17);
    const all: MetricPoint[] = [];
    let pending: MetricPoint[] = [];
    let lastSent = 0;
    let activeMs = 0;
    let step = 0;
    let message: string | undefined;
    const progress = (): RunProgress => {
      const ips = activeMs > 0 ? (step * c.batchSize) / (activeMs / 1000) : 0;
      return {
        state: this.state,
        step,
        totalSteps,
        epoch: step / stepsPerEpoch,
        imagesPerSecond: ips,
        secondsLeft: ips > 0 ? ((totalSteps - step) * c.batchSize) / ips : NaN,
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
      this.state = 'running';
      await testPoint();
      send(true);
      for (let e = 0; e < c.epochs && !this.stopRequested; e++) {
        for (const idx of train.epoch(c.batchSize, random)) {
          while (this.paused() && !this.stopRequested) {
            send(true);
            await new Promise<void>((r) => (this.wake = r));
            this.wake = null;
          }
          if (this.stopRequested) break;
          const t0 = performance.now();
          const { x, y } = train.batch(idx);
          try {
            const r = await trainer.trainStep(x, y);
            step++;
            record({ step, epoch: step / stepsPerEpoch, trainLoss: r.loss });
          } finally {
            tf.dispose([x, y]);
          }
          activeMs += performance.now() - t0;
          if (step % evalEvery === 0 || step === totalSteps) await testPoint();
          send(false);
          await nextTask();
        }
      }
      this.state = this.stopRequested ? 'stopped' : 'done';
    } catch (err) {
      if (err instanceof DivergenceError) {
        this.state = 'diverged';
        message =
          `Training diverged at step ${err.step + 1}: the ${err.what} became ${err.value}. ` +
          'No update was applied from that step; a lower learning rate usually helps.';
      } else {
        this.state = 'failed';
        message = (err as Error).message;
      }
    } finally {
      trainer.dispose();
      net.dispose();
      train.dispose();
      test.dispose();
    }
    send(true);
    return { state: this.state, points: all, ...(message ? { message } : {}) };
  }
}
