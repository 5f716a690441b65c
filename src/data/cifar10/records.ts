/**
 * CIFAR-10 binary records: 1 label byte (0–9), then 1,024 red, 1,024 green and 1,024 blue bytes,
 * each plane row-major 32×32 (Krizhevsky 2009). Records are copied straight into one buffer per
 * split as they stream in; a record cut across chunks is assembled in a 3,073-byte carry.
 */
import { DataError } from '../errors';

export const SIDE = 32;
export const PIXELS = SIDE * SIDE * 3;
export const RECORD = PIXELS + 1;
export const CLASSES = 10;

/** Images of one split: `pixels` holds `count` records of 3,072 bytes in the file's CHW order. */
export interface Split {
  readonly count: number;
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
}

export class RecordParser {
  readonly pixels: Uint8Array;
  readonly labels: Uint8Array;
  private readonly carry = new Uint8Array(RECORD);
  private carryFill = 0;
  private count = 0;

  constructor(
    private readonly file: string,
    readonly expected: number,
  ) {
    this.pixels = new Uint8Array(expected * PIXELS);
    this.labels = new Uint8Array(expected);
  }

  static forSize(file: string, bytes: number): RecordParser {
    if (bytes === 0) throw new DataError(file, 'the file is empty (0 bytes)');
    if (bytes % RECORD !== 0) {
      throw new DataError(
        file,
        `${bytes.toLocaleString('en')} bytes is not a whole number of 3,073-byte CIFAR-10 records ` +
          '(is this a CIFAR-100 or a Python-pickle batch?)',
      );
    }
    return new RecordParser(file, bytes / RECORD);
  }

  private take(record: Uint8Array): void {
    const label = record[0]!;
    if (label >= CLASSES) {
      throw new DataError(
        this.file,
        `record ${(this.count + 1).toLocaleString('en')} has label ${label}, outside 0–9`,
      );
    }
    this.labels[this.count] = label;
    this.pixels.set(record.subarray(1, RECORD), this.count * PIXELS);
    this.count++;
  }

  push(chunk: Uint8Array): void {
    let i = 0;
    if (this.carryFill > 0) {
      const n = Math.min(RECORD - this.carryFill, chunk.length);
      this.carry.set(chunk.subarray(0, n), this.carryFill);
      this.carryFill += n;
      i = n;
      if (this.carryFill < RECORD) return;
      this.take(this.carry);
      this.carryFill = 0;
    }
    for (; i + RECORD <= chunk.length; i += RECORD) {
      if (this.count >= this.expected) break;
      this.take(chunk.subarray(i, i + RECORD));
    }
    if (i < chunk.length) {
      if (this.count >= this.expected) {
        throw new DataError(this.file, 'the file is longer than its size said');
      }
      this.carry.set(chunk.subarray(i), 0);
      this.carryFill = chunk.length - i;
    }
  }

  finish(): Split {
    if (this.count !== this.expected || this.carryFill > 0) {
      throw new DataError(
        this.file,
        `the file is truncated: ${this.count.toLocaleString('en')} of ${this.expected.toLocaleString('en')} records`,
      );
    }
    return { count: this.count, pixels: this.pixels, labels: this.labels };
  }
}

/** The first `count` images of a split (the whole split when it has fewer), without a copy. */
export function splitPrefix(split: Split, count: number): Split {
  if (count >= split.count) return split;
  return {
    count,
    pixels: split.pixels.subarray(0, count * PIXELS),
    labels: split.labels.subarray(0, count),
  };
}
