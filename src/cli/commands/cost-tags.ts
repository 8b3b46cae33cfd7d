import { textTable } from '../../reports/text-table';
import type { CommandContext } from '../context';
import { EXIT } from '../errors';
import { activateCostAllocationTags, portsideTagKeys, TagResult } from '../cost-tags/cost-allocation-tags';

const EXPLANATIONS: Readonly<Record<TagResult['outcome'], string>> = {
  active: 'already active',
  activated: 'activated now: Budgets and Cost Explorer use it for costs from now on (not before)',
  'would activate': 'inactive: activated without --dry-run',
  'not seen yet': 'not known to Cost Explorer yet: AWS lists a key up to 24 hours after a billed resource carries it; run this again after the first deploy',
  refused: 'refused',
};

/** The outcome for people: one row per tag key, then what is left to do. */
export function formatCostTags(results: readonly TagResult[]): string {
  const rows = results.map((result) => [result.tagKey, result.outcome, result.detail ?? EXPLANATIONS[result.outcome]]);
  const waiting = results.filter((result) => result.outcome === 'not seen yet').length;
  const refused = results.filter((result) => result.outcome === 'refused').length;
  const verdict = refused > 0
    ? `${refused} tag key${refused === 1 ? '' : 's'} refused (exit 1)`
    : waiting > 0
      ? `${waiting} tag key${waiting === 1 ? '' : 's'} not seen yet: the environment budgets and the cost by service need them; run again tomorrow`
      : 'every tag Portside sets is a cost allocation tag: the environment budgets and the cost by service work';
  return `Cost allocation tags (Cost Explorer, the account of these credentials)\n\n${textTable(['tag key', 'status', ''], rows)}\n\n${verdict}\n`;
}

/**
 * `portside cost-tags`: activates project, environment, service and the manifest's tag keys as cost
 * allocation tags, in the management (payer) account whose credentials run it. Exit 1 when Cost
 * Explorer refuses the caller or a key.
 */
export async function runCostTags(context: CommandContext): Promise<number> {
  const keys = portsideTagKeys(context.loaded.plan);
  context.progress.step(`reading the status of ${keys.length} tag keys in Cost Explorer`);
  const results = await activateCostAllocationTags(keys, { dryRun: context.options.dryRun === true });
  context.progress.done();
  context.write(context.json ? `${JSON.stringify({ tags: results }, null, 2)}\n` : formatCostTags(results));
  return results.some((result) => result.outcome === 'refused') ? EXIT.failed : EXIT.ok;
}
