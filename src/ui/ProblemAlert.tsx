/** A problem the user should know of, in words, with a way to dismiss it. */
export function ProblemAlert({
  problem,
  onDismiss,
  testId,
}: {
  problem: string | null;
  onDismiss: () => void;
  testId: string;
}) {
  if (!problem) return null;
  return (
    <div className="problem" role="alert" data-testid={testId}>
      <p>{problem}</p>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
