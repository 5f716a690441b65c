/**
 * A streaming reader of POSIX (ustar) and old-style tar archives: feed it chunks of any size;
 * it reports each regular file's name and size, then its bytes, then its end. It keeps at most
 * one 512-byte header in memory, never the archive.
 */
import { DataError } from '../errors';

export interface TarSink {
  /** A regular file begins. Return false to skip its bytes. */
  start(name: string, size: number): boolean;
  data(chunk: Uint8Array): void;
  end(name: string): void;
}

const BLOCK = 512;

function text(b: Uint8Array, from: number, len: number): string {
  let end = from;
  while (end < from + len && b[end] !== 0) end++;
  return new TextDecoder().decode(b.subarray(from, end));
}

function octal(b: Uint8Array, from: number, len: number): number {
  const s = text(b, from, len).trim();
  return s === '' ? 0 : parseInt(s, 8);
}

export class TarReader {
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  private entry: { name: string; size: number; left: number; pad: number; keep: boolean } | null =
    null;
  private skip = 0; // padding bytes after an entry's data
  private zeroBlocks = 0;
  private headers = 0;
  private done = false;
  private offset = 0; // bytes pushed before the current chunk
  private headerStart = 0;

  constructor(
    private readonly file: string,
    private readonly sink: TarSink,
  ) {}

  push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length && !this.done) {
      if (this.skip > 0) {
        const n = Math.min(this.skip, chunk.length - i);
        this.skip -= n;
        i += n;
      } else if (this.entry) {
        const e = this.entry;
        const n = Math.min(e.left, chunk.length - i);
        if (e.keep && n > 0) this.sink.data(chunk.subarray(i, i + n));
        e.left -= n;
        i += n;
        if (e.left === 0) {
          if (e.keep) this.sink.end(e.name);
          this.skip = e.pad;
          this.entry = null;
        }
      } else {
        if (this.headerFill === 0) this.headerStart = this.offset + i;
        const n = Math.min(BLOCK - this.headerFill, chunk.length - i);
        this.header.set(chunk.subarray(i, i + n), this.headerFill);
        this.headerFill += n;
        i += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.readHeader();
        }
      }
    }
    this.offset += chunk.length;
  }

  private readHeader(): void {
    const h = this.header;
    if (h.every((v) => v === 0)) {
      if (++this.zeroBlocks === 2) this.done = true;
      return;
    }
    this.zeroBlocks = 0;
    let sum = 0;
    for (let k = 0; k < BLOCK; k++) sum += k >= 148 && k < 156 ? 32 : h[k]!;
    if (sum !== octal(h, 148, 8)) {
      throw new DataError(
        this.file,
        this.headers === 0
          ? 'this is not a tar archive (its first block is not a tar header)'
          : `the tar header at byte ${this.headerStart} is damaged (checksum mismatch)`,
      );
    }
    this.headers++;
    const magic = text(h, 257, 6);
    const prefix = magic.startsWith('ustar') ? text(h, 345, 155) : '';
    const name = prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100);
    const size = octal(h, 124, 12);
    const type = String.fromCharCode(h[156]!);
    const regular = type === '0' || type === '\0';
    const pad = (BLOCK - (size % BLOCK)) % BLOCK;
    const keep = regular && this.sink.start(name, size);
    if (size === 0) {
      if (keep) this.sink.end(name);
      return;
    }
    this.entry = { name, size, left: size, pad, keep };
  }

  /** The input is over: an archive cut in the middle of a member or header is an error. */
  finish(): void {
    if (this.entry) {
      const e = this.entry;
      throw new DataError(
        this.file,
        `the archive is truncated: ${e.name} stops after ${e.size - e.left} of its ${e.size} bytes`,
      );
    }
    if (this.headerFill > 0) {
      throw new DataError(this.file, 'the archive is truncated in the middle of a tar header');
    }
    if (this.headers === 0) throw new DataError(this.file, 'the tar archive holds no file');
  }
}
