/**
 * The shared CIFAR-10 subset archive, read independently of src/data: gunzipped whole by zlib
 * and walked header by header, for tests that check what our streaming reader produced.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const SHARED_ARCHIVE = '../shared/datasets/cifar10/cifar-10-binary-subset.tar.gz';

/** The first 3,073-byte record of the member whose name ends with `member`. */
export function firstRecordOf(member: string, archive = SHARED_ARCHIVE): Uint8Array {
  const raw = gunzipSync(readFileSync(archive));
  for (let at = 0; at + 512 <= raw.length;) {
    const name = new TextDecoder().decode(raw.subarray(at, at + 100)).replace(/\0.*$/s, '');
    const size = parseInt(new TextDecoder().decode(raw.subarray(at + 124, at + 136)), 8);
    if (name.endsWith(member)) return raw.subarray(at + 512, at + 512 + 3073);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  throw new Error(`no ${member} in ${archive}`);
}
