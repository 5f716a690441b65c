/** Which TensorFlow.js backend runs, why, why not the ones before it; and a way to switch. */
import type { BackendName } from '../../../nn/backend/select';
import type { BackendInfo, BackendMeasure } from '../../../worker/compute/protocol';

const CHOICES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

interface Props {
  readonly backend: BackendInfo | null;
  readonly disabled: boolean;
  readonly onSwitch: (name: BackendName | undefined) => void;
  readonly onMeasure: () => void;
  readonly measures: readonly BackendMeasure[] | null;
  readonly measuring: boolean;
}

export function BackendLine(props: Props) {
  const { backend, disabled, onSwitch, onMeasure, measures, measuring } = props;
  return (
    <div className="backend-line" data-testid="backend" data-backend={backend?.name}>
      <p>
        <label htmlFor="backend-select">Backend </label>
        <select
          id="backend-select"
          value=""
          disabled={disabled || !backend}
          onChange={(e) =>
            onSwitch(e.target.value === 'auto' ? undefined : (e.target.value as BackendName))
          }
          data-testid="backend-select"
        >
          <option value="">{backend ? backend.name : 'choosing…'}</option>
          <option value="auto">automatic (WebGPU → WebGL → WASM → CPU)</option>
          {CHOICES.filter((c) => c !== backend?.name).map((c) => (
            <option key={c} value={c}>
              switch to {c}
            </option>
          ))}
        </select>
        {backend && (
          <>
            {backend.software ? ' (a software-emulated GPU: slow)' : ''} — {backend.reason}.
          </>
        )}
      </p>
      <button
        type="button"
        className="measure-button"
        onClick={onMeasure}
        disabled={disabled || measuring || !backend}
        data-testid="measure-backends"
      >
        {measuring ? 'Measuring…' : 'Measure every backend on this net and take the fastest'}
      </button>
      {measures && measures.length > 0 && (
        <ul className="measures" data-testid="backend-measures" aria-live="polite">
          {measures.map((m) => (
            <li key={m.name} data-backend={m.name}>
              <strong>{m.name}</strong>:{' '}
              {m.imagesPerSecond === null
                ? `not available (${m.note})`
                : `${m.imagesPerSecond.toFixed(m.imagesPerSecond < 10 ? 1 : 0)} training images/s (${m.note}${m.software ? ', software GPU' : ''})`}
            </li>
          ))}
        </ul>
      )}
      {backend && backend.passedOver.length > 0 && (
        <details>
          <summary>Why not the others</summary>
          <ul>
            {backend.passedOver.map((line) => (
              <li key={line}>{line}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
