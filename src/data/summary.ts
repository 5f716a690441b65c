/** What the page shows of a dataset: plain numbers and a few sample images, never the set. */
import { perClass } from './cifar10/assets';
import { PIXELS, SIDE, type Split } from './cifar10/records';

export type DatasetId = 'embedded' | 'cifar10';

export interface SplitSummary {
  readonly count: number;
  readonly perClass: readonly number[];
}

export interface Sample {
  readonly label: number;
  /** 32×32 RGBA, ready for ImageData. */
  readonly rgba: Uint8ClampedArray;
}

export interface DatasetSummary {
  readonly id: DatasetId;
  /** Where it came from, in words: "generated in your browser", "imported from x.tar.gz", … */
  readonly source: string;
  readonly classNames: readonly string[];
  readonly train: SplitSummary;
  readonly test: SplitSummary;
  /** The first `perClass` training images of each class. */
  readonly samples: readonly Sample[];
}

export function toRgba(split: Split, index: number): Uint8ClampedArray {
  const plane = SIDE * SIDE;
  const out = new Uint8ClampedArray(plane * 4);
  const base = index * PIXELS;
  for (let p = 0; p < plane; p++) {
    out[p * 4] = split.pixels[base + p]!;
    out[p * 4 + 1] = split.pixels[base + plane + p]!;
    out[p * 4 + 2] = split.pixels[base + 2 * plane + p]!;
    out[p * 4 + 3] = 255;
  }
  return out;
}

export function summarise(
  id: DatasetId,
  source: string,
  set: { train: Split; test: Split; classNames: readonly string[] },
  samplesPerClass = 6,
): DatasetSummary {
  const samples: Sample[] = [];
  const taken = new Array<number>(set.classNames.length).fill(0);
  for (let i = 0; i < set.train.count && samples.length < samplesPerClass * taken.length; i++) {
    const label = set.train.labels[i]!;
    if (taken[label]! >= samplesPerClass) continue;
    taken[label]!++;
    samples.push({ label, rgba: toRgba(set.train, i) });
  }
  samples.sort((a, b) => a.label - b.label);
  return {
    id,
    source,
    classNames: set.classNames,
    train: { count: set.train.count, perClass: perClass(set.train) },
    test: { count: set.test.count, perClass: perClass(set.test) },
    samples,
  };
}
