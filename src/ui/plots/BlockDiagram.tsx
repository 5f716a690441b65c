import { useEffect, useId, useRef } from 'react';
import type { Diagram } from '../../worker/compute/protocol';
import { drawBlockDiagram } from './drawBlockDiagram';

interface Props {
  readonly diagram: Diagram;
  readonly label: string;
  readonly testId?: string;
}

/** A block's data-flow diagram, drawn from the diagram its formula generates. */
export function BlockDiagram({ diagram, label, testId }: Props) {
  const ref = useRef<SVGSVGElement>(null);
  // The arrow marker's id must be unique on the page (two diagrams side by side).
  const id = `diagram-${useId().replace(/:/g, '')}`;
  useEffect(() => {
    if (ref.current) drawBlockDiagram(ref.current, diagram);
  }, [diagram]);
  return (
    <svg
      ref={ref}
      id={id}
      className="block-diagram"
      role="img"
      aria-label={label}
      data-testid={testId}
      data-nodes={diagram.nodes.length}
      data-edges={diagram.edges.length}
    />
  );
}
