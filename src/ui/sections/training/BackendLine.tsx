/** Which TensorFlow.js backend runs, why, why not the ones before it; and a way to switch. */
import type { BackendName } from '../../../nn/backend/select';
import type { BackendInfo } from '../../../worker/compute/protocol';

const CHOICES: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

interface Props {
  readonly backend: BackendInfo | null;
  readonly disabled: boolean;
  readonly onSwitch: (name: BackendName | undefined) => void;
}

export function BackendLine({ backend, disabled, onSwitch }: Props) {
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
