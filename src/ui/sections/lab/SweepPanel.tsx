/**
 * The three lesion sweeps of Veit et al. (2016) on both open nets: delete each block in turn
 * (Fig. 3), delete k random blocks (Fig. 5a), swap k pairs of blocks within a stage (Fig. 5b).
 * Each plot carries its data as data- attributes and saves as SVG, PNG and CSV.
 */
import { useCallback } from 'react';
import { drawLesionK, lesionKCsv, type LesionKData } from '../../plots/drawLesionK';
import {
  drawLesionSingle,
  lesionSingleCsv,
  type LesionSingleData,
} from '../../plots/drawLesionSingle';
import { drawReorder, reorderCsv, type ReorderData } from '../../plots/drawReorder';
import { PlotFigure } from '../../plots/PlotFigure';
import { shortFamilyName } from '../../../worker/compute/protocol';
import { SWEEP_SETTINGS, type SweepKind } from '../../../worker/lab/protocol';
import { summariseDeletions } from '../../../math/lesionSummary';
import { JobBar } from './JobBar';
import { SLOTS, type BnMode, type Lab } from './useLab';

export const NET_COLOURS = { a: '#2f5bd3', b: '#e0662f' } as const;

export function netName(lab: Lab, slot: 'a' | 'b'): string {
  const o = lab.opened[slot];
  return o ? `${slot.toUpperCase()}: ${shortFamilyName(o.family)}, ${o.layers} layers` : '';
}

export const BN_LABELS: Record<BnMode, string> = {
  trained: 'BN statistics as trained',
  reestimated: 'BN statistics re-estimated',
};

const otherMode = (m: BnMode): BnMode => (m === 'trained' ? 'reestimated' : 'trained');

function useData(lab: Lab) {
  const open = SLOTS.filter((s) => lab.opened[s]);
  const now = lab.sweeps[lab.bn];
  const other = lab.sweeps[otherMode(lab.bn)];
  const base = (s: 'a' | 'b') => ({
    label: netName(lab, s),
    colour: NET_COLOURS[s],
    intactError: lab.opened[s]!.intact.error,
  });
  const anyOther = open.some((s) => other.single?.[s]?.kind === 'single');
  const single: LesionSingleData = {
    nets: open.map((s) => {
      const r = now.single?.[s];
      const o = other.single?.[s];
      const blocks = lab.opened[s]!.blocks;
      return {
        ...base(s),
        errors: r?.kind === 'single' ? r.errors : blocks.map(() => null),
        downsample: blocks.map((b) => b.downsample),
        ...(o?.kind === 'single' ? { other: o.errors } : {}),
      };
    }),
    ...(anyOther ? { otherLabel: BN_LABELS[otherMode(lab.bn)] } : {}),
  };
  const k: LesionKData = {
    nets: open.map((s) => {
      const r = now.k?.[s];
      return { ...base(s), rows: r?.kind === 'k' ? r.rows : [] };
    }),
  };
  const reorder: ReorderData = {
    nets: open.map((s) => {
      const r = now.reorder?.[s];
      return { ...base(s), points: r?.kind === 'reorder' ? r.points : [] };
    }),
  };
  return { single, k, reorder };
}

const TITLES: Record<SweepKind, string> = {
  single: 'Delete each block in turn',
  k: 'Delete k random blocks',
  reorder: 'Reorder blocks',
};

const points = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(x * 100).toFixed(1)}`;

/** The single-deletion sweep in numbers, for each net and each batch-norm choice measured. */
function SingleSummary({ lab }: { lab: Lab }) {
  const lines = SLOTS.flatMap((slot) => {
    const o = lab.opened[slot];
    if (!o) return [];
    const downsample = o.blocks.map((b) => b.downsample);
    return (['trained', 'reestimated'] as const).flatMap((mode) => {
      const r = lab.sweeps[mode].single?.[slot];
      const s =
        r?.kind === 'single' ? summariseDeletions(r.errors, downsample, o.intact.error) : null;
      return s ? [{ key: `${slot}-${mode}`, slot, mode, s }] : [];
    });
  });
  if (lines.length === 0) return null;
  return (
    <ul className="sweep-summary" data-testid="single-summary">
      {lines.map(({ key, slot, mode, s }) => (
        <li key={key} data-slot={slot} data-mode={mode} data-mean-rise={s.meanRise}>
          <strong>{netName(lab, slot)}</strong>, {BN_LABELS[mode]}: one shape-keeping block deleted
          raises the error by <strong>{points(s.meanRise)} points</strong> on average (worst{' '}
          {points(s.maxRise)}; {s.under} of {s.blocks} under 5 points).
        </li>
      ))}
    </ul>
  );
}

export function SweepPanel({ lab }: { lab: Lab }) {
  const { single, k, reorder } = useData(lab);
  const drawSingle = useCallback((svg: SVGSVGElement) => drawLesionSingle(svg, single), [single]);
  const drawK = useCallback((svg: SVGSVGElement) => drawLesionK(svg, k), [k]);
  const drawR = useCallback((svg: SVGSVGElement) => drawReorder(svg, reorder), [reorder]);
  const none = !lab.opened.a && !lab.opened.b;
  // A sweep measured only under the other batch-norm choice: say so, rather than "no data".
  const elsewhere = (kind: SweepKind) =>
    SLOTS.some((s) => lab.sweeps[otherMode(lab.bn)][kind]?.[s]) &&
    !SLOTS.some((s) => lab.sweeps[lab.bn][kind]?.[s]);
  const bar = (kind: SweepKind) => (
    <>
      <JobBar
        job={lab.job}
        mine={lab.job?.what === kind}
        label={`Run: ${TITLES[kind].toLowerCase()}`}
        onStart={() => void lab.sweep(kind)}
        onCancel={lab.cancel}
        disabled={none}
        testId={`sweep-${kind}`}
      />
      {elsewhere(kind) && lab.job === null && (
        <p className="muted" data-testid={`sweep-${kind}-elsewhere`}>
          Measured with {BN_LABELS[otherMode(lab.bn)].replace('BN', 'batch-norm')}; run it again to
          see it with them {lab.bn === 'trained' ? 'as trained' : 're-estimated'}.
        </p>
      )}
    </>
  );
  return (
    <div className="sweeps">
      <div className="sweep">
        <h4>{TITLES.single}</h4>
        {bar('single')}
        <PlotFigure
          testId="lesion-single"
          label="Test error with each single block deleted, for each net, against the intact net's error"
          fileName="lesion-single"
          draw={drawSingle}
          csv={() => lesionSingleCsv(single)}
          caption="Veit et al. 2016, Fig. 3: in their 110-layer ResNet most single blocks could go at little cost, while any one layer of a plain net was fatal. Downsampling blocks are shaded; rings are the same sweep with the other batch-norm choice, once run."
        />
        <SingleSummary lab={lab} />
      </div>
      <div className="sweep">
        <h4>{TITLES.k}</h4>
        {bar('k')}
        <PlotFigure
          testId="lesion-k"
          label="Test error against the number of blocks deleted at random, mean and spread"
          fileName="lesion-k"
          draw={drawK}
          csv={() => lesionKCsv(k)}
          caption={`Fig. 5a: k of the blocks that keep the shape deleted at random (k up to ${SWEEP_SETTINGS.maxK}, as in the paper), ${SWEEP_SETTINGS.draws} draws for each k. In the paper a ResNet's error rises smoothly with k, as an ensemble's does when members leave.`}
        />
      </div>
      <div className="sweep">
        <h4>{TITLES.reorder}</h4>
        {bar('reorder')}
        <PlotFigure
          testId="reorder"
          label="Test error against the Kendall tau of the block order after random swaps within stages"
          fileName="reorder"
          draw={drawR}
          csv={() => reorderCsv(reorder)}
          caption={`Fig. 5b: 1 to ${SWEEP_SETTINGS.maxSwaps} random swaps of two blocks of the same stage, ${SWEEP_SETTINGS.reorderDraws} orders each; Kendall τ = 1 is the trained order.`}
        />
      </div>
    </div>
  );
}
