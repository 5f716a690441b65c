/**
 * Any D3 plot inside React: a ref'd `<svg>`, the caller's draw() run whenever it changes (the
 * caller memoizes it on its data), an optional caption, and buttons that save the plot as SVG
 * or PNG and its data as CSV. Nothing leaves the page: the files are made in the browser.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { download, downloadPng, downloadSvg, toCsv } from './exportPlot';

export interface PlotCsv {
  header: string[];
  rows: (string | number | undefined)[][];
}

export interface PlotFigureProps {
  readonly testId: string;
  /** The svg's aria-label: what the plot shows, in a sentence. */
  readonly label: string;
  /** The saved files' name; `.svg`, `.png` or `.csv` is added (or replaces one given). */
  readonly fileName: string;
  readonly draw: (svg: SVGSVGElement) => void;
  readonly csv: () => PlotCsv;
  readonly caption?: ReactNode;
}

/** `name` without a trailing .svg/.png/.csv, so that each button can add its own. */
export function baseFileName(name: string): string {
  return name.replace(/\.(svg|png|csv)$/i, '') || 'plot';
}

export function PlotFigure({ testId, label, fileName, draw, csv, caption }: PlotFigureProps) {
  const ref = useRef<SVGSVGElement>(null);
  useEffect(() => {
    if (ref.current) draw(ref.current);
  }, [draw]);
  const base = baseFileName(fileName);
  return (
    <figure className="plot lab-plot">
      <svg ref={ref} role="img" aria-label={label} data-testid={testId} />
      {caption !== undefined && <figcaption className="lab-caption">{caption}</figcaption>}
      <div className="plot-tools">
        <button
          type="button"
          onClick={() => ref.current && downloadSvg(ref.current, `${base}.svg`)}
          aria-label={`Save the plot "${label}" as SVG`}
          data-testid={`${testId}-svg`}
        >
          SVG
        </button>
        <button
          type="button"
          onClick={() => ref.current && void downloadPng(ref.current, `${base}.png`)}
          aria-label={`Save the plot "${label}" as PNG`}
          data-testid={`${testId}-png`}
        >
          PNG
        </button>
        <button
          type="button"
          onClick={() => {
            const { header, rows } = csv();
            download(new Blob([toCsv(header, rows)], { type: 'text/csv' }), `${base}.csv`);
          }}
          aria-label={`Save the data of the plot "${label}" as CSV`}
          data-testid={`${testId}-csv`}
        >
          CSV
        </button>
      </div>
    </figure>
  );
}
