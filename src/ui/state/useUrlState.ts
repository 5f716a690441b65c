import { useCallback, useEffect, useState } from 'react';
import { parseHash, updateState, writeHash, type AppState } from './schema';

interface UrlState {
  readonly state: AppState;
  readonly notices: readonly string[];
}

function readLocation(): UrlState {
  return parseHash(window.location.hash);
}

/**
 * The app state, kept in the location hash. Changes replace the history entry (a dragged
 * slider must not push hundreds of entries); a hand-edited hash or the back button is parsed
 * again, with notices for whatever had to be corrected.
 */
export function useUrlState(): {
  state: AppState;
  notices: readonly string[];
  update: (change: Partial<AppState>) => void;
  dismissNotices: () => void;
} {
  const [current, setCurrent] = useState<UrlState>(readLocation);

  useEffect(() => {
    const hash = writeHash(current.state);
    if (window.location.hash !== hash) {
      window.history.replaceState(window.history.state, '', hash);
    }
  }, [current.state]);

  useEffect(() => {
    const onHashChange = () => setCurrent(readLocation());
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);

  const update = useCallback((change: Partial<AppState>) => {
    setCurrent((c) => ({ ...c, state: updateState(c.state, change) }));
  }, []);
  const dismissNotices = useCallback(() => setCurrent((c) => ({ ...c, notices: [] })), []);

  return { state: current.state, notices: current.notices, update, dismissNotices };
}
