import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { formatIssue, ManifestError, ManifestIssue, parseManifest } from '../../src/manifest';
import { portside } from '../support/cli';
import { REPO_ROOT } from '../support/reference';

/**
 * Random mutations of the reference manifest never crash the parser: each ends in a ManifestError
 * whose issues are located and one line each, and the CLI turns them into exit 2 without a stack
 * trace. (test/manifest/errors.test.ts fuzzes the YAML text with random character edits; this file
 * mutates the parsed structure, so the cases reach the schema and the rules behind the YAML parser.)
 */
const REFERENCE_TEXT = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8');
const RUNS = Number(process.env.PORTSIDE_PROPERTY_RUNS ?? '') || 4;
const NUM_RUNS = Math.max(200, RUNS * 50);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = readonly (string | number)[];

function reference(): Record<string, Json> {
  return parse(REFERENCE_TEXT) as Record<string, Json>;
}

/** Every path of the document, with the value found there. */
function paths(node: Json, prefix: Path = []): [Path, Json][] {
  const here: [Path, Json][] = prefix.length > 0 ? [[prefix, node]] : [];
  if (Array.isArray(node)) return [...here, ...node.flatMap((child, i) => paths(child, [...prefix, i]))];
  if (node !== null && typeof node === 'object') return [...here, ...Object.entries(node).flatMap(([key, child]) => paths(child, [...prefix, key]))];
  return here;
}

function at(document: Json, path: Path): Json {
  return path.reduce<Json>((node, key) => (node as Record<string | number, Json>)[key]!, document);
}

function setAt(document: Json, path: Path, value: Json | undefined): void {
  const parent = at(document, path.slice(0, -1)) as Record<string | number, Json>;
  const key = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else delete parent[key];
  } else {
    parent[key] = value;
  }
}

const REFERENCE_PATHS = paths(reference());
const SCALAR_PATHS = REFERENCE_PATHS.filter(([, v]) => v === null || typeof v !== 'object').map(([p]) => p);
const NUMBER_PATHS = REFERENCE_PATHS.filter(([, v]) => typeof v === 'number').map(([p]) => p);

/** Mappings whose keys are fixed field names (not user-chosen names such as services or variables). */
const FIELD_MAPPINGS: Path[] = [
  [], ['github'], ['github', 'platform'], ['environments', 'dev'], ['environments', 'prod'], ['environments', 'prod', 'domain'],
  ['databases', 'catalog'], ['databases', 'orders'], ['fileSystems', 'media'],
  ['services', 'storefront'], ['services', 'storefront', 'scaling'], ['services', 'orders-api'], ['services', 'backoffice'],
  ['services', 'backoffice', 'databases', 1],
];

/** Fields a manifest cannot do without. */
const REQUIRED: Path[] = [
  ...['project', 'region', 'drRegion', 'alertEmail', 'github', 'environments', 'services'].map((f) => [f]),
  ['github', 'owner'],
  ...['account', 'branch', 'profile'].flatMap((f) => [['environments', 'dev', f], ['environments', 'prod', f]]),
  ...['repository', 'port', 'healthCheckPath', 'cpu', 'memoryMiB'].flatMap((f) => ['storefront', 'orders-api', 'backoffice'].map((s) => ['services', s, f])),
  ['databases', 'catalog', 'engine'], ['databases', 'orders', 'engine'],
  ['services', 'backoffice', 'databases', 1, 'name'],
];

/** Identifier-like strings that take ASCII only. */
const ASCII_ONLY: Path[] = [['project'], ['region'], ['drRegion'], ['alertEmail'], ['github', 'owner'], ['environments', 'dev', 'account'],
  ['environments', 'prod', 'account'], ['services', 'storefront', 'repository'], ['services', 'orders-api', 'healthCheckPath'], ['environments', 'dev', 'profile']];

/** A string with at least one character outside ASCII (emoji, RTL, combining marks, NUL, line breaks…). */
const unicodeText = fc.tuple(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('é', 'ß', '漢字', '🚀', '\u202e', 'e\u0301', '\u0000', '\ufeff', '\u2028', 'İ', '\ud800'),
  fc.string({ unit: 'grapheme', maxLength: 8 }),
).map(([a, b, c]) => `${a}${b}${c}`);

function nested(depth: number, list: boolean): Json {
  let node: Json = 'x';
  for (let i = 0; i < depth; i++) node = list ? [node] : { a: node };
  return node;
}

const wrongType: fc.Arbitrary<Json> = fc.oneof(
  fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.constant<Json>([]), fc.constant<Json>({}),
  fc.array(fc.integer(), { minLength: 1, maxLength: 3 }), fc.dictionary(fc.string({ minLength: 1, maxLength: 5 }), fc.integer(), { minKeys: 1, maxKeys: 2 }),
);

/** A value of another YAML type than the one the reference has there. */
function ofOtherType(value: Json) {
  const kind = (v: Json) => (v === null ? 'null' : Array.isArray(v) ? 'list' : typeof v);
  return wrongType.filter((candidate) => kind(candidate) !== kind(value) && !(kind(value) === 'number' && kind(candidate) === 'number'));
}

type Mutation = { name: string; apply: (document: Record<string, Json>) => void };

const wrongTypeMutation: fc.Arbitrary<Mutation> = fc.constantFrom(...SCALAR_PATHS.filter((p) => !['tags', 'environment'].includes(String(p[p.length - 2]))))
  .chain((path) => ofOtherType(at(reference(), path)).map((value) => ({ name: `wrong type at ${path.join('.')}: ${JSON.stringify(value)}`, apply: (d: Record<string, Json>) => setAt(d, path, value) })));

const missingField: fc.Arbitrary<Mutation> = fc.constantFrom(...REQUIRED)
  .map((path) => ({ name: `missing ${path.join('.')}`, apply: (d: Record<string, Json>) => setAt(d, path, undefined) }));

const unknownKey: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(...FIELD_MAPPINGS), fc.oneof(fc.constantFrom('extra', 'Project', 'cpus', 'memory', '__proto__', 'constructor', 'toString', ''), unicodeText), fc.jsonValue() as fc.Arbitrary<Json>)
  .filter(([path, key]) => !Object.hasOwn(at(reference(), path) as object, key))
  .map(([path, key, value]) => ({ name: `unknown key ${JSON.stringify(key)} in ${path.join('.') || '(top)'}`, apply: (d: Record<string, Json>) => {
    Object.defineProperty(at(d, path), key, { value, enumerable: true, configurable: true, writable: true });
  } }));

const hugeNumber: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(...NUMBER_PATHS), fc.oneof(
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, 1e21, -(2 ** 31), 2 ** 63, Number.MAX_SAFE_INTEGER, Infinity, -Infinity, NaN, -0),
  fc.double({ min: 1e9, noNaN: true }),
  fc.integer({ min: -(2 ** 31), max: -1 }),
)).map(([path, value]) => ({ name: `number ${value} at ${path.join('.')}`, apply: (d: Record<string, Json>) => setAt(d, path, value) }));

const unicodeValue: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(...ASCII_ONLY), unicodeText)
  .map(([path, value]) => ({ name: `unicode ${JSON.stringify(value)} at ${path.join('.')}`, apply: (d: Record<string, Json>) => setAt(d, path, value) }));

const unicodeName: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom('services', 'databases', 'environments', 'fileSystems'), unicodeText)
  .map(([section, name]) => ({ name: `unicode ${section} name ${JSON.stringify(name)}`, apply: (d: Record<string, Json>) => {
    const entries = Object.entries(d[section] as Record<string, Json>);
    const [first, value] = entries[0]!;
    d[section] = Object.fromEntries([[name, value], ...entries.filter(([key]) => key !== first)]);
  } }));

const deepNesting: fc.Arbitrary<Mutation> = fc.tuple(fc.constantFrom(...REFERENCE_PATHS.map(([p]) => p)), fc.integer({ min: 65, max: 400 }), fc.boolean())
  .map(([path, depth, list]) => ({ name: `nesting ${depth} deep (${list ? 'lists' : 'maps'}) at ${path.join('.')}`, apply: (d: Record<string, Json>) => setAt(d, path, nested(depth, list)) }));

const mutation = fc.oneof(wrongTypeMutation, missingField, unknownKey, hugeNumber, unicodeValue, unicodeName, deepNesting);

/** 1–3 mutations of the reference manifest, as YAML text. */
const mutatedManifest = fc.array(mutation, { minLength: 1, maxLength: 3 }).map((mutations) => {
  const document = reference();
  const applied: string[] = [];
  for (const m of mutations) {
    try {
      m.apply(document);
      applied.push(m.name);
    } catch {
      // An earlier mutation removed or replaced the node this one targets: skip it.
    }
  }
  return { names: applied, yaml: stringify(document, { aliasDuplicateObjects: false }) };
}).filter((m) => m.names.length > 0);

/** Documents that are not a manifest at all. */
const notAManifest: fc.Arbitrary<{ names: string[]; yaml: string }> = fc.oneof(
  fc.constantFrom('', ' ', '\n\n', '\ufeff', '# only a comment\n', '---\n', '...\n', '~\n', '[]\n', '{}\n').map((yaml) => ({ names: ['empty-ish file'], yaml })),
  fc.uint8Array({ minLength: 1, maxLength: 2048 }).chain((bytes) => fc.constantFrom('utf8', 'latin1', 'utf16le') .map((encoding) => ({ names: [`binary garbage (${bytes.length} bytes, ${encoding})`], yaml: Buffer.from(bytes).toString(encoding as BufferEncoding) }))),
  fc.string({ unit: 'binary', maxLength: 300 }).map((yaml) => ({ names: ['random unicode text'], yaml })),
  fc.tuple(fc.integer({ min: 65, max: 5000 }), fc.constantFrom('[', '{', '- ', '{a: ')).map(([depth, open]) => ({ names: [`${depth} × ${JSON.stringify(open)}`], yaml: `${open.repeat(depth)}\n` })),
);

/** The issues of a rejected manifest; throws (failing the property) when it parses or fails another way. */
function rejection(yaml: string): readonly ManifestIssue[] {
  let error: unknown;
  try {
    parseManifest(yaml, 'mutated.yaml');
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new Error('the mutated manifest was accepted');
  if (!(error instanceof ManifestError)) throw error;
  return error.issues;
}

function expectWellFormed(issues: readonly ManifestIssue[]) {
  expect(issues.length).toBeGreaterThan(0);
  for (const issue of issues) {
    expect(issue.line).toBeGreaterThanOrEqual(1);
    expect(issue.column).toBeGreaterThanOrEqual(1);
    expect(issue.message.length).toBeGreaterThan(0);
    expect(formatIssue(issue), 'an issue reads as one line').not.toMatch(/[\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/u);
  }
}

describe('random mutations of the reference manifest', () => {
  it('structural mutations (wrong types, missing fields, unknown keys, huge numbers, unicode, deep nesting) end in a ManifestError', () => {
    fc.assert(fc.property(mutatedManifest, ({ yaml }) => {
      expectWellFormed(rejection(yaml));
    }), { numRuns: NUM_RUNS });
  });

  it('a file cut anywhere either still parses (it may be a valid prefix) or ends in a ManifestError', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: REFERENCE_TEXT.length - 1 }), (cut) => {
      try {
        parseManifest(REFERENCE_TEXT.slice(0, cut), 'cut.yaml');
      } catch (error) {
        if (!(error instanceof ManifestError)) throw error;
        expectWellFormed(error.issues);
      }
    }), { numRuns: NUM_RUNS });
  });

  it('empty files, binary garbage, random text and deep nesting end in a ManifestError', () => {
    fc.assert(fc.property(notAManifest, ({ yaml }) => {
      expectWellFormed(rejection(yaml));
    }), { numRuns: NUM_RUNS });
  });
});

describe('the CLI on mutated manifests', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portside-props-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Each CLI run starts Node and tsx (about a second), so a fixed handful of generated cases.
  const cases = [
    ...fc.sample(mutatedManifest, { numRuns: 3, seed: 6 }),
    ...fc.sample(notAManifest, { numRuns: 2, seed: 6 }),
    { names: ['empty file'], yaml: '' },
    { names: ['binary garbage'], yaml: Buffer.from(fc.sample(fc.uint8Array({ minLength: 256, maxLength: 256 }), { numRuns: 1, seed: 6 })[0]!).toString('latin1') },
  ];

  it.each(cases.map((c, i) => [c.names.join(' + '), i, c.yaml] as const))('%s: exit 2, one line per issue, no stack trace', (_name, i, yaml) => {
    const file = join(dir, `mutated-${i}.yaml`);
    writeFileSync(file, yaml);
    const run = portside(['validate', '--manifest', file]);
    const output = `${run.stdout}${run.stderr}`;
    expect(output).not.toContain('\n    at ');
    expect(run.status, output).toBe(2);
    const issues = rejection(yaml);
    const lines = output.trimEnd().split('\n');
    // Every issue on a line of its own, then the summary line.
    expect(lines.filter((line) => line.startsWith(`${file}:`))).toHaveLength(issues.length);
    expect(lines.at(-1)).toMatch(new RegExp(`^\\d+ problems? in ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});
