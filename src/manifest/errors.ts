/** A problem in a manifest, located in its file; what users read. */
export interface ManifestIssue {
  readonly file: string;
  /** 1-based line of the node the issue is about. */
  readonly line: number;
  /** 1-based column of the node the issue is about. */
  readonly column: number;
  /** Field path such as `services.storefront.cpu`; empty for problems with the YAML text itself. */
  readonly path: string;
  /** `got <value>; <what is allowed>; <fix>` — lowercase, no final period. */
  readonly message: string;
  /** Stable id of a warning (`portside/manifest:<slug>`), so it can be looked up and acknowledged. */
  readonly id?: string;
}

/**
 * Characters that break or reorder a line where an echoed value lands (terminals, editors, logs):
 * line and paragraph separators, bidirectional overrides and isolates. Printed as `\u{…}` escapes.
 */
const LINE_BREAKING = /[\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;

/** `portside.yaml:52:10 services.storefront.cpu: got 300; …` (no path part when the path is empty), always one line. */
export function formatIssue(issue: ManifestIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  const text = issue.path === '' ? `${where} ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
  return text.replace(LINE_BREAKING, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
}

/** Every problem of a manifest that cannot become a plan; its message lists them all, one a line. */
export class ManifestError extends Error {
  override readonly name = 'ManifestError';
  readonly issues: readonly ManifestIssue[];

  constructor(issues: readonly ManifestIssue[]) {
    super(issues.map(formatIssue).join('\n'));
    this.issues = Object.freeze(issues.map((issue) => Object.freeze({ ...issue })));
  }
}
