/**
 * The compact assets `npm run data:cifar10` writes under public/data/cifar10/ and the page loads
 * by itself: each split as CIFAR-10 records (label byte + R, G, B planes), class-balanced when a
 * subset is asked for, and a manifest with counts per class, checksums and channel statistics.
 */
import { DataError } from '../errors';
import { channelStats } from '../stats';
import { CLASSES, PIXELS, RECORD, type Split } from './records';

export const MANIFEST_FORMAT = 'unraveled-cifar10/1';

export interface SplitManifest {
  readonly file: string;
  readonly count: number;
  readonly perClass: readonly number[];
  readonly bytes: number;
  readonly sha256: string;
}

export interface Manifest {
  readonly format: typeof MANIFEST_FORMAT;
  readonly source: string;
  readonly classNames: readonly string[];
  readonly train: SplitManifest;
  readonly test: SplitManifest;
  /** Per-channel mean and standard deviation of the training pixels, in 0–255 units. */
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

export function perClass(split: Split): number[] {
  const counts = new Array<number>(CLASSES).fill(0);
  for (const l of split.labels) counts[l]!++;
  return counts;
}

/** The first ⌈want/10⌉ or ⌊want/10⌋ images of each class, in file order. */
export function balancedSubset(split: Split, want: number, what: string): Split {
  if (want >= split.count) return split;
  const quota = Array.from(
    { length: CLASSES },
    (_, c) => Math.floor(want / CLASSES) + (c < want % CLASSES ? 1 : 0),
  );
  const have = perClass(split);
  const short = quota.findIndex((q, c) => q > have[c]!);
  if (short >= 0) {
    throw new DataError(
      what,
      `asked for ${want} images, ${quota[short]} of class ${short}, but it has only ${have[short]}`,
    );
  }
  const pixels = new Uint8Array(want * PIXELS);
  const labels = new Uint8Array(want);
  let n = 0;
  for (let i = 0; i < split.count && n < want; i++) {
    const l = split.labels[i]!;
    if (quota[l]! === 0) continue;
    quota[l]!--;
    labels[n] = l;
    pixels.set(split.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), n * PIXELS);
    n++;
  }
  return { count: want, pixels, labels };
}

/** A split as CIFAR-10 records, the format the reader reads back. */
export function toRecords(split: Split): Uint8Array {
  const out = new Uint8Array(split.count * RECORD);
  for (let i = 0; i < split.count; i++) {
    out[i * RECORD] = split.labels[i]!;
    out.set(split.pixels.subarray(i * PIXELS, (i + 1) * PIXELS), i * RECORD + 1);
  }
  return out;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

export async function buildAssets(
  set: { train: Split; test: Split; classNames: readonly string[] },
  source: string,
): Promise<{ manifest: Manifest; files: Record<string, Uint8Array> }> {
  const files: Record<string, Uint8Array> = {
    'train.bin': toRecords(set.train),
    'test.bin': toRecords(set.test),
  };
  const describe = async (file: string, split: Split): Promise<SplitManifest> => ({
    file,
    count: split.count,
    perClass: perClass(split),
    bytes: files[file]!.length,
    sha256: await sha256Hex(files[file]!),
  });
  const stats = channelStats(set.train);
  return {
    manifest: {
      format: MANIFEST_FORMAT,
      source,
      classNames: set.classNames,
      train: await describe('train.bin', set.train),
      test: await describe('test.bin', set.test),
      mean: stats.mean,
      std: stats.std,
    },
    files,
  };
}
