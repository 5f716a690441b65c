/**
 * Typed URL fields: each one parses a raw string (saying what was wrong with it, if anything)
 * and writes its value back. `schema.ts` combines them into the one URL state of the app.
 */

export interface Parsed<T> {
  readonly value: T;
  /** Why the raw value could not be used as given (shown to the user as a notice). */
  readonly problem?: string;
}

export interface Field<T> {
  readonly defaultValue: T;
  parse(raw: string, key: string): Parsed<T>;
  write(value: T): string;
}

export type FieldValue<F> = F extends Field<infer T> ? T : never;

function notANumber(raw: string, key: string, defaultValue: number): Parsed<number> {
  return { value: defaultValue, problem: `${key}=${raw} is not a number; using ${defaultValue}` };
}

export function intField(min: number, max: number, defaultValue: number): Field<number> {
  return {
    defaultValue,
    parse(raw, key) {
      const x = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(x)) return notANumber(raw, key, defaultValue);
      const rounded = Math.round(x);
      const clamped = Math.min(max, Math.max(min, rounded));
      if (clamped !== x) {
        const why =
          rounded !== x ? 'is not a whole number' : x < min ? `is below ${min}` : `is above ${max}`;
        return { value: clamped, problem: `${key}=${raw} ${why}; using ${clamped}` };
      }
      return { value: x };
    },
    write: (v) => String(v),
  };
}

export function numberField(
  min: number,
  max: number,
  defaultValue: number,
  decimals: number,
): Field<number> {
  const round = (x: number) => Number(x.toFixed(decimals));
  return {
    defaultValue,
    parse(raw, key) {
      const x = Number(raw.trim());
      if (raw.trim() === '' || !Number.isFinite(x)) return notANumber(raw, key, defaultValue);
      const clamped = round(Math.min(max, Math.max(min, x)));
      if (x < min || x > max) {
        return {
          value: clamped,
          problem: `${key}=${raw} is outside [${min}, ${max}]; using ${clamped}`,
        };
      }
      return { value: clamped };
    },
    write: (v) => String(round(v)),
  };
}

/** `aliases`: values old links carry, read as today's (keys in lower case). */
export function enumField<const T extends string>(
  values: readonly T[],
  defaultValue: T,
  aliases: Readonly<Record<string, T>> = {},
): Field<T> {
  return {
    defaultValue,
    parse(raw, key) {
      const v = raw.trim().toLowerCase();
      const hit = values.find((x) => x.toLowerCase() === v) ?? aliases[v];
      if (hit !== undefined) return { value: hit };
      return {
        value: defaultValue,
        problem: `${key}=${raw} is not one of ${values.join(', ')}; using ${defaultValue}`,
      };
    },
    write: (v) => v,
  };
}

export function flagField(defaultValue: boolean): Field<boolean> {
  return {
    defaultValue,
    parse(raw, key) {
      const v = raw.trim().toLowerCase();
      if (v === '1' || v === 'true' || v === 'on') return { value: true };
      if (v === '0' || v === 'false' || v === 'off') return { value: false };
      const d = defaultValue ? 1 : 0;
      return { value: defaultValue, problem: `${key}=${raw} is not 0 or 1; using ${d}` };
    },
    write: (v) => (v ? '1' : '0'),
  };
}
