import type { readPreviousAssembly } from '../../reports/assembly-reader';
import { movePlanBaseline, readPlanBaseline } from '../plan-baseline';
import { diffPlans, PlanDiff } from '../../reports/plan-diff';
import { formatPlanDiff } from '../../reports/plan-diff-format';
import { formatEnvironment, formatSharedStack } from '../../reports/plan-format';
import { EnvironmentSummary, SharedStackSummary, summarizeEnvironments, summarizeSharedStacks } from '../../reports/plan-summary';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

export interface PlanResult {
  readonly environments: readonly EnvironmentSummary[];
  /** Stacks shared by the environments (delivery, per-account stacks), per account and region; none with `--env`. */
  readonly shared: readonly SharedStackSummary[];
  /** What changed since the synthesis the output directory held before this one. */
  readonly diff: PlanDiff;
  readonly synthSeconds: number;
}

/** The plan of an existing synthesis, compared with the stacks of an earlier one. */
export function planOf(synthesis: Synthesis, previous: ReturnType<typeof readPreviousAssembly>, env?: string): PlanResult {
  const names = selectEnvironments(synthesis.plan, env);
  // Shared stacks only without --env; environment stacks of the selected environments.
  const wanted = (stack: { readonly environment: string | undefined }) => (stack.environment === undefined ? env === undefined : names.includes(stack.environment));
  const inScope = synthesis.templates.filter(wanted);
  const previousInScope = previous?.filter(wanted);
  const order = (summary: EnvironmentSummary) => names.indexOf(summary.environment);
  return {
    // Manifest order, whatever order the assembly lists its stages in.
    environments: summarizeEnvironments(inScope).sort((a, b) => order(a) - order(b)),
    shared: summarizeSharedStacks(inScope),
    diff: diffPlans(previousInScope, inScope),
    synthSeconds: synthesis.synthSeconds,
  };
}

export function formatPlan(result: PlanResult, manifestFile: string, outDir: string): string {
  const header = `Portside plan of ${manifestFile}: ${result.environments.length} environment${result.environments.length === 1 ? '' : 's'} synthesized to ${outDir} ` +
    `in ${result.synthSeconds.toFixed(1)} s, cdk-nag AwsSolutions and NIST 800-53 rev 5 clean`;
  const shared = result.shared.map(formatSharedStack).flatMap((text) => [text, '']);
  const environments = result.environments.map(formatEnvironment).flatMap((text) => [text, '']);
  return [header, '', ...shared, ...environments, formatPlanDiff(result.diff), ''].join('\n');
}

/** `portside plan`: synthesize (cdk-nag on), summarize, and say what changed since the last plan (the only command that moves that point). */
export function runPlan(context: CommandContext): number {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  const previous = readPlanBaseline(context.outDir);
  context.progress.step('synthesizing every stack with cdk-nag');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository });
  movePlanBaseline(context.outDir);
  context.progress.done();
  const result = planOf(synthesis, previous, context.env);
  context.write(context.json ? `${JSON.stringify(result, null, 2)}\n` : formatPlan(result, context.manifestFile, context.outDir));
  return EXIT.ok;
}
