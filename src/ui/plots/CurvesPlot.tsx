import { useEffect, useRef } from 'react';
import { drawCurves, type CurveKind, type CurveRun } from './drawCurves';
import { downloadPng, downloadSvg } from './exportPlot';

interface Props {
  readonly runs: readonly CurveRun[];
  readonly kind: CurveKind;
  readonly label: string;
}

/** The D3 training curves inside React: a ref, and draw() whenever the runs change. */
export function CurvesPlot({ runs, kind, label }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawCurves(ref.current, runs, kind);
  }, [runs, kind]);
  const name = kind === 'loss' ? 'training-loss' : 'test-accuracy';
  return (
    <figure className="plot curves">
      <svg ref={ref} role="img" aria-label={label} data-testid={`curves-${kind}`} />
      <figcaption className="plot-tools">
        <button
          type="button"
          onClick={() => ref.current && downloadSvg(ref.current, `${name}.svg`)}
          aria-label={`Save the ${kind} plot as SVG`}
          data-testid={`save-${kind}-svg`}
        >
          SVG
        </button>
        <button
          type="button"
          onClick={() => ref.current && void downloadPng(ref.current, `${name}.png`)}
          aria-label={`Save the ${kind} plot as PNG`}
          data-testid={`save-${kind}-png`}
        >
          PNG
        </button>
      </figcaption>
    </figure>
  );
}
