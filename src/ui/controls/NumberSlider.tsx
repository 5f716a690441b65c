import { useId, useState, type ChangeEvent } from 'react';

interface NumberSliderProps {
  readonly label: string;
  readonly value: number;
  readonly min: number;
  readonly max: number;
  readonly step: number;
  readonly onChange: (value: number) => void;
  /** Read out by screen readers instead of the bare number ("54 blocks"). */
  readonly valueText?: (value: number) => string;
  readonly disabled?: boolean;
  readonly testId?: string;
  readonly hint?: string;
}

/**
 * A range slider beside a number field, bound to the same value. The slider is a native
 * `<input type="range">`: arrows, Page Up/Down, Home and End work, and it exposes the ARIA
 * slider role with its value; the number field takes exact values.
 */
export function NumberSlider(props: NumberSliderProps) {
  const { label, value, min, max, step, onChange, valueText, disabled, testId, hint } = props;
  const id = useId();
  const [draft, setDraft] = useState(String(value));
  // When the value changes from outside (slider, URL, preset), the field shows it.
  const [shownValue, setShownValue] = useState(value);
  if (shownValue !== value) {
    setShownValue(value);
    setDraft(String(value));
  }

  const clamp = (x: number) => {
    const snapped = Math.round((x - min) / step) * step + min;
    return Math.min(max, Math.max(min, Number(snapped.toFixed(6))));
  };

  const onSlider = (e: ChangeEvent<HTMLInputElement>) => onChange(clamp(Number(e.target.value)));
  const onField = (e: ChangeEvent<HTMLInputElement>) => {
    setDraft(e.target.value);
    const x = Number(e.target.value);
    if (e.target.value.trim() !== '' && Number.isFinite(x) && x >= min && x <= max) {
      onChange(clamp(x));
    }
  };
  const commitField = () => {
    const x = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(x)) setDraft(String(value));
    else {
      const c = clamp(x);
      setDraft(String(c));
      if (c !== value) onChange(c);
    }
  };

  return (
    <div className="control number-slider">
      <label htmlFor={`${id}-range`}>{label}</label>
      <div className="number-slider-row">
        <input
          id={`${id}-range`}
          type="range"
          min={min}
          max={max}
          step={step}
          value={value}
          disabled={disabled}
          onChange={onSlider}
          aria-valuetext={valueText?.(value)}
          aria-describedby={hint ? `${id}-hint` : undefined}
          data-testid={testId ? `${testId}-slider` : undefined}
        />
        <input
          type="number"
          min={min}
          max={max}
          step={step}
          value={draft}
          disabled={disabled}
          onChange={onField}
          onBlur={commitField}
          onKeyDown={(e) => e.key === 'Enter' && commitField()}
          aria-label={`${label} (exact value)`}
          data-testid={testId ? `${testId}-input` : undefined}
        />
      </div>
      {hint && (
        <p className="control-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
    </div>
  );
}
