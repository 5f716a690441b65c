/**
 * Read CIFAR-10 from what the user gives: the official `cifar-10-binary.tar.gz` (or any subset of
 * it), its uncompressed `.tar`, or one `*.bin` batch. It streams: gunzip (DecompressionStream),
 * tar and records run chunk by chunk, and the images land directly in their split's buffer, so
 * the archive is never held in memory. Every problem is a DataError naming the file.
 */
import { DataError } from '../errors';
import { CLASSES, PIXELS, RecordParser, type Split } from './records';
import { TarReader } from './tar';

export const CIFAR10_CLASSES = [
  'airplane',
  'automobile',
  'bird',
  'cat',
  'deer',
  'dog',
  'frog',
  'horse',
  'ship',
  'truck',
] as const;

export interface CifarSet {
  readonly train: Split | null;
  readonly test: Split | null;
  readonly classNames: readonly string[];
  /** The batch files that were read, e.g. ['data_batch_1.bin', 'test_batch.bin']. */
  readonly batches: readonly string[];
}

export interface ReadOptions {
  /** Size of the input in bytes, when known (a File's size): needed for a bare .bin. */
  readonly size?: number;
  /** Bytes of the input consumed so far (compressed bytes for a .gz). */
  readonly onProgress?: (readBytes: number) => void;
  readonly signal?: AbortSignal;
}

const BATCH = /(?:^|\/)(data_batch_[1-5]|test_batch)\.bin$/;
const META = /(?:^|\/)batches\.meta\.txt$/;

/** A pull-based byte source over a stream, with a look at its first bytes. */
class Source {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private pending: Uint8Array[] = [];
  constructor(stream: ReadableStream<Uint8Array>) {
    this.reader = stream.getReader();
  }
  async peek(n: number): Promise<Uint8Array> {
    let have = this.pending.reduce((a, c) => a + c.length, 0);
    while (have < n) {
      const { done, value } = await this.reader.read();
      if (done) break;
      this.pending.push(value);
      have += value.length;
    }
    const out = new Uint8Array(Math.min(n, have));
    let o = 0;
    for (const c of this.pending) {
      if (o >= out.length) break;
      const part = c.subarray(0, out.length - o);
      out.set(part, o);
      o += part.length;
    }
    return out;
  }
  async next(): Promise<Uint8Array | null> {
    if (this.pending.length) return this.pending.shift()!;
    const { done, value } = await this.reader.read();
    return done ? null : value;
  }
  /** The rest of the bytes (peeked ones included) as a stream. */
  stream(): ReadableStream<Uint8Array> {
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        const chunk = await this.next();
        if (chunk) controller.enqueue(chunk);
        else controller.close();
      },
      cancel: (reason) => this.reader.cancel(reason),
    });
  }
}

function looksLikeTar(head: Uint8Array): boolean {
  if (head.length < 512) return false;
  const magic = new TextDecoder().decode(head.subarray(257, 262));
  if (magic === 'ustar') return true;
  let sum = 0;
  for (let k = 0; k < 512; k++) sum += k >= 148 && k < 156 ? 32 : head[k]!;
  const stored = parseInt(new TextDecoder().decode(head.subarray(148, 156)).replace(/\0/g, ''), 8);
  return sum === stored;
}

function concat(parts: Split[]): Split | null {
  if (parts.length === 0) return null;
  if (parts.length === 1) return parts[0]!;
  const count = parts.reduce((a, p) => a + p.count, 0);
  const pixels = new Uint8Array(count * PIXELS);
  const labels = new Uint8Array(count);
  let at = 0;
  for (const p of parts) {
    pixels.set(p.pixels, at * PIXELS);
    labels.set(p.labels, at);
    at += p.count;
  }
  return { count, pixels, labels };
}

async function pump(
  file: string,
  source: Source,
  push: (chunk: Uint8Array) => void,
  signal: AbortSignal | undefined,
): Promise<void> {
  for (;;) {
    signal?.throwIfAborted();
    let chunk: Uint8Array | null;
    try {
      chunk = await source.next();
    } catch (e) {
      if (e instanceof DataError) throw e;
      throw new DataError(
        file,
        `the gzip data is damaged or truncated (${(e as Error).message || 'decompression failed'})`,
      );
    }
    if (!chunk) return;
    push(chunk);
  }
}

export async function readCifar(
  file: string,
  input: ReadableStream<Uint8Array>,
  options: ReadOptions = {},
): Promise<CifarSet> {
  let read = 0;
  const counted = input.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        read += chunk.length;
        options.onProgress?.(read);
        controller.enqueue(chunk);
      },
    }),
  );
  let source = new Source(counted);
  const head = await source.peek(2);
  if (head.length === 0) throw new DataError(file, 'the file is empty (0 bytes)');
  const gzip = head[0] === 0x1f && head[1] === 0x8b;
  if (gzip) {
    const gunzip = new DecompressionStream('gzip') as unknown as ReadableWritablePair<
      Uint8Array,
      Uint8Array
    >;
    source = new Source(source.stream().pipeThrough(gunzip));
  }
  let tarHead: Uint8Array;
  try {
    tarHead = await source.peek(512);
  } catch (e) {
    throw new DataError(file, `the gzip data is damaged (${(e as Error).message})`);
  }

  if (!looksLikeTar(tarHead)) {
    if (gzip) throw new DataError(file, 'this gzip file does not hold a tar archive');
    if (options.size === undefined) {
      throw new DataError(file, 'neither a tar archive nor a file of known size');
    }
    if (!/\.bin$/i.test(file) && options.size % 3073 !== 0) {
      throw new DataError(
        file,
        'this is not a CIFAR-10 file: expected cifar-10-binary.tar.gz, a .tar, or a *.bin batch',
      );
    }
    const parser = RecordParser.forSize(file, options.size);
    await pump(file, source, (c) => parser.push(c), options.signal);
    const split = parser.finish();
    const isTest = /test_batch/i.test(file);
    return {
      train: isTest ? null : split,
      test: isTest ? split : null,
      classNames: CIFAR10_CLASSES,
      batches: [file.split('/').pop()!],
    };
  }

  const train: { name: string; split: Split }[] = [];
  let test: Split | null = null;
  let meta = '';
  const batches: string[] = [];
  let current: RecordParser | null = null;
  let currentMeta = false;
  const tar = new TarReader(file, {
    start: (name, size) => {
      if (BATCH.test(name)) {
        current = RecordParser.forSize(`${file} › ${name}`, size);
        return true;
      }
      currentMeta = META.test(name);
      return currentMeta;
    },
    data: (chunk) => {
      if (current) current.push(chunk);
      else if (currentMeta) meta += new TextDecoder().decode(chunk, { stream: true });
    },
    end: (name) => {
      if (current) {
        const split = (current as RecordParser).finish();
        const base = name.split('/').pop()!;
        batches.push(base);
        if (base.startsWith('test')) test = split;
        else train.push({ name: base, split });
        current = null;
      }
      currentMeta = false;
    },
  });
  await pump(file, source, (c) => tar.push(c), options.signal);
  tar.finish();
  if (batches.length === 0) {
    throw new DataError(
      file,
      'the archive holds no CIFAR-10 batch (data_batch_1.bin … data_batch_5.bin, test_batch.bin)',
    );
  }
  const names = meta
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  train.sort((a, b) => a.name.localeCompare(b.name));
  return {
    train: concat(train.map((t) => t.split)),
    test,
    classNames: names.length === CLASSES ? names : CIFAR10_CLASSES,
    batches,
  };
}
