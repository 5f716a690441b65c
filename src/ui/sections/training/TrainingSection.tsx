/** Train residual variants live: settings, run controls with progress, curves and the runs. */
import { ProblemAlert } from '../../ProblemAlert';
import { useMemo, useState } from 'react';
import { CurvesPlot } from '../../plots/CurvesPlot';
import {
  CPU_BACKENDS,
  type RunConfig,
  netFigures,
  FAMILIES,
} from '../../../worker/compute/protocol';
import { BackendLine } from './BackendLine';
import { RunsTable } from './RunsTable';
import { Lessons } from './Lessons';
import { RUN_COLOURS, runsCsv } from './runs';
import { download, toCsv } from '../../plots/exportPlot';
import { TrainingControls } from './TrainingControls';
import type { Training } from './useTraining';
import { exportRun } from './runFiles';
import { RunImport } from './RunImport';

/** One data-parallel replica a core (navigator.hardwareConcurrency), at most 8. */
export const MAX_REPLICAS = Math.max(
  1,
  Math.min(8, (typeof navigator !== 'undefined' && navigator.hardwareConcurrency) || 1),
);

export const DEFAULT_RUN: RunConfig = {
  family: 'postact',
  n: 1,
  width: 0.25,
  options: {},
  dataset: 'embedded',
  trainImages: 2048,
  testImages: 1000,
  epochs: 3,
  batchSize: 32,
  lr: 0.05,
  schedule: 'cosine',
  augment: false,
  seed: 1,
  evalsPerEpoch: 4,
  replicas: MAX_REPLICAS,
};

const fmtCount = (n: number) => (n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n.toLocaleString('en'));

export function TrainingSection({ t }: { t: Training }) {
  const [config, setConfig] = useState<RunConfig>(DEFAULT_RUN);
  // The chosen net's size, read off its blocks' structure (no TensorFlow.js: at once).
  const { family, n, width, options } = config;
  const figures = useMemo(
    () => netFigures({ family, n, width, options }),
    [family, n, width, options],
  );

  const activeRun = t.runs.find((r) => r.id === t.active) ?? null;
  const stalledRun = t.runs.find((r) => r.id === t.stalled) ?? null;
  const curveRuns = useMemo(
    () =>
      t.runs.map((r, i) => ({
        id: r.id,
        colour: RUN_COLOURS[i % RUN_COLOURS.length]!,
        points: r.points,
      })),
    [t.runs],
  );
  const p = activeRun?.progress;
  const familyName = (id: string) =>
    (FAMILIES as Record<string, { name: string } | undefined>)[id]?.name ?? id;
  const busy = t.active !== null;

  return (
    <section className="section" aria-labelledby="training-title" data-testid="training-section">
      <header className="section-header">
        <h2 id="training-title">Train them: residual variants side by side</h2>
        <p className="lede">
          Pick a block and a depth and press Train: the net trains here, in a worker, on your
          device. Run several and compare their curves; every run is kept in this browser.
        </p>
      </header>
      <ProblemAlert problem={t.problem} onDismiss={t.dismissProblem} testId="training-problem">
        {stalledRun && (
          <p className="problem-actions">
            <button
              type="button"
              onClick={() => t.resume(stalledRun.id, 0.1)}
              disabled={busy}
              data-testid="resume-lower-lr"
            >
              Go on from step {stalledRun.progress.checkpointStep} with learning rate{' '}
              {Number((stalledRun.config.lr * 0.1).toPrecision(3))}
            </button>
          </p>
        )}
      </ProblemAlert>
      <div className="section-body">
        <TrainingControls
          config={config}
          setConfig={setConfig}
          disabled={busy}
          maxReplicas={MAX_REPLICAS}
          gpu={t.backend !== null && !CPU_BACKENDS.includes(t.backend.name)}
        />
        <div className="figures">
          <p className="net-figures" data-testid="param-count" aria-live="polite">
            {`${figures.layers} layers · ${fmtCount(figures.params)} parameters · ${fmtCount(figures.macs)} multiply-adds per image`}
          </p>
          <BackendLine
            backend={t.backend}
            disabled={busy}
            onSwitch={t.switchBackend}
            onMeasure={() => t.measure(config)}
            measures={t.measures}
            measuring={t.measuring}
          />
          <div className="run-buttons">
            <button
              type="button"
              onClick={() => t.start(config)}
              disabled={busy || !t.backend}
              data-testid="train-start"
            >
              Train
            </button>
            <button
              type="button"
              onClick={() => t.control(p?.state === 'paused' ? 'resume' : 'pause')}
              disabled={!busy}
              data-testid="train-pause"
            >
              {p?.state === 'paused' ? 'Resume' : 'Pause'}
            </button>
            <button
              type="button"
              onClick={() => t.control('stop')}
              disabled={!busy}
              data-testid="train-stop"
            >
              Stop{t.queued > 0 ? ` (and ${t.queued} queued)` : ''}
            </button>
          </div>
          {p && (
            <div className="run-progress" data-testid="run-progress" data-state={p.state}>
              <progress max={p.totalSteps || 1} value={p.step} aria-label="Training progress" />
              <span>
                {p.state === 'paused' ? 'paused · ' : ''}epoch {p.epoch.toFixed(1)} of{' '}
                {activeRun!.config.epochs} · step {p.step} of {p.totalSteps} ·{' '}
                {p.imagesPerSecond.toFixed(0)} images/s
                {p.threads !== undefined
                  ? ` on ${p.threads} ${p.threads === 1 ? 'thread' : 'threads'}`
                  : ''}
                {Number.isFinite(p.secondsLeft) ? ` · ${Math.ceil(p.secondsLeft)} s left` : ''}
              </span>
            </div>
          )}
          <div className="curves-row">
            <CurvesPlot
              runs={curveRuns}
              kind="loss"
              label="Training and test loss of every run, by epoch"
            />
            <CurvesPlot
              runs={curveRuns}
              kind="accuracy"
              label="Test accuracy of every run, by epoch"
            />
          </div>
          <RunsTable
            runs={t.runs}
            active={t.active}
            onRemove={t.remove}
            onResume={(id) => t.resume(id)}
            onExport={(run, i) =>
              void exportRun(run, i).catch((e: unknown) =>
                t.report(`The run could not be saved to a file: ${(e as Error).message}`),
              )
            }
          />
          <div className="run-files">
            <RunImport onRuns={t.added} onProblem={t.report} />
            {t.runs.length > 0 && (
              <button
                type="button"
                onClick={() => {
                  const { header, rows } = runsCsv(t.runs, familyName);
                  download(
                    new Blob([toCsv(header, rows)], { type: 'text/csv' }),
                    'unraveled-runs.csv',
                  );
                }}
                data-testid="save-csv"
              >
                Save every run's curves as CSV
              </button>
            )}
          </div>
          <Lessons
            onStart={(runs) => t.start(runs.map((r) => ({ ...r, replicas: config.replicas })))}
            disabled={busy || !t.backend}
          />
        </div>
      </div>
    </section>
  );
}
