/**
 * The ensemble lab's side of the compute worker: two slots (the net studied and the one it is
 * compared with), each a trained net opened from a stored run or a shipped checkpoint; lesion
 * evaluations, sweeps and the gradient probe on them, one job at a time that can be cancelled.
 */
import { loadCheckpoint } from '../data/store';
import { readRunFile } from '../data/runFile';
import type { SessionData } from '../compute/session';
import type { RunConfig } from '../compute/protocol';
import type { Checkpoint } from '../../nn/train/checkpoint';
import { LabNet } from './labNet';
import { fetchShippedIndex, fetchShippedText } from './shipped';
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
} from './protocol';

export class Lab {
  private readonly slots = new Map<LabSlot, LabNet>();
  private job: AbortController | null = null;

  constructor(
    /** The run's data, as training had it (the compute worker's one lookup). */
    private readonly data: (config: RunConfig, baseUrl: string) => Promise<SessionData>,
    private readonly ready: () => Promise<unknown>,
  ) {}

  private async load(
    source: LabSource,
    baseUrl: string,
  ): Promise<{ config: RunConfig; ckpt: Checkpoint }> {
    if (source.kind === 'run') {
      const ckpt = await loadCheckpoint(source.id);
      if (!ckpt) throw new Error('this run has no stored weights (it was made before checkpoints)');
      return { config: source.config, ckpt };
    }
    const entry = (await fetchShippedIndex(baseUrl)).find((e) => e.key === source.key);
    if (!entry) throw new Error(`no shipped checkpoint ${source.key}`);
    const file = readRunFile(await fetchShippedText(baseUrl, entry), entry.file);
    if (!file.checkpoint) throw new Error(`${entry.file} has no weights`);
    return { config: file.run.config, ckpt: file.checkpoint };
  }

  async open(slot: LabSlot, source: LabSource | null, baseUrl: string): Promise<LabOpened | null> {
    this.cancel();
    this.slots.get(slot)?.dispose();
    this.slots.delete(slot);
    if (!source) return null;
    await this.ready();
    const { config, ckpt } = await this.load(source, baseUrl);
    const net = await LabNet.open(config, ckpt, await this.data(config, baseUrl));
    this.slots.get(slot)?.dispose(); // opened twice at once: the last one wins
    this.slots.set(slot, net);
    return { ...net.info, config };
  }

  private net(slot: LabSlot): LabNet {
    const net = this.slots.get(slot);
    if (!net) throw new Error(`no net is open in slot ${slot}`);
    return net;
  }

  evaluate(slot: LabSlot, deleted: readonly number[], bn: BnChoice): Promise<LesionResult> {
    return this.net(slot).evaluate({ deleted }, bn);
  }

  private async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    this.cancel();
    const job = new AbortController();
    this.job = job;
    try {
      return await work(job.signal);
    } finally {
      if (this.job === job) this.job = null;
    }
  }

  sweep(
    slot: LabSlot,
    kind: SweepKind,
    s: SweepSettings,
    bn: BnChoice,
    onProgress: (done: number, total: number) => void,
  ): Promise<SweepResult> {
    const net = this.net(slot);
    return this.run(async (signal) => {
      const control = { signal, onProgress };
      if (kind === 'single') return { kind, errors: await net.single(bn, control) };
      if (kind === 'k')
        return { kind, rows: await net.kDeletion(bn, s.draws, s.seed, control, s.maxK) };
      return {
        kind,
        points: await net.reorder(bn, s.maxSwaps, s.reorderDraws, s.seed, control),
      };
    });
  }

  gradient(
    slot: LabSlot,
    s: GradientSettings,
    onProgress: (done: number, total: number) => void,
  ): Promise<PathGradientRow[]> {
    const net = this.net(slot);
    return this.run((signal) =>
      net.gradient(s.samplesPerK, s.batch, s.seed, { signal, onProgress }),
    );
  }

  cancel(): void {
    this.job?.abort(new Error('cancelled'));
    this.job = null;
  }
}
