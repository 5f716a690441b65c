import type { ReactNode } from 'react';

/** A problem the user should know of, in words, with what can be done and a way to dismiss it. */
export function ProblemAlert({
  problem,
  onDismiss,
  testId,
  children,
}: {
  problem: string | null;
  onDismiss: () => void;
  testId: string;
  /** Actions offered with the problem (buttons). */
  children?: ReactNode;
}) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert" data-testid={testId}>
      <p>{problem}</p>
      {children}
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
