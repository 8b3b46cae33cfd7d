import { buildCostReport, CostReport, regionsWithoutPrices } from '../../reports/cost/report';
import { formatCostReport } from '../../reports/cost/format';
import { SUPPORTED_REGIONS } from '../../reports/cost/prices';
import type { CommandContext } from '../context';
import { EXIT, UserError } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

export type { CostReport } from '../../reports/cost/report';

/**
 * The monthly estimate of an existing synthesis: every environment (or the one `env` names) with
 * its naive comparison, and, without `env`, the stacks the environments share.
 */
export function costOf(synthesis: Synthesis, env?: string): CostReport {
  const environments = selectEnvironments(synthesis.plan, env);
  const unsupported = regionsWithoutPrices(synthesis.templates);
  if (unsupported.length > 0) {
    throw new UserError(
      `no prices for ${unsupported.join(', ')}: the cost estimate covers ${SUPPORTED_REGIONS.join(', ')}`,
      'add the region to src/reports/cost/prices.ts, each figure with its source and date',
    );
  }
  return buildCostReport({ plan: synthesis.plan, templates: synthesis.templates, environments, includeShared: env === undefined });
}

/** The estimate as tables for people. */
export function formatCost(report: CostReport, manifestFile = 'the manifest'): string {
  return formatCostReport(report, manifestFile);
}

/** `portside cost`: synthesize (cdk-nag off: `check` owns compliance) and estimate the monthly cost. */
export function runCost(context: CommandContext): number {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  context.progress.step('synthesizing every stack');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository, compliance: false });
  context.progress.step('pricing the templates');
  const report = costOf(synthesis, context.env);
  context.progress.done();
  context.write(context.json ? `${JSON.stringify(report, null, 2)}\n` : formatCost(report, context.manifestFile));
  return EXIT.ok;
}
