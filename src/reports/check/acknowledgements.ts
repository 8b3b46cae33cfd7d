import { Validations } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';
import type { AcknowledgedBy } from './types';

/** One acknowledgement in the construct tree: an id, its reason and the construct carrying it. */
export interface AcknowledgementRecord extends AcknowledgedBy {
  readonly construct: IConstruct;
}

/**
 * CDK files `Validations.of(c).acknowledge({ id, reason })` as construct metadata, keyed
 * `Annotation::<id>` (`annotation::` before aws-cdk-lib 2.262.1); cdk-nag 3 strips that prefix.
 */
function idsOf(data: unknown): [string, string][] {
  if (data === null || typeof data !== 'object') return [];
  return Object.entries(data as Record<string, unknown>).map(([key, reason]) => [key.replace(/^annotation::/i, ''), String(reason)]);
}

function recordsOn(construct: IConstruct): AcknowledgementRecord[] {
  return construct.node.metadata
    .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
    .flatMap((entry) => idsOf(entry.data).map(([id, reason]) => ({ id, reason, path: construct.node.path, construct })));
}

/** Every acknowledgement in the tree under `root` (root included), in tree order. */
export function acknowledgementsIn(root: IConstruct): AcknowledgementRecord[] {
  return root.node.findAll().flatMap(recordsOn);
}

/**
 * The acknowledgement of `id` that covers `construct`: on it or on the nearest ancestor, the way
 * cdk-nag 3 looks it up (exact id, granular findings one by one).
 */
export function acknowledgementOf(construct: IConstruct, id: string): AcknowledgementRecord | undefined {
  for (let current: IConstruct | undefined = construct; current; current = current.node.scope) {
    const found = recordsOn(current).find((record) => record.id === id);
    if (found) return found;
  }
  return undefined;
}
