/**
 * A run as a file: its record (config, curves, outcome) and its latest checkpoint (weights,
 * optimizer state, step), in one JSON document with the weights in base64. Reading checks
 * everything a hand-edited or truncated file could get wrong and says what, in words.
 */
import { familyId } from '../../nn/blocks/types';
import type { Checkpoint } from '../../nn/train/checkpoint';
import type { RunRecord } from '../compute/protocol';
import { DataError } from '../../data/errors';
import { bytesPerElement } from './halfPrecision';

export const RUN_FILE_FORMAT = 'unraveled-run';
export const RUN_FILE_VERSION = 1;

export interface RunFile {
  readonly run: RunRecord;
  readonly checkpoint: Checkpoint | null;
}

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

export function writeRunFile(file: RunFile): string {
  const c = file.checkpoint;
  return JSON.stringify({
    format: RUN_FILE_FORMAT,
    version: RUN_FILE_VERSION,
    run: file.run,
    checkpoint: c && {
      netConfig: c.netConfig,
      step: c.step,
      specs: c.specs,
      data: toBase64(new Uint8Array(c.data)),
    },
  });
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parse and check a run file; `name` is the file's name, for the messages. */
export function readRunFile(text: string, name: string): RunFile {
  const fail = (problem: string): never => {
    throw new DataError(name, problem);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return fail('is not a run file: it is not JSON (was it cut short?)');
  }
  if (!isObject(doc) || doc.format !== RUN_FILE_FORMAT) {
    return fail('is not an Unraveled run file (no "format": "unraveled-run")');
  }
  if (doc.version !== RUN_FILE_VERSION) {
    return fail(
      `is a run file of version ${String(doc.version)}; this page reads version ${RUN_FILE_VERSION}`,
    );
  }
  const run = doc.run;
  if (!isObject(run) || !isObject(run.config) || !isObject(run.progress)) {
    return fail('has no run (config and progress) in it');
  }
  // Old files name the families by their former ids (plain, none): read as today's.
  const family = familyId(run.config.family);
  if (typeof run.config.family !== 'string') fail('has a run without a block family');
  if (family === undefined)
    fail(`has a run of an unknown block family (${JSON.stringify(run.config.family)})`);
  const config: Record<string, unknown> = { ...run.config, family };
  for (const key of ['n', 'width', 'epochs', 'batchSize', 'lr', 'seed'] as const) {
    const v = config[key];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      fail(`has a run whose ${key} is ${JSON.stringify(v)}, not a positive number`);
    }
  }
  if (!Array.isArray(run.points)) fail('has a run without its curve points');
  const points = run.points as unknown[];
  if (points.some((p) => !isObject(p) || typeof p.step !== 'number')) {
    fail('has a curve point without a step');
  }
  const record = {
    ...(run as unknown as RunRecord),
    config: config as unknown as RunRecord['config'],
    id: typeof run.id === 'number' && Number.isFinite(run.id) ? run.id : Date.now(),
    seconds: typeof run.seconds === 'number' ? run.seconds : 0,
    backend: typeof run.backend === 'string' ? run.backend : 'unknown',
  };
  const c = doc.checkpoint;
  if (c === null || c === undefined) return { run: record, checkpoint: null };
  if (!isObject(c) || !isObject(c.netConfig) || !Array.isArray(c.specs)) {
    return fail('has a checkpoint without its net or its tensor list');
  }
  const net: Record<string, unknown> = {
    ...c.netConfig,
    family: familyId(c.netConfig.family) ?? c.netConfig.family,
  };
  if (net.family !== config.family || net.n !== config.n || net.width !== config.width) {
    fail(
      `has a checkpoint of another net (${String(net.family)}, n = ${String(net.n)}, width ` +
        `${String(net.width)}) than its run (${String(config.family)}, n = ${String(config.n)}, width ${String(config.width)})`,
    );
  }
  if (typeof c.step !== 'number' || !(c.step >= 0)) fail('has a checkpoint without a step');
  if (typeof c.data !== 'string') return fail('has a checkpoint without its weights');
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(c.data);
  } catch {
    return fail('has weights that are not valid base64');
  }
  let expected = 0;
  for (const s of c.specs as unknown[]) {
    if (!isObject(s) || typeof s.name !== 'string' || !Array.isArray(s.shape)) {
      return fail('has a tensor entry without a name or shape');
    }
    const q = s.quantization;
    if (q !== undefined && !(isObject(q) && typeof q.dtype === 'string')) {
      return fail(`has tensor ${s.name} with a malformed quantization`);
    }
    const size = bytesPerElement({ dtype: String(s.dtype), quantization: q });
    if (!size) {
      return fail(
        `has tensor ${s.name} of type ${String(s.dtype)}${q ? ` stored as ${String(q.dtype)}` : ''}, not a weight type`,
      );
    }
    if (q && (q.dtype !== 'float16' || s.dtype !== 'float32')) {
      return fail(
        `has tensor ${s.name} (${String(s.dtype)}) stored as ${String(q.dtype)}; only float32 stored as float16 is read`,
      );
    }
    const shape = s.shape as unknown[];
    if (shape.some((d) => !Number.isInteger(d) || (d as number) < 0)) {
      return fail(`has tensor ${s.name} with a bad shape ${JSON.stringify(shape)}`);
    }
    expected += size * (shape as number[]).reduce((a, b) => a * b, 1);
  }
  if (bytes.length !== expected) {
    fail(`has ${bytes.length} bytes of weights where its tensors need ${expected}: it is damaged`);
  }
  const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
  return {
    run: record,
    checkpoint: {
      netConfig: net as unknown as Checkpoint['netConfig'],
      step: c.step as number,
      specs: c.specs as Checkpoint['specs'],
      data: data as ArrayBuffer,
    },
  };
}

/**
 * The checkpoint without the optimizer's state (`optimizer/…` tensors): the weights alone, about
 * half the bytes. Enough to study a finished net; not to go on training it.
 */
export function weightsOnly(c: Checkpoint): Checkpoint {
  const src = new Uint8Array(c.data);
  const specs: Checkpoint['specs'] = [];
  const parts: Uint8Array[] = [];
  let offset = 0;
  for (const s of c.specs) {
    const size = (bytesPerElement(s) ?? 4) * s.shape.reduce((a, b) => a * b, 1);
    if (!s.name.startsWith('optimizer/')) {
      specs.push(s);
      parts.push(src.subarray(offset, offset + size));
    }
    offset += size;
  }
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return { ...c, specs, data: out.buffer };
}
