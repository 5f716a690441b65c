/** Every run, the one in progress included: colour, settings, best test accuracy, time, backend. */
import { FAMILIES } from '../../../worker/compute/protocol';
import { bestAccuracy, describeRun, lossEnds, resumable, RUN_COLOURS, type Run } from './runs';

interface Props {
  readonly runs: readonly Run[];
  readonly active: number | null;
  readonly onRemove: (id: number) => void;
  readonly onResume: (id: number) => void;
  readonly onExport: (run: Run, index: number) => void;
}

const fmtTime = (s: number) => (s < 90 ? `${s.toFixed(0)} s` : `${(s / 60).toFixed(1)} min`);

export function RunsTable({ runs, active, onRemove, onResume, onExport }: Props) {
  if (runs.length === 0)
    return <p className="muted">No runs yet: choose the settings and press Train.</p>;
  const name = (id: string) =>
    (FAMILIES as Record<string, { name: string } | undefined>)[id]?.name ?? id;
  return (
    <table className="runs-table" data-testid="runs-table">
      <caption className="visually-hidden">Training runs</caption>
      <thead>
        <tr>
          <th scope="col">run</th>
          <th scope="col">settings</th>
          <th scope="col" className="num">
            best test acc.
          </th>
          <th scope="col" className="num">
            time
          </th>
          <th scope="col">backend</th>
          <th scope="col">state</th>
          <th scope="col">
            <span className="visually-hidden">actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r, i) => {
          const best = bestAccuracy(r);
          const ends = lossEnds(r);
          return (
            <tr
              key={r.id}
              data-state={r.progress.state}
              data-loss-start={ends?.start}
              data-loss-end={ends?.end}
            >
              <td>
                <span
                  className="run-swatch"
                  style={{ background: RUN_COLOURS[i % RUN_COLOURS.length] }}
                  aria-hidden="true"
                />{' '}
                {i + 1}
              </td>
              <td>{describeRun(r.config, name(r.config.family))}</td>
              <td className="num">{best === null ? '—' : `${(best * 100).toFixed(1)} %`}</td>
              <td className="num">{fmtTime(r.seconds)}</td>
              <td>{r.backend}</td>
              <td>
                {r.progress.state}
                {r.progress.message || r.notes?.length ? (
                  <span className="run-notes">
                    {[r.progress.message, ...(r.notes ?? [])].filter(Boolean).join('; ')}
                  </span>
                ) : null}
              </td>
              <td className="run-actions">
                {resumable(r) && (
                  <button
                    type="button"
                    onClick={() => onResume(r.id)}
                    disabled={active !== null}
                    aria-label={`Go on with run ${i + 1} from its checkpoint at step ${r.progress.checkpointStep}`}
                    data-testid="run-resume"
                  >
                    Go on
                  </button>
                )}
                <button
                  type="button"
                  onClick={() => onExport(r, i + 1)}
                  disabled={r.id === active}
                  aria-label={`Save run ${i + 1} (settings, weights and curves) to a file`}
                  data-testid="run-export"
                >
                  Save
                </button>
                <button
                  type="button"
                  onClick={() => onRemove(r.id)}
                  disabled={r.id === active}
                  aria-label={`Delete run ${i + 1}`}
                >
                  Delete
                </button>
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
