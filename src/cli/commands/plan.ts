import type { PortsidePlan } from '../../manifest/plan';
import { buildApp } from '../../infra/app';
import { readAssembly } from '../../reports/assembly-reader';
import { formatEnvironment } from '../../reports/plan-format';
import { EnvironmentSummary, summarizeEnvironments } from '../../reports/plan-summary';

export interface PlanOptions {
  /** Where the cloud assembly is written (cdk.out). */
  readonly outDir: string;
}

export interface PlanResult {
  readonly environments: readonly EnvironmentSummary[];
  readonly synthSeconds: number;
}

/** Synthesizes every environment (cdk-nag included) and summarizes the templates. */
export function planCommand(plan: PortsidePlan, options: PlanOptions): PlanResult {
  const started = process.hrtime.bigint();
  const { app } = buildApp(plan, { outdir: options.outDir });
  const assembly = app.synth();
  const synthSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { environments: summarizeEnvironments(readAssembly(assembly)), synthSeconds };
}

export function formatPlan(result: PlanResult, manifestFile: string, outDir: string): string {
  const header = `Portside plan of ${manifestFile}: ${result.environments.length} environments synthesized to ${outDir} ` +
    `in ${result.synthSeconds.toFixed(1)} s, cdk-nag AwsSolutions clean`;
  return [header, '', ...result.environments.map(formatEnvironment).flatMap((text) => [text, ''])].join('\n');
}
