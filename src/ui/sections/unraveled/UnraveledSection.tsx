import { useCallback, useDeferredValue, useMemo, useState } from 'react';
import { graphTex } from '../../../math/blockPaths';
import { countTex, formatNumber, formatPercent } from '../../format';
import { useReducedMotion } from '../../hooks/useReducedMotion';
import { PathLengthPlot } from '../../plots/PathLengthPlot';
import { SurvivalPlot } from '../../plots/SurvivalPlot';
import { UnraveledGraph } from '../../plots/UnraveledGraph';
import type { AppState } from '../../state/schema';
import { Tex } from '../../tex/Tex';
import { Controls } from './Controls';
import { Expansion } from './Expansion';
import { KeyNumbers } from './KeyNumbers';
import { computeUnraveledModel } from './model';

interface Props {
  readonly state: AppState;
  readonly update: (change: Partial<AppState>) => void;
}

export function UnraveledSection({ state, update }: Props) {
  // The controls answer at once; the plots follow as fast as the maths allows.
  const deferred = useDeferredValue(state);
  const { n, family, sd, rule, pL, scale } = deferred;
  const model = useMemo(
    () => computeUnraveledModel({ n, family, sd, rule, pL }),
    [n, family, sd, rule, pL],
  );
  const reduced = useReducedMotion();
  const [hovered, setHovered] = useState<number | null>(null);
  const onHover = useCallback((i: number | null) => setHovered(i), []);
  const hoveredValid =
    hovered !== null && model.paths && hovered < model.paths.length ? hovered : null;

  const plotData = useMemo(
    () => ({
      dist: model.dist,
      alive: model.survival?.alive,
      mean: model.mean,
      interval: model.interval95,
      scale,
    }),
    [model, scale],
  );
  const graphData = useMemo(
    () => model.paths && { family, n, paths: model.paths, hovered: hoveredValid },
    [model.paths, family, n, hoveredValid],
  );
  const noun = family === 'rk4' ? 'RK4' : family;
  const total = countTex(model.log10Total, model.totalExact);
  const iv = model.interval95;

  return (
    <section className="section" aria-labelledby="unraveled-title">
      <header className="section-header">
        <h2 id="unraveled-title">The unraveled view: a residual net is a collection of paths</h2>
        <p className="lede">
          Write the residual recursion <Tex tex="y_l = y_{l-1} + f_l(y_{l-1})" /> out in full and
          every block doubles the number of routes from input to output: the signal can pass through{' '}
          <Tex tex="f_l" /> or skip it. A net of <Tex tex="n" /> blocks is <Tex tex="2^n" /> paths
          of different lengths, and <Tex tex="\binom{n}{k}" /> of them pass through exactly{' '}
          <Tex tex="k" /> residual functions (
          <a href="https://arxiv.org/abs/1605.06431">Veit, Wilber &amp; Belongie, 2016</a>).
        </p>
      </header>
      <div className="section-body">
        <Controls state={state} update={update} />
        <div className="figures">
          <KeyNumbers model={model} />
          <p className="sentence" data-testid="summary">
            This {noun} net of {n} block{n === 1 ? '' : 's'} has <Tex tex={total} /> paths; their
            mean length is {formatNumber(model.mean, 2)}, and {formatPercent(iv.mass)} of them are
            between {iv.lo} and {iv.hi} functions long.
            {model.survival &&
              ` With stochastic depth only ${formatNumber(model.survival.expectedDepth, 2)} blocks are active in an average step, and the alive paths are ${formatNumber(model.survival.aliveMean, 2)} functions long on average.`}
          </p>
          <PathLengthPlot
            data={plotData}
            durationMs={reduced ? 0 : 180}
            label={`Bar chart of the fraction of paths by length, n = ${n}: mean ${formatNumber(model.mean, 2)}, 95% of paths between ${iv.lo} and ${iv.hi}.`}
          />
          <div className="block-formula">
            <span className="muted">One {noun} block:</span> <Tex tex={graphTex(family)} />
          </div>
          {graphData ? (
            <div className="graph-and-terms">
              <UnraveledGraph
                data={graphData}
                onHover={onHover}
                label={`Every one of the ${model.paths!.length} paths of the net drawn from input to output`}
              />
              <Expansion model={model} hovered={hoveredValid} onHover={onHover} />
            </div>
          ) : (
            <p className="muted graph-note">
              The graph of every path is drawn for up to 64 paths (n ≤ 6 residual blocks); this net
              has <Tex tex={total} />.
            </p>
          )}
          {model.survival && (
            <div className="survival">
              <h3>Stochastic depth: which blocks survive a training step</h3>
              <p>
                Each block is kept with probability <Tex tex="p_l" />
                {rule === 'linear' ? (
                  <>
                    , falling linearly from the input to the output:{' '}
                    <Tex tex={`p_l = 1 - \\tfrac{l}{L}(1 - p_L),\\ p_L = ${pL}`} />
                  </>
                ) : (
                  <>
                    , the same for every block: <Tex tex={`p_l = p_L = ${pL}`} />
                  </>
                )}{' '}
                (<a href="https://arxiv.org/abs/1603.09382">Huang et al., 2016</a>). The expected
                depth is{' '}
                <Tex
                  tex={`\\mathbb{E}[\\tilde L] = \\sum_l p_l = ${formatNumber(model.survival.expectedDepth, 2)}`}
                />
                .
              </p>
              <SurvivalPlot
                p={model.survival.p}
                expected={model.survival.expectedDepth}
                label={`Survival probability of each of the ${n} blocks; expected depth ${formatNumber(model.survival.expectedDepth, 2)}`}
              />
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
