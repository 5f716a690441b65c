/** A job's progress with a Cancel button, or the button that starts it. */
import type { Job } from './useLab';

export function JobBar({
  job,
  mine,
  label,
  onStart,
  onCancel,
  disabled,
  testId,
}: {
  job: Job | null;
  mine: boolean;
  label: string;
  onStart: () => void;
  onCancel: () => void;
  disabled: boolean;
  testId: string;
}) {
  if (job && mine) {
    return (
      <div className="job-bar" data-testid={`${testId}-progress`}>
        <progress max={job.total} value={job.done} aria-label={`${label}: progress`} />
        <span>
          net {job.slot === 'a' ? 'A' : 'B'} · {job.done} of {job.total}
        </span>
        <button type="button" onClick={onCancel} data-testid={`${testId}-cancel`}>
          Cancel
        </button>
      </div>
    );
  }
  return (
    <div className="job-bar">
      <button
        type="button"
        onClick={onStart}
        disabled={disabled || job !== null}
        data-testid={`${testId}-run`}
      >
        {label}
      </button>
    </div>
  );
}
