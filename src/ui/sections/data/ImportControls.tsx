/** Import CIFAR-10 by file picker or drag and drop, with progress; remove the imported set. */
import { useId, useRef, useState, type DragEvent } from 'react';
import { formatBytes } from '../../../data/errors';
import type { ImportProgress } from './useDatasets';

interface Props {
  readonly progress: ImportProgress | null;
  readonly canRemove: boolean;
  readonly onFile: (file: File) => void;
  readonly onRemove: () => void;
}

export function ImportControls({ progress, canRemove, onFile, onRemove }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const hintId = useId();
  const [over, setOver] = useState(false);
  const busy = progress !== null;
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !busy) onFile(file);
  };
  return (
    <div
      className={`drop-zone${over ? ' over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      data-testid="drop-zone"
    >
      <p id={hintId} className="muted">
        Drop <code>cifar-10-binary.tar.gz</code> (from{' '}
        <a href="https://www.cs.toronto.edu/~kriz/cifar.html" target="_blank" rel="noreferrer">
          the CIFAR-10 page
        </a>
        , 170 MB), its <code>.tar</code>, or a <code>data_batch</code> and{' '}
        <code>test_batch.bin</code> here. It is read in your browser and kept on this device;
        nothing is uploaded.
      </p>
      <div className="import-buttons">
        <button
          type="button"
          onClick={() => input.current?.click()}
          disabled={busy}
          aria-describedby={hintId}
          data-testid="import-button"
        >
          Import CIFAR-10…
        </button>
        {canRemove && (
          <button type="button" onClick={onRemove} disabled={busy} data-testid="remove-button">
            Remove the imported set
          </button>
        )}
      </div>
      <input
        ref={input}
        type="file"
        accept=".gz,.tgz,.tar,.bin"
        hidden
        data-testid="file-input"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
      {progress && (
        <div className="import-progress">
          <label htmlFor={`${hintId}-bar`}>Reading {progress.file}</label>
          <progress
            id={`${hintId}-bar`}
            max={progress.total || 1}
            value={progress.read}
            data-testid="import-progress"
          />
          <span className="muted">
            {formatBytes(progress.read)} of {formatBytes(progress.total)}
          </span>
        </div>
      )}
    </div>
  );
}
