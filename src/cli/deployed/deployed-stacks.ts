/**
 * The templates CloudFormation has deployed for the stacks of a synthesis, read the way `cdk diff`
 * reads them: `GetTemplate` (the template as submitted, `Original`) in each stack's account and
 * region, through that environment's CDK bootstrap lookup role. That role is read-only
 * (ReadOnlyAccess, no kms:Decrypt) and trusts the accounts an environment was bootstrapped with
 * `--trust` or `--trust-for-lookup`, which `portside bootstrap` passes for the delivery account.
 *
 * This module loads the AWS SDK: only `plan --deployed` requires it.
 */
import { CloudFormationClient, GetTemplateCommand } from '@aws-sdk/client-cloudformation';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { bootstrapRoleArn } from '../../infra/delivery/bootstrap-roles';
import type { SynthesizedStack } from '../../reports/assembly-reader';
import { EXIT, UserError } from '../errors';
import { parseTemplateBody } from './template-body';

/** The session name the lookup role sees (CloudTrail shows it): `portside-plan`. */
const SESSION_NAME = 'portside-plan';

/** One CloudFormation client per account and region, signed with that place's lookup role. */
function clientsByPlace(): (account: string, region: string) => CloudFormationClient {
  const clients = new Map<string, CloudFormationClient>();
  return (account, region) => {
    const key = `${account}/${region}`;
    let client = clients.get(key);
    if (!client) {
      client = new CloudFormationClient({
        region,
        // STS is called in the stack's region (the caller's region), with the credentials the process has.
        credentials: fromTemporaryCredentials({ params: { RoleArn: bootstrapRoleArn('lookup', account, region), RoleSessionName: SESSION_NAME } }),
      });
      clients.set(key, client);
    }
    return client;
  };
}

/** CloudFormation's answer for a stack name it has no stack under (never created, or deleted). */
function isMissingStack(error: unknown): boolean {
  return error instanceof Error && error.name === 'ValidationError' && /does not exist/.test(error.message);
}

/** A failure to reach a place, as one line naming the role and what to check. */
function accessError(stack: SynthesizedStack, error: unknown): UserError {
  const role = bootstrapRoleArn('lookup', stack.account, stack.region);
  const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return new UserError(
    `cannot read the deployed template of ${stack.stackName} (${stack.account}, ${stack.region}) through ${role}: ${reason}`,
    'run with credentials of the delivery account (or the environment\'s), and bootstrap the environment trusting it: `portside bootstrap` passes --trust and --trust-for-lookup',
    EXIT.failed,
  );
}

/**
 * The deployed counterpart of each synthesized stack, as a synthesized stack with the deployed
 * template; a stack CloudFormation does not have is left out (the diff calls it new).
 */
export async function readDeployedStacks(stacks: readonly SynthesizedStack[]): Promise<SynthesizedStack[]> {
  const clientFor = clientsByPlace();
  const deployed = await Promise.all(stacks.map(async (stack): Promise<SynthesizedStack | undefined> => {
    let body: string | undefined;
    try {
      const response = await clientFor(stack.account, stack.region).send(new GetTemplateCommand({ StackName: stack.stackName, TemplateStage: 'Original' }));
      body = response.TemplateBody;
    } catch (error) {
      if (isMissingStack(error)) return undefined;
      throw accessError(stack, error);
    }
    if (body === undefined) return undefined;
    return { ...stack, template: parseTemplateBody(body), templateBytes: Buffer.byteLength(body), assetCount: 0 };
  }));
  return deployed.filter((stack): stack is SynthesizedStack => stack !== undefined);
}
