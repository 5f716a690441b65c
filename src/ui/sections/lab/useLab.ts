/**
 * The ensemble lab's state: which trained nets are open (the one studied, and the one it is
 * compared with), the blocks deleted by hand and the error each net gives with them, the
 * sweeps and the gradient probe, each with progress and cancel. The work runs in the page's
 * compute worker; shipped checkpoints are fetched only when opened.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import { progressCallback, type ComputeClient } from '../../../worker/compute/client';
import type { RunRecord } from '../../../worker/compute/protocol';
import {
  GRADIENT_SETTINGS,
  SWEEP_SETTINGS,
  type LabOpened,
  type LabSlot,
  type LabSource,
  type LesionResult,
  type PathGradientRow,
  type SweepKind,
  type SweepResult,
} from '../../../worker/lab/protocol';
import { fetchShippedIndex, type ShippedEntry } from '../../../worker/lab/shipped';

export const SLOTS: readonly LabSlot[] = ['a', 'b'];

/** "shipped:embedded-resnet" or "run:1700000000000". */
export type SourceKey = string;

/**
 * The pair the lab opens with, the first of each list that is shipped: the 110-layer ResNet
 * against the deepest plain net that learns: 32 layers (at width ¼ plain nets of 56 and 110
 * layers stay at chance).
 */
export const DEFAULT_CHOICES: Record<LabSlot, readonly string[]> = {
  a: ['embedded-resnet', 'embedded-resnet-32'],
  b: ['embedded-plain-32', 'embedded-plain'],
};

export function defaultKeys(index: readonly ShippedEntry[]): Record<LabSlot, SourceKey | null> {
  const pick = (slot: LabSlot) => {
    const key = DEFAULT_CHOICES[slot].find((k) => index.some((e) => e.key === k));
    return key ? `shipped:${key}` : null;
  };
  return { a: pick('a'), b: pick('b') };
}

export interface Job {
  readonly what: SweepKind | 'gradient';
  readonly slot: LabSlot;
  readonly done: number;
  readonly total: number;
}

type PerSlot<T> = Partial<Record<LabSlot, T>>;

/** Batch-norm statistics of a lesioned net: as trained (Veit's protocol) or re-estimated. */
export type BnMode = 'trained' | 'reestimated';

export type SweepResults = Record<BnMode, Partial<Record<SweepKind, PerSlot<SweepResult>>>>;

const NO_SWEEPS: SweepResults = { trained: {}, reestimated: {} };

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function sourceOf(key: SourceKey, runs: readonly RunRecord[]): LabSource | null {
  const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)];
  if (kind === 'shipped') return { kind: 'shipped', key: rest };
  const run = runs.find((r) => String(r.id) === rest);
  return kind === 'run' && run ? { kind: 'run', id: run.id, config: run.config } : null;
}

export function useLab(
  client: RefObject<ComputeClient | null>,
  runs: readonly RunRecord[],
  visible: boolean,
) {
  const [shipped, setShipped] = useState<ShippedEntry[] | null>(null);
  const [keys, setKeys] = useState<Record<LabSlot, SourceKey | null>>({ a: null, b: null });
  const [opened, setOpened] = useState<PerSlot<LabOpened>>({});
  const [opening, setOpening] = useState<PerSlot<boolean>>({});
  const [deleted, setDeleted] = useState<readonly number[]>([]);
  const [lesion, setLesion] = useState<PerSlot<LesionResult>>({});
  const [bn, setBnMode] = useState<BnMode>('trained');
  const [sweeps, setSweeps] = useState<SweepResults>(NO_SWEEPS);
  const [gradient, setGradient] = useState<PathGradientRow[] | null>(null);
  const [job, setJob] = useState<Job | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const cancelled = useRef(false);
  const runsRef = useRef(runs);
  useEffect(() => {
    runsRef.current = runs;
  }, [runs]);

  // Open (or close) a slot's net whenever its choice changes; the results of the old one go.
  const open = (slot: LabSlot, key: SourceKey | null) => {
    const c = client.current;
    if (!c) return;
    setOpened((o) => ({ ...o, [slot]: undefined }));
    setLesion((l) => ({ ...l, [slot]: undefined }));
    const without = (m: SweepResults[BnMode]) =>
      Object.fromEntries(Object.entries(m).map(([k, v]) => [k, { ...v, [slot]: undefined }]));
    setSweeps((s) => ({ trained: without(s.trained), reestimated: without(s.reestimated) }));
    if (slot === 'a') setGradient(null);
    const source = key ? sourceOf(key, runsRef.current) : null;
    setOpening((o) => ({ ...o, [slot]: source !== null }));
    c.labOpen(slot, source, document.baseURI)
      .then((info) => {
        setOpened((o) => ({ ...o, [slot]: info ?? undefined }));
        if (info) setLesion((l) => ({ ...l, [slot]: info.intact }));
      })
      .catch((e: unknown) => setProblem(`The net could not be opened: ${message(e)}`))
      .finally(() => setOpening((o) => ({ ...o, [slot]: false })));
  };

  // When the section comes near: list the shipped checkpoints, open the default pair.
  const started = useRef(false);
  useEffect(() => {
    if (!visible || started.current) return;
    started.current = true;
    fetchShippedIndex(document.baseURI)
      .then((index) => {
        setShipped(index);
        const initial = defaultKeys(index);
        setKeys(initial);
        for (const slot of SLOTS) open(slot, initial[slot]);
      })
      .catch((e: unknown) => {
        setShipped([]);
        setProblem(`The shipped checkpoints could not be listed: ${message(e)}`);
      });
    // Once, when the section first comes near (guarded by `started`): `open` needs no deps.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [visible]);

  const choose = (slot: LabSlot, key: SourceKey | null) => {
    setKeys((k) => ({ ...k, [slot]: key }));
    setDeleted([]);
    open(slot, key);
  };

  const evaluateBoth = (next: readonly number[], mode: BnMode) => {
    const c = client.current;
    if (!c) return;
    for (const slot of SLOTS) {
      const info = opened[slot];
      if (!info) continue;
      const own = next.filter((b) => b < info.blocks.length);
      c.labEvaluate(slot, own, { reestimateBn: mode === 'reestimated' })
        .then((r) => setLesion((l) => ({ ...l, [slot]: r })))
        .catch((e: unknown) => setProblem(message(e)));
    }
  };

  // Deleting or restoring a block re-evaluates both nets at once (on their test images).
  const toggle = (block: number) => {
    const next = deleted.includes(block)
      ? deleted.filter((b) => b !== block)
      : [...deleted, block].sort((x, y) => x - y);
    setDeleted(next);
    evaluateBoth(next, bn);
  };

  // The switch re-evaluates the blocks deleted by hand; sweeps keep a result for each mode.
  const setBn = (mode: BnMode) => {
    setBnMode(mode);
    if (deleted.length > 0) evaluateBoth(deleted, mode);
  };

  /** Run a sweep on each open net in turn; Cancel stops it and the rest. */
  const sweep = async (kind: SweepKind) => {
    const c = client.current;
    if (!c || job) return;
    cancelled.current = false;
    setProblem(null);
    const mode = bn;
    for (const slot of SLOTS) {
      if (!opened[slot] || cancelled.current) continue;
      setJob({ what: kind, slot, done: 0, total: 1 });
      try {
        const r = await c.labSweep(
          slot,
          kind,
          SWEEP_SETTINGS,
          { reestimateBn: mode === 'reestimated' },
          progressCallback((done, total) => setJob({ what: kind, slot, done, total })),
        );
        setSweeps((s) => ({
          ...s,
          [mode]: { ...s[mode], [kind]: { ...s[mode][kind], [slot]: r } },
        }));
      } catch (e) {
        if (!cancelled.current) setProblem(`The sweep stopped: ${message(e)}`);
        break;
      }
    }
    setJob(null);
  };

  const probe = async () => {
    const c = client.current;
    if (!c || job || !opened.a) return;
    cancelled.current = false;
    setProblem(null);
    setJob({ what: 'gradient', slot: 'a', done: 0, total: 1 });
    try {
      setGradient(
        await c.labGradient(
          'a',
          GRADIENT_SETTINGS,
          progressCallback((done, total) => setJob({ what: 'gradient', slot: 'a', done, total })),
        ),
      );
    } catch (e) {
      if (!cancelled.current) setProblem(`The gradient probe stopped: ${message(e)}`);
    }
    setJob(null);
  };

  const cancel = () => {
    cancelled.current = true;
    void client.current?.labCancel();
  };

  return {
    shipped,
    keys,
    opened,
    opening,
    deleted,
    lesion,
    bn,
    sweeps,
    gradient,
    job,
    problem,
    choose,
    toggle,
    setBn,
    sweep,
    probe,
    cancel,
    dismissProblem: () => setProblem(null),
  };
}

export type Lab = ReturnType<typeof useLab>;
