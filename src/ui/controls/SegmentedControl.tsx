import { useId } from 'react';

export interface SegmentOption<T extends string> {
  readonly value: T;
  readonly label: string;
  readonly disabled?: boolean;
}

interface SegmentedControlProps<T extends string> {
  readonly legend: string;
  readonly value: T;
  readonly options: readonly SegmentOption<T>[];
  readonly onChange: (value: T) => void;
  readonly testId?: string;
}

/**
 * A group of native radio buttons drawn as a segmented control: Tab reaches the group, the
 * arrow keys move the choice, and screen readers announce it as a radio group.
 */
export function SegmentedControl<T extends string>(props: SegmentedControlProps<T>) {
  const { legend, value, options, onChange, testId } = props;
  const name = useId();
  return (
    <fieldset className="control segmented" data-testid={testId}>
      <legend>{legend}</legend>
      <div className="segmented-options">
        {options.map((o) => (
          <label key={o.value} className={o.disabled ? 'disabled' : undefined}>
            <input
              type="radio"
              name={name}
              value={o.value}
              checked={value === o.value}
              disabled={o.disabled}
              onChange={() => onChange(o.value)}
            />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
