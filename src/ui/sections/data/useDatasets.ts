/**
 * The data section's state: the embedded set (generated in the data worker on first view), the
 * CIFAR-10 set (imported into IndexedDB, or bundled), an import in progress, and the last
 * problem. A failed import leaves the sets as they were.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { DatasetSummary } from '../../../data/summary';
import { progressCallback, startDataWorker, type DataClient } from '../../../worker/data/client';

export interface ImportProgress {
  readonly file: string;
  readonly read: number;
  readonly total: number;
}

export interface Datasets {
  readonly embedded: DatasetSummary | null;
  /** undefined while looking, null when there is none. */
  readonly cifar10: DatasetSummary | null | undefined;
  readonly progress: ImportProgress | null;
  readonly problem: string | null;
  readonly importFile: (file: File) => void;
  readonly remove: () => void;
  readonly dismissProblem: () => void;
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function useDatasets(): Datasets {
  const client = useRef<DataClient | null>(null);
  const [embedded, setEmbedded] = useState<DatasetSummary | null>(null);
  const [cifar10, setCifar10] = useState<DatasetSummary | null | undefined>(undefined);
  const [progress, setProgress] = useState<ImportProgress | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const { client: c, stop } = startDataWorker();
    client.current = c;
    let live = true;
    c.embedded()
      .then((s) => live && setEmbedded(s))
      .catch(
        (e: unknown) => live && setProblem(`The embedded set could not be made: ${message(e)}`),
      );
    c.cifar10(document.baseURI)
      .then((s) => live && setCifar10(s))
      .catch((e: unknown) => {
        if (!live) return;
        setCifar10(null);
        setProblem(`The CIFAR-10 set on this device or site could not be read: ${message(e)}`);
      });
    return () => {
      live = false;
      client.current = null;
      stop();
    };
  }, []);

  const importFile = useCallback((file: File) => {
    const c = client.current;
    if (!c) return;
    setProblem(null);
    setProgress({ file: file.name, read: 0, total: file.size });
    c.importFile(
      file,
      progressCallback((read, total) => setProgress({ file: file.name, read, total })),
    )
      .then((s) => setCifar10(s))
      .catch((e: unknown) => setProblem(`Nothing was imported. ${message(e)}`))
      .finally(() => setProgress(null));
  }, []);

  const remove = useCallback(() => {
    const c = client.current;
    if (!c) return;
    c.removeImported(document.baseURI)
      .then((s) => setCifar10(s))
      .catch((e: unknown) => setProblem(`The imported set could not be removed: ${message(e)}`));
  }, []);

  const dismissProblem = useCallback(() => setProblem(null), []);
  return { embedded, cifar10, progress, problem, importFile, remove, dismissProblem };
}
