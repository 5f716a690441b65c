import { useEffect, useRef } from 'react';
import { drawUnraveledGraph, type GraphData } from './drawUnraveledGraph';

interface Props {
  readonly data: GraphData;
  readonly onHover: (index: number | null) => void;
  readonly label: string;
}

export function UnraveledGraph({ data, onHover, label }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) drawUnraveledGraph(ref.current, data, onHover);
  }, [data, onHover]);
  return (
    <svg
      ref={ref}
      className="unraveled-graph"
      data-testid="unraveled-graph"
      role="img"
      aria-label={label}
    />
  );
}
