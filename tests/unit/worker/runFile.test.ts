import { describe, expect, it } from 'vitest';
import {
  fromBase64,
  readRunFile,
  toBase64,
  weightsOnly,
  writeRunFile,
  type RunFile,
} from '../../../src/worker/data/runFile';
import { seededRandom } from '../../../src/math/random';
import type { RunRecord } from '../../../src/worker/compute/protocol';

const run: RunRecord = {
  id: 1700000000000,
  config: {
    family: 'postact',
    n: 1,
    width: 0.25,
    options: {},
    dataset: 'embedded',
    trainImages: 256,
    testImages: 64,
    epochs: 2,
    batchSize: 32,
    lr: 0.05,
    schedule: 'cosine',
    augment: false,
    seed: 3,
    evalsPerEpoch: 2,
  },
  backend: 'wasm',
  points: [
    { step: 0, epoch: 0, testLoss: 2.3, testAccuracy: 0.1 },
    { step: 1, epoch: 0.125, trainLoss: 2.2 },
  ],
  progress: {
    state: 'stopped',
    step: 1,
    totalSteps: 16,
    epoch: 0.125,
    imagesPerSecond: 100,
    secondsLeft: 5,
    checkpointStep: 1,
  },
  seconds: 0.3,
};

function fileWith(bytes: number[]): RunFile {
  const data = new Float32Array(bytes).buffer;
  return {
    run,
    checkpoint: {
      netConfig: {
        family: 'postact',
        n: 1,
        width: 0.25,
        inputSize: 32,
        inputChannels: 3,
        classes: 10,
        seed: 3,
        options: {} as never,
      },
      step: 1,
      specs: [
        { name: 'a', shape: [2, 2], dtype: 'float32' },
        { name: 'b', shape: [bytes.length - 4], dtype: 'float32' },
      ],
      data,
    },
  };
}

// A parsed run file, edited freely by the cases below.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

describe('run files', () => {
  it('base64 round-trips any bytes (brute force over lengths and random content)', () => {
    const random = seededRandom(7);
    for (let len = 0; len < 70_000; len += 4_999) {
      const bytes = Uint8Array.from({ length: len }, () => Math.floor(random() * 256));
      expect(fromBase64(toBase64(bytes))).toEqual(bytes);
    }
    expect(toBase64(new TextEncoder().encode('Man'))).toBe('TWFu');
  });

  it('a run and its checkpoint come back as they were written', () => {
    const file = fileWith([1, 2, 3, 4, 5.5, -6]);
    const back = readRunFile(writeRunFile(file), 'run.json');
    expect(back.run).toEqual(run);
    expect(back.checkpoint!.specs).toEqual(file.checkpoint!.specs);
    expect(Array.from(new Float32Array(back.checkpoint!.data))).toEqual([1, 2, 3, 4, 5.5, -6]);
    expect(readRunFile(writeRunFile({ run, checkpoint: null }), 'x.json').checkpoint).toBeNull();
  });

  it('says what is wrong with a damaged or foreign file, naming it', () => {
    const good = JSON.parse(writeRunFile(fileWith([1, 2, 3, 4, 5]))) as Doc;
    const bad = (edit: (d: Doc) => void) => {
      const d = structuredClone(good);
      edit(d);
      return JSON.stringify(d);
    };
    const cases: [string, RegExp][] = [
      ['{"format": "unravel', /^mine\.json: is not a run file: it is not JSON/],
      ['{"hello": 1}', /not an Unraveled run file/],
      [bad((d) => (d.version = 9)), /version 9; this page reads version 1/],
      [bad((d) => delete d.run.config), /has no run/],
      [bad((d) => (d.run.config.lr = 'fast')), /lr is "fast", not a positive number/],
      [bad((d) => (d.run.points = 3)), /without its curve points/],
      [bad((d) => (d.run.config.family = 'resnet')), /unknown block family \("resnet"\)/],
      [bad((d) => (d.checkpoint.netConfig.n = 9)), /checkpoint of another net/],
      [
        bad((d) => (d.checkpoint.data = d.checkpoint.data.slice(0, 8))),
        /bytes of weights where its tensors need 20: it is damaged/,
      ],
      [bad((d) => (d.checkpoint.data = '***')), /not valid base64/],
      [
        bad((d) => (d.checkpoint.specs[0].dtype = 'complex64')),
        /of type complex64, not a weight type/,
      ],
      [bad((d) => (d.checkpoint.specs[1].shape = [-1])), /bad shape \[-1\]/],
    ];
    for (const [text, message] of cases) {
      expect(() => readRunFile(text, 'mine.json')).toThrow(message);
    }
  });

  it('a file written before the rename (families "plain" and "none") opens with today\'s ids', () => {
    for (const [old, now] of [
      ['plain', 'postact'],
      ['none', 'noShortcut'],
    ] as const) {
      const d = JSON.parse(writeRunFile(fileWith([1, 2, 3, 4, 5]))) as Doc;
      d.run.config.family = old;
      d.checkpoint.netConfig.family = old;
      const back = readRunFile(JSON.stringify(d), 'old.json');
      expect(back.run.config.family).toBe(now);
      expect(back.checkpoint!.netConfig.family).toBe(now);
    }
  });

  it('weightsOnly drops the optimizer tensors and keeps every other byte in order', () => {
    const data = new Float32Array([1, 2, 3, 4, 5, 6, 7]).buffer;
    const c = weightsOnly({
      ...fileWith([0, 0, 0, 0, 0]).checkpoint!,
      specs: [
        { name: 'w', shape: [2], dtype: 'float32' },
        { name: 'optimizer/w', shape: [2], dtype: 'float32' },
        { name: 'b', shape: [1, 2], dtype: 'float32' },
        { name: 'optimizer/b', shape: [1], dtype: 'float32' },
      ],
      data,
    });
    expect(c.specs.map((s) => s.name)).toEqual(['w', 'b']);
    expect(Array.from(new Float32Array(c.data))).toEqual([1, 2, 5, 6]);
    // What it writes reads back.
    const back = readRunFile(writeRunFile({ run, checkpoint: c }), 'w.json');
    expect(Array.from(new Float32Array(back.checkpoint!.data))).toEqual([1, 2, 5, 6]);
  });
});
