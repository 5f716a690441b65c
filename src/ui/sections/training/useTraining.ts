/**
 * The training section's state: the compute worker (started after the first paint), its
 * backend, the runs (kept in IndexedDB), and the controls of the
 * run in progress. The worker sends updates a few times a second, so each update is one render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendName } from '../../../nn/backend/select';
import { deleteCheckpoint, deleteRun, loadRuns, saveRun } from '../../../worker/data/store';
import {
  measureCallback,
  startComputeWorker,
  updateCallback,
  type ComputeClient,
} from '../../../worker/compute/client';
import {
  CPU_BACKENDS,
  type BackendInfo,
  type BackendMeasure,
  type RunConfig,
} from '../../../worker/compute/protocol';
import { applyUpdate, newRun, resumable, resumeRun, settle, type Run } from './runs';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useTraining() {
  const client = useRef<ComputeClient | null>(null);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [runs, setRuns] = useState<Run[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** Runs waiting for the one in progress (a lesson preset queues several). */
  const [queued, setQueued] = useState(0);
  /** A run that diverged or failed and can go on from its checkpoint (the alert offers it). */
  const [stalled, setStalled] = useState<number | null>(null);

  useEffect(() => {
    const { client: c, stop } = startComputeWorker();
    client.current = c;
    let live = true;
    c.start()
      .then((b) => live && setBackend(b))
      .catch(
        (e: unknown) => live && setProblem(`No TensorFlow.js backend could start: ${message(e)}`),
      );
    loadRuns<Run>()
      .then((stored) => live && setRuns((now) => [...stored.map(settle), ...now]))
      .catch((e: unknown) => live && setProblem(`Stored runs could not be read: ${message(e)}`));
    return () => {
      live = false;
      client.current = null;
      stop();
    };
  }, []);

  const [measures, setMeasures] = useState<BackendMeasure[] | null>(null);
  const [measuring, setMeasuring] = useState(false);
  const measure = useCallback((config: RunConfig) => {
    const c = client.current;
    if (!c) return;
    setMeasuring(true);
    setMeasures([]);
    c.measureBackends(
      config,
      measureCallback((m) => setMeasures((ms) => [...(ms ?? []), m])),
    )
      .then(setBackend)
      .catch((e: unknown) => setProblem(`Measuring the backends failed: ${message(e)}`))
      .finally(() => setMeasuring(false));
  }, []);

  const switchBackend = useCallback((name: BackendName | undefined) => {
    const c = client.current;
    if (!c) return;
    setBackend(null);
    c.start(name)
      .then(setBackend)
      .catch((e: unknown) => setProblem(message(e)));
  }, []);

  /**
   * Train `run` (a new one, or a stored one going on from its checkpoint), store it as it goes
   * and when it ends, then call `next` with whether it finished.
   */
  const launch = useCallback((run: Run, resume: boolean, next: (finished: boolean) => void) => {
    const c = client.current;
    if (!c) return;
    setProblem(null);
    setStalled(null);
    setRuns((rs) =>
      rs.some((x) => x.id === run.id) ? rs.map((x) => (x.id === run.id ? run : x)) : [...rs, run],
    );
    setActive(run.id);
    let latest = run;
    let lastSaved = 0;
    /** Store at most every 2 s, and at once when the state or the checkpoint changes. */
    const persist = (r: Run, before: Run) => {
      const changed =
        r.progress.state !== before.progress.state ||
        r.progress.checkpointStep !== before.progress.checkpointStep;
      if (!changed && performance.now() - lastSaved < 2000) return;
      lastSaved = performance.now();
      saveRun(r).catch((e: unknown) => setProblem(`The run could not be saved: ${message(e)}`));
    };
    const show = (r: Run) => setRuns((rs) => rs.map((x) => (x.id === run.id ? r : x)));
    let finished = false;
    c.train(
      run.config,
      document.baseURI,
      updateCallback((u) => {
        const before = latest;
        latest = applyUpdate(latest, u);
        show(latest);
        persist(latest, before);
        if (u.notice) setProblem(u.notice);
      }),
      { id: run.id, resume },
    )
      .then((result) => {
        if (result.state === 'diverged' || result.state === 'failed') {
          setProblem(result.message ?? null);
          if (resumable(latest)) setStalled(latest.id);
        }
        if (result.message && result.message !== latest.progress.message) {
          latest = { ...latest, progress: { ...latest.progress, message: result.message } };
          show(latest);
        }
        finished = result.state === 'done';
        // A failing backend may have handed the run over: show the one now set.
        c.backend().then(setBackend, () => {});
      })
      .catch((e: unknown) => {
        setProblem(`The run stopped: ${message(e)}`);
        latest = {
          ...latest,
          progress: { ...latest.progress, state: 'failed', message: message(e) },
        };
        show(latest);
      })
      // The next run (or the Train button) waits until this one is stored: a reload right
      // after the end must find it finished.
      .finally(() =>
        saveRun(latest)
          .catch((e: unknown) => setProblem(`The run could not be saved: ${message(e)}`))
          .finally(() => next(finished)),
      );
  }, []);

  /** Train one config, or several one after the other (stopping one cancels the rest). */
  const start = useCallback(
    (configs: RunConfig | readonly RunConfig[]) => {
      if (!client.current || active !== null) return;
      const waiting: RunConfig[] = Array.isArray(configs) ? [...configs] : [configs as RunConfig];
      const runNext = () => {
        const config = waiting.shift();
        setQueued(waiting.length);
        if (!config) {
          setActive(null);
          return;
        }
        // Replicas are CPU threads: a GPU backend runs the whole batch at once.
        const onCpu = backend !== null && CPU_BACKENDS.includes(backend.name);
        const replicas = onCpu ? Math.max(1, config.replicas ?? 1) : 1;
        launch(newRun({ ...config, replicas }, backend), false, (finished) => {
          if (!finished) waiting.length = 0;
          runNext();
        });
      };
      runNext();
    },
    [active, backend, launch],
  );

  /** Go on with a stopped, failed or diverged run from its checkpoint, the lr scaled. */
  const resume = useCallback(
    (id: number, lrFactor = 1) => {
      const run = runs.find((r) => r.id === id);
      if (!run || active !== null || !resumable(run)) return;
      launch(resumeRun(run, lrFactor), true, () => setActive(null));
    },
    [runs, active, launch],
  );

  const control = useCallback((what: 'pause' | 'resume' | 'stop') => {
    void client.current?.[what]();
  }, []);

  const remove = useCallback((id: number) => {
    setRuns((rs) => rs.filter((r) => r.id !== id));
    Promise.all([deleteRun(id), deleteCheckpoint(id)]).catch((e: unknown) =>
      setProblem(`The run could not be deleted: ${message(e)}`),
    );
  }, []);

  /** Add runs read from files (already stored by the caller). */
  const added = useCallback((more: readonly Run[]) => {
    setRuns((rs) => [...rs, ...more].sort((a, b) => a.id - b.id));
  }, []);

  return {
    client,
    backend,
    runs,
    active,
    queued,
    problem,
    start,
    resume,
    stalled,
    control,
    remove,
    added,
    report: setProblem,
    switchBackend,
    measure,
    measures,
    measuring,
    dismissProblem: () => {
      setProblem(null);
      setStalled(null);
    },
  };
}

export type Training = ReturnType<typeof useTraining>;
