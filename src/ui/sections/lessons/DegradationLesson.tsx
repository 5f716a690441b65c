/**
 * Degradation (He et al. 2016, Fig. 1 and 6): deeper plain nets train worse; the residual net
 * of the same depth does not. The shipped runs' own training curves, loaded when the lesson
 * comes into view, and the preset that trains the 20- and 32-layer pairs again in this page.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { CurvesPlot } from '../../plots/CurvesPlot';
import { readRunFile } from '../../../worker/data/runFile';
import { fetchShippedIndex, fetchShippedText } from '../../../worker/lab/shipped';
import type { MetricPoint, RunConfig } from '../../../worker/compute/protocol';
import { RUN_COLOURS } from '../training/runs';
import { PRESETS } from '../training/presets';
import { useInView } from './useInView';

/** The shipped shapes runs of the lesson, shallow to deep. */
const KEYS = [
  'embedded-plain-20',
  'embedded-plain-32',
  'embedded-plain',
  'embedded-resnet-32',
  'embedded-resnet',
] as const;

export interface Curve {
  readonly key: string;
  readonly label: string;
  readonly layers: number;
  readonly epochs: number;
  readonly points: readonly MetricPoint[];
}

/** Mean training loss over the last epoch of a run's points. */
export function lastEpochLoss(points: readonly MetricPoint[]): number {
  const end = points.at(-1)?.epoch ?? 0;
  const last = points.filter(
    (p) => p.trainLoss !== undefined && Number.isFinite(p.trainLoss) && p.epoch > end - 1,
  );
  return last.reduce((a, p) => a + p.trainLoss!, 0) / Math.max(1, last.length);
}

function lastAccuracy(points: readonly MetricPoint[]): number | undefined {
  return points.filter((p) => p.testAccuracy !== undefined).at(-1)?.testAccuracy;
}

/** What the shipped curves show, in words: the plain nets' end losses by depth, the ResNets'. */
export function degradationSummary(curves: readonly Curve[]): string {
  const plain = curves
    .filter((c) => c.label.startsWith('plain'))
    .sort((a, b) => a.layers - b.layers);
  const res = curves
    .filter((c) => c.label.startsWith('ResNet'))
    .sort((a, b) => a.layers - b.layers);
  const losses = plain.map((c) => lastEpochLoss(c.points));
  const worse = losses.every((l, i) => i === 0 || l > losses[i - 1]!);
  const deepRes = res.at(-1);
  return [
    plain.length > 1 &&
      `The plain nets of ${plain.map((c) => c.layers).join(', ')} layers end at a training loss of ${losses.map((l) => l.toFixed(3)).join(', ')}${worse ? ': the deeper the plain net, the worse it trains' : ''}.`,
    deepRes &&
      `${deepRes.label} ends at ${lastEpochLoss(deepRes.points).toFixed(3)}${
        losses.every((l) => lastEpochLoss(deepRes.points) < l) ? ', lower than every plain net' : ''
      }.`,
  ]
    .filter(Boolean)
    .join(' ');
}

interface Props {
  readonly onStart: (runs: readonly RunConfig[]) => void;
  readonly busy: boolean;
}

export function DegradationLesson({ onStart, busy }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const inView = useInView(ref);
  const [curves, setCurves] = useState<Curve[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!inView || curves) return;
    let live = true;
    (async () => {
      const index = await fetchShippedIndex(document.baseURI);
      const out: Curve[] = [];
      for (const key of KEYS) {
        const entry = index.find((e) => e.key === key);
        if (!entry) continue;
        const { run } = readRunFile(await fetchShippedText(document.baseURI, entry), entry.file);
        const kind = entry.family === 'noShortcut' ? 'plain' : 'ResNet';
        out.push({
          key,
          label: `${kind}-${entry.layers}`,
          layers: entry.layers,
          epochs: entry.epochs,
          points: run.points,
        });
      }
      if (live) setCurves(out);
    })().catch(
      (e: unknown) =>
        live && setProblem(`The shipped curves could not be loaded: ${(e as Error).message}`),
    );
    return () => {
      live = false;
    };
  }, [inView, curves]);
  const runs = useMemo(
    () =>
      (curves ?? []).map((c, i) => ({
        id: i,
        colour: RUN_COLOURS[i % RUN_COLOURS.length]!,
        points: c.points,
      })),
    [curves],
  );
  const preset = PRESETS.find((p) => p.id === 'degradation')!;
  return (
    <div
      className="lesson"
      ref={ref}
      data-testid="finding-degradation"
      data-loaded={curves ? curves.length : 0}
    >
      <h3>Degradation: deeper plain nets train worse</h3>
      <p>
        He et al. (2016) found that a plain net of 56 layers has higher <em>training</em> error than
        one of 20 (Fig. 1), so the problem is optimisation, not overfitting; with shortcuts the
        deeper net is the better one (Table 6: ResNet-20 8.75 %, ResNet-110 6.43 % test error on
        CIFAR-10; plain-110 above 60 %). Below: the shipped nets of this page, trained on the shapes
        by the page&apos;s own code (30 epochs; the 32-layer ResNet 10).
      </p>
      {problem && <p role="alert">{problem}</p>}
      {!curves && !problem && <p className="muted">Loading the shipped training curves…</p>}
      {curves && (
        <>
          <div className="lesson-plots">
            <CurvesPlot
              runs={runs}
              kind="loss"
              label="Training and test loss of the shipped plain and residual nets"
            />
            <CurvesPlot
              runs={runs}
              kind="accuracy"
              label="Test accuracy of the shipped plain and residual nets"
            />
          </div>
          <p data-testid="degradation-summary">{degradationSummary(curves)}</p>
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">Net</th>
                <th scope="col">Epochs</th>
                <th scope="col">Training loss, last epoch</th>
                <th scope="col">Test accuracy</th>
              </tr>
            </thead>
            <tbody>
              {curves.map((c, i) => {
                const loss = lastEpochLoss(c.points);
                const acc = lastAccuracy(c.points);
                return (
                  <tr key={c.key} data-key={c.key} data-loss={loss.toFixed(4)}>
                    <th scope="row">
                      <span className="run-swatch" style={{ background: runs[i]!.colour }} />{' '}
                      {c.label}
                    </th>
                    <td>{c.epochs}</td>
                    <td>{loss.toFixed(3)}</td>
                    <td>{acc === undefined ? '—' : `${(acc * 100).toFixed(1)} %`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <p>
        <button
          type="button"
          onClick={() => onStart(preset.runs)}
          disabled={busy}
          data-testid="lesson-degradation-run"
        >
          Train plain and residual nets of 20 and 32 layers here ({preset.runs.length} runs,{' '}
          {preset.runs[0]!.epochs} epochs each)
        </button>{' '}
        <span className="muted">The runs appear in the training section, curves and all.</span>
      </p>
    </div>
  );
}
