/**
 * The imported CIFAR-10 set in IndexedDB, so a reload does not ask for the file again. One
 * record, replaced only after a new import has been read completely: a failed import never
 * touches what is stored.
 */
import type { Split } from '../../data/cifar10/records';

const DB = 'unraveled';
const STORE = 'datasets';
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
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB could not be opened'));
  });
}

async function run<T>(
  mode: IDBTransactionMode,
  op: (store: IDBObjectStore) => IDBRequest<T>,
): Promise<T> {
  const db = await open();
  try {
    return await new Promise<T>((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const req = op(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(req.result);
      tx.onerror = () => reject(tx.error ?? new Error('IndexedDB transaction failed'));
      tx.onabort = () => reject(tx.error ?? new Error('IndexedDB transaction aborted'));
    });
  } finally {
    db.close();
  }
}

export const loadStored = (): Promise<StoredSet | undefined> =>
  run('readonly', (s) => s.get(KEY) as IDBRequest<StoredSet | undefined>);

export const saveStored = (set: StoredSet): Promise<IDBValidKey> =>
  run('readwrite', (s) => s.put(set, KEY));

export const removeStored = (): Promise<undefined> => run('readwrite', (s) => s.delete(KEY));
