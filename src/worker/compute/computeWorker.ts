/**
 * The compute worker: all TensorFlow.js work of the page. It chooses the backend (WebGPU
 * first) and runs training sessions, reporting a few times a
 * second. Loaded after the page's first paint; the page talks to it through Comlink.
 */
import * as Comlink from 'comlink';
import { EMBEDDED_SIZE, generateEmbedded, type EmbeddedSet } from '../../data/embedded/generate';
import {
  BACKENDS,
  chooseBackend,
  type BackendChoice,
  type BackendName,
  watchBackend,
} from '../../nn/backend/select';
import { timeTrainingSteps } from '../../nn/train/timing';
import { BROWSER_LOADERS } from '../backendLoaders';
import { findCifar10 } from '../data/cifarSource';
import { loadCheckpoint, saveCheckpointRecord } from '../data/store';
import type { BackendInfo, BackendMeasure, RunConfig, RunUpdate } from './protocol';
import { runWithFallback, type RunnerResult } from './runner';
import { ReplicaPool } from '../replica/pool';
import { Lab } from '../lab/lab';
import {
  Lessons,
  type FlowRow,
  type GatePoint,
  type NetVariant,
  type ShortRun,
  type StepTime,
} from '../lessons/lessons';
import type {
  BnChoice,
  GradientSettings,
  LabOpened,
  LabSlot,
  LabSource,
  LesionResult,
  PathGradientRow,
  SweepKind,
  SweepResult,
  SweepSettings,
} from '../lab/protocol';
import type { SessionData, TrainingSession } from './session';

const info = (c: BackendChoice): BackendInfo => ({
  name: c.name,
  software: c.software,
  reason: c.attempts.find((a) => a.ok)!.reason,
  passedOver: c.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`),
});

export class ComputeWorker {
  private choice: BackendChoice | null = null;
  /** The backend being chosen: calls that need one wait for it, never choose twice at once. */
  private starting: Promise<BackendInfo> | null = null;
  private session: TrainingSession | null = null;
  private running = false;
  private readonly lab = new Lab(
    (config, baseUrl) => this.data(config, baseUrl),
    () => this.ready(),
  );
  private readonly lessons = new Lessons(
    () => Promise.resolve(this.embeddedSet()),
    () => this.ready(),
  );
  private embedded: EmbeddedSet | null = null;
  private readonly replicas = new ReplicaPool(
    (name) =>
      new Worker(new URL('../replica/replicaWorker.ts', import.meta.url), { type: 'module', name }),
  );

  /** Start (or switch) the backend: automatic order, or the one named. */
  start(only?: BackendName): Promise<BackendInfo> {
    if (this.running) return Promise.reject(new Error('stop the run before switching backends'));
    const previous = this.starting ?? Promise.resolve(null);
    this.starting = previous
      .catch(() => null)
      .then(async () => {
        this.choice = await chooseBackend({ loaders: BROWSER_LOADERS, ...(only ? { only } : {}) });
        return info(this.choice);
      });
    return this.starting;
  }

  private ready(): Promise<BackendInfo> {
    return this.starting ?? this.start();
  }

  private embeddedSet(): EmbeddedSet {
    this.embedded ??= generateEmbedded(EMBEDDED_SIZE.train, EMBEDDED_SIZE.test, EMBEDDED_SIZE.seed);
    return this.embedded;
  }

  private async data(config: RunConfig, baseUrl: string): Promise<SessionData> {
    if (config.dataset === 'embedded') return this.embeddedSet();
    const found = await findCifar10(baseUrl);
    if (!found)
      throw new Error('CIFAR-10 is not on this device: import it in the data section first');
    return found;
  }

  /**
   * Train run `run.id` (from the start, or from its stored checkpoint when `run.resume`); its
   * checkpoints go to IndexedDB under its id. A failing backend hands over to the next one.
   */
  async train(
    config: RunConfig,
    baseUrl: string,
    onUpdate: (u: RunUpdate) => void,
    run: { readonly id: number; readonly resume: boolean },
  ): Promise<RunnerResult> {
    if (this.running) throw new Error('a run is already in progress');
    this.running = true;
    try {
      await this.ready();
      const data = await this.data(config, baseUrl);
      return await runWithFallback(
        config,
        data,
        onUpdate,
        {
          current: () => this.choice!.name,
          fallback: async (exclude) => {
            this.choice = await chooseBackend({ loaders: BROWSER_LOADERS, exclude });
            this.starting = Promise.resolve(info(this.choice));
            return this.choice.name;
          },
          watch: watchBackend,
          loadCheckpoint: () => loadCheckpoint(run.id),
          saveCheckpoint: (c) => saveCheckpointRecord(run.id, c),
          replicas: (count) => this.replicas.endpoints(count, this.choice!.name),
        },
        { resume: run.resume, onSession: (s) => (this.session = s) },
      );
    } finally {
      this.running = false;
    }
  }

  /** The backend now set (it changes when a failing one hands a run over). */
  async backend(): Promise<BackendInfo> {
    return this.ready();
  }

  /**
   * Time a few training steps of this net on every backend that starts, then keep the fastest.
   * A backend whose first step takes over 5 s is timed by that step alone.
   */
  async measureBackends(
    config: Pick<RunConfig, 'family' | 'n' | 'width' | 'options' | 'batchSize'>,
    onMeasure: (m: BackendMeasure) => void,
  ): Promise<BackendInfo> {
    if (this.running) throw new Error('stop the run before measuring backends');
    await this.ready().catch(() => null);
    const results: BackendMeasure[] = [];
    for (const name of BACKENDS) {
      let m: BackendMeasure;
      try {
        const choice = await chooseBackend({ loaders: BROWSER_LOADERS, only: name });
        const t = await timeTrainingSteps({ ...config, seed: 1 }, config.batchSize, 3, 5000);
        m = {
          name,
          imagesPerSecond: t.imagesPerSecond,
          software: choice.software,
          note: t.timedSteps ? `median of ${t.timedSteps} steps` : 'one slow step',
        };
      } catch (e) {
        m = { name, imagesPerSecond: null, software: false, note: (e as Error).message };
      }
      results.push(m);
      onMeasure(m);
    }
    const best = results
      .filter((r) => r.imagesPerSecond !== null)
      .sort((a, b) => b.imagesPerSecond! - a.imagesPerSecond!)[0];
    if (!best) throw new Error('no backend could train this net');
    this.starting = null;
    const chosen = await this.start(best.name);
    return {
      ...chosen,
      reason: `the fastest measured on this net (${best.imagesPerSecond!.toFixed(0)} images/s)`,
    };
  }

  /** The ensemble lab: open a trained net in a slot (null closes it). */
  labOpen(slot: LabSlot, source: LabSource | null, baseUrl: string): Promise<LabOpened | null> {
    return this.lab.open(slot, source, baseUrl);
  }

  labEvaluate(slot: LabSlot, deleted: readonly number[], bn: BnChoice): Promise<LesionResult> {
    return this.lab.evaluate(slot, deleted, bn);
  }

  labSweep(
    slot: LabSlot,
    kind: SweepKind,
    settings: SweepSettings,
    bn: BnChoice,
    onProgress: (done: number, total: number) => void,
  ): Promise<SweepResult> {
    return this.lab.sweep(slot, kind, settings, bn, onProgress);
  }

  labGradient(
    slot: LabSlot,
    settings: GradientSettings,
    onProgress: (done: number, total: number) => void,
  ): Promise<PathGradientRow[]> {
    return this.lab.gradient(slot, settings, onProgress);
  }

  labCancel(): void {
    this.lab.cancel();
  }

  /** Lessons: the gradient reaching each block, before and after a short run. */
  lessonFlow(
    run: ShortRun,
    variants: readonly NetVariant[],
    onRow: (row: FlowRow, done: number) => void,
  ): Promise<FlowRow[]> {
    return this.lessons.flow(run, variants, onRow);
  }

  lessonHighway(
    run: ShortRun,
    bias: number,
    every: number,
    onPoint: (p: GatePoint) => void,
  ): Promise<GatePoint[]> {
    return this.lessons.highway(run, bias, every, onPoint);
  }

  lessonTiming(
    run: Pick<ShortRun, 'n' | 'width' | 'batch'>,
    variants: readonly NetVariant[],
    steps: number,
    onTime: (t: StepTime) => void,
  ): Promise<StepTime[]> {
    return this.lessons.timing(run, variants, steps, onTime);
  }

  lessonCancel(): void {
    this.lessons.cancel();
  }

  pause(): void {
    this.session?.pause();
  }

  resume(): void {
    this.session?.resume();
  }

  stop(): void {
    this.session?.stop();
  }
}

Comlink.expose(new ComputeWorker());
