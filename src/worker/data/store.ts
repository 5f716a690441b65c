/**
 * What the page keeps in IndexedDB: the imported CIFAR-10 set (one record, replaced only after a
 * new import has been read completely: a failed import never touches what is stored), the
 * training runs (config, curves, outcome) and each run's latest checkpoint (written by the
 * compute worker), so that a reload loses nothing and an interrupted run can go on.
 */
import type { Split } from '../../data/cifar10/records';
import { withCurrentFamilyIds } from '../../nn/blocks/types';
import type { Checkpoint } from '../../nn/train/checkpoint';

const DB = 'unraveled';
const STORE = 'datasets';
const RUNS = 'runs';
const CHECKPOINTS = 'checkpoints';
const KEY = 'cifar10';

export interface StoredSet {
  readonly source: string;
  readonly classNames: readonly string[];
  readonly train: Split;
  readonly test: Split;
  readonly importedAt: number;
}

function open(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 3);
    req.onupgradeneeded = () => {
      for (const name of [STORE, RUNS, CHECKPOINTS]) {
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name);
      }
    };
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  storeName: string,
  op: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(storeName, mode);
      const req = op(tx.objectStore(storeName));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const loadStored = (): Promise<StoredSet | undefined> =>
  run('readonly', STORE, (s) => s.get(KEY) as IDBRequest<StoredSet | undefined>);

export const saveStored = (set: StoredSet): Promise<IDBValidKey> =>
  run('readwrite', STORE, (s) => s.put(set, KEY));

export const removeStored = (): Promise<undefined> => run('readwrite', STORE, (s) => s.delete(KEY));

/** Every stored run, oldest first (keys are the runs' start times). */
export const loadRuns = async <T>(): Promise<T[]> =>
  (await run('readonly', RUNS, (s) => s.getAll() as IDBRequest<T[]>)).map(withCurrentFamilyIds);

export const saveRun = <T extends { readonly id: number }>(r: T): Promise<IDBValidKey> =>
  run('readwrite', RUNS, (s) => s.put(r, r.id));

export const deleteRun = (id: number): Promise<undefined> =>
  run('readwrite', RUNS, (s) => s.delete(id));

/** The latest checkpoint of run `id`, if one was saved. */
export const loadCheckpoint = async (id: number): Promise<Checkpoint | undefined> =>
  withCurrentFamilyIds(
    await run('readonly', CHECKPOINTS, (s) => s.get(id) as IDBRequest<Checkpoint | undefined>),
  );

export const saveCheckpointRecord = (id: number, ckpt: Checkpoint): Promise<IDBValidKey> =>
  run('readwrite', CHECKPOINTS, (s) => s.put(ckpt, id));

export const deleteCheckpoint = (id: number): Promise<undefined> =>
  run('readwrite', CHECKPOINTS, (s) => s.delete(id));
