import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { balancedSubset, buildAssets, perClass } from '../../../src/data/cifar10/assets';
import { readCifar } from '../../../src/data/cifar10/reader';
import { DataError } from '../../../src/data/errors';
import { firstRecordOf } from '../../reference/sharedArchive';
import { chunked, cifarBatch } from '../../reference/tarFixture';

const bin = async (name: string, bytes: Uint8Array) => {
  const set = await readCifar(name, chunked(bytes, 4096), { size: bytes.length });
  return (set.train ?? set.test)!;
};

describe('the asset builder', () => {
  it('round trip: the written records read back as the same images, with true counts and checksums', async () => {
    const train = await bin('data_batch_1.bin', cifarBatch(40, 1));
    const test = await bin('test_batch.bin', cifarBatch(20, 2));
    const { manifest, files } = await buildAssets(
      { train, test, classNames: ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'] },
      'fixture',
    );
    const back = await bin('train_batch.bin', files['train.bin']!);
    expect(back.pixels).toEqual(train.pixels);
    expect(back.labels).toEqual(train.labels);
    expect(manifest.train.perClass).toEqual(perClass(train));
    expect(manifest.test.count).toBe(20);
    const { createHash } = await import('node:crypto');
    expect(manifest.train.sha256).toBe(
      createHash('sha256').update(files['train.bin']!).digest('hex'),
    );
  });

  it('a class-balanced subset keeps file order within each class, and says when a class runs short', async () => {
    const split = await bin('data_batch_1.bin', cifarBatch(300, 3));
    const sub = balancedSubset(split, 53, 'x');
    expect(perClass(sub)).toEqual([6, 6, 6, 5, 5, 5, 5, 5, 5, 5]);
    // The first kept image of class 0 is the file's first image of class 0.
    const first0 = split.labels.indexOf(0);
    const kept0 = sub.labels.indexOf(0);
    expect(sub.pixels.subarray(kept0 * 3072, kept0 * 3072 + 3072)).toEqual(
      split.pixels.subarray(first0 * 3072, first0 * 3072 + 3072),
    );
    expect(() => balancedSubset(split, 290, 'small.bin')).toThrow(DataError);
    expect(() => balancedSubset(split, 290, 'small.bin')).toThrow(
      /small\.bin: asked for 290 images, 29 of class \d, but it has only \d+/,
    );
  });
});

describe('npm run data:cifar10 on the shared subset archive', () => {
  it('writes a balanced subset whose first test record is the archive’s first of its class', () => {
    const archive = '../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz';
    const out = mkdtempSync(join(tmpdir(), 'unraveled-assets-'));
    const log = execFileSync(
      'node',
      [
        'scripts/data-cifar10.mjs',
        '--from',
        archive,
        '--train',
        '200',
        '--test',
        '100',
        '--out',
        out,
      ],
      { encoding: 'utf8' },
    );
    expect(log).toMatch(/wrote 200 training and 100 test images/);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    expect(manifest.train.perClass).toEqual(Array(10).fill(20));
    expect(manifest.test.perClass).toEqual(Array(10).fill(10));
    expect(manifest.source).toMatch(
      /sha256 619e004c23a333ac25db5ebab743f58c30fc2bca690da419f25a4fe10bec221b/,
    );
    // Independently: the archive's first test record opens the subset (class order is file order).
    const first = firstRecordOf('test_batch.bin');
    const testBin = readFileSync(join(out, 'test.bin'));
    expect(testBin.length).toBe(100 * 3073);
    expect(Array.from(testBin.subarray(0, 3073))).toEqual(Array.from(first));
  }, 60_000);

  it('a bad --from gets a clear message and a failing exit', () => {
    const out = mkdtempSync(join(tmpdir(), 'unraveled-assets-'));
    const run = () =>
      execFileSync(
        'node',
        ['scripts/data-cifar10.mjs', '--from', join(out, 'nope.tar.gz'), '--out', out],
        { encoding: 'utf8', stdio: 'pipe' },
      );
    expect(run).toThrow(/data:cifar10: no file at .*nope\.tar\.gz/);
  });
});
