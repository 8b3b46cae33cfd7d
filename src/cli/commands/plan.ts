import { writeFileSync } from 'node:fs';
import type { readPreviousAssembly, SynthesizedStack } from '../../reports/assembly-reader';
import { movePlanBaseline, readPlanBaseline } from '../plan-baseline';
import { diffPlans, PlanBaseline, PlanDiff } from '../../reports/plan-diff';
import { formatPlanDiff } from '../../reports/plan-diff-format';
import { formatEnvironment, formatSharedStack } from '../../reports/plan-format';
import { reviewOf } from '../../reports/plan-review';
import { EnvironmentSummary, SharedStackSummary, summarizeEnvironments, summarizeSharedStacks } from '../../reports/plan-summary';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

export interface PlanResult {
  readonly environments: readonly EnvironmentSummary[];
  /** Stacks shared by the environments (delivery, per-account stacks), per account and region; none with `--env`. */
  readonly shared: readonly SharedStackSummary[];
  /** What the diff compares with: the last plan, or what CloudFormation has deployed (`--deployed`). */
  readonly baseline: PlanBaseline;
  /** What changed since the baseline. */
  readonly diff: PlanDiff;
  readonly synthSeconds: number;
}

/** The stacks a plan reports on: shared stacks only without --env, environment stacks of the selected environments. */
function inScopeOf(names: readonly string[], env: string | undefined) {
  return (stack: { readonly environment: string | undefined }) => (stack.environment === undefined ? env === undefined : names.includes(stack.environment));
}

/**
 * The plan of an existing synthesis, compared with the stacks of an earlier one (or of what is
 * deployed: `previous` then holds only the stacks CloudFormation has).
 */
export function planOf(synthesis: Synthesis, previous: ReturnType<typeof readPreviousAssembly>, env?: string, baseline: PlanBaseline = 'last-plan'): PlanResult {
  const names = selectEnvironments(synthesis.plan, env);
  const wanted = inScopeOf(names, env);
  const inScope = synthesis.templates.filter(wanted);
  const previousInScope = previous?.filter(wanted);
  const order = (summary: EnvironmentSummary) => names.indexOf(summary.environment);
  return {
    // Manifest order, whatever order the assembly lists its stages in.
    environments: summarizeEnvironments(inScope).sort((a, b) => order(a) - order(b)),
    shared: summarizeSharedStacks(inScope),
    baseline,
    diff: diffPlans(previousInScope, inScope),
    synthSeconds: synthesis.synthSeconds,
  };
}

export function formatPlan(result: PlanResult, manifestFile: string, outDir: string): string {
  const header = `Portside plan of ${manifestFile}: ${result.environments.length} environment${result.environments.length === 1 ? '' : 's'} synthesized to ${outDir} ` +
    `in ${result.synthSeconds.toFixed(1)} s, cdk-nag AwsSolutions and NIST 800-53 rev 5 clean`;
  const shared = result.shared.map(formatSharedStack).flatMap((text) => [text, '']);
  const environments = result.environments.map(formatEnvironment).flatMap((text) => [text, '']);
  return [header, '', ...shared, ...environments, formatPlanDiff(result.diff, result.baseline), ''].join('\n');
}

/** The deployed templates of the stacks in scope (the AWS SDK is loaded here, and only here). */
async function deployedStacksOf(synthesis: Synthesis, env: string | undefined): Promise<SynthesizedStack[]> {
  /* eslint-disable-next-line @typescript-eslint/no-require-imports */
  const { readDeployedStacks } = require('../deployed/deployed-stacks') as typeof import('../deployed/deployed-stacks');
  return readDeployedStacks(synthesis.templates.filter(inScopeOf(selectEnvironments(synthesis.plan, env), env)));
}

/**
 * `portside plan`: synthesize (cdk-nag on), summarize, and say what changed since the last plan (the
 * only command that moves that point), or with `--deployed` against what CloudFormation has deployed
 * (which leaves the last plan where it was). `--summary-file` writes the review of that difference.
 */
export async function runPlan(context: CommandContext): Promise<number> {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  const baseline: PlanBaseline = context.options.deployed === true ? 'deployed' : 'last-plan';
  const previous = baseline === 'last-plan' ? readPlanBaseline(context.outDir) : undefined;
  context.progress.step('synthesizing every stack with cdk-nag');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository });
  let result: PlanResult;
  if (baseline === 'deployed') {
    context.progress.step('reading the deployed templates');
    result = planOf(synthesis, await deployedStacksOf(synthesis, context.env), context.env, baseline);
  } else {
    movePlanBaseline(context.outDir);
    result = planOf(synthesis, previous, context.env);
  }
  context.progress.done();
  const summaryFile = context.options.summaryFile;
  if (typeof summaryFile === 'string') {
    writeFileSync(summaryFile, `${JSON.stringify(reviewOf(result.diff, baseline, context.env), null, 2)}\n`);
  }
  context.write(context.json ? `${JSON.stringify(result, null, 2)}\n` : formatPlan(result, context.manifestFile, context.outDir));
  return EXIT.ok;
}
