import { describe, expect, it } from 'vitest';
import { defaultKeys } from '../../../src/ui/sections/lab/useLab';
import type { ShippedEntry } from '../../../src/worker/lab/shipped';

const entry = (key: string): ShippedEntry => ({
  key,
  title: key,
  file: `${key}.json`,
  dataset: 'embedded',
  family: 'postact',
  layers: 110,
  testAccuracy: 0.9,
  epochs: 30,
  trainSeconds: 1,
});

describe('the pair the lab opens with', () => {
  it('the deep ResNet against the deepest plain net shipped that learns', () => {
    const all = ['embedded-resnet', 'embedded-plain', 'embedded-plain-32', 'embedded-resnet-32'];
    expect(defaultKeys(all.map(entry))).toEqual({
      a: 'shipped:embedded-resnet',
      b: 'shipped:embedded-plain-32',
    });
    expect(defaultKeys(['embedded-resnet-32', 'embedded-plain'].map(entry))).toEqual({
      a: 'shipped:embedded-resnet-32',
      b: 'shipped:embedded-plain',
    });
    expect(defaultKeys([])).toEqual({ a: null, b: null });
  });
});
