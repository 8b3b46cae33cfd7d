/** Exit statuses of every command: a contract with CI scripts. */
export const EXIT = {
  ok: 0,
  /** `check` found an unacknowledged error, or something unexpected failed. */
  failed: 1,
  /** The manifest cannot become a plan (MANIFEST.md), or the command line is wrong. */
  manifest: 2,
} as const;

/**
 * A failure the user can fix, reported as one line and a hint, never with a stack trace:
 * `portside: no environment "stage"` / `hint: the manifest has dev, prod`.
 */
export class UserError extends Error {
  constructor(message: string, public readonly hint: string, public readonly exitCode: number = EXIT.manifest) {
    super(message);
    this.name = 'UserError';
  }
}
