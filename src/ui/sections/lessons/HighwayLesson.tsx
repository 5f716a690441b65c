/**
 * Highway networks (Srivastava et al. 2015): y = T ⊙ H(x) + (1 − T) ⊙ x with a learned gate
 * T = σ(W_T x + b_T). The gate bias sets where training starts: very negative, every block
 * carries its input; the page trains a small highway net and draws each block's mean gate.
 */
import { useMemo, useState, type RefObject } from 'react';
import { NumberSlider } from '../../controls/NumberSlider';
import { LinesPlot } from '../../plots/LinesPlot';
import type { LineSeries } from '../../plots/drawLines';
import { Tex } from '../../tex/Tex';
import { callback, type ComputeClient } from '../../../worker/compute/client';
import { OPTION_SPECS, type GatePoint } from '../../../worker/compute/protocol';
import { JobControls } from './JobControls';
import { useJob } from './useJob';

const RUN = { n: 3, width: 0.25, steps: 120, batch: 32, lr: 0.05, seed: 1 };
const EVERY = 10;
const OPTIONS = { xLabel: 'training step', yLabel: 'mean gate T', yDomain: [0, 1] as const };

/** Block l of L in a colour from blue (input side) to orange (output side). */
function blockColour(l: number, L: number): string {
  const t = L <= 1 ? 0 : l / (L - 1);
  const mix = (a: number, b: number) => Math.round(a + (b - a) * t);
  return `rgb(${mix(47, 224)},${mix(91, 102)},${mix(211, 47)})`;
}

export function HighwayLesson({ client }: { client: RefObject<ComputeClient | null> }) {
  const spec = OPTION_SPECS.highwayBias;
  const [bias, setBias] = useState(spec.default);
  const [points, setPoints] = useState<GatePoint[]>([]);
  const [trainedBias, setTrainedBias] = useState<number | null>(null);
  const job = useJob();
  const start = () => {
    const c = client.current;
    if (!c) return;
    setPoints([]);
    setTrainedBias(bias);
    job.start(
      (id) =>
        c.lessonHighway(
          RUN,
          bias,
          EVERY,
          callback((p: GatePoint) => job.isCurrent(id) && setPoints((ps) => [...ps, p])),
        ),
      () => void c.lessonCancel(),
    );
  };
  const series = useMemo<LineSeries[]>(() => {
    const L = points[0]?.gates.length ?? 0;
    return Array.from({ length: L }, (_, l) => ({
      key: `block-${l + 1}`,
      label: l === 0 ? 'first block' : l === L - 1 ? 'last block' : `block ${l + 1}`,
      unlabelled: l !== 0 && l !== L - 1,
      colour: blockColour(l, L),
      xy: points.map((p) => [p.step, p.gates[l]!] as const),
    }));
  }, [points]);
  const sigma = 1 / (1 + Math.exp(-bias));
  const last = points.at(-1);
  const meanNow = last ? last.gates.reduce((a, g) => a + g, 0) / last.gates.length : null;
  return (
    <div className="lesson" data-testid="finding-highway" data-points={points.length}>
      <h3>Highway: a learned gate between the block and its input</h3>
      <p>
        <Tex tex="y = T \odot H(x) + (1 - T) \odot x" />, with <Tex tex="T = \sigma(W_T x + b_T)" />
        . Srivastava et al. start the gate bias <Tex tex="b_T" /> negative, so that every block
        first <em>carries</em> its input (T near 0) and learns when to transform it. At{' '}
        <Tex tex={`b_T = ${bias}`} /> a fresh gate is near{' '}
        <Tex tex={`\\sigma(b_T) = ${sigma.toFixed(3)}`} />. A gate held at ½ everywhere would make
        the block <Tex tex="\tfrac12 H(x) + \tfrac12 x" />: a ResNet with both branches halved,
        which He et al. (2016b, Table 1) found trains to 12.35 % error on CIFAR-10 against the
        identity shortcut&apos;s 6.61 %.
      </p>
      <div className="lesson-controls">
        <NumberSlider
          label={spec.label}
          value={bias}
          min={spec.min}
          max={spec.max}
          step={spec.step}
          onChange={setBias}
          testId="highway-bias"
        />
      </div>
      <JobControls
        job={job}
        onStart={start}
        label={`Train a 20-layer highway net for ${RUN.steps} steps`}
        testId="highway-run"
      />
      {points.length > 0 && (
        <>
          <LinesPlot
            series={series}
            options={OPTIONS}
            label="Mean transform gate of each block against the training step"
            testId="highway-gates"
          />
          <p data-testid="highway-summary">
            Bias {trainedBias}: the gates started at a mean of{' '}
            {(points[0]!.gates.reduce((a, g) => a + g, 0) / points[0]!.gates.length).toFixed(3)}
            {meanNow !== null && last!.step > 0
              ? `; after ${last!.step} steps their mean is ${meanNow.toFixed(3)} (first block ${last!.gates[0]!.toFixed(3)}, last ${last!.gates.at(-1)!.toFixed(3)}).`
              : '.'}
          </p>
        </>
      )}
    </div>
  );
}
