import type { PlanBaseline, PlanDiff, StatefulLoss, StrategySwitch } from './plan-diff';

const LOSS_EFFECT: Record<string, string> = {
  Retain: 'the old one is kept (DeletionPolicy Retain) but no longer managed',
  Snapshot: 'the old one is deleted after a final snapshot (DeletionPolicy Snapshot)',
  Delete: 'the old one is DELETED with its data',
};

/** How to make a change that would replace a resource with a fixed name, by type. */
const FIXED_NAME_WAY: Record<string, string> = {
  'AWS::RDS::DBCluster': 'keep the old value; to move the data under the new setting, snapshot the cluster and restore it into a new database entry (restoreFromSnapshot, docs/disaster-recovery.md), then retire the old one',
  'AWS::S3::Bucket': 'keep the old value, or declare a new bucket, copy the objects, and remove the old one',
  'AWS::SQS::Queue': 'keep the old value, or declare a new queue, drain the old one, and remove it',
};

/**
 * A replacement CloudFormation refuses (the resource keeps its custom name), and how to make the
 * change instead; undefined for any other loss. The text and HTML plans both say it.
 */
export function fixedNameFailure(loss: StatefulLoss): string | undefined {
  if (loss.kind !== 'replaced' || loss.fixedName === undefined) {
    return undefined;
  }
  const way = FIXED_NAME_WAY[loss.type] ?? 'keep the old value, or create the resource under a new name and move its data';
  return `${loss.properties.join(', ')} changed, which requires a replacement, and CloudFormation cannot replace a resource that keeps its fixed name ${loss.fixedName}: `
    + `the stack update fails and rolls back, nothing is replaced or lost. To make this change: ${way}`;
}

function formatLoss(loss: StatefulLoss): string {
  const failure = fixedNameFailure(loss);
  if (failure) {
    return `  !! ${loss.stackName}: DEPLOY WILL FAIL: ${loss.type} ${loss.logicalId}: ${failure}`;
  }
  const what = loss.kind === 'replaced'
    ? `REPLACES ${loss.type} ${loss.logicalId}: ${loss.properties.join(', ')} changed, so CloudFormation creates a new one`
    : `REMOVES ${loss.type} ${loss.logicalId} (gone from the template, or its logical id changed)`;
  return `  !! ${loss.stackName}: ${what}; ${LOSS_EFFECT[loss.deletionPolicy] ?? `DeletionPolicy ${loss.deletionPolicy}`}`;
}

/** A service going back to rolling: what may happen, and the way to avoid it (docs/deploy-safety.md). */
export function strategySwitchWarning(change: StrategySwitch): string {
  return `${change.stackName}: ${change.logicalId} goes from ${change.from} back to ROLLING, which deletes its alternate target group; `
    + 'if that group serves now (after an odd number of traffic-shifting deployments), traffic stops until the rolling deployment registers tasks in the primary group. '
    + 'Deploy an image once more with the current strategy first if needed (docs/deploy-safety.md, "Switching strategy on a running service")';
}

/** How each baseline names itself, and a stack it does not have. */
const BASELINE_WORDS: Record<PlanBaseline, { readonly heading: string; readonly added: string }> = {
  'last-plan': { heading: 'Changes since the previous plan', added: 'stack added' },
  deployed: { heading: 'Changes against the deployed stacks', added: 'new stack, not deployed yet' },
};

/**
 * The human-readable difference from the baseline (the previous plan, or what CloudFormation has
 * deployed): stateful losses first and loud, then every stack that changed.
 */
export function formatPlanDiff(diff: PlanDiff, baseline: PlanBaseline = 'last-plan'): string {
  if (!diff.hasPrevious) {
    return 'Changes: no earlier synthesis in the output directory, so everything above is new (the next plan shows what changed).';
  }
  const words = BASELINE_WORDS[baseline];
  const changed = diff.stacks.filter((stack) => stack.status !== 'unchanged');
  if (changed.length === 0) {
    return `${words.heading}: none.`;
  }
  const lines = [`${words.heading}: ${changed.length} stack${changed.length === 1 ? '' : 's'}`];
  if (diff.statefulLosses.length > 0) {
    lines.push(`  ${diff.statefulLosses.length} stateful resource${diff.statefulLosses.length === 1 ? '' : 's'} would be replaced or removed — read before deploying:`);
    lines.push(...diff.statefulLosses.map(formatLoss));
  }
  lines.push(...diff.strategySwitches.map((change) => `  !! ${strategySwitchWarning(change)}`));
  for (const stack of changed) {
    if (stack.status === 'added' || stack.status === 'removed') {
      lines.push(`  ${stack.status === 'added' ? '+' : '-'} ${stack.stackName}: ${stack.status === 'added' ? words.added : 'no longer in the app (a deploy does not delete it; `cdk destroy` does)'}`);
      continue;
    }
    lines.push(`  ~ ${stack.stackName}: ${stack.added.length} added, ${stack.changed.length} changed, ${stack.removed.length} removed`);
    lines.push(...stack.added.map((r) => `      + ${r.type} ${r.logicalId}`));
    lines.push(...stack.changed.map((r) => `      ~ ${r.type} ${r.logicalId} (${r.properties.join(', ')})`));
    lines.push(...stack.removed.map((r) => `      - ${r.type} ${r.logicalId}`));
  }
  return lines.join('\n');
}
