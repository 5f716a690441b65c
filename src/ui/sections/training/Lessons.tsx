/** The classic lessons, each a queue of runs that finishes in minutes here. */
import type { RunConfig } from '../../../worker/compute/protocol';
import { PRESETS } from './presets';

export function Lessons({
  onStart,
  disabled,
}: {
  onStart: (runs: readonly RunConfig[]) => void;
  disabled: boolean;
}) {
  return (
    <div className="lessons" data-testid="lessons">
      <h3>Lessons</h3>
      <ul>
        {PRESETS.map((p) => (
          <li key={p.id}>
            <button
              type="button"
              onClick={() => onStart(p.runs)}
              disabled={disabled}
              data-testid={`lesson-${p.id}`}
            >
              {p.title} ({p.runs.length} runs)
            </button>{' '}
            <span className="muted">{p.lesson}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
