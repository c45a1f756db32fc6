/**
 * Building blocks for wire schemas. A wire schema is a zod object whose shape lists the fields in the order
 * the Rust struct declares them (so encoding writes them in that order), wrapped in a pre-step that applies
 * serde aliases and treats `null` as absent for optional fields, the way serde's `Option` does.
 */
import { z } from 'zod';

/** A JSON object of string to string (Rust `HashMap<String, String>`: order as given). */
export const stringMap = () => z.record(z.string(), z.string());

/** A Rust `BTreeMap<String, String>`: always written with its keys sorted. */
export const sortedMap = () => z.record(z.string(), z.string()).transform(sortKeys);

/** Unsigned 32-bit integer (`u32`). */
export const u32 = () => z.number().int().min(0).max(0xffff_ffff);
/** Unsigned 64-bit integer (`u64`), limited to what a JS number holds exactly. */
export const u64 = () => z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
/** Signed 32-bit integer (`i32`). */
export const i32 = () => z.number().int().min(-0x8000_0000).max(0x7fff_ffff);
/** Unsigned 16-bit integer (`u16`). */
export const u16 = () => z.number().int().min(0).max(0xffff);

/** Returns a copy of `map` with its keys in code-unit order (what Rust's `BTreeMap` and serde_json write). */
export function sortKeys<V>(map: Record<string, V>): Record<string, V> {
  const sorted: Record<string, V> = {};
  for (const key of Object.keys(map).sort(compareKeys)) sorted[key] = map[key] as V;
  return sorted;
}

/** Rust compares strings by UTF-8 bytes; for keys without lone surrogates that equals code-point order. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done) return y.done ? 0 : -1;
    if (y.done) return 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

export interface WireOptions {
  /** serde `alias`: old wire name -> field name. Used only when the field itself is absent. */
  aliases?: Record<string, string>;
}

/**
 * A struct on the wire. Field order of `shape` is the encoding order; unknown fields are dropped; `null` for an
 * optional field reads as absent; aliases are accepted on decode. The input type is the object's input type.
 */
export function wireObject<S extends z.core.$ZodLooseShape>(shape: S, options: WireOptions = {}) {
  const object = z.object(shape);
  const optionalKeys = Object.keys(shape).filter(
    (key) => (shape[key] as z.ZodType).safeParse(undefined).success,
  );
  const aliases = Object.entries(options.aliases ?? {});
  return z.preprocess<unknown, typeof object, z.input<typeof object>>((input) => {
    if (typeof input !== 'object' || input === null || Array.isArray(input)) return input;
    const source = input as Record<string, unknown>;
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(source)) {
      if (Object.hasOwn(shape, key)) copy[key] = source[key];
    }
    for (const [alias, field] of aliases) {
      if (copy[field] === undefined && source[alias] !== undefined) copy[field] = source[alias];
    }
    for (const key of optionalKeys) {
      if (copy[key] === null && !(shape[key] as z.ZodType).safeParse(null).success) delete copy[key];
    }
    return copy;
  }, object);
}
