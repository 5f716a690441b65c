interface SwitchProps {
  readonly label: string;
  readonly checked: boolean;
  readonly onChange: (checked: boolean) => void;
  readonly disabled?: boolean;
  readonly hint?: string;
  readonly testId?: string;
}

/** An on/off switch: a real button with `role="switch"`, toggled by Space or Enter. */
export function Switch({ label, checked, onChange, disabled, hint, testId }: SwitchProps) {
  return (
    <div className="control switch-control">
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className="switch"
        data-testid={testId}
      >
        <span className="switch-track" aria-hidden="true">
          <span className="switch-thumb" />
        </span>
        <span className="switch-label">{label}</span>
      </button>
      {hint && <p className="control-hint">{hint}</p>}
    </div>
  );
}
