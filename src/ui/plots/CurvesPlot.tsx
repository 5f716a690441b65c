import { useEffect, useRef } from 'react';
import { drawCurves, type CurveKind, type CurveRun } from './drawCurves';

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
  return (
    <figure className="plot curves">
      <svg ref={ref} role="img" aria-label={label} data-testid={`curves-${kind}`} />
    </figure>
  );
}
