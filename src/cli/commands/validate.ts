import { formatIssue, ManifestIssue } from '../../manifest';
import { EXIT } from '../errors';

export interface ValidateResult {
  readonly file: string;
  readonly valid: boolean;
  readonly errors: readonly ManifestIssue[];
  readonly warnings: readonly ManifestIssue[];
}

/** The manifest's errors and warnings, as people read them: one line each, then a verdict. */
export function formatValidation(result: ValidateResult): string {
  const lines = [
    ...result.errors.map((issue) => `${formatIssue(issue)}`),
    ...result.warnings.map((issue) => `warning ${formatIssue(issue)}${issue.id ? ` [${issue.id}]` : ''}`),
  ];
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  lines.push(result.valid
    ? `${result.file} is valid (${count(result.warnings.length, 'warning')})`
    : `${count(result.errors.length, 'problem')} in ${result.file} (${count(result.warnings.length, 'warning')}); no stack can be synthesized from it`);
  return `${lines.join('\n')}\n`;
}

export function validateExitCode(result: ValidateResult): number {
  return result.valid ? EXIT.ok : EXIT.manifest;
}
