/**
 * Turns zod's issues for the manifest schema into findings that read
 * `got <value>; <what is allowed>; <fix>`, using the hints kept beside the schema.
 */
import { z } from 'zod';
import { asMapping } from './fields';
import { clauses, Finding } from './finding';
import { fixText, FieldHint, hints } from './hints';
import { FieldPath, formatPath } from './path';
import { manifestSchema, TOP_LEVEL_FIELDS } from './schema';
import { closest, didYouMean, listText, showTypedValue, showValue } from './text';

/** The original text of a scalar in the file (`3.10`, `012345678901`), when the value came from one. */
export type SourceText = (path: FieldPath) => string | undefined;

/** Validates the whole manifest against its schema: one finding per bad field, unknown field or missing field. */
export function schemaFindings(value: unknown, sourceText: SourceText): Finding[] {
  const result = manifestSchema.safeParse(value, { reportInput: true });
  if (result.success) {
    return [];
  }
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const issue of result.error.issues) {
    // Several checks can fail on one value (too long and wrong characters): say it once.
    const slot = `${issue.code === 'invalid_key' ? 'key' : 'value'}:${JSON.stringify(issue.path)}`;
    if (seen.has(slot)) {
      continue;
    }
    seen.add(slot);
    findings.push(...issueFindings(issue, value, sourceText));
  }
  return findings;
}

function issueFindings(issue: z.core.$ZodIssue, root: unknown, sourceText: SourceText): Finding[] {
  const path: FieldPath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownField(path, key, valueAt(root, path)));
    case 'invalid_key':
      return [badName(path)];
    case 'custom':
      return [{ path, message: issue.message }];
    default:
      if (!isMissing(root, path)) {
        return issue.code === 'invalid_union' ? unionFindings(issue, root, sourceText) : [badValue(path, issue, sourceText(path))];
      }
      // A misspelt field is both unknown and missing; its "did you mean" already says it all.
      return misspeltAs(root, path) ? [] : [missingField(path)];
  }
}

// ── Schema lookup ────────────────────────────────────────────────────────────────────────────

function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodNullable) {
    current = current.unwrap() as z.ZodType;
  }
  return current;
}

/** The schema of the child `segment` of a value of `schema`; through a union, the first form that has one. */
function childSchema(schema: z.ZodType, segment: string | number): z.ZodType | undefined {
  if (schema instanceof z.ZodObject) {
    const shape = schema.shape as Record<string, z.ZodType>;
    return Object.hasOwn(shape, String(segment)) ? shape[String(segment)] : undefined;
  }
  if (schema instanceof z.ZodRecord) {
    return schema.valueType as z.ZodType;
  }
  if (schema instanceof z.ZodArray) {
    return schema.element as z.ZodType;
  }
  if (schema instanceof z.ZodUnion) {
    return (schema.options as readonly z.ZodType[]).map((option) => childSchema(unwrap(option), segment)).find((child) => child !== undefined);
  }
  return undefined;
}

/** True when a value was written in the form `schema` takes (a mapping for an object, text for a string, …), whatever its content. */
function isWrittenAs(schema: z.ZodType, value: unknown): boolean {
  if (schema instanceof z.ZodObject || schema instanceof z.ZodRecord) {
    return asMapping(value) !== undefined;
  }
  if (schema instanceof z.ZodArray) {
    return Array.isArray(value);
  }
  if (schema instanceof z.ZodString || schema instanceof z.ZodEnum) {
    return typeof value === 'string';
  }
  if (schema instanceof z.ZodNumber) {
    return typeof value === 'number';
  }
  return schema instanceof z.ZodBoolean && typeof value === 'boolean';
}

/**
 * The schema of the value at `path` (optional wrappers removed). Where a field takes several forms
 * (a union), the form `value` (the value found at `path`) is written in, when one matches.
 */
function schemaAt(path: FieldPath, value?: unknown): z.ZodType | undefined {
  let current: z.ZodType | undefined = unwrap(manifestSchema);
  for (const segment of path) {
    current = childSchema(current, segment);
    if (current === undefined) {
      return undefined;
    }
    current = unwrap(current);
  }
  if (current instanceof z.ZodUnion && value !== undefined) {
    const form = (current.options as readonly z.ZodType[]).map(unwrap).find((option) => isWrittenAs(option, value));
    return form ?? current;
  }
  return current;
}

function valueAt(root: unknown, path: FieldPath): unknown {
  let current = root;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') {
      current = current[segment];
    } else {
      const mapping = asMapping(current);
      current = mapping && Object.hasOwn(mapping, String(segment)) ? mapping[String(segment)] : undefined;
    }
  }
  return current;
}

/** True when the parent holds an unknown field that is a typo of the missing field at `path`. */
function misspeltAs(root: unknown, path: FieldPath): boolean {
  const field = String(path[path.length - 1]);
  const parent = asMapping(valueAt(root, path.slice(0, -1))) ?? {};
  const schema = schemaAt(path.slice(0, -1), parent);
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return Object.keys(parent).some((key) => !known.includes(key) && closest(key, [field]) === field);
}

function isMissing(root: unknown, path: FieldPath): boolean {
  if (path.length === 0) {
    return false;
  }
  const parent = asMapping(valueAt(root, path.slice(0, -1)));
  return parent !== undefined && !Object.hasOwn(parent, String(path[path.length - 1]));
}

/** What a schema expects, as a noun phrase: `an integer`, `true or false`, `a list`. */
function expectedKind(schema: z.ZodType | undefined, hint: FieldHint | undefined): string {
  if (hint?.kind) {
    return hint.kind;
  }
  if (schema === manifestSchema) {
    return `a mapping with the fields ${listText(TOP_LEVEL_FIELDS, 'and')}`;
  }
  if (schema instanceof z.ZodString) {
    return 'a string';
  }
  if (schema instanceof z.ZodNumber) {
    return schema.isInt ? 'an integer' : 'a number';
  }
  if (schema instanceof z.ZodBoolean) {
    return 'true or false';
  }
  if (schema instanceof z.ZodObject) {
    return `a mapping of fields (${Object.keys(schema.shape).join(', ')})`;
  }
  if (schema instanceof z.ZodRecord) {
    return 'a mapping of names to values';
  }
  if (schema instanceof z.ZodArray) {
    return 'a list';
  }
  if (schema instanceof z.ZodEnum) {
    return `one of ${listText(schema.options.map(String))}`;
  }
  if (schema instanceof z.ZodUnion) {
    return listText((schema.options as readonly z.ZodType[]).map((option) => expectedKind(unwrap(option), hints.get(unwrap(option)))));
  }
  return 'another kind of value';
}

// ── Findings ─────────────────────────────────────────────────────────────────────────────────

/** `environments.prod.overrides.services.storefront` → `services.storefront`. */
function overriddenPath(overridePath: FieldPath): FieldPath | undefined {
  return overridePath.length === 5 && overridePath[0] === 'environments' && overridePath[2] === 'overrides'
    ? overridePath.slice(3)
    : undefined;
}

/**
 * A value that fits none of a field's forms (a service's database entry: a name or `{ name, access }`).
 * Written in one of the forms, what is wrong inside that form is reported (an unknown access, a
 * missing name); written in none, the field's own hint says what it takes.
 */
function unionFindings(issue: z.core.$ZodIssueInvalidUnion, root: unknown, sourceText: SourceText): Finding[] {
  const path: FieldPath = issue.path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
  const form = issue.errors.find((errors) => !errors.some((inner) => inner.code === 'invalid_type' && inner.path.length === 0));
  if (!form) {
    return [badValue(path, issue, sourceText(path))];
  }
  return form.flatMap((inner) => issueFindings({ ...inner, path: [...issue.path, ...inner.path] } as z.core.$ZodIssue, root, sourceText));
}

function unknownField(parent: FieldPath, key: string, value: unknown): Finding {
  const schema = schemaAt(parent, value);
  const forbidden = schema ? hints.get(schema)?.forbidden : undefined;
  const path = [...parent, key];
  if (forbidden && Object.hasOwn(forbidden, key)) {
    const base = overriddenPath(parent);
    return {
      path,
      at: 'key',
      message: clauses(
        `got ${key} in an override`,
        `${key} cannot be overridden per environment: ${forbidden[key]}`,
        `remove it here${base ? ` and change ${formatPath([...base, key])} for every environment` : ''}`,
      ),
    };
  }
  const allowed = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return {
    path,
    at: 'key',
    message: clauses(
      `got unknown field ${JSON.stringify(key)}`,
      `allowed fields: ${allowed.join(', ')}`,
      didYouMean(key, allowed) ?? 'remove it or correct its name',
    ),
  };
}

function badName(path: FieldPath): Finding {
  const name = path[path.length - 1];
  const record = schemaAt(path.slice(0, -1));
  const keySchema = record instanceof z.ZodRecord ? (record.keyType as z.ZodType) : undefined;
  const hint = keySchema ? hints.get(keySchema) : undefined;
  return {
    path,
    at: 'key',
    message: clauses(`got name ${showValue(name)}`, hint?.allowed ?? 'this name is not allowed here', fixText(hint, name) ?? 'rename it'),
  };
}

function missingField(path: FieldPath): Finding {
  const key = String(path[path.length - 1]);
  const schema = schemaAt(path);
  const hint = schema ? hints.get(schema) : undefined;
  return {
    path: path.slice(0, -1),
    message: clauses(
      `missing required field ${JSON.stringify(key)}`,
      hint?.allowed ?? `expected ${expectedKind(schema, hint)}`,
      hint?.example ? `add ${key}: ${hint.example}` : `add ${key}`,
    ),
  };
}

function badValue(path: FieldPath, issue: z.core.$ZodIssue, source: string | undefined): Finding {
  const input = issue.input;
  const schema = schemaAt(path, input);
  const hint = schema ? hints.get(schema) : undefined;
  if (issue.code === 'invalid_union') {
    return {
      path,
      message: clauses(`got ${showTypedValue(input)}`, `expected ${expectedKind(schema, hint)}`, fixText(hint, input) ?? `write ${expectedKind(schema, hint)}`),
    };
  }
  if (issue.code === 'invalid_type') {
    if (issue.expected === 'int' && typeof input === 'number') {
      return {
        path,
        message: clauses(`got ${showValue(input)}`, hint?.allowed ?? 'expected a whole number', `use a whole number such as ${Math.round(input)}`),
      };
    }
    return {
      path,
      message: clauses(`got ${showTypedValue(input)}`, `expected ${expectedKind(schema, hint)}`, typeFix(path, schema, hint, input, source)),
    };
  }
  if (issue.code === 'invalid_value') {
    const values = issue.values.filter((value): value is string | number => typeof value === 'string' || typeof value === 'number');
    return {
      path,
      message: clauses(`got ${showValue(input)}`, hint?.allowed ?? `expected one of ${listText(values)}`, optionFix(input, values)),
    };
  }
  return {
    path,
    message: clauses(`got ${showValue(input)}`, hint?.allowed ?? genericAllowed(issue), fixText(hint, input) ?? genericFix(issue)),
  };
}

/** How to turn a value of the wrong type into the right one. */
function typeFix(path: FieldPath, schema: z.ZodType | undefined, hint: FieldHint | undefined, input: unknown, source: string | undefined): string {
  const key = path.length > 0 ? String(path[path.length - 1]) : undefined;
  if (path.length === 0) {
    return 'write the manifest as field: value lines, starting from the example in MANIFEST.md';
  }
  if (input === null || input === undefined) {
    if (schema instanceof z.ZodObject && hint?.fix) {
      return fixText(hint, input) ?? 'write a value after the colon';
    }
    return hint?.example ? `write a value, e.g. ${key}: ${hint.example}` : 'write a value after the colon, or remove the line';
  }
  if (schema instanceof z.ZodNumber) {
    if (typeof input === 'string' && input.trim() !== '' && Number.isFinite(Number(input))) {
      return 'write the number without quotes';
    }
    return hint?.example ? `write a number, e.g. ${hint.example}` : 'write a number';
  }
  if (schema instanceof z.ZodString) {
    if (typeof input === 'number' || typeof input === 'boolean') {
      return `quote it: "${source ?? String(input)}"`;
    }
    return 'write it as text';
  }
  if (schema instanceof z.ZodBoolean) {
    return typeof input === 'string' && /^(?:true|false)$/i.test(input)
      ? 'write true or false without quotes'
      : 'write true or false (YAML reads yes, no, on and off as text)';
  }
  if (schema instanceof z.ZodObject && hint?.fix && !Array.isArray(input) && typeof input !== 'object') {
    return fixText(hint, input) ?? 'indent name: value lines under this key';
  }
  if (schema instanceof z.ZodObject || schema instanceof z.ZodRecord) {
    return Array.isArray(input)
      ? 'write name: value lines instead of a list (no leading "- ")'
      : 'indent name: value lines under this key';
  }
  if (schema instanceof z.ZodArray) {
    return typeof input === 'string' ? `write a list: [${input}]` : 'write a list, e.g. [a, b]';
  }
  return `write ${expectedKind(schema, hint)}`;
}

/** For a value outside a fixed set: the likely intended option, or the nearest numbers. */
function optionFix(input: unknown, values: readonly (string | number)[]): string {
  if (typeof input === 'string') {
    return didYouMean(input, values.map(String)) ?? `use ${listText(values)}`;
  }
  if (typeof input === 'number' && values.every((value) => typeof value === 'number')) {
    const numbers = values as readonly number[];
    const below = numbers.filter((value) => value < input).at(-1);
    const above = numbers.find((value) => value > input);
    return `use ${listText([below, above].filter((value): value is number => value !== undefined))}`;
  }
  return `use ${listText(values)}`;
}

function genericAllowed(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return issue.origin === 'number' ? `expected at least ${issue.minimum}` : `expected at least ${issue.minimum} ${issue.origin === 'string' ? 'characters' : 'entries'}`;
    case 'too_big':
      return issue.origin === 'number' ? `expected at most ${issue.maximum}` : `expected at most ${issue.maximum} ${issue.origin === 'string' ? 'characters' : 'entries'}`;
    case 'invalid_format':
      return `expected the ${issue.format} format`;
    default:
      return issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
  }
}

function genericFix(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_small':
      return `use ${issue.minimum} or more`;
    case 'too_big':
      return `use ${issue.maximum} or less`;
    default:
      return 'see portside.schema.json for what this field takes';
  }
}
