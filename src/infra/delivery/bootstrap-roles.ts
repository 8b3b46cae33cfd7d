/**
 * The roles `cdk bootstrap` creates in every environment account and region. The pipelines reach
 * environments through them, so no Portside-specific role has to exist there first; an account
 * must be bootstrapped with `--trust <delivery account>` for the delivery account to assume them.
 */
export const DEFAULT_BOOTSTRAP_QUALIFIER = 'hnb659fds';

export type BootstrapRole = 'deploy' | 'cfn-exec' | 'file-publishing' | 'image-publishing' | 'lookup';

/** The ARN of a bootstrap role, e.g. `arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-2`. */
export function bootstrapRoleArn(role: BootstrapRole, account: string, region: string, qualifier = DEFAULT_BOOTSTRAP_QUALIFIER): string {
  return `arn:aws:iam::${account}:role/cdk-${qualifier}-${role}-role-${account}-${region}`;
}

/** What the CDK CLI assumes to deploy a synthesized assembly (templates and file assets) there. */
export function cliDeployRoleArns(account: string, region: string): string[] {
  return (['deploy', 'file-publishing', 'lookup'] as const).map((role) => bootstrapRoleArn(role, account, region));
}
