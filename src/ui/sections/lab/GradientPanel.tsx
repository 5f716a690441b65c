/**
 * Gradient per path length (Veit et al. 2016, §5 and Fig. 6) on net A: (a) how many paths have
 * each length, (b) the gradient one path of that length carries, measured, and (c) their
 * product, the total gradient each length contributes, with the effective paths shaded.
 */
import { percentText } from '../../format';
import { useCallback, useMemo } from 'react';
import { effectiveRange, pathFraction, totalGradientByLength } from '../../../math/effective';
import { pathLengthDistribution } from '../../../math/paths';
import { shortestInterval, mean as distMean } from '../../../math/distribution';
import { drawGradLength, gradLengthCsv } from '../../plots/drawGradLength';
import { drawGradTotal, gradTotalCsv, type GradTotalData } from '../../plots/drawGradTotal';
import { PlotFigure } from '../../plots/PlotFigure';
import { PathLengthPlot } from '../../plots/PathLengthPlot';
import { GRADIENT_SETTINGS } from '../../../worker/lab/protocol';
import { JobBar } from './JobBar';
import type { Lab } from './useLab';

const FRACTION = 0.9;
/** Veit et al.: 54 blocks, effective paths 5–17 blocks long. */
const PAPER = { n: 54, lo: 5, hi: 17 };

export function GradientPanel({ lab }: { lab: Lab }) {
  const net = lab.opened.a;
  const n = net?.blocks.length ?? 0;
  const residual = net !== undefined && net.family !== 'noShortcut';
  const dist = useMemo(() => {
    if (!n) return null;
    const d = pathLengthDistribution('residual', n);
    return {
      dist: d,
      mean: distMean(d),
      interval: shortestInterval(d, 0.95),
      scale: 'linear' as const,
    };
  }, [n]);
  const rows = lab.gradient;
  const total: GradTotalData = useMemo(() => {
    if (!rows || rows.length === 0) return { n, rows: [], range: null, fraction: FRACTION };
    const t = totalGradientByLength(n, rows);
    return { n, rows: t, range: effectiveRange(t, FRACTION), fraction: FRACTION };
  }, [rows, n]);
  const lengthData = useMemo(() => ({ n, rows: rows ?? [] }), [rows, n]);
  const drawLength = useCallback(
    (svg: SVGSVGElement) => drawGradLength(svg, lengthData),
    [lengthData],
  );
  const drawTotal = useCallback((svg: SVGSVGElement) => drawGradTotal(svg, total), [total]);
  const paperFraction = pathFraction(PAPER.n, PAPER.lo, PAPER.hi);
  if (!net) return <p className="muted">Open a net as A to measure its gradients.</p>;
  return (
    <div className="gradient-panel">
      <JobBar
        job={lab.job}
        mine={lab.job?.what === 'gradient'}
        label={`Measure the gradient per path length on net A (${GRADIENT_SETTINGS.samplesPerK} samples for each k)`}
        onStart={() => void lab.probe()}
        onCancel={lab.cancel}
        disabled={!residual}
        testId="gradient"
      />
      {!residual && (
        <p className="muted">
          A plain net has a single path through all its blocks: there is nothing to unravel. Open a
          residual net as A.
        </p>
      )}
      <div className="gradient-plots">
        {dist && (
          <PathLengthPlot
            data={dist}
            durationMs={0}
            testId="lab-path-lengths"
            label={`Number of paths of each length in this ${n}-block net: binomial C(${n}, k)`}
          />
        )}
        <PlotFigure
          testId="grad-per-length"
          label="Gradient magnitude at the input carried by one path of each length, log scale"
          fileName="gradient-per-length"
          draw={drawLength}
          csv={() => gradLengthCsv(lengthData)}
          caption={`(b) For each k, ${GRADIENT_SETTINGS.samplesPerK} random sets of k blocks (all of them when fewer): the backward pass goes through the residual branch of those blocks and the shortcut of the others, on ${GRADIENT_SETTINGS.batch} test images; ‖∂L/∂x‖ at the input, mean and spread.`}
        />
        <PlotFigure
          testId="grad-total"
          label="Share of the total gradient contributed by the paths of each length, with the effective paths shaded"
          fileName="gradient-total"
          draw={drawTotal}
          csv={() => gradTotalCsv(total)}
          caption={`(c) = (a) × (b): the paths of each length times what one carries. The shaded range is the shortest run of lengths holding ${percentText(FRACTION, 0)} of the gradient.`}
        />
      </div>
      <p className="effective-text" data-testid="effective-text">
        Veit et al. found, for their {PAPER.n}-block ResNet, that the effective paths are {PAPER.lo}
        –{PAPER.hi} blocks long: {percentText(paperFraction, 2)} of all paths carry almost all the
        gradient.{' '}
        {total.range ? (
          <>
            This {n}-block net: paths {total.range.lo}–{total.range.hi} blocks long carry{' '}
            {percentText(total.range.gradientShare, 0)} of the gradient, and they are{' '}
            {percentText(total.range.pathFraction, 1)} of its 2<sup>{n}</sup> paths.
          </>
        ) : (
          'Measure this net to compare.'
        )}
      </p>
    </div>
  );
}
