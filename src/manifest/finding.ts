import type { FieldPath } from './path';
import { didYouMean } from './text';

/** An issue before it is placed in the file: what is wrong and at which field. */
export interface Finding {
  readonly path: FieldPath;
  readonly message: string;
  /** Point at the key naming the field (unknown or misplaced fields) rather than at its value. */
  readonly at?: 'key';
  /** Set for warnings: the stable id `portside/manifest:<slug>`. */
  readonly warning?: string;
}

/** Stable id of a manifest warning. */
export function warningId(slug: string): string {
  return `portside/manifest:${slug}`;
}

/** Joins the clauses of a message (`got …; allowed …; fix …`), skipping empty ones. */
export function clauses(...parts: readonly (string | false | undefined)[]): string {
  return parts.filter((part): part is string => typeof part === 'string' && part !== '').join('; ');
}

/** `declared databases: a, b; did you mean "a"?` or how to declare it when nothing is close. */
export function undeclared(kind: string, section: string, name: string, declared: ReadonlySet<string>): string {
  return clauses(
    declared.size === 0 ? `no ${kind} are declared` : `declared ${kind}: ${[...declared].join(', ')}`,
    didYouMean(name, declared) ?? `declare ${name} under ${section} or remove it here`,
  );
}
