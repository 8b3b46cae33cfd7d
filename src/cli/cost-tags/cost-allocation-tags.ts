/**
 * Activating Portside's tags as cost allocation tags, so AWS Budgets and Cost Explorer can filter
 * and group by them (the environment budgets filter on `user:environment$<env>`; a cost by service
 * groups by `service`). AWS has no CloudFormation resource for it: it is the Cost Explorer API
 * `UpdateCostAllocationTagsStatus`, which only the organization's management (payer) account, or a
 * standalone account, may call, and which knows a tag key only once a billed resource has carried it
 * (AWS: up to 24 hours after the resource is tagged).
 *
 * This module loads the AWS SDK: only `portside cost-tags` requires it.
 */
import {
  CostExplorerClient,
  ListCostAllocationTagsCommand,
  UpdateCostAllocationTagsStatusCommand,
  type CostAllocationTag,
} from '@aws-sdk/client-cost-explorer';
import type { PortsidePlan } from '../../manifest/plan';
import { EXIT, UserError } from '../errors';

/** What became of one tag key. */
export type TagOutcome =
  /** It was already active. */
  | 'active'
  /** This run activated it (or would, with --dry-run). */
  | 'activated'
  | 'would activate'
  /** Cost Explorer does not know it yet: no billed resource has carried it (or not for 24 hours). */
  | 'not seen yet'
  /** Cost Explorer refused this key; `detail` says why. */
  | 'refused';

export interface TagResult {
  readonly tagKey: string;
  readonly outcome: TagOutcome;
  readonly detail?: string;
}

/** Cost Explorer's limit on one UpdateCostAllocationTagsStatus call. */
const KEYS_PER_UPDATE = 20;

/** The keys Portside tags resources with: project, environment, service, then the manifest's own. */
export function portsideTagKeys(plan: Pick<PortsidePlan, 'delivery'> & { readonly environments: readonly { readonly tags: Readonly<Record<string, string>> }[] }): string[] {
  const manifestKeys = [...plan.environments.flatMap((environment) => Object.keys(environment.tags)), ...Object.keys(plan.delivery.tags)];
  return [...new Set(['project', 'environment', 'service', ...manifestKeys])];
}

/** Reads each key's status and activates the inactive ones (none with `dryRun`). Cost Explorer is global: us-east-1. */
export async function activateCostAllocationTags(tagKeys: readonly string[], options: { readonly dryRun: boolean }): Promise<TagResult[]> {
  const client = new CostExplorerClient({ region: 'us-east-1' });
  const known = new Map<string, CostAllocationTag>();
  try {
    let nextToken: string | undefined;
    do {
      const page = await client.send(new ListCostAllocationTagsCommand({ TagKeys: [...tagKeys], Type: 'UserDefined', NextToken: nextToken }));
      for (const tag of page.CostAllocationTags ?? []) if (tag.TagKey) known.set(tag.TagKey, tag);
      nextToken = page.NextToken;
    } while (nextToken);
  } catch (error) {
    throw accessError(error);
  }
  const inactive = tagKeys.filter((key) => known.get(key)?.Status === 'Inactive');
  const refused = new Map<string, string>();
  if (!options.dryRun) {
    for (let i = 0; i < inactive.length; i += KEYS_PER_UPDATE) {
      const batch = inactive.slice(i, i + KEYS_PER_UPDATE);
      try {
        const result = await client.send(new UpdateCostAllocationTagsStatusCommand({ CostAllocationTagsStatus: batch.map((TagKey) => ({ TagKey, Status: 'Active' })) }));
        for (const error of result.Errors ?? []) if (error.TagKey) refused.set(error.TagKey, `${error.Code ?? 'error'}: ${error.Message ?? ''}`.trim());
      } catch (error) {
        throw accessError(error);
      }
    }
  }
  return tagKeys.map((tagKey): TagResult => {
    const tag = known.get(tagKey);
    if (tag === undefined) return { tagKey, outcome: 'not seen yet' };
    if (tag.Status === 'Active') return { tagKey, outcome: 'active' };
    const reason = refused.get(tagKey);
    if (reason !== undefined) return { tagKey, outcome: 'refused', detail: reason };
    return { tagKey, outcome: options.dryRun ? 'would activate' : 'activated' };
  });
}

/** Cost Explorer refusing the caller: almost always credentials of a member account. */
function accessError(error: unknown): UserError {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new UserError(
    `Cost Explorer refused to list or activate cost allocation tags (${name}: ${message})`,
    'cost allocation tags are activated once, in the organization\'s management (payer) account or a standalone account: run `portside cost-tags` with its credentials (ce:ListCostAllocationTags, ce:UpdateCostAllocationTagsStatus)',
    EXIT.failed,
  );
}
