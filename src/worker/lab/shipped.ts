/**
 * The checkpoints shipped with the page (public/checkpoints/, made by `npm run pretrain`): an
 * index of what each is, and the run files themselves, fetched only when the lab needs them.
 */
import type { DatasetId } from '../../data/summary';
import type { BlockFamilyId } from '../../nn/blocks/types';

export const SHIPPED_DIR = 'checkpoints';

export interface ShippedEntry {
  /** `${dataset}-${net}`, e.g. "embedded-resnet". */
  readonly key: string;
  readonly title: string;
  readonly file: string;
  readonly dataset: DatasetId;
  readonly family: BlockFamilyId;
  readonly layers: number;
  /** Test accuracy at the end of training (on the run's test images). */
  readonly testAccuracy: number;
  readonly epochs: number;
  readonly trainSeconds: number;
}

export async function fetchShippedIndex(baseUrl: string): Promise<ShippedEntry[]> {
  const url = new URL(`${SHIPPED_DIR}/index.json`, baseUrl);
  const res = await fetch(url);
  if (!res.ok) throw new Error(`the shipped checkpoints' index is missing (${res.status})`);
  return (await res.json()) as ShippedEntry[];
}

export async function fetchShippedText(baseUrl: string, entry: ShippedEntry): Promise<string> {
  const res = await fetch(new URL(`${SHIPPED_DIR}/${entry.file}`, baseUrl));
  if (!res.ok) throw new Error(`the shipped checkpoint ${entry.file} is missing (${res.status})`);
  return res.text();
}
