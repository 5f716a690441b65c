import { nestedResidualLatex, pathTermLatex } from '../../../math/expansion';
import { Tex } from '../../tex/Tex';
import { pathColour } from '../../plots/drawUnraveledGraph';
import { TERM_LIMIT, type UnraveledModel } from './model';

interface Props {
  readonly model: UnraveledModel;
  readonly hovered: number | null;
  readonly onHover: (index: number | null) => void;
}

/**
 * The unraveled expansion: one KaTeX term per path, each linked to its strand in the graph
 * (hover or focus a term to light its path up, and the other way round).
 */
export function Expansion({ model, hovered, onHover }: Props) {
  const { family, n } = model.input;
  const paths = model.paths;
  if (!paths) return null;
  const maxLen = Math.max(...paths.map((p) => p.steps.length));
  const hot = hovered === null ? undefined : paths[hovered];
  return (
    <div className="expansion">
      {family === 'residual' && n <= 4 && (
        <div className="nested">
          <p className="muted">The recursion unrolled (Veit et al. 2016, eq. 5):</p>
          <Tex display tex={`y_{${n}} = ${nestedResidualLatex(n)}`} />
        </div>
      )}
      {paths.length <= TERM_LIMIT ? (
        <>
          <p className="muted">
            Split every sum and each of the {paths.length} paths is one term (exact when the{' '}
            <Tex tex="f" /> are linear
            {family === 'residual' || family === 'noShortcut'
              ? ''
              : '; the scheme’s weights such as ½ are left out'}
            ):
          </p>
          <ol className="terms" data-testid="expansion-terms" aria-label="One term per path">
            <li className="term-lhs">
              <Tex tex={`y_{${n}} =`} />
            </li>
            {paths.map((p) => (
              <li key={p.index}>
                <button
                  type="button"
                  className={`term${hovered === p.index ? ' hot' : ''}`}
                  data-path={p.index}
                  style={{ borderColor: pathColour(p.steps.length, maxLen) }}
                  onMouseEnter={() => onHover(p.index)}
                  onMouseLeave={() => onHover(null)}
                  onFocus={() => onHover(p.index)}
                  onBlur={() => onHover(null)}
                  aria-label={`Path ${p.index + 1}, length ${p.steps.length}`}
                >
                  <Tex tex={pathTermLatex(family, p)} />
                </button>
              </li>
            ))}
          </ol>
        </>
      ) : (
        <p className="muted">
          {paths.length} paths: too many terms to print; hover a strand to read its term.
        </p>
      )}
      <p className="hovered-term" aria-live="polite" data-testid="hovered-term">
        {hot ? (
          <>
            Path {hot.index + 1}: <Tex tex={pathTermLatex(family, hot)} />, length{' '}
            {hot.steps.length}
          </>
        ) : (
          'Hover a path or a term to follow it.'
        )}
      </p>
    </div>
  );
}
