import type { PlanDiff, StatefulLoss } from './plan-diff';

const LOSS_EFFECT: Record<string, string> = {
  Retain: 'the old one is kept (DeletionPolicy Retain) but no longer managed',
  Snapshot: 'the old one is deleted after a final snapshot (DeletionPolicy Snapshot)',
  Delete: 'the old one is DELETED with its data',
};

function formatLoss(loss: StatefulLoss): string {
  const what = loss.kind === 'replaced'
    ? `REPLACES ${loss.type} ${loss.logicalId}: ${loss.properties.join(', ')} changed, so CloudFormation creates a new one`
    : `REMOVES ${loss.type} ${loss.logicalId} (gone from the template, or its logical id changed)`;
  return `  !! ${loss.stackName}: ${what}; ${LOSS_EFFECT[loss.deletionPolicy] ?? `DeletionPolicy ${loss.deletionPolicy}`}`;
}

/** The human-readable difference from the previous plan: stateful losses first and loud, then every stack that changed. */
export function formatPlanDiff(diff: PlanDiff): string {
  if (!diff.hasPrevious) {
    return 'Changes: no earlier synthesis in the output directory, so everything above is new (the next plan shows what changed).';
  }
  const changed = diff.stacks.filter((stack) => stack.status !== 'unchanged');
  if (changed.length === 0) {
    return 'Changes since the previous plan: none.';
  }
  const lines = [`Changes since the previous plan: ${changed.length} stack${changed.length === 1 ? '' : 's'}`];
  if (diff.statefulLosses.length > 0) {
    lines.push(`  ${diff.statefulLosses.length} stateful resource${diff.statefulLosses.length === 1 ? '' : 's'} would be replaced or removed — read before deploying:`);
    lines.push(...diff.statefulLosses.map(formatLoss));
  }
  for (const stack of changed) {
    if (stack.status === 'added' || stack.status === 'removed') {
      lines.push(`  ${stack.status === 'added' ? '+' : '-'} ${stack.stackName}: stack ${stack.status === 'added' ? 'added' : 'no longer in the app (a deploy does not delete it; `cdk destroy` does)'}`);
      continue;
    }
    lines.push(`  ~ ${stack.stackName}: ${stack.added.length} added, ${stack.changed.length} changed, ${stack.removed.length} removed`);
    lines.push(...stack.added.map((r) => `      + ${r.type} ${r.logicalId}`));
    lines.push(...stack.changed.map((r) => `      ~ ${r.type} ${r.logicalId} (${r.properties.join(', ')})`));
    lines.push(...stack.removed.map((r) => `      - ${r.type} ${r.logicalId}`));
  }
  return lines.join('\n');
}
