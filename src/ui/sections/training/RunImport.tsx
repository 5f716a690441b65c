/** "Open run files…": a real button for a hidden file input; the runs read are stored and shown. */
import { useRef } from 'react';
import type { Run } from './runs';
import { importRuns } from './runFiles';

export function RunImport({
  onRuns,
  onProblem,
}: {
  onRuns: (runs: Run[]) => void;
  onProblem: (text: string) => void;
}) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <button type="button" onClick={() => input.current?.click()} data-testid="run-import-button">
        Open run files…
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        multiple
        hidden
        data-testid="run-import"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = '';
          importRuns(files)
            .then(({ runs, problems }) => {
              onRuns(runs);
              if (problems.length) onProblem(problems.join(' · '));
            })
            .catch((err: unknown) =>
              onProblem(`The run files could not be stored: ${(err as Error).message}`),
            );
        }}
      />
    </>
  );
}
