/**
 * What `portside bootstrap` and `portside deploy` run, in order, as CDK CLI invocations: computed
 * from the plan and the app's stacks alone, so `--dry-run` prints exactly what a real run executes.
 */
import type { Stack } from 'aws-cdk-lib';
import type { PortsidePlan } from '../../manifest/plan';

/** One `cdk bootstrap` of an account and region. */
export interface BootstrapTarget {
  readonly account: string;
  readonly region: string;
  /** The delivery account, when this is another account: its pipelines deploy here through the bootstrap roles. */
  readonly trust?: string;
}

/**
 * Every account × region where the app puts a stack, in order of first appearance (the delivery
 * account first). Each account but the delivery one trusts the delivery account.
 */
export function bootstrapTargets(plan: PortsidePlan, stacks: readonly Pick<Stack, 'account' | 'region'>[]): BootstrapTarget[] {
  const delivery = plan.delivery.account;
  const seen = new Set<string>();
  const targets: BootstrapTarget[] = [];
  const places = [{ account: delivery, region: plan.delivery.region }, ...stacks.map((stack) => ({ account: stack.account, region: stack.region }))];
  for (const { account, region } of places) {
    const key = `${account}/${region}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push(account === delivery ? { account, region } : { account, region, trust: delivery });
  }
  // The delivery account's places first, then each environment account's, each in first-appearance order.
  return [...targets.filter((target) => target.account === delivery), ...targets.filter((target) => target.account !== delivery)];
}

/** The arguments of `cdk bootstrap` for one target. */
export function bootstrapArguments(target: BootstrapTarget, executionPolicyArn: string): string[] {
  return [
    'bootstrap', `aws://${target.account}/${target.region}`,
    ...(target.trust ? ['--trust', target.trust, '--trust-for-lookup', target.trust] : []),
    '--cloudformation-execution-policies', executionPolicyArn,
  ];
}

/** One `cdk deploy` of a group of stacks; `approval` names the environment a person must approve first. */
export interface DeployStep {
  readonly title: string;
  readonly stacks: readonly string[];
  readonly approval?: string;
}

/**
 * The whole deploy in order: the delivery stack and each service's pipelines (the image replica
 * stack comes first as their dependency), the per-account stacks that exist, then each environment in
 * manifest order. `only` keeps one environment (after the shared stacks, which it needs).
 */
export function deploySteps(plan: PortsidePlan, topLevelStackIds: readonly string[], only?: string): DeployStep[] {
  const present = (prefix: string) => topLevelStackIds.some((id) => id.startsWith(prefix));
  const accountPatterns = ['Foundation-', 'DrVault-', 'CostAnomaly-'].filter(present).map((prefix) => `${prefix}*`);
  const shared: DeployStep[] = [
    { title: 'delivery: image repositories, the platform pipeline and each service\'s pipelines', stacks: ['Delivery', ...(present('Delivery-') ? ['Delivery-*'] : [])] },
    ...(accountPatterns.length > 0 ? [{ title: 'accounts: trail, DR vaults, cost anomaly monitors', stacks: accountPatterns }] : []),
  ];
  const environments = plan.environments
    .filter((environment) => only === undefined || environment.name === only)
    .map((environment): DeployStep => ({
      title: `environment ${environment.name} (${environment.account}, ${environment.region})`,
      stacks: [`${environment.name}/*`],
      ...(environment.approval ? { approval: environment.name } : {}),
    }));
  return [...shared, ...environments];
}

/** The arguments of `cdk deploy` for one step: every stack of the step, the manifest, no interactive prompt. */
export function deployArguments(step: DeployStep, manifestFile: string): string[] {
  return ['deploy', ...step.stacks, '--context', `manifest=${manifestFile}`, '--require-approval', 'never', '--progress', 'events'];
}
