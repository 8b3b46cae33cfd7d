import { CST, Document, isMap, isScalar, isSeq, LineCounter, Node, Pair, Parser, parseDocument, YAMLError } from 'yaml';
import { clauses } from './finding';
import { FieldPath, formatPath } from './path';
import { TOP_LEVEL_FIELDS } from './schema';
import { SourcePositions } from './source-positions';
import { listText } from './text';

/** An issue already placed in the file (YAML text problems, found before any field is read). */
export interface LocatedIssue {
  readonly line: number;
  readonly column: number;
  readonly path: string;
  readonly message: string;
}

export type YamlReadResult =
  | { readonly ok: true; readonly value: unknown; readonly positions: SourcePositions }
  | { readonly ok: false; readonly issues: readonly LocatedIssue[] };

/** Aliases beyond this count are refused (a "billion laughs" document would otherwise expand without bound). */
const MAX_ALIAS_COUNT = 100;
/** A broken document can repeat one error at many places; past this many, the first ones say enough. */
const MAX_YAML_ISSUES = 20;
/**
 * Deepest nesting read. A manifest is about 8 levels deep; far deeper input is refused before the
 * YAML library builds it recursively (which near the stack limit can abort the process).
 */
const MAX_DEPTH = 64;

const EXPECTED_TOP_LEVEL = `expected a mapping with the fields ${listText(TOP_LEVEL_FIELDS, 'and')}`;

/** Parses the manifest text as one YAML 1.2 document; every syntax problem becomes an issue with its position. */
export function readYaml(text: string): YamlReadResult {
  const deep = tooDeepAt(text);
  if (deep !== undefined) {
    return { ok: false, issues: [{ ...positionOf(text, deep), path: '', message: clauses(`got nesting deeper than ${MAX_DEPTH} levels`, 'a manifest is a few levels deep', 'look for runaway brackets or indentation here') }] };
  }
  const lines = new LineCounter();
  const document = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true, version: '1.2' });
  const problems = [...document.errors, ...document.warnings];
  if (problems.length > 0) {
    return { ok: false, issues: yamlIssues(problems, document, lines) };
  }
  if (document.contents === null) {
    return {
      ok: false,
      issues: [{ line: 1, column: 1, path: '', message: clauses('got an empty manifest', EXPECTED_TOP_LEVEL, 'start from the example in MANIFEST.md') }],
    };
  }
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), positions: new SourcePositions(document, lines) };
  } catch (error) {
    // yaml throws a ReferenceError for excessive aliases and a RangeError when converting runs out of stack.
    if (error instanceof ReferenceError || error instanceof RangeError) {
      return {
        ok: false,
        issues: [{ line: 1, column: 1, path: '', message: clauses('got a document that expands too much to read (too many aliases or too deep)', 'a manifest is a few levels of plain fields', 'write the values out instead of repeating aliases') }],
      };
    }
    throw error;
  }
}

function yamlIssues(problems: readonly YAMLError[], document: Document, lines: LineCounter): LocatedIssue[] {
  if (problems.some((problem) => problem.code === 'RESOURCE_EXHAUSTION')) {
    const problem = problems.find((candidate) => candidate.code === 'RESOURCE_EXHAUSTION')!;
    const { line, col } = lines.linePos(problem.pos[0]);
    return [{ line, column: col, path: '', message: clauses('got nesting too deep to read', 'a manifest is a few levels deep', 'look for runaway brackets or indentation here') }];
  }
  const issues: LocatedIssue[] = [];
  const seen = new Set<string>();
  for (const problem of problems) {
    const { line, col } = lines.linePos(problem.pos[0]);
    const issue = { line, column: col, ...describeProblem(problem, document, lines) };
    // One mistake often trips several checks at the same place: report the first.
    const key = `${line}:${col}`;
    if (!seen.has(key)) {
      seen.add(key);
      issues.push(issue);
    }
  }
  return issues.slice(0, MAX_YAML_ISSUES);
}

/** The YAML library's message, lowercase and without its final period. */
function plain(message: string): string {
  const text = message.split('\n')[0]!.replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

function describeProblem(problem: YAMLError, document: Document, lines: LineCounter): { path: string; message: string } {
  switch (problem.code) {
    case 'DUPLICATE_KEY': {
      const duplicate = findDuplicateKey(document, problem.pos[0]);
      if (duplicate) {
        const first = lines.linePos(duplicate.firstOffset);
        return {
          path: formatPath(duplicate.path),
          message: clauses(
            `got ${JSON.stringify(duplicate.key)} a second time in the same mapping (first at line ${first.line})`,
            'each key may appear once',
            'remove one of them or merge them',
          ),
        };
      }
      return { path: '', message: clauses('got a duplicate key', 'each key may appear once in a mapping', 'remove one of them or merge them') };
    }
    case 'TAB_AS_INDENT':
      return { path: '', message: clauses('got a tab used for indentation', 'YAML indents with spaces only', 'replace the tab with spaces') };
    case 'BAD_INDENT':
    case 'MULTILINE_IMPLICIT_KEY':
    case 'BLOCK_AS_IMPLICIT_KEY':
      return { path: '', message: clauses(`bad indentation: ${plain(problem.message)}`, 'items of one mapping start in the same column, nested ones further right', 'fix the indentation of this line') };
    case 'MISSING_CHAR':
      return { path: '', message: clauses(`invalid YAML: ${plain(problem.message)}`, 'quotes and brackets must be closed', 'close the quote or bracket that starts before this position') };
    case 'MULTIPLE_DOCS':
      return { path: '', message: clauses('got more than one YAML document', 'a manifest is a single document', 'remove the extra --- line') };
    case 'TAG_RESOLVE_FAILED':
      return { path: '', message: clauses(`got an unknown YAML tag (${plain(problem.message)})`, 'a manifest uses plain YAML values', 'remove the tag') };
    default:
      return { path: '', message: clauses(`invalid YAML: ${plain(problem.message)}`, 'the manifest must be valid YAML', 'fix the syntax at this position') };
  }
}

interface DuplicateKey {
  readonly key: string;
  readonly path: FieldPath;
  readonly firstOffset: number;
}

/** The repeated key starting at `offset`, with its path and where it first appeared (walks without recursion). */
function findDuplicateKey(document: Document, offset: number): DuplicateKey | undefined {
  const stack: { node: unknown; path: FieldPath }[] = [{ node: document.contents, path: [] }];
  while (stack.length > 0) {
    const { node, path } = stack.pop()!;
    if (isMap(node)) {
      const firstByKey = new Map<string, number>();
      for (const pair of node.items as Pair[]) {
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const start = (pair.key as Node | null)?.range?.[0];
        if (start === offset && firstByKey.has(key)) {
          return { key, path: [...path, key], firstOffset: firstByKey.get(key)! };
        }
        if (!firstByKey.has(key) && start !== undefined) {
          firstByKey.set(key, start);
        }
        stack.push({ node: pair.value, path: [...path, key] });
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => stack.push({ node: item, path: [...path, index] }));
    }
  }
  return undefined;
}

/** Offset of the first node nested deeper than MAX_DEPTH, from the concrete syntax tree (walked without recursion). */
function tooDeepAt(text: string): number | undefined {
  const stack: { token: CST.Token | undefined; depth: number }[] = [];
  for (const token of new Parser().parse(text)) {
    stack.push({ token, depth: 0 });
  }
  while (stack.length > 0) {
    const { token, depth } = stack.pop()!;
    if (token === undefined) {
      continue;
    }
    if (depth > MAX_DEPTH) {
      return token.offset;
    }
    if (token.type === 'document') {
      stack.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of token.items) {
        stack.push({ token: item.key ?? undefined, depth: depth + 1 }, { token: item.value, depth: depth + 1 });
      }
    }
  }
  return undefined;
}

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  return { line: before.split('\n').length, column: offset - before.lastIndexOf('\n') };
}
