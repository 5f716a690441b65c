/**
 * The one schema of the URL state: it parses a location hash into a typed, valid state (with
 * a notice for every value it had to clamp or replace) and writes a state back to a hash.
 * A shared link restores exactly the view it was copied from.
 */
import { BLOCK_FAMILIES } from '../../math/blockPaths';
import { SURVIVAL_RULES } from '../../math/survival';
import { enumField, flagField, intField, numberField, type Field, type FieldValue } from './fields';

export const SECTIONS = ['unraveled'] as const;
export const Y_SCALES = ['linear', 'log'] as const;
export const MAX_BLOCKS = 1000;

export const schema = {
  section: enumField(SECTIONS, 'unraveled'),
  n: intField(1, MAX_BLOCKS, 3),
  // Links made before the rename say `plain` for the net without shortcuts.
  family: enumField(BLOCK_FAMILIES, 'residual', { plain: 'noShortcut' }),
  sd: flagField(false),
  rule: enumField(SURVIVAL_RULES, 'linear'),
  pL: numberField(0, 1, 0.5, 2),
  scale: enumField(Y_SCALES, 'linear'),
  present: flagField(false),
} as const;

type Schema = typeof schema;
export type AppState = { readonly [K in keyof Schema]: FieldValue<Schema[K]> };
export type StateKey = keyof Schema;

const KEYS = Object.keys(schema) as StateKey[];

/** The field of one key, typed by the key (TypeScript cannot narrow `schema[k]` itself). */
function fieldOf<K extends StateKey>(key: K): Field<AppState[K]> {
  return schema[key] as unknown as Field<AppState[K]>;
}

export const DEFAULT_STATE: AppState = Object.fromEntries(
  KEYS.map((k) => [k, schema[k].defaultValue]),
) as unknown as AppState;

export interface ParseResult {
  readonly state: AppState;
  readonly notices: readonly string[];
}

/** Parse `#n=54&family=rk4…` (with or without the leading '#'). Never throws. */
export function parseHash(hash: string): ParseResult {
  const body = hash.startsWith('#') ? hash.slice(1) : hash;
  const notices: string[] = [];
  const state: Record<string, unknown> = { ...DEFAULT_STATE };
  let params: URLSearchParams;
  try {
    params = new URLSearchParams(body);
  } catch {
    return { state: DEFAULT_STATE, notices: ['The link could not be read; showing the defaults'] };
  }
  const seen = new Set<string>();
  for (const [rawKey, raw] of params) {
    const key = KEYS.find((k) => k.toLowerCase() === rawKey.toLowerCase());
    if (!key) {
      notices.push(`Unknown setting “${rawKey}” in the link was ignored`);
      continue;
    }
    if (seen.has(key)) notices.push(`${key} appears twice in the link; using the last value`);
    seen.add(key);
    const parsed = fieldOf(key).parse(raw, key);
    state[key] = parsed.value;
    if (parsed.problem) notices.push(parsed.problem);
  }
  return reconcile(state as unknown as AppState, notices);
}

/** Rules between fields: stochastic depth needs a shortcut to skip through. */
function reconcile(state: AppState, notices: string[]): ParseResult {
  if (state.family === 'noShortcut' && state.sd) {
    notices.push('Stochastic depth needs shortcuts, and the plain net has none; it is off');
    return { state: { ...state, sd: false }, notices };
  }
  return { state, notices };
}

/** Apply a change from the UI, keeping the same cross-field rules as parsing. */
export function updateState(state: AppState, change: Partial<AppState>): AppState {
  return reconcile({ ...state, ...change }, []).state;
}

/** Every field, in schema order, so that equal states give equal links. */
export function writeHash(state: AppState): string {
  const params = new URLSearchParams();
  for (const k of KEYS) {
    params.set(k, fieldOf(k).write(state[k]));
  }
  return `#${params.toString()}`;
}
