/** Small tar archives and CIFAR-10 batches made in code, for the data tests. */
import { mulberry32 } from './rng';

function header(name: string, size: number, type = '0'): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
  put(name, 0);
  put('0000644\0', 100);
  put('0000000\0', 108);
  put('0000000\0', 116);
  put(size.toString(8).padStart(11, '0') + '\0', 124);
  put('00000000000\0', 136);
  put('        ', 148);
  put(type, 156);
  put('ustar\0', 257);
  put('00', 263);
  let sum = 0;
  for (const b of h) sum += b;
  put(sum.toString(8).padStart(6, '0') + '\0 ', 148);
  return h;
}

/** A ustar archive of the given files (type '5' entries are directories). */
export function tar(files: { name: string; data: Uint8Array; type?: string }[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of files) {
    parts.push(header(f.name, f.data.length, f.type));
    parts.push(f.data);
    const pad = (512 - (f.data.length % 512)) % 512;
    parts.push(new Uint8Array(pad));
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** `count` CIFAR records with seeded labels and pixels. */
export function cifarBatch(count: number, seed: number): Uint8Array {
  const rand = mulberry32(seed);
  const out = new Uint8Array(count * 3073);
  for (let r = 0; r < count; r++) {
    out[r * 3073] = Math.floor(rand() * 10);
    for (let i = 1; i < 3073; i++) out[r * 3073 + i] = Math.floor(rand() * 256);
  }
  return out;
}

/** A stream that hands out `bytes` in chunks of `size`. */
export function chunked(bytes: Uint8Array, size: number): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) controller.close();
      else {
        controller.enqueue(bytes.slice(at, at + size));
        at += size;
      }
    },
  });
}
