/**
 * A run that survives its backend: when a session fails because of the backend under it (a lost
 * WebGPU device, a kernel that throws, memory), the next backend in the automatic order that
 * starts takes over from the last checkpoint, and the run says so. Divergence, a stop or the
 * end of the run are final. No DOM: used by the compute worker and by the browser tests.
 */
import type { BackendName } from '../../nn/backend/select';
import type { ReplicaEndpoint } from '../../nn/parallel/endpoint';
import type { Checkpoint } from '../../nn/train/checkpoint';
import type { RunConfig, RunUpdate } from './protocol';
import { TrainingSession, type SessionData, type SessionResult } from './session';

export interface RunnerDeps {
  /** The backend set now. */
  readonly current: () => BackendName;
  /** Start the first backend in the automatic order not in `exclude`; throws if none starts. */
  readonly fallback: (exclude: readonly BackendName[]) => Promise<BackendName>;
  /** Watch the backend now set (see watchBackend). */
  readonly watch: () => () => string | null;
  readonly loadCheckpoint: () => Promise<Checkpoint | undefined>;
  readonly saveCheckpoint: (ckpt: Checkpoint) => Promise<unknown>;
  readonly checkpointMs?: number;
  /** Threads for a run's extra replicas on the backend now set (none where it is a GPU). */
  readonly replicas?: (count: number) => readonly ReplicaEndpoint[];
}

export interface RunnerResult extends SessionResult {
  readonly backend: BackendName;
}

export async function runWithFallback(
  config: RunConfig,
  data: SessionData,
  onUpdate: (u: RunUpdate) => void,
  deps: RunnerDeps,
  options: { resume: boolean; onSession: (s: TrainingSession | null) => void },
): Promise<RunnerResult> {
  let resume: Checkpoint | undefined;
  if (options.resume) {
    resume = await deps.loadCheckpoint();
    if (!resume) throw new Error('this run has no checkpoint to go on from');
  }
  const tried: BackendName[] = [deps.current()];
  let replicaRetries = 0;
  for (;;) {
    const session = new TrainingSession(config, onUpdate, {
      ...(resume ? { resume } : {}),
      saveCheckpoint: deps.saveCheckpoint,
      backendLost: deps.watch(),
      ...(deps.checkpointMs !== undefined ? { checkpointMs: deps.checkpointMs } : {}),
      replicas: deps.replicas?.(Math.max(0, (config.replicas ?? 1) - 1)) ?? [],
    });
    options.onSession(session);
    let r: SessionResult;
    try {
      r = await session.run(data);
    } finally {
      options.onSession(null);
    }
    const failed = tried.at(-1)!;
    if (r.state !== 'failed' || !r.backendFailed) return { ...r, backend: failed };
    // A replica thread died: the backend is fine; new threads go on from the checkpoint (twice
    // at most, then the run hands over like any failure).
    if (r.replicaLost && replicaRetries++ < 2) {
      resume = await deps.loadCheckpoint();
      onUpdate({
        progress: { ...emptyProgress(), step: resume?.step ?? 0 },
        points: [],
        notice:
          `${r.message}. Going on with new replica threads from ` +
          (resume ? `the checkpoint at step ${resume.step}.` : 'the start (no checkpoint yet).'),
        restartFrom: resume?.step ?? 0,
      });
      continue;
    }
    let next: BackendName;
    try {
      next = await deps.fallback(tried);
    } catch (e) {
      return {
        ...r,
        backend: failed,
        message: `${r.message} (on ${failed}; no other backend could take over: ${(e as Error).message})`,
      };
    }
    tried.push(next);
    resume = await deps.loadCheckpoint();
    const notice =
      `${failed} failed: ${r.message}. Going on with ${next} from ` +
      (resume ? `the checkpoint at step ${resume.step}.` : 'the start (no checkpoint yet).');
    onUpdate({
      progress: { ...emptyProgress(), step: resume?.step ?? 0 },
      points: [],
      notice,
      backend: next,
      restartFrom: resume?.step ?? 0,
    });
  }
}

const emptyProgress = () => ({
  state: 'starting' as const,
  step: 0,
  totalSteps: 0,
  epoch: 0,
  imagesPerSecond: 0,
  secondsLeft: NaN,
});
