/**
 * Identity mappings (He et al. 2016b): with x_{l+1} = λ x_l + F(x_l), the gradient reaching
 * block l is ∂L/∂x_L (∏λ + ∂/∂x_l Σ F); only λ = 1 passes the top's gradient down unchanged.
 * The page measures ‖∂L/∂x_l‖ for every block at initialisation and after a short run, and
 * puts the pre-activation ablations next to the paper's table.
 */
import { useMemo, useState, type RefObject } from 'react';
import { LinesPlot } from '../../plots/LinesPlot';
import type { LineSeries } from '../../plots/drawLines';
import { Tex } from '../../tex/Tex';
import { callback, type ComputeClient } from '../../../worker/compute/client';
import type { FlowRow, NetVariant, RunConfig, RunRecord } from '../../../worker/compute/protocol';
import { PRESETS } from '../training/presets';
import { JobControls } from './JobControls';
import { useJob } from './useJob';

const RUN = { n: 6, width: 0.25, steps: 200, batch: 32, lr: 0.05, seed: 1 };
const LOSS_OPTIONS = { xLabel: 'training step', yLabel: 'training loss (running mean of 10)' };

export const FLOW_VARIANTS: readonly (NetVariant & {
  label: string;
  colour: string;
  lambda: number | null;
})[] = [
  {
    key: 'identity',
    label: 'identity, λ = 1',
    family: 'preact',
    options: { lambda: 1 },
    lambda: 1,
    colour: '#2f5bd3',
  },
  {
    key: 'shrink',
    label: 'λ = 0.5',
    family: 'preact',
    options: { lambda: 0.5 },
    lambda: 0.5,
    colour: '#2a9d8f',
  },
  {
    key: 'grow',
    label: 'λ = 1.5',
    family: 'preact',
    options: { lambda: 1.5 },
    lambda: 1.5,
    colour: '#e0662f',
  },
  {
    key: 'none',
    label: 'no shortcut',
    family: 'noShortcut',
    options: {},
    lambda: null,
    colour: '#7f8c8d',
  },
];

/** The shortcut term ∏_{i ≥ l} λ · ‖∂L/∂x_L‖: what the shortcut alone carries to block l. */
export function shortcutTerm(lambda: number, flow: readonly number[]): number[] {
  const L = flow.length;
  return flow.map((_g, l) => lambda ** (L - 1 - l) * flow[L - 1]!);
}

const PAPER: Record<string, { label: string; r110: number; r164: number }> = {
  a: { label: '(a) original', r110: 6.61, r164: 5.93 },
  b: { label: '(b) BN after addition', r110: 8.17, r164: 6.5 },
  c: { label: '(c) ReLU before addition', r110: 7.84, r164: 6.14 },
  d: { label: '(d) ReLU-only pre-activation', r110: 6.71, r164: 5.91 },
  e: { label: '(e) full pre-activation', r110: 6.37, r164: 5.46 },
};

const variantOf = (c: RunConfig) =>
  c.family === 'postact' ? 'a' : c.family === 'preact' ? (c.options.preactVariant ?? 'e') : null;

/** The measured norms of each net (solid) and, for λ ≠ 1, the shortcut term ∏λ (dashed). */
function flowSeries(rows: readonly FlowRow[], when: 'init' | 'trained'): LineSeries[] {
  return rows.flatMap((r) => {
    const v = FLOW_VARIANTS.find((x) => x.key === r.key)!;
    const flow = r[when];
    if (!flow) return [];
    const line: LineSeries = {
      key: `${r.key}-${when}`,
      label: v.label,
      colour: v.colour,
      xy: flow.map((g, l) => [l + 1, g] as const),
    };
    if (v.lambda === null || v.lambda === 1) return [line];
    const term = shortcutTerm(v.lambda, flow);
    return [
      line,
      {
        key: `${r.key}-${when}-prod`,
        label: `∏λ, ${v.label}`,
        colour: v.colour,
        dashed: true,
        xy: term.map((g, l) => [l + 1, g] as const),
      },
    ];
  });
}

/** The mean training loss of the last `k` steps (single steps are noisy). */
export function endLoss(losses: readonly number[], k = 20): number {
  const tail = losses.slice(-k).filter(Number.isFinite);
  return tail.length ? tail.reduce((a, x) => a + x, 0) / tail.length : NaN;
}

/** Training loss per step, as a running mean over 10 steps, one line per net. */
function lossSeries(rows: readonly FlowRow[]): LineSeries[] {
  return rows.map((r) => {
    const v = FLOW_VARIANTS.find((x) => x.key === r.key)!;
    return {
      key: `${r.key}-loss`,
      label: v.label,
      colour: v.colour,
      xy: r.losses.map((_l, i) => [i + 1, endLoss(r.losses.slice(0, i + 1), 10)] as const),
    };
  });
}

/** ln 10: the loss of a uniform guess over ten classes. */
const CHANCE = Math.log(10);
/** Losses closer than this count as the same (the noise of 20 steps of batch 32). */
const SAME = 0.05;

export type Verdict = 'chance' | 'slower' | 'same' | 'faster';

const VERDICT_TEXT: Record<Verdict, string> = {
  chance: 'is still at the loss of a guess (ln 10 = 2.303)',
  slower: 'trains more slowly than the identity',
  same: 'trains as the identity does (within 0.05)',
  faster: 'trains faster than the identity',
};

/** How each net's end loss compares with the identity shortcut's. */
export function compareToIdentity(rows: readonly FlowRow[]): { key: string; verdict: Verdict }[] {
  const id = rows.find((r) => r.key === 'identity');
  if (!id) return [];
  const base = endLoss(id.losses);
  return rows
    .filter((r) => r !== id)
    .map((r) => {
      const l = endLoss(r.losses);
      const verdict: Verdict = !(l < CHANCE - SAME)
        ? 'chance'
        : l > base + SAME
          ? 'slower'
          : l < base - SAME
            ? 'faster'
            : 'same';
      return { key: r.key, verdict };
    });
}

interface Props {
  readonly client: RefObject<ComputeClient | null>;
  readonly runs: readonly RunRecord[];
  readonly onStart: (runs: readonly RunConfig[]) => void;
  readonly busy: boolean;
}

export function IdentityLesson({ client, runs, onStart, busy }: Props) {
  const [rows, setRows] = useState<FlowRow[]>([]);
  const job = useJob();
  const measure = () => {
    const c = client.current;
    if (!c) return;
    setRows([]);
    job.start(
      (id) =>
        c.lessonFlow(
          RUN,
          FLOW_VARIANTS.map(({ key, family, options }) => ({ key, family, options })),
          callback((row: FlowRow) => job.isCurrent(id) && setRows((rs) => [...rs, row])),
        ),
      () => void c.lessonCancel(),
    );
  };
  const ratio = (f: readonly number[] | null) => (f ? f[0]! / f.at(-1)! : NaN);
  const initSeries = useMemo(() => flowSeries(rows, 'init'), [rows]);
  const trainedSeries = useMemo(() => flowSeries(rows, 'trained'), [rows]);
  const losses = useMemo(() => lossSeries(rows), [rows]);
  const label = (key: string) => FLOW_VARIANTS.find((x) => x.key === key)!.label;
  const verdicts = compareToIdentity(rows);
  const allGrow = rows.length > 0 && rows.every((r) => ratio(r.init) > 1);
  const halfSlower = verdicts.find((v) => v.key === 'shrink')?.verdict === 'slower';
  const L = 3 * RUN.n;
  const preset = PRESETS.find((p) => p.id === 'preact')!;
  const latest = (v: string) =>
    [...runs].reverse().find((r) => variantOf(r.config) === v && r.config.n === preset.runs[0]!.n);
  const accuracy = (r: RunRecord | undefined) =>
    r?.points.filter((p) => p.testAccuracy !== undefined).at(-1)?.testAccuracy;
  const options = {
    xLabel: `block l (1 = next to the input, ${L} = next to the output)`,
    yLabel: '‖∂L/∂x_l‖ (log)',
    yLog: true,
    xInteger: true,
  };
  return (
    <div className="lesson" data-testid="finding-identity" data-rows={rows.length}>
      <h3>Identity mappings: why the shortcut must be left alone</h3>
      <p>
        Scale the shortcut, <Tex tex="x_{l+1} = \lambda x_l + F(x_l)" />, and the gradient that
        reaches block <Tex tex="l" /> is{' '}
        <Tex tex="\frac{\partial \mathcal L}{\partial x_l} = \frac{\partial \mathcal L}{\partial x_L}\Big(\prod_{i=l}^{L-1}\lambda + \frac{\partial}{\partial x_l}\sum_i \hat F_i\Big)" />{' '}
        (He et al. 2016b, eq. 7). With <Tex tex="\lambda = 1" /> the first term hands every block
        the top&apos;s gradient unchanged; with <Tex tex="\lambda < 1" /> it vanishes geometrically,
        with <Tex tex="\lambda > 1" /> it explodes, and only the residual branches are left to carry
        the signal. He et al. found λ = 0.5 fails to train ResNet-110 (Table 1). Measured here on{' '}
        {6 * RUN.n + 2}-layer pre-activation nets (width ¼, one batch of 64 shapes, batch-norm in
        training mode), at initialisation and after {RUN.steps} steps; the dashed lines are the
        shortcut term <Tex tex="\prod\lambda" /> times the last block&apos;s gradient.
      </p>
      <JobControls
        job={job}
        onStart={measure}
        label={`Measure the gradient reaching each block (${FLOW_VARIANTS.length} nets)`}
        testId="identity-run"
        progress={`${rows.length} of ${FLOW_VARIANTS.length} nets`}
      />
      {rows.length > 0 && (
        <>
          <div className="lesson-plots">
            <LinesPlot
              series={initSeries}
              options={options}
              label="Gradient norm reaching each block at initialisation"
              testId="identity-init"
            />
            <LinesPlot
              series={trainedSeries}
              options={options}
              label={`Gradient norm reaching each block after ${RUN.steps} steps`}
              testId="identity-trained"
            />
            <LinesPlot
              series={losses}
              options={LOSS_OPTIONS}
              label="Training loss of each net during the short run"
              testId="identity-loss"
            />
          </div>
          {rows.length === FLOW_VARIANTS.length && (
            <p data-testid="identity-summary">
              After {RUN.steps} steps (mean of the last 20):{' '}
              {rows.map((r) => `${label(r.key)} ${endLoss(r.losses).toFixed(3)}`).join(', ')}.{' '}
              {verdicts.map((v) => `${label(v.key)} ${VERDICT_TEXT[v.verdict]}. `).join('')}
              {allGrow &&
                `Batch norm makes every net's gradient grow towards the input at initialisation (the ratios below are all over 1), so the vanishing shortcut term of λ = 0.5 does not show as a vanishing gradient: the residual branches carry it${halfSlower ? '; the net trains more slowly all the same' : ''}.`}
            </p>
          )}
          <table className="data-table" data-testid="identity-table">
            <thead>
              <tr>
                <th scope="col">Shortcut</th>
                <th scope="col">∏λ from the last block to the first</th>
                <th scope="col">‖∂L/∂x₁‖ / ‖∂L/∂x_L‖ at initialisation</th>
                <th scope="col">after {RUN.steps} steps</th>
                <th scope="col">training loss, last step</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const v = FLOW_VARIANTS.find((x) => x.key === r.key)!;
                return (
                  <tr key={r.key} data-key={r.key} data-init-ratio={ratio(r.init).toPrecision(4)}>
                    <th scope="row">{v.label}</th>
                    <td>{v.lambda === null ? '—' : (v.lambda ** (L - 1)).toPrecision(3)}</td>
                    <td>{ratio(r.init).toPrecision(3)}</td>
                    <td>{r.trained ? ratio(r.trained).toPrecision(3) : (r.message ?? '—')}</td>
                    <td>{r.losses.at(-1)?.toFixed(3) ?? '—'}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      )}
      <h4>The pre-activation ablations (He et al. 2016b, Fig. 4 and Table 2)</h4>
      <table className="data-table" data-testid="ablation-table">
        <thead>
          <tr>
            <th scope="col">Unit</th>
            <th scope="col">Paper: ResNet-110 error</th>
            <th scope="col">Paper: ResNet-164 error</th>
            <th scope="col">
              Here: {6 * preset.runs[0]!.n + 2} layers, {preset.runs[0]!.epochs} epochs on the
              shapes
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(PAPER).map(([v, p]) => {
            const acc = accuracy(latest(v));
            return (
              <tr
                key={v}
                data-variant={v}
                data-error={acc === undefined ? '' : (1 - acc).toFixed(4)}
              >
                <th scope="row">{p.label}</th>
                <td>{p.r110.toFixed(2)} %</td>
                <td>{p.r164.toFixed(2)} %</td>
                <td>{acc === undefined ? 'not run yet' : `${((1 - acc) * 100).toFixed(1)} %`}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        <button
          type="button"
          onClick={() => onStart(preset.runs)}
          disabled={busy}
          data-testid="lesson-ablations-run"
        >
          Train the five units here ({preset.runs.length} runs)
        </button>{' '}
        <span className="muted">
          The table fills in as each run ends; short runs on small nets show the ordering the paper
          found only roughly, and the paper&apos;s gaps are a point or two on CIFAR-10.
        </span>
      </p>
    </div>
  );
}
