/**
 * The data worker: reads imported CIFAR-10 files, generates the embedded set, keeps the imported
 * set in IndexedDB and finds assets written by `npm run data:cifar10`. All heavy work happens
 * here, off the page's thread; the page gets summaries (counts, a few sample images).
 */
import * as Comlink from 'comlink';
import { MANIFEST_FORMAT, type Manifest, type SplitManifest } from '../../data/cifar10/assets';
import { readCifar } from '../../data/cifar10/reader';
import type { Split } from '../../data/cifar10/records';
import { EMBEDDED_SIZE, generateEmbedded, type EmbeddedSet } from '../../data/embedded/generate';
import { DataError } from '../../data/errors';
import { summarise, type DatasetSummary } from '../../data/summary';
import { loadStored, removeStored, saveStored } from './store';

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

export class DataWorker {
  private embeddedSet: EmbeddedSet | null = null;

  embedded(): DatasetSummary {
    this.embeddedSet ??= generateEmbedded(
      EMBEDDED_SIZE.train,
      EMBEDDED_SIZE.test,
      EMBEDDED_SIZE.seed,
    );
    return summarise('embedded', 'generated in your browser (no download)', this.embeddedSet);
  }

  /** The imported set (IndexedDB), else the bundled assets, else null. */
  async cifar10(baseUrl: string): Promise<DatasetSummary | null> {
    const stored = await loadStored();
    if (stored) return summarise('cifar10', stored.source, stored);
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
    return summarise('cifar10', `bundled with this site (${manifest.source})`, {
      train,
      test,
      classNames: manifest.classNames,
    });
  }

  /** Read a file the user dropped or picked; store it only once it has been read completely. */
  async importFile(
    file: File,
    onProgress: (read: number, total: number) => void,
  ): Promise<DatasetSummary> {
    const set = await readCifar(file.name, file.stream(), {
      size: file.size,
      onProgress: (read) => onProgress(read, file.size),
    });
    if (!set.train || !set.test) {
      const have = set.train ? 'training images only' : 'test images only';
      throw new DataError(
        file.name,
        `has ${have} (${set.batches.join(', ')}); import the full archive, or a data_batch and the test_batch together`,
      );
    }
    const stored = {
      source: `imported from ${file.name} (${set.batches.join(', ')})`,
      classNames: set.classNames,
      train: set.train,
      test: set.test,
      importedAt: Date.now(),
    };
    await saveStored(stored);
    return summarise('cifar10', stored.source, stored);
  }

  async removeImported(baseUrl: string): Promise<DatasetSummary | null> {
    await removeStored();
    return this.cifar10(baseUrl);
  }
}

Comlink.expose(new DataWorker());
