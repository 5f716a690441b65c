import { useEffect, useRef } from 'react';
import { drawSurvivalPlot } from './drawSurvival';

interface Props {
  readonly p: Float64Array;
  readonly expected: number;
  readonly label: string;
}

export function SurvivalPlot({ p, expected, label }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawSurvivalPlot(ref.current, p, expected);
  }, [p, expected]);
  return (
    <svg
      ref={ref}
      className="survival-plot"
      data-testid="survival-plot"
      role="img"
      aria-label={label}
    />
  );
}
