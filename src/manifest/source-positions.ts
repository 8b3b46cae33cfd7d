import { Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, Pair } from 'yaml';
import type { FieldPath } from './path';

export interface Position {
  readonly line: number;
  readonly column: number;
}

interface Located {
  /** The node at the path, or the nearest existing parent. */
  readonly node: Node | null;
  /** The key of the last pair walked through, when the whole path was found. */
  readonly key?: Node;
  readonly found: boolean;
}

function keyText(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

/** Maps manifest field paths to line:column in the YAML text, falling back to the nearest existing parent. */
export class SourcePositions {
  constructor(
    private readonly document: Document,
    private readonly lines: LineCounter,
  ) {}

  /** Where the value at `path` starts (or its key, with `at: 'key'`); the nearest parent's position when the path is not in the file. */
  position(path: FieldPath, at?: 'key'): Position {
    const located = this.locate(path);
    const target = at === 'key' && located.found && located.key ? located.key : located.node;
    return this.start(target) ?? { line: 1, column: 1 };
  }

  /** The text a scalar was written as (`3.10`, `012345678901`), for messages that quote it back. */
  sourceText(path: FieldPath): string | undefined {
    const located = this.locate(path);
    return located.found && isScalar(located.node) && typeof located.node.source === 'string' ? located.node.source : undefined;
  }

  private start(node: Node | null | undefined): Position | undefined {
    const offset = node?.range?.[0];
    if (offset === undefined) {
      return undefined;
    }
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
  }

  private locate(path: FieldPath): Located {
    let node = this.document.contents as Node | null;
    let key: Node | undefined;
    for (const segment of path) {
      if (isAlias(node)) {
        node = (node.resolve(this.document) as Node | undefined) ?? node;
      }
      let next: Node | null | undefined;
      if (isMap(node)) {
        const pair = (node.items as Pair[]).find((item) => keyText(item.key) === String(segment));
        key = pair?.key as Node | undefined;
        // `port:` with nothing after it has an empty value node; its key is the better place to point at.
        const value = pair?.value as Node | null | undefined;
        next = pair ? (isScalar(value) && value.source === '' && value.value === null ? (key ?? null) : (value ?? key ?? null)) : undefined;
      } else if (isSeq(node) && typeof segment === 'number') {
        key = undefined;
        next = node.items[segment] as Node | undefined;
      }
      if (next === undefined || next === null) {
        return { node, found: false };
      }
      node = next;
    }
    return { node, key, found: true };
  }
}
