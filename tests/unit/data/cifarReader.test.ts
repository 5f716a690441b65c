import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CIFAR10_CLASSES, readCifar } from '../../../src/data/cifar10/reader';
import { DataError } from '../../../src/data/errors';
import { firstRecordOf } from '../../reference/sharedArchive';
import { chunked, cifarBatch, tar } from '../../reference/tarFixture';

const META = new TextEncoder().encode(
  CIFAR10_CLASSES.map((c) => c.toUpperCase()).join('\n') + '\n\n',
);
const dir = 'cifar-10-batches-bin/';

function archive() {
  const train1 = cifarBatch(7, 1);
  const train2 = cifarBatch(5, 2);
  const test = cifarBatch(4, 3);
  const bytes = tar([
    { name: dir, data: new Uint8Array(0), type: '5' },
    { name: `${dir}batches.meta.txt`, data: META },
    { name: `${dir}data_batch_2.bin`, data: train2 },
    { name: `${dir}readme.html`, data: new Uint8Array(999).fill(60) },
    { name: `${dir}data_batch_1.bin`, data: train1 },
    { name: `${dir}test_batch.bin`, data: test },
  ]);
  return { bytes, train1, train2, test };
}

/** Labels and pixels of records, as the reader should lay them out. */
function split(...batches: Uint8Array[]) {
  const all = batches.flatMap((b) =>
    Array.from({ length: b.length / 3073 }, (_, r) => b.subarray(r * 3073, (r + 1) * 3073)),
  );
  return {
    labels: all.map((r) => r[0]),
    pixels: Array.from(all.flatMap((r) => Array.from(r.subarray(1)))),
  };
}

async function fails(name: string, bytes: Uint8Array, size?: number) {
  try {
    await readCifar(name, chunked(bytes, 1000), { size: size ?? bytes.length });
  } catch (e) {
    expect(e).toBeInstanceOf(DataError);
    return (e as DataError).message;
  }
  throw new Error('expected a DataError');
}

describe('reading CIFAR-10 archives', () => {
  it.each([1, 7, 4096, 1 << 20])(
    'a .tar.gz in chunks of %i bytes: splits in batch order, class names from the meta file',
    async (chunk) => {
      const a = archive();
      const progress: number[] = [];
      const gz = gzipSync(a.bytes);
      const set = await readCifar('cifar-10-binary.tar.gz', chunked(gz, chunk), {
        onProgress: (n) => progress.push(n),
      });
      expect(set.batches).toEqual(['data_batch_2.bin', 'data_batch_1.bin', 'test_batch.bin']);
      const want = split(a.train1, a.train2);
      expect(set.train!.count).toBe(12);
      expect(Array.from(set.train!.labels)).toEqual(want.labels);
      expect(Array.from(set.train!.pixels)).toEqual(want.pixels);
      expect(Array.from(set.test!.labels)).toEqual(split(a.test).labels);
      expect(set.classNames[0]).toBe('AIRPLANE');
      expect(progress.at(-1)).toBe(gz.length);
    },
    // One-byte chunks make tens of thousands of stream reads: seconds on a loaded machine.
    30_000,
  );

  it('a plain .tar and a single .bin batch', async () => {
    const a = archive();
    const set = await readCifar('x.tar', chunked(a.bytes, 3000), { size: a.bytes.length });
    expect(set.test!.count).toBe(4);
    const bin = await readCifar('test_batch.bin', chunked(a.test, 333), { size: a.test.length });
    expect(bin.train).toBeNull();
    expect(Array.from(bin.test!.pixels)).toEqual(split(a.test).pixels);
    expect(bin.classNames).toEqual(CIFAR10_CLASSES);
    const train = await readCifar('data_batch_3.bin', chunked(a.train1, 5000), {
      size: a.train1.length,
    });
    expect(train.train!.count).toBe(7);
  });
});

describe('bad input gets a message that names the file and the problem', () => {
  it('an empty file', async () => {
    expect(await fails('empty.tar.gz', new Uint8Array(0))).toMatch(
      /^empty\.tar\.gz: the file is empty/,
    );
  });

  it('a truncated .tar.gz', async () => {
    const gz = gzipSync(archive().bytes);
    expect(await fails('cut.tar.gz', gz.subarray(0, Math.floor(gz.length * 0.6)))).toMatch(
      /^cut\.tar\.gz: .*(truncated|damaged)/,
    );
  });

  it('a truncated .tar names the member and how much of it arrived', async () => {
    const { bytes } = archive();
    const msg = await fails('cut.tar', bytes.subarray(0, 512 * 4 + 10000));
    expect(msg).toMatch(
      /cut\.tar: the archive is truncated: cifar-10-batches-bin\/data_batch_2\.bin stops after \d+ of its 15365 bytes/,
    );
  });

  it('a wrong record size', async () => {
    const bytes = tar([{ name: `${dir}data_batch_1.bin`, data: new Uint8Array(3072 * 3) }]);
    expect(await fails('c100.tar', bytes)).toMatch(
      /c100\.tar › cifar-10-batches-bin\/data_batch_1\.bin: 9,216 bytes is not a whole number of 3,073-byte/,
    );
    expect(await fails('data_batch_1.bin', new Uint8Array(3074))).toMatch(
      /3,074 bytes is not a whole number/,
    );
  });

  it('a label outside 0–9', async () => {
    const batch = cifarBatch(3, 4);
    batch[2 * 3073] = 12;
    expect(await fails('data_batch_1.bin', batch)).toMatch(
      /data_batch_1\.bin: record 3 has label 12, outside 0–9/,
    );
  });

  it('a file that is neither gzip nor tar, and a gzip that is not a tar', async () => {
    const junk = new Uint8Array(5000).map((_, i) => (i * 7919) % 251);
    expect(await fails('photo.jpg', junk)).toMatch(/photo\.jpg: this is not a CIFAR-10 file/);
    expect(
      await fails('notes.gz', gzipSync(new TextEncoder().encode('hello'.repeat(200)))),
    ).toMatch(/notes\.gz: this gzip file does not hold a tar archive/);
  });

  it('a huge unrelated file is refused from its first bytes, not read to the end', async () => {
    let pulled = 0;
    const huge = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1 << 20).fill(pulled % 250));
      },
    });
    await expect(readCifar('holiday.mp4', huge, { size: 4e9 })).rejects.toThrow(
      /holiday\.mp4: this is not a CIFAR-10 file/,
    );
    expect(pulled).toBeLessThanOrEqual(4); // the first chunk and the pipe's read-ahead
  });

  it('a 0-byte member, and an archive with no CIFAR batch', async () => {
    const zero = tar([{ name: `${dir}data_batch_1.bin`, data: new Uint8Array(0) }]);
    expect(await fails('a.tar', zero)).toMatch(
      /a\.tar › cifar-10-batches-bin\/data_batch_1\.bin: the file is empty/,
    );
    const other = tar([{ name: 'src/main.c', data: new Uint8Array(100).fill(65) }]);
    expect(await fails('code.tar', gzipSync(other))).toMatch(
      /code\.tar: the archive holds no CIFAR-10 batch/,
    );
  });

  it('a damaged tar header', async () => {
    const { bytes } = archive();
    const bad = bytes.slice();
    // Blocks: dir header, meta header, meta data, data_batch_2's header: damage its name.
    bad[512 * 3 + 10] = bad[512 * 3 + 10]! ^ 0xff;
    expect(await fails('bad.tar', bad)).toMatch(/bad\.tar: the tar header at byte 1536 is damaged/);
  });
});

describe('the real subset archive (../shared)', () => {
  const path = '../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz';
  it('reads 10,000 + 10,000 images whose first test record matches the archive bytes', async () => {
    const gz = readFileSync(path);
    const set = await readCifar('cifar-10-binary-subset.tar.gz', chunked(gz, 1 << 16));
    expect(set.train!.count).toBe(10000);
    expect(set.test!.count).toBe(10000);
    expect(set.classNames).toEqual(CIFAR10_CLASSES);
    // Independent route: gunzip all at once, walk the tar headers to test_batch.bin.
    const first = firstRecordOf('test_batch.bin');
    expect(set.test!.labels[0]).toBe(first[0]);
    expect(Array.from(set.test!.pixels.subarray(0, 3072))).toEqual(Array.from(first.subarray(1)));
    const counts = Array.from(
      { length: 10 },
      (_, c) => set.test!.labels.filter((l) => l === c).length,
    );
    expect(counts).toEqual(Array(10).fill(1000));
  });
});
