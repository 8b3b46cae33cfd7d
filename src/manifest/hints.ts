import { z } from 'zod';

/**
 * What the error messages say about a field beyond its zod type: kept beside the schema (see
 * `schema.ts`), out of the JSON Schema.
 */
export interface FieldHint {
  /** What is allowed, as a clause after "got …": `ports are 1–65535`. */
  readonly allowed?: string;
  /** How to fix a bad value; may look at the value received. */
  readonly fix?: string | ((input: unknown) => string | undefined);
  /** A valid value, shown when a required field is missing: `8080`. */
  readonly example?: string;
  /** What the field holds, in place of the generic kind: `a mapping of service names to services`. */
  readonly kind?: string;
  /** Object schemas: fields that exist on the base object but may not appear here, with the reason. */
  readonly forbidden?: Readonly<Record<string, string>>;
}

export const hints = z.registry<FieldHint>();

/** Adds a JSON Schema description and message hints to a schema; register the innermost schema, before `.optional()`. */
export function field<T extends z.ZodType>(schema: T, description: string, hint?: FieldHint): T {
  const described = schema.describe(description);
  if (hint) {
    hints.add(described, hint);
  }
  return described;
}

export function fixText(hint: FieldHint | undefined, input: unknown): string | undefined {
  return typeof hint?.fix === 'function' ? hint.fix(input) : hint?.fix;
}
