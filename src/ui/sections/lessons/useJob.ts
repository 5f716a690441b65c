/**
 * One lesson job at a time in the compute worker: its state, its error, a cancel. Each start
 * takes an id; a reply to an older start (cancelled, or overtaken) is dropped, so a stale
 * result never overwrites a newer one.
 */
import { useCallback, useRef, useState } from 'react';

export type JobState = 'idle' | 'running' | 'done' | 'cancelled' | 'failed';

export function useJob() {
  const [state, setState] = useState<JobState>('idle');
  const [error, setError] = useState<string | null>(null);
  const latest = useRef(0);
  const cancelRef = useRef<(() => void) | null>(null);

  /** Run `work`; `onPart` callbacks inside it should check `isCurrent(id)` before setting state. */
  const start = useCallback((work: (id: number) => Promise<unknown>, cancel: () => void) => {
    const id = ++latest.current;
    cancelRef.current = cancel;
    setState('running');
    setError(null);
    work(id).then(
      () => latest.current === id && setState('done'),
      (e: unknown) => {
        if (latest.current !== id) return;
        const message = (e as Error).message ?? String(e);
        if (/cancel/i.test(message)) setState('cancelled');
        else {
          setState('failed');
          setError(message);
        }
      },
    );
    return id;
  }, []);

  const cancel = useCallback(() => {
    latest.current++;
    cancelRef.current?.();
    setState('cancelled');
  }, []);

  const isCurrent = useCallback((id: number) => latest.current === id, []);

  return { state, error, start, cancel, isCurrent };
}
