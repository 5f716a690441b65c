/**
 * Where a CIFAR-10 set comes from: the copy imported into IndexedDB, else the assets written by
 * `npm run data:cifar10` next to the page, else none. Used by the data and the compute worker.
 */
import { MANIFEST_FORMAT, type Manifest, type SplitManifest } from '../../data/cifar10/assets';
import { readCifar } from '../../data/cifar10/reader';
import type { Split } from '../../data/cifar10/records';
import { DataError } from '../../data/errors';
import { loadStored } from './store';

export interface FoundSet {
  readonly source: string;
  readonly train: Split;
  readonly test: Split;
  readonly classNames: readonly string[];
}

/** One split of the bundled assets, read as it streams in and checked against the manifest. */
async function fetchSplit(base: URL, split: SplitManifest): Promise<Split> {
  const url = new URL(split.file, base);
  const response = await fetch(url);
  if (!response.ok || !response.body) {
    throw new DataError(split.file, `could not be loaded (HTTP ${response.status})`);
  }
  // Named as a batch of its split, so that the reader files it under the right one.
  const kind = split.file.startsWith('test') ? 'test_batch.bin' : 'data_batch_1.bin';
  const set = await readCifar(kind, response.body, { size: split.bytes });
  const got = set.train ?? set.test;
  if (!got || got.count !== split.count) {
    throw new DataError(
      split.file,
      `holds ${got?.count ?? 0} images, the manifest says ${split.count}`,
    );
  }
  return got;
}

export async function findCifar10(baseUrl: string): Promise<FoundSet | null> {
  const stored = await loadStored();
  if (stored) return stored;
  const manifestUrl = new URL('data/cifar10/manifest.json', baseUrl);
  let manifest: Manifest;
  try {
    const response = await fetch(manifestUrl);
    if (!response.ok) return null;
    manifest = (await response.json()) as Manifest;
  } catch {
    return null;
  }
  if (manifest.format !== MANIFEST_FORMAT) {
    throw new DataError('data/cifar10/manifest.json', `unknown format "${manifest.format}"`);
  }
  const [train, test] = await Promise.all([
    fetchSplit(manifestUrl, manifest.train),
    fetchSplit(manifestUrl, manifest.test),
  ]);
  return {
    source: `bundled with this site (${manifest.source})`,
    train,
    test,
    classNames: manifest.classNames,
  };
}
