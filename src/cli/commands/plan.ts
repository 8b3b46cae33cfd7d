import type { PortsidePlan } from '../../manifest/plan';
import { buildApp } from '../../infra/app';
import { readAssembly } from '../../reports/assembly-reader';
import { formatEnvironment, formatSharedStack } from '../../reports/plan-format';
import { EnvironmentSummary, SharedStackSummary, summarizeEnvironments, summarizeSharedStacks } from '../../reports/plan-summary';

export interface PlanOptions {
  /** Where the cloud assembly is written (cdk.out). */
  readonly outDir: string;
  /** The manifest's path in the platform repository (what the platform pipeline synthesizes). */
  readonly manifestFile?: string;
}

export interface PlanResult {
  readonly environments: readonly EnvironmentSummary[];
  /** Stacks shared by the environments (delivery), per account and region. */
  readonly shared: readonly SharedStackSummary[];
  readonly synthSeconds: number;
}

/** Synthesizes every environment (cdk-nag included) and summarizes the templates. */
export function planCommand(plan: PortsidePlan, options: PlanOptions): PlanResult {
  const started = process.hrtime.bigint();
  const { app } = buildApp(plan, { outdir: options.outDir, manifestFile: options.manifestFile });
  const assembly = app.synth();
  const synthSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  const stacks = readAssembly(assembly);
  return { environments: summarizeEnvironments(stacks), shared: summarizeSharedStacks(stacks), synthSeconds };
}

export function formatPlan(result: PlanResult, manifestFile: string, outDir: string): string {
  const header = `Portside plan of ${manifestFile}: ${result.environments.length} environments synthesized to ${outDir} ` +
    `in ${result.synthSeconds.toFixed(1)} s, cdk-nag AwsSolutions clean`;
  const shared = result.shared.map(formatSharedStack).flatMap((text) => [text, '']);
  return [header, '', ...shared, ...result.environments.map(formatEnvironment).flatMap((text) => [text, ''])].join('\n');
}
