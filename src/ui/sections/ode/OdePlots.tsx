import { useEffect, useId, useRef } from 'react';
import {
  drawOdeError,
  drawOdeField,
  type OdeErrorSeries,
  type OdeFieldData,
} from '../../plots/drawOde';

export function OdeFieldPlot({ data, label }: { data: OdeFieldData; label: string }) {
  const ref = useRef<SVGSVGElement>(null);
  const id = `ode-field-${useId().replace(/:/g, '')}`;
  useEffect(() => {
    if (ref.current) drawOdeField(ref.current, data);
  }, [data]);
  return (
    <svg
      ref={ref}
      id={id}
      className="ode-plot"
      role="img"
      aria-label={label}
      data-testid="ode-field"
    />
  );
}

export function OdeErrorPlot(props: {
  series: readonly OdeErrorSeries[];
  h: number;
  label: string;
}) {
  const { series, h, label } = props;
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawOdeError(ref.current, series, h);
  }, [series, h]);
  return (
    <svg ref={ref} className="ode-plot" role="img" aria-label={label} data-testid="ode-error" />
  );
}
