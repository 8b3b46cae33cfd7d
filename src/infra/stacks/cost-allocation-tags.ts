import { Tags } from 'aws-cdk-lib';
import type { IConstruct } from 'constructs';

/** `project` and the manifest's tags on every taggable resource below `scope`: what Budgets and Cost Explorer group by. */
export function addCostAllocationTags(scope: IConstruct, project: string, tags: Readonly<Record<string, string>>): void {
  for (const [key, value] of Object.entries({ project, ...tags })) {
    Tags.of(scope).add(key, value);
  }
}
