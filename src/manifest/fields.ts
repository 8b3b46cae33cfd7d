import { z } from 'zod';

/**
 * Marks a field that was written but is invalid (its problem is already reported), so that rules
 * depending on it stay silent instead of guessing, and defaults never replace it.
 */
export const INVALID: unique symbol = Symbol('invalid');
export type Invalid = typeof INVALID;

/** The fields of one manifest object, each read on its own: absent (not written), valid, or INVALID. */
export type Fields<T> = { readonly [K in keyof T]?: T[K] | Invalid };

/** A plan being built: every field present, INVALID where an input it derives from was invalid. */
export type Draft<T> = { readonly [K in keyof Required<T>]: T[K] | Invalid };

/** A YAML mapping read as a plain object (lists and scalars are not). */
export function asMapping(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/**
 * Validates each field of `raw` against its schema in `schema.shape` separately, so one bad field
 * does not hide the others from the rules. Undefined when `raw` is not a mapping.
 */
export function readFields<S extends z.ZodObject>(schema: S, raw: unknown): Fields<z.output<S>> | undefined {
  const object = asMapping(raw);
  if (!object) {
    return undefined;
  }
  const fields: Record<string, unknown> = {};
  for (const [key, fieldSchema] of Object.entries(schema.shape)) {
    if (Object.hasOwn(object, key)) {
      fields[key] = readField(fieldSchema as z.ZodType, object[key]);
    }
  }
  return fields as Fields<z.output<S>>;
}

/**
 * A field's valid value, or INVALID. A mapping of names (environment, secrets, mounts) keeps its
 * valid entries, so rules still check them while the bad ones are reported.
 */
function readField(schema: z.ZodType, value: unknown): unknown {
  const result = schema.safeParse(value);
  if (result.success) {
    return result.data;
  }
  const inner = schema instanceof z.ZodOptional ? (schema.unwrap() as z.ZodType) : schema;
  const mapping = asMapping(value);
  if (!(inner instanceof z.ZodRecord) || !mapping) {
    return INVALID;
  }
  const entries: [string, unknown][] = [];
  for (const [key, entry] of Object.entries(mapping)) {
    const parsed = (inner.valueType as z.ZodType).safeParse(entry);
    if ((inner.keyType as z.ZodType).safeParse(key).success && parsed.success) {
      entries.push([key, parsed.data]);
    }
  }
  return Object.fromEntries(entries);
}

/** True when no field of the draft is INVALID. */
export function isComplete<T>(draft: Draft<T>): boolean {
  return Object.values(draft).every((value) => value !== INVALID);
}

/**
 * The finished plan object of a draft with no INVALID field; optional fields left undefined are
 * dropped. Only called once no issue was found, which guarantees completeness.
 */
export function complete<T>(draft: Draft<T>): T {
  const entries = Object.entries(draft);
  if (entries.some(([, value]) => value === INVALID)) {
    throw new Error('internal error: a manifest plan was completed from invalid fields without an issue');
  }
  return Object.fromEntries(entries.filter(([, value]) => value !== undefined)) as T;
}
