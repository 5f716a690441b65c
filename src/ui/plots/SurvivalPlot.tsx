import { useEffect, useRef } from 'react';
import { drawSurvivalPlot } from './drawSurvival';

interface Props {
  readonly p: Float64Array;
  readonly expected: number;
  readonly label: string;
  readonly testId?: string;
}

export function SurvivalPlot({ p, expected, label, testId = 'survival-plot' }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawSurvivalPlot(ref.current, p, expected);
  }, [p, expected]);
  return (
    <svg ref={ref} className="survival-plot" data-testid={testId} role="img" aria-label={label} />
  );
}
