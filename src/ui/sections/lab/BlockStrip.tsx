/**
 * A net as a strip of its blocks, grouped by stage, downsampling blocks marked. Each block is a
 * toggle button: pressed means deleted (the block is its shortcut alone).
 */
import type { LabBlock } from '../../../worker/lab/labNet';

export function BlockStrip({
  name,
  blocks,
  deleted,
  onToggle,
  disabled,
  testId,
}: {
  name: string;
  blocks: readonly LabBlock[];
  deleted: readonly number[];
  onToggle: (block: number) => void;
  disabled: boolean;
  testId: string;
}) {
  const stages = [0, 1, 2].map((s) => blocks.filter((b) => b.stage === s));
  return (
    <div className="block-strip" role="group" aria-label={`Blocks of ${name}`} data-testid={testId}>
      {stages.map((stage, s) => (
        <div className="stage" key={s}>
          <span className="stage-label">stage {s + 1}</span>
          <div className="stage-blocks">
            {stage.map((b) => {
              const off = deleted.includes(b.index);
              return (
                <button
                  key={b.index}
                  type="button"
                  className={`block${b.downsample ? ' downsample' : ''}${off ? ' deleted' : ''}`}
                  aria-pressed={off}
                  aria-label={`Block ${b.index + 1}${b.downsample ? ' (downsampling)' : ''}: ${off ? 'deleted; press to restore' : 'press to delete'}`}
                  onClick={() => onToggle(b.index)}
                  disabled={disabled}
                  data-block={b.index}
                  title={b.downsample ? 'downsampling block: its shortcut subsamples' : undefined}
                >
                  {b.index + 1}
                  {b.downsample ? <span aria-hidden="true">↓</span> : null}
                </button>
              );
            })}
          </div>
        </div>
      ))}
    </div>
  );
}
