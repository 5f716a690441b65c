/** A lesson job's start button, its progress while it runs, Cancel, and its error. */
import type { ReactNode } from 'react';
import type { useJob } from './useJob';

interface Props {
  readonly job: ReturnType<typeof useJob>;
  readonly onStart: () => void;
  readonly label: ReactNode;
  readonly testId: string;
  /** Shown while the job runs ("2 of 4 nets"). */
  readonly progress?: ReactNode;
}

export function JobControls({ job, onStart, label, testId, progress }: Props) {
  const running = job.state === 'running';
  return (
    <>
      <div className="lesson-controls">
        <button type="button" onClick={onStart} disabled={running} data-testid={testId}>
          {label}
        </button>
        {running && (
          <>
            {progress !== undefined && <span className="muted">{progress}</span>}
            <button type="button" onClick={job.cancel}>
              Cancel
            </button>
          </>
        )}
      </div>
      {job.error && <p role="alert">{job.error}</p>}
    </>
  );
}
