import { buildCostReport, CostReport } from '../../reports/cost/report';
import { formatCostReport } from '../../reports/cost/format';
import { PriceCacheError, priceTableWithCache, readPriceCache } from '../../reports/cost/price-cache';
import { BUNDLED_TABLE, PriceTable } from '../../reports/cost/prices';
import type { CommandContext } from '../context';
import { EXIT, UserError } from '../errors';
import { selectEnvironments, synthesize, Synthesis } from '../synthesis';

export type { CostReport } from '../../reports/cost/report';

/**
 * The monthly estimate of an existing synthesis: every environment (or the one `env` names) with
 * its naive comparison, and, without `env`, the stacks the environments share. A region without a
 * figure of its own is priced from a named stand-in region (the report says which lines).
 */
export function costOf(synthesis: Synthesis, env?: string, prices: PriceTable = BUNDLED_TABLE): CostReport {
  const environments = selectEnvironments(synthesis.plan, env);
  return buildCostReport({ plan: synthesis.plan, templates: synthesis.templates, environments, includeShared: env === undefined, prices });
}

/** The price table `cost` and `report` use: the Price List cache at `file` over the bundled table, or the bundled table alone. */
export function priceTableFor(file: string | undefined): PriceTable {
  if (!file) return BUNDLED_TABLE;
  try {
    return priceTableWithCache(readPriceCache(file), file);
  } catch (error) {
    if (error instanceof PriceCacheError) {
      throw new UserError(error.message, `run \`portside prices update\` to rewrite it, or delete ${file} to use the bundled prices`, EXIT.failed);
    }
    throw error;
  }
}

/** The estimate as tables for people. */
export function formatCost(report: CostReport, manifestFile = 'the manifest'): string {
  return formatCostReport(report, manifestFile);
}

/** `portside cost`: synthesize (cdk-nag off: `check` owns compliance) and estimate the monthly cost. */
export function runCost(context: CommandContext): number {
  selectEnvironments(context.loaded.plan, context.env); // an unknown --env fails before the synthesis
  const prices = priceTableFor(context.options.pricesFile as string | undefined); // a broken cache fails before it too
  context.progress.step('synthesizing every stack');
  const synthesis = synthesize(context.loaded.plan, { outDir: context.outDir, manifestFile: context.manifestInRepository, compliance: false });
  context.progress.step('pricing the templates');
  const report = costOf(synthesis, context.env, prices);
  context.progress.done();
  context.write(context.json ? `${JSON.stringify(report, null, 2)}\n` : formatCost(report, context.manifestFile));
  return EXIT.ok;
}
