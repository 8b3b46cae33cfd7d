import type { CfnTemplate } from '../assembly-reader';
import type { Finding, LimitName, LimitUsage, StackLimits } from './types';

/**
 * CloudFormation's per-template quotas ("Understand CloudFormation quotas", CloudFormation User
 * Guide). Template body: 51,200 bytes when the body is sent in the request, 1 MB from S3; the CDK
 * CLI (and Portside's pipelines) upload every template to the bootstrap bucket, so 1 MB applies,
 * counted here as 1,000,000 bytes to stay on the safe side of "MB".
 */
export const CLOUDFORMATION_LIMITS: Readonly<Record<LimitName, { readonly max: number; readonly what: string; readonly fix: string }>> = {
  resources: { max: 500, what: 'resources', fix: 'move resources to another stack (one per lifecycle, as network/data/service) or a nested stack' },
  templateBytes: { max: 1_000_000, what: 'template bytes (uploaded to S3: 1 MB; 51,200 bytes would apply only to a body sent inline)', fix: 'split the stack, or move large inline documents (policies, buildspecs, function code) to assets' },
  outputs: { max: 200, what: 'outputs', fix: 'remove outputs nothing reads, or split the stack' },
  parameters: { max: 200, what: 'parameters', fix: 'combine parameters (lists, mappings) or split the stack' },
  mappings: { max: 200, what: 'mappings', fix: 'combine mappings or split the stack' },
  dynamicReferences: { max: 60, what: 'dynamic references ({{resolve:…}})', fix: 'resolve secrets and parameters at run time (ECS secrets) instead of in the template, or split the stack' },
};

/** Above this share of a limit, a warning: the next few features could break the deploy. */
export const WARNING_SHARE = 0.8;

export interface StackTemplate {
  /** The stack as the CDK CLI names it (`dev/Data`). */
  readonly stack: string;
  readonly stackName: string;
  readonly environment: string | undefined;
  readonly template: CfnTemplate & { readonly Mappings?: Record<string, unknown> };
  /** Size of the template file the CDK CLI uploads. */
  readonly templateBytes: number;
}

export function limitsOf(stack: StackTemplate): StackLimits {
  const counts: Record<LimitName, number> = {
    resources: Object.keys(stack.template.Resources ?? {}).length,
    templateBytes: stack.templateBytes,
    outputs: Object.keys(stack.template.Outputs ?? {}).length,
    parameters: Object.keys(stack.template.Parameters ?? {}).length,
    mappings: Object.keys(stack.template.Mappings ?? {}).length,
    dynamicReferences: (JSON.stringify(stack.template).match(/\{\{resolve:/g) ?? []).length,
  };
  const usages: LimitUsage[] = (Object.keys(CLOUDFORMATION_LIMITS) as LimitName[]).map((limit) => {
    const max = CLOUDFORMATION_LIMITS[limit].max;
    return { limit, count: counts[limit], max, percent: Math.round((counts[limit] / max) * 1000) / 10 };
  });
  return { stack: stack.stack, stackName: stack.stackName, environment: stack.environment, usages };
}

/** An error for a stack over a limit (the deploy would fail), a warning above 80 % of one. */
export function limitFindings(stack: StackLimits): Finding[] {
  return stack.usages.flatMap((usage): Finding[] => {
    const over = usage.count > usage.max;
    if (!over && usage.count <= usage.max * WARNING_SHARE) return [];
    const limit = CLOUDFORMATION_LIMITS[usage.limit];
    return [{
      source: 'CloudFormationLimits',
      ruleId: `limits:${usage.limit}`,
      level: over ? 'error' : 'warning',
      outcome: over ? 'error' : 'warning',
      message: over
        ? `${usage.count} ${limit.what}: over CloudFormation's limit of ${usage.max}, the deploy would fail`
        : `${usage.count} ${limit.what}: ${usage.percent} % of CloudFormation's limit of ${usage.max}`,
      fix: limit.fix,
      resource: { stack: stack.stack, stackName: stack.stackName, environment: stack.environment, logicalId: undefined, constructPath: undefined, type: undefined },
    }];
  });
}

/** A synthesis that CloudFormation would refuse: names each stack over a limit, with the count and the fix. */
export class CloudFormationLimitError extends Error {
  constructor(public readonly over: readonly { readonly stackName: string; readonly usage: LimitUsage }[]) {
    super(over.map(({ stackName, usage }) =>
      `stack ${stackName} has ${usage.count} ${CLOUDFORMATION_LIMITS[usage.limit].what}; CloudFormation allows ${usage.max}: ${CLOUDFORMATION_LIMITS[usage.limit].fix}`).join('\n'));
    this.name = 'CloudFormationLimitError';
  }
}

/**
 * Fails a synthesis whose templates CloudFormation would refuse, before anything is deployed: every
 * entry point (`cdk synth`/`deploy` through bin/cdk-app.ts, every `portside` command but `check` and
 * `report`, which list the stack as an error instead) calls it.
 */
export function assertWithinCloudFormationLimits(stacks: readonly (Omit<StackTemplate, 'stack'> & { readonly stack?: string })[]): void {
  const over = stacks.flatMap((stack) => limitsOf({ ...stack, stack: stack.stack ?? stack.stackName }).usages
    .filter((usage) => usage.count > usage.max)
    .map((usage) => ({ stackName: stack.stackName, usage })));
  if (over.length > 0) throw new CloudFormationLimitError(over);
}
