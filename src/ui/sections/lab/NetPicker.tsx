/** Choose a trained net: one shipped with the page, or a finished run of this browser. */
import { percentText } from '../../format';
import { netFigures, shortFamilyName, type RunRecord } from '../../../worker/compute/protocol';
import type { ShippedEntry } from '../../../worker/lab/shipped';
import type { SourceKey } from './useLab';

export function runLabel(r: RunRecord, index: number): string {
  return `run ${index + 1}: ${shortFamilyName(r.config.family)}, ${netFigures(r.config).layers} layers, ${r.config.dataset === 'embedded' ? 'shapes' : 'CIFAR-10'}`;
}

export function NetPicker({
  id,
  label,
  value,
  shipped,
  runs,
  allowNone,
  onChange,
}: {
  id: string;
  label: string;
  value: SourceKey | null;
  shipped: readonly ShippedEntry[];
  runs: readonly RunRecord[];
  allowNone: boolean;
  onChange: (key: SourceKey | null) => void;
}) {
  // Runs that reached a checkpoint: their weights are in this browser.
  const usable = runs
    .map((r, i) => ({ r, i }))
    .filter(({ r }) => r.progress.checkpointStep !== undefined && r.progress.checkpointStep > 0);
  return (
    <label className="net-picker" htmlFor={id}>
      <span>{label}</span>
      <select
        id={id}
        value={value ?? ''}
        onChange={(e) => onChange(e.target.value || null)}
        data-testid={id}
      >
        {allowNone && <option value="">none</option>}
        <optgroup label="Shipped with the page">
          {shipped.map((e) => (
            <option key={e.key} value={`shipped:${e.key}`}>
              {e.title} · {e.layers} layers · {e.dataset === 'embedded' ? 'shapes' : 'CIFAR-10'} ·{' '}
              {percentText(e.testAccuracy)}
            </option>
          ))}
        </optgroup>
        {usable.length > 0 && (
          <optgroup label="Your runs">
            {usable.map(({ r, i }) => (
              <option key={r.id} value={`run:${r.id}`}>
                {runLabel(r, i)}
              </option>
            ))}
          </optgroup>
        )}
      </select>
    </label>
  );
}
