import { useEffect, useRef } from 'react';
import { drawLines, type LineSeries, type LinesOptions } from './drawLines';

interface Props {
  readonly series: readonly LineSeries[];
  readonly options: LinesOptions;
  readonly label: string;
  readonly testId?: string;
}

/** A lesson's line plot: a ref, and draw() whenever the series change. */
export function LinesPlot({ series, options, label, testId }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawLines(ref.current, series, options);
  }, [series, options]);
  return (
    <svg ref={ref} className="lines-plot" role="img" aria-label={label} data-testid={testId} />
  );
}
