/**
 * A plan's difference in one short paragraph, for the person asked to approve a deploy, and the
 * facts a pipeline branches on: does the deploy replace or remove a stateful resource, or fail on
 * one that keeps its fixed name. `portside plan --summary-file` writes it; the platform pipeline
 * puts `text` in a manual approval's message.
 */
import { fixedNameFailure } from './plan-diff-format';
import type { PlanBaseline, PlanDiff, StatefulLoss } from './plan-diff';

/**
 * The longest `text`. A manual approval's message (its custom data) holds 500 characters; the
 * rest is for the pipeline's lead-in.
 */
export const PLAN_REVIEW_TEXT_MAX = 450;

export interface PlanReview {
  readonly baseline: PlanBaseline;
  /** The environment planned (`--env`); absent for the whole app. */
  readonly environment?: string;
  /** A stateful resource would be replaced or removed: its data is lost or left behind. */
  readonly replacesStatefulResource: boolean;
  /** A replacement CloudFormation refuses (the resource keeps its fixed name): the deploy fails and rolls back. */
  readonly deployWillFail: boolean;
  /** A web service goes back to rolling from blue-green, canary or linear: its traffic may stop briefly. */
  readonly switchesToRolling: boolean;
  /** Any of the three: a person should read the plan before this deploy goes ahead. */
  readonly needsReview: boolean;
  /** Stacks that are new or change. */
  readonly changedStacks: number;
  /** One line of plain ASCII, at most PLAN_REVIEW_TEXT_MAX characters, naming the stacks and resources at risk. */
  readonly text: string;
}

const AGAINST: Record<PlanBaseline, string> = { 'last-plan': 'since the last plan', deployed: 'against what is deployed' };

const OLD_ONE: Record<string, string> = {
  Retain: 'old one kept, unmanaged',
  Snapshot: 'old one deleted after a final snapshot',
  Delete: 'old one DELETED with its data',
};

/** `DatabasecatalogCluster1A2B (RDS::DBCluster) REPLACED: DatabaseName; old one deleted after a final snapshot`. */
function describeLoss(loss: StatefulLoss): string {
  const what = `${loss.logicalId} (${loss.type.replace(/^AWS::/, '')})`;
  if (fixedNameFailure(loss) !== undefined) {
    return `${what} DEPLOY WILL FAIL: ${loss.properties.join(', ')} needs a replacement, but its name ${loss.fixedName} is fixed`;
  }
  const fate = OLD_ONE[loss.deletionPolicy] ?? `DeletionPolicy ${loss.deletionPolicy}`;
  return loss.kind === 'replaced' ? `${what} REPLACED: ${loss.properties.join(', ')}; ${fate}` : `${what} REMOVED; ${fate}`;
}

/** The losses as phrases, the stack named before the first of its resources. */
function phrasesOf(losses: readonly StatefulLoss[]): string[] {
  return losses.map((loss, index) => (index > 0 && losses[index - 1]!.stackName === loss.stackName
    ? `${describeLoss(loss)}.`
    : `${loss.stackName}: ${describeLoss(loss)}.`));
}

/** `head` and as many `items` as fit in `max` characters, then how many were left out. */
function fit(head: string, items: readonly string[], max: number): string {
  const more = (count: number) => (count > 0 ? ` ... and ${count} more (see the full plan).` : '');
  let text = head;
  for (const [index, item] of items.entries()) {
    const candidate = `${text} ${item}`;
    const after = more(items.length - index - 1);
    if (candidate.length + after.length > max) {
      // Not even the first item fits whole: keep what fits of it, so a name is always shown.
      return index === 0 ? `${candidate.slice(0, max - after.length - 3)}...${after}` : `${text}${more(items.length - index)}`;
    }
    text = candidate;
  }
  return text;
}

/** The review of a plan's difference; `environment` is the `--env` it was planned for. */
export function reviewOf(diff: PlanDiff, baseline: PlanBaseline, environment?: string): PlanReview {
  const failing = diff.statefulLosses.filter((loss) => fixedNameFailure(loss) !== undefined);
  const lost = diff.statefulLosses.filter((loss) => fixedNameFailure(loss) === undefined);
  const changedStacks = diff.stacks.filter((stack) => stack.status !== 'unchanged').length;
  const scope = `Plan of ${environment ?? 'the app'} ${AGAINST[baseline]}:`;
  let text: string;
  const switches = diff.strategySwitches.map((change) => `${change.stackName}: ${change.logicalId} ${change.from} -> ROLLING deletes its alternate target group, which may be serving.`);
  if (diff.statefulLosses.length === 0 && switches.length > 0) {
    text = fit(`${scope} ${switches.length} service${switches.length === 1 ? '' : 's'} back to rolling.`, switches, PLAN_REVIEW_TEXT_MAX);
  } else if (diff.statefulLosses.length === 0) {
    text = changedStacks === 0
      ? `${scope} no changes.`
      : `${scope} ${changedStacks} stack${changedStacks === 1 ? '' : 's'} change; no stateful resource is replaced or removed.`;
  } else {
    const count = diff.statefulLosses.length;
    // Failures first (the deploy stops at them, whatever else it would replace), then by stack.
    const byStack = (a: StatefulLoss, b: StatefulLoss) => a.stackName.localeCompare(b.stackName);
    const items = [...phrasesOf([...[...failing].sort(byStack), ...[...lost].sort(byStack)]), ...switches];
    text = fit(`${scope} ${count} stateful resource${count === 1 ? '' : 's'} at risk.`, items, PLAN_REVIEW_TEXT_MAX);
  }
  return {
    baseline,
    ...(environment === undefined ? {} : { environment }),
    replacesStatefulResource: lost.length > 0,
    deployWillFail: failing.length > 0,
    switchesToRolling: switches.length > 0,
    needsReview: diff.statefulLosses.length > 0 || switches.length > 0,
    changedStacks,
    text,
  };
}
