/**
 * The lessons' side of the compute worker: short measured jobs on the embedded images (the
 * gradient reaching each block, highway gates while training, step times with and without
 * stochastic depth), one at a time, each cancellable. The images go to the device once.
 */
import { splitPrefix, type Split } from '../../data/cifar10/records';
import { channelStats } from '../../data/stats';
import {
  highwayGates,
  identityFlow,
  stepTimes,
  type FlowRow,
  type GatePoint,
  type LessonData,
  type NetVariant,
  type ShortRun,
  type StepTime,
} from '../../nn/lessons/jobs';
import { DeviceDataset } from '../../nn/train/deviceData';

export type { FlowRow, GatePoint, NetVariant, ShortRun, StepTime };

/** Images the lessons train on, and the probe batch they measure on. */
const TRAIN_IMAGES = 2000;
const PROBE_IMAGES = 64;

export class Lessons {
  private job: AbortController | null = null;
  private prepared: Promise<LessonData> | null = null;

  constructor(
    private readonly embedded: () => Promise<{ train: Split; test: Split }>,
    private readonly ready: () => Promise<unknown>,
  ) {}

  private data(): Promise<LessonData> {
    this.prepared ??= (async () => {
      await this.ready();
      const set = await this.embedded();
      const train = splitPrefix(set.train, TRAIN_IMAGES);
      const stats = channelStats(train);
      const device = new DeviceDataset(train, stats);
      const test = new DeviceDataset(splitPrefix(set.test, PROBE_IMAGES), stats);
      const probe = test.batch(Int32Array.from({ length: test.count }, (_, i) => i));
      test.dispose();
      return { train: device, probe };
    })();
    this.prepared.catch(() => (this.prepared = null));
    return this.prepared;
  }

  private async run<T>(work: (data: LessonData, signal: AbortSignal) => Promise<T>): Promise<T> {
    this.cancel();
    const job = new AbortController();
    this.job = job;
    try {
      return await work(await this.data(), job.signal);
    } finally {
      if (this.job === job) this.job = null;
    }
  }

  flow(
    run: ShortRun,
    variants: readonly NetVariant[],
    onRow: (row: FlowRow, done: number) => void,
  ): Promise<FlowRow[]> {
    return this.run((data, signal) => identityFlow(run, variants, data, signal, onRow));
  }

  highway(
    run: ShortRun,
    bias: number,
    every: number,
    onPoint: (p: GatePoint) => void,
  ): Promise<GatePoint[]> {
    return this.run((data, signal) => highwayGates(run, bias, every, data, signal, onPoint));
  }

  timing(
    run: Pick<ShortRun, 'n' | 'width' | 'batch'>,
    variants: readonly NetVariant[],
    steps: number,
    onTime: (t: StepTime) => void,
  ): Promise<StepTime[]> {
    return this.run((_data, signal) => stepTimes(run, variants, steps, signal, onTime));
  }

  cancel(): void {
    this.job?.abort(new Error('cancelled'));
    this.job = null;
  }
}
