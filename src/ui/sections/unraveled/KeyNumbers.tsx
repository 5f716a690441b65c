import { formatNumber, formatPercent, countTex } from '../../format';
import { Tex } from '../../tex/Tex';
import type { UnraveledModel } from './model';

/** The key figures beside the plots, each with a test id; all read from the same model. */
export function KeyNumbers({ model }: { model: UnraveledModel }) {
  const { n } = model.input;
  const iv = model.interval95;
  return (
    <dl className="key-numbers">
      <div>
        <dt>Paths from input to output</dt>
        <dd data-testid="paths-total">
          <Tex tex={countTex(model.log10Total, model.totalExact)} />
        </dd>
      </div>
      <div>
        <dt>Mean path length</dt>
        <dd data-testid="mean-length">
          {formatNumber(model.mean, 2)}{' '}
          <span className="muted">± {formatNumber(model.std, 2)}</span>
        </dd>
      </div>
      <div>
        <dt>Shortest interval holding 95 %</dt>
        <dd data-testid="interval-95">
          {iv.lo}–{iv.hi} <span className="muted">({formatPercent(iv.mass)})</span>
        </dd>
      </div>
      <div>
        <dt>Expected active blocks E[L̃]</dt>
        <dd data-testid="expected-depth">
          {model.survival
            ? `${formatNumber(model.survival.expectedDepth, 2)} of ${n}`
            : `${n} of ${n}`}
          {!model.survival && <span className="muted"> (no stochastic depth)</span>}
        </dd>
      </div>
    </dl>
  );
}
