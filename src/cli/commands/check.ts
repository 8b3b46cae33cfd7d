import { checkApp, DEFAULT_GUARD_FAIL_ON, GUARD_SEVERITIES, GuardFailOn } from '../../reports/check/check-report';
import { formatCheck } from '../../reports/check/check-format';
import type { CheckReport } from '../../reports/check/types';
import type { CommandContext } from '../context';
import { EXIT, UserError } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

export type { CheckReport } from '../../reports/check/types';
export { formatCheck } from '../../reports/check/check-format';

export interface CheckOptions {
  /** Control Tower findings at or above this severity fail the check (NONE: none does). @default MEDIUM */
  readonly guardFailOn?: GuardFailOn;
}

/**
 * The compliance check of an existing synthesis (made with `compliance: false`, so that synthesis
 * did not stop at the first cdk-nag report): cdk-nag AwsSolutions, NIST 800-53 rev 5 and HIPAA
 * Security, the Control Tower guard rules, and CloudFormation's per-stack limits, for every stack or
 * for one environment's.
 */
export function checkOf(synthesis: Synthesis, env?: string, options: CheckOptions = {}): CheckReport {
  const environments = env === undefined ? undefined : selectEnvironments(synthesis.plan, env);
  return checkApp({
    app: synthesis.app,
    assembly: synthesis.assembly,
    environments,
    guardFailOn: options.guardFailOn,
    synthSeconds: synthesis.synthSeconds,
  });
}

/** 1 when an error is left (unacknowledged AwsSolutions/NIST error, a stack over a limit), else 0. */
export function checkExitCode(report: CheckReport): number {
  return report.summary.passed ? EXIT.ok : EXIT.failed;
}

/** `--guard-fail-on`: a Control Tower severity, or `none`; absent, the default (medium). */
export function parseGuardFailOn(value: unknown): GuardFailOn {
  if (value === undefined) return DEFAULT_GUARD_FAIL_ON;
  const severity = String(value).toUpperCase();
  if (severity !== 'NONE' && !(GUARD_SEVERITIES as readonly string[]).includes(severity)) {
    throw new UserError(`--guard-fail-on takes a Control Tower severity, got "${String(value)}"`, `use one of: none, ${GUARD_SEVERITIES.map((s) => s.toLowerCase()).join(', ')}`);
  }
  return severity as GuardFailOn;
}

/** `portside check`: synthesize once (cdk-nag not stopping it), run every check, exit 1 on an error. */
export function runCheck(context: CommandContext): number {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  const guardFailOn = parseGuardFailOn(context.options.guardFailOn);
  context.progress.step('synthesizing every stack');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository, compliance: false, enforceLimits: false });
  context.progress.step('running cdk-nag, the Control Tower guard rules and the CloudFormation limits');
  const report = checkOf(synthesis, context.env, { guardFailOn });
  context.progress.done();
  context.write(context.json ? `${JSON.stringify(report, null, 2)}\n` : formatCheck(report));
  return checkExitCode(report);
}
