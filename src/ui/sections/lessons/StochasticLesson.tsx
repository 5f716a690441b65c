/**
 * Stochastic depth (Huang et al. 2016): each block survives a training step with probability
 * p_l; the expected depth E[L̃] = Σ p_l, and the time a step takes falls with it. The page
 * measures a step with and without, on its own backend, next to the paper's 25 %.
 */
import { useMemo, useState, type RefObject } from 'react';
import { survivalProbabilities } from '../../../math/survival';
import { OptionControl } from '../../controls/OptionControl';
import { SurvivalPlot } from '../../plots/SurvivalPlot';
import { Tex } from '../../tex/Tex';
import { callback, type ComputeClient } from '../../../worker/compute/client';
import {
  OPTION_SPECS,
  resolveOptions,
  type NetVariant,
  type StepTime,
} from '../../../worker/compute/protocol';
import type { BlockOptions } from '../../../nn/blocks/types';
import { JobControls } from './JobControls';
import { useJob } from './useJob';

/** 56 layers (27 blocks) at width ¼: a few seconds a measurement on WASM. */
const RUN = { n: 9, width: 0.25, batch: 32 };
const STEPS = 8;

export function StochasticLesson({ client }: { client: RefObject<ComputeClient | null> }) {
  const [partial, setPartial] = useState<Partial<BlockOptions>>({});
  const options = resolveOptions(partial);
  const L = 3 * RUN.n;
  const p = useMemo(
    () => survivalProbabilities(L, options.survivalRule, options.pL),
    [L, options.survivalRule, options.pL],
  );
  const expected = p.reduce((a, x) => a + x, 0);
  const [times, setTimes] = useState<StepTime[]>([]);
  const job = useJob();
  const measure = () => {
    const c = client.current;
    if (!c) return;
    setTimes([]);
    const variants: NetVariant[] = [
      { key: 'constant', family: 'postact', options: {} },
      { key: 'stochastic', family: 'stochastic', options },
    ];
    job.start(
      (id) =>
        c.lessonTiming(
          RUN,
          variants,
          STEPS,
          callback((t: StepTime) => job.isCurrent(id) && setTimes((ts) => [...ts, t])),
        ),
      () => void c.lessonCancel(),
    );
  };
  const constant = times.find((t) => t.key === 'constant');
  const stochastic = times.find((t) => t.key === 'stochastic');
  const saving = constant && stochastic ? 1 - stochastic.meanMs / constant.meanMs : null;
  return (
    <div className="lesson" data-testid="finding-stochastic">
      <h3>Stochastic depth: a shorter net at every training step</h3>
      <p>
        In training, block <Tex tex="l" /> is kept with probability <Tex tex="p_l" /> and otherwise
        skipped, forward and backward: <Tex tex="x_{l+1} = \mathrm{ReLU}(x_l + b_l f_l(x_l))" />,{' '}
        <Tex tex="b_l \sim \mathrm{Bernoulli}(p_l)" />. With the linear rule{' '}
        <Tex tex="p_l = 1 - \tfrac{l}{L}(1 - p_L)" /> the first blocks are almost always kept and
        the last one with <Tex tex="p_L" />. At test time every block runs, its residual scaled by{' '}
        <Tex tex="p_l" />: <Tex tex="x_{l+1} = \mathrm{ReLU}(x_l + p_l f_l(x_l))" />, the expected
        value of what training saw, so the test net is the average of the many shorter nets it was
        trained as (like dropout&apos;s rescaling).
      </p>
      <div className="lesson-controls">
        {(['survivalRule', 'pL'] as const).map((key) => (
          <OptionControl
            key={key}
            spec={OPTION_SPECS[key]}
            options={options}
            onChange={(c) => setPartial((o) => ({ ...o, ...c }))}
            testId={`stochastic-${key}`}
          />
        ))}
      </div>
      <SurvivalPlot
        p={p}
        expected={expected}
        label={`Survival probability of each of the ${L} blocks`}
        testId="stochastic-survival-plot"
      />
      <p data-testid="stochastic-expected" data-expected={expected.toFixed(4)}>
        {L} blocks (56 layers):{' '}
        <Tex tex={`\\mathbb{E}[\\tilde L] = \\sum_l p_l = ${expected.toFixed(2)}`} />, so a training
        step runs {((expected / L) * 100).toFixed(1)} % of the blocks on average and skips{' '}
        {((1 - expected / L) * 100).toFixed(1)} % of their work.
      </p>
      <p>
        Huang et al. trained their 110-layer net (<Tex tex="p_L = 0.5" />) on CIFAR-10 in 15 h 7 min
        instead of 20 h 42 min: <strong>about 25 % faster</strong> (Table 2).
      </p>
      <JobControls
        job={job}
        onStart={measure}
        label="Measure a training step here, with and without"
        testId="stochastic-measure"
      />
      {times.length > 0 && (
        <table className="data-table" data-testid="stochastic-times">
          <thead>
            <tr>
              <th scope="col">56-layer net, batch {RUN.batch}</th>
              <th scope="col">Mean step ({STEPS} steps)</th>
              <th scope="col">Median step</th>
            </tr>
          </thead>
          <tbody>
            {times.map((t) => (
              <tr key={t.key} data-key={t.key} data-mean={t.meanMs.toFixed(2)}>
                <th scope="row">{t.key === 'constant' ? 'constant depth' : 'stochastic depth'}</th>
                <td>{t.meanMs.toFixed(1)} ms</td>
                <td>{t.medianMs.toFixed(1)} ms</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {saving !== null && (
        <p data-testid="stochastic-saving" data-saving={saving.toFixed(4)}>
          Measured here: a step is <strong>{(saving * 100).toFixed(1)} %</strong> faster with
          stochastic depth; the blocks alone would give {((1 - expected / L) * 100).toFixed(1)} %
          (the stem, the classifier and the optimiser&apos;s update run every step).
        </p>
      )}
    </div>
  );
}
