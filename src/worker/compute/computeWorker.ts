/**
 * The compute worker: all TensorFlow.js work of the page. It chooses the backend (WebGPU
 * first), describes nets from the block registry, and runs training sessions, reporting a few
 * times a second. Loaded after the page's first paint; the page talks to it through Comlink.
 */
import * as Comlink from 'comlink';
import { EMBEDDED_SIZE, generateEmbedded, type EmbeddedSet } from '../../data/embedded/generate';
import {
  BACKENDS,
  chooseBackend,
  type BackendChoice,
  type BackendName,
} from '../../nn/backend/select';
import { BLOCK_IDS, blockSpec } from '../../nn/blocks/registry';
import { buildNet } from '../../nn/network';
import { timeTrainingSteps } from '../../nn/train/timing';
import { BROWSER_LOADERS } from '../backendLoaders';
import { findCifar10 } from '../data/cifarSource';
import type {
  BackendInfo,
  BackendMeasure,
  FamilyInfo,
  NetFigures,
  RunConfig,
  RunState,
  RunUpdate,
  MetricPoint,
} from './protocol';
import { TrainingSession, type SessionData } from './session';

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
  private embedded: EmbeddedSet | null = null;

  /** Start (or switch) the backend: automatic order, or the one named. */
  start(only?: BackendName): Promise<BackendInfo> {
    if (this.session) return Promise.reject(new Error('stop the run before switching backends'));
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

  families(): FamilyInfo[] {
    return BLOCK_IDS.map((id) => {
      const s = blockSpec(id);
      return { id, name: s.name, tex: s.tex, cite: s.paper.cite, url: s.paper.url };
    });
  }

  async describe(
    config: Pick<RunConfig, 'family' | 'n' | 'width' | 'options'>,
  ): Promise<NetFigures> {
    await this.ready();
    const net = buildNet({ ...config, seed: 1 });
    const figures = { params: net.paramCount, macs: net.macs, layers: 6 * config.n + 2 };
    net.dispose();
    return figures;
  }

  private async data(config: RunConfig, baseUrl: string): Promise<SessionData> {
    if (config.dataset === 'embedded') {
      this.embedded ??= generateEmbedded(
        EMBEDDED_SIZE.train,
        EMBEDDED_SIZE.test,
        EMBEDDED_SIZE.seed,
      );
      return this.embedded;
    }
    const found = await findCifar10(baseUrl);
    if (!found)
      throw new Error('CIFAR-10 is not on this device: import it in the data section first');
    return found;
  }

  async train(
    config: RunConfig,
    baseUrl: string,
    onUpdate: (u: RunUpdate) => void,
  ): Promise<{ state: RunState; points: MetricPoint[]; message?: string }> {
    if (this.session) throw new Error('a run is already in progress');
    await this.ready();
    const session = new TrainingSession(config, onUpdate);
    this.session = session;
    try {
      return await session.run(await this.data(config, baseUrl));
    } finally {
      this.session = null;
    }
  }

  /**
   * Time a few training steps of this net on every backend that starts, then keep the fastest.
   * A backend whose first step takes over 5 s is timed by that step alone.
   */
  async measureBackends(
    config: Pick<RunConfig, 'family' | 'n' | 'width' | 'options' | 'batchSize'>,
    onMeasure: (m: BackendMeasure) => void,
  ): Promise<BackendInfo> {
    if (this.session) throw new Error('stop the run before measuring backends');
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
