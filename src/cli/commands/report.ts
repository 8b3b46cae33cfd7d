import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { readPreviousAssembly } from '../../reports/assembly-reader';
import { readPlanBaseline } from '../plan-baseline';
import { graphvizVersion } from '../../reports/diagram';
import { ExternalSection, renderReport } from '../../reports/html';
import type { CommandContext } from '../context';
import { EXIT, UserError } from '../errors';
import { checkOf, formatCheck } from './check';
import { costOf, formatCost, priceTableFor } from './cost';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';
import { diagramsOf } from './diagram';
import { planOf } from './plan';

/** The report's cost section: `portside cost`'s estimate of this synthesis (or why there is none, e.g. a broken price cache). */
export function costSection(synthesis: Synthesis, manifestFile: string, env?: string, pricesFile?: string): ExternalSection {
  try {
    const cost = costOf(synthesis, env, priceTableFor(pricesFile));
    return { available: true, text: formatCost(cost, manifestFile), headline: `$${cost.totalUsd.toFixed(0)} a month (estimate)` };
  } catch (error) {
    if (error instanceof UserError) return { available: false, reason: `${error.message} (${error.hint})` };
    throw error;
  }
}

/**
 * The report's compliance section: `portside check` on this synthesis (made with compliance off, so
 * the check runs the rule packs itself and lists every finding instead of stopping at the first).
 */
export function complianceSection(synthesis: Synthesis, _manifestFile: string, env?: string): ExternalSection {
  const check = checkOf(synthesis, env);
  const { errors, warnings, acknowledged } = check.summary;
  return { available: true, text: formatCheck(check), headline: `${check.summary.passed ? 'passes' : 'FAILS'}: ${errors} errors, ${warnings} warnings, ${acknowledged} acknowledged` };
}

/** What `--json` prints. */
export interface ReportResult {
  readonly file: string;
  readonly environments: readonly string[];
  readonly sections: Readonly<Record<'cost' | 'compliance', 'included' | 'not available'>>;
}

export interface Report {
  /** The whole page. */
  readonly html: string;
  readonly cost: ExternalSection;
  readonly compliance: ExternalSection;
}

/** The report of an existing synthesis (compliance off: the check runs its packs itself). */
export async function reportOf(synthesis: Synthesis, previous: ReturnType<typeof readPreviousAssembly>, manifestFile: string, env?: string, pricesFile?: string): Promise<Report> {
  const plan = planOf(synthesis, previous, env);
  const diagrams = await diagramsOf(synthesis, env);
  const cost = costSection(synthesis, manifestFile, env, pricesFile);
  const compliance = complianceSection(synthesis, manifestFile, env);
  const html = renderReport({ project: synthesis.plan.project, manifestFile, plan, diagrams, cost, compliance, graphvizVersion: await graphvizVersion() });
  return { html, cost, compliance };
}

/** `portside report`: one synthesis, then the diagrams, plan, cost and compliance in one HTML file. */
export async function runReport(context: CommandContext): Promise<number> {
  const environments = selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  const file = typeof context.options.file === 'string' ? context.options.file : 'portside-report.html';
  // The changes since the last plan, without moving that point (only plan does).
  const previous = readPlanBaseline(context.outDir);
  context.progress.step('synthesizing every stack');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository, compliance: false, enforceLimits: false });
  context.progress.step('writing the report: plan, diagrams, cost, compliance');
  const report = await reportOf(synthesis, previous, context.manifestFile, context.env, context.options.pricesFile as string | undefined);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, report.html);
  context.progress.done();
  const result: ReportResult = {
    file,
    environments,
    sections: {
      cost: report.cost.available ? 'included' : 'not available',
      compliance: report.compliance.available ? 'included' : 'not available',
    },
  };
  context.write(context.json ? `${JSON.stringify(result, null, 2)}\n` : `${file}\n`);
  return EXIT.ok;
}
