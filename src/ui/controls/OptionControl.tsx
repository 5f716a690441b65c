/** The widget of one block option, read from its spec (src/nn/blocks/options.ts). */
import type { OptionSpec } from '../../worker/compute/protocol';
import type { BlockOptions } from '../../nn/blocks/types';
import { NumberSlider } from './NumberSlider';
import { SegmentedControl } from './SegmentedControl';

interface Props {
  readonly spec: OptionSpec;
  readonly options: BlockOptions;
  readonly onChange: (change: Partial<BlockOptions>) => void;
  readonly testId?: string;
}

export function OptionControl({ spec, options, onChange, testId }: Props) {
  if (spec.kind === 'number')
    return (
      <NumberSlider
        label={spec.label}
        value={options[spec.key]}
        min={spec.min}
        max={spec.max}
        step={spec.step}
        onChange={(v) => onChange({ [spec.key]: v })}
        testId={testId}
      />
    );
  return (
    <SegmentedControl<string>
      legend={spec.label}
      value={options[spec.key]}
      options={spec.choices}
      onChange={(v) => onChange({ [spec.key]: v })}
      testId={testId}
    />
  );
}
