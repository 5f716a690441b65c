/**
 * The training section's state: the compute worker (started after the first paint), its
 * backend, the block families it knows, the runs (kept in IndexedDB), and the controls of the
 * run in progress. The worker sends updates a few times a second, so each update is one render.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { BackendName } from '../../../nn/backend/select';
import { deleteRun, loadRuns, saveRun } from '../../../worker/data/store';
import {
  measureCallback,
  startComputeWorker,
  updateCallback,
  type ComputeClient,
} from '../../../worker/compute/client';
import type {
  BackendInfo,
  BackendMeasure,
  FamilyInfo,
  RunConfig,
} from '../../../worker/compute/protocol';
import { applyUpdate, newRun, settle, type Run } from './runs';

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useTraining() {
  const client = useRef<ComputeClient | null>(null);
  const [backend, setBackend] = useState<BackendInfo | null>(null);
  const [families, setFamilies] = useState<FamilyInfo[]>([]);
  const [runs, setRuns] = useState<Run[]>([]);
  const [active, setActive] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  /** Runs waiting for the one in progress (a lesson preset queues several). */
  const [queued, setQueued] = useState(0);

  useEffect(() => {
    const { client: c, stop } = startComputeWorker();
    client.current = c;
    let live = true;
    c.start()
      .then((b) => live && setBackend(b))
      .catch(
        (e: unknown) => live && setProblem(`No TensorFlow.js backend could start: ${message(e)}`),
      );
    c.families()
      .then((f) => live && setFamilies(f))
      .catch(() => {});
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

  /** Train one config, or several one after the other (stopping one cancels the rest). */
  const start = useCallback(
    (configs: RunConfig | readonly RunConfig[]) => {
      const c = client.current;
      if (!c || active !== null) return;
      const waiting: RunConfig[] = Array.isArray(configs) ? [...configs] : [configs as RunConfig];
      setProblem(null);
      const runNext = () => {
        const config = waiting.shift();
        setQueued(waiting.length);
        if (!config) {
          setActive(null);
          return;
        }
        const run = newRun(config, backend);
        setRuns((rs) => [...rs, run]);
        setActive(run.id);
        let latest = run;
        let lastSaved = 0;
        const persist = (r: Run) => {
          if (performance.now() - lastSaved < 2000) return;
          lastSaved = performance.now();
          saveRun(r).catch((e: unknown) => setProblem(`The run could not be saved: ${message(e)}`));
        };
        const show = (r: Run) => setRuns((rs) => rs.map((x) => (x.id === run.id ? r : x)));
        c.train(
          config,
          document.baseURI,
          updateCallback((u) => {
            latest = applyUpdate(latest, u);
            show(latest);
            persist(latest);
          }),
        )
          .then((result) => {
            if (result.state === 'diverged' || result.state === 'failed') {
              setProblem(result.message ?? null);
            }
            if (result.state !== 'done') waiting.length = 0;
          })
          .catch((e: unknown) => {
            setProblem(`The run stopped: ${message(e)}`);
            latest = {
              ...latest,
              progress: { ...latest.progress, state: 'failed', message: message(e) },
            };
            show(latest);
            waiting.length = 0;
          })
          // The next run (or the Train button) waits until this one is stored: a reload right
          // after the end must find it finished.
          .finally(() =>
            saveRun(latest)
              .catch((e: unknown) => setProblem(`The run could not be saved: ${message(e)}`))
              .finally(runNext),
          );
      };
      runNext();
    },
    [active, backend],
  );

  const control = useCallback((what: 'pause' | 'resume' | 'stop') => {
    void client.current?.[what]();
  }, []);

  const remove = useCallback((id: number) => {
    setRuns((rs) => rs.filter((r) => r.id !== id));
    deleteRun(id).catch((e: unknown) => setProblem(`The run could not be deleted: ${message(e)}`));
  }, []);

  return {
    client,
    backend,
    families,
    runs,
    active,
    queued,
    problem,
    start,
    control,
    remove,
    switchBackend,
    measure,
    measures,
    measuring,
    dismissProblem: () => setProblem(null),
  };
}
