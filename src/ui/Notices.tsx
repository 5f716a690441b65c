interface Props {
  readonly notices: readonly string[];
  readonly onDismiss: () => void;
}

/** What the link asked for that could not be shown as given, and what is shown instead. */
export function Notices({ notices, onDismiss }: Props) {
  if (notices.length === 0) return null;
  return (
    <div className="notices" role="status" data-testid="url-notice">
      <p>Some settings in this link were corrected:</p>
      <ul>
        {notices.map((n) => (
          <li key={n}>{n}</li>
        ))}
      </ul>
      <button type="button" onClick={onDismiss}>
        Dismiss
      </button>
    </div>
  );
}
