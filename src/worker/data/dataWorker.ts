/**
 * The data worker: reads imported CIFAR-10 files, generates the embedded set, keeps the imported
 * set in IndexedDB and finds assets written by `npm run data:cifar10`. All heavy work happens
 * here, off the page's thread; the page gets summaries (counts, a few sample images).
 */
import * as Comlink from 'comlink';
import { readCifar } from '../../data/cifar10/reader';
import { EMBEDDED_SIZE, generateEmbedded, type EmbeddedSet } from '../../data/embedded/generate';
import { DataError } from '../../data/errors';
import { summarise, type DatasetSummary } from '../../data/summary';
import { findCifar10 } from './cifarSource';
import { removeStored, saveStored } from './store';

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
    const found = await findCifar10(baseUrl);
    return found && summarise('cifar10', found.source, found);
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
        `has ${have} (${set.batches.join(', ')}); import the archive (cifar-10-binary.tar.gz or its .tar), which holds both`,
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
