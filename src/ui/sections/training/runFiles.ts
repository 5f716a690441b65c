/** Save a run (record + latest checkpoint) to a file, and read such files back into storage. */
import { download } from '../../plots/exportPlot';
import { readRunFile, writeRunFile } from '../../../worker/data/runFile';
import {
  loadCheckpoint,
  loadRuns,
  saveCheckpointRecord,
  saveRun,
} from '../../../worker/data/store';
import { settle, type Run } from './runs';

export async function exportRun(run: Run, index: number): Promise<void> {
  const checkpoint = (await loadCheckpoint(run.id)) ?? null;
  const text = writeRunFile({ run, checkpoint });
  download(new Blob([text], { type: 'application/json' }), `unraveled-run-${index}.json`);
}

/**
 * Read run files and store each (a run whose id is taken gets a new one). Files that cannot be
 * read are reported by name and skip nothing else.
 */
export async function importRuns(
  files: readonly File[],
): Promise<{ runs: Run[]; problems: string[] }> {
  const taken = new Set((await loadRuns<Run>()).map((r) => r.id));
  const runs: Run[] = [];
  const problems: string[] = [];
  for (const f of files) {
    try {
      const { run, checkpoint } = readRunFile(await f.text(), f.name);
      let id = run.id;
      while (taken.has(id)) id++;
      taken.add(id);
      const stored: Run = {
        ...settle(run),
        id,
        notes: [...(run.notes ?? []), `imported from ${f.name}`],
        progress: {
          ...settle(run).progress,
          ...(checkpoint ? { checkpointStep: checkpoint.step } : { checkpointStep: undefined }),
        },
      };
      if (checkpoint) await saveCheckpointRecord(id, checkpoint);
      await saveRun(stored);
      runs.push(stored);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  return { runs, problems };
}
