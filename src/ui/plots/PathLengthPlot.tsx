import { useEffect, useRef } from 'react';
import { drawPathLengthPlot, type PathLengthPlotData } from './drawPathLength';

interface Props {
  readonly data: PathLengthPlotData;
  readonly durationMs: number;
  readonly label: string;
  readonly testId?: string;
}

/** The D3 path-length plot inside React: a ref, and `draw()` on every change of its data. */
export function PathLengthPlot({ data, durationMs, label, testId = 'path-length-plot' }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawPathLengthPlot(ref.current, data, durationMs);
  }, [data, durationMs]);
  return (
    <figure className="plot">
      <svg
        ref={ref}
        className={`path-length-plot ${data.scale}`}
        data-testid={testId}
        data-scale={data.scale}
        role="img"
        aria-label={label}
      />
      <figcaption className="legend">
        <span className="swatch bars" aria-hidden="true" /> all paths
        <span className="swatch band" aria-hidden="true" /> shortest interval holding 95 %
        <span className="swatch mean" aria-hidden="true" /> mean
        {data.alive && (
          <>
            <span className="swatch alive" aria-hidden="true" /> alive paths in a training step
          </>
        )}
      </figcaption>
    </figure>
  );
}
