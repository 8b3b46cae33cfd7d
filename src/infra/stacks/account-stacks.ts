import { Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { PortsidePlan } from '../../manifest/plan';
import { AccountPlan, accountPlans } from './account-plan';
import { addCostAllocationTags } from './cost-allocation-tags';
import { COST_ANOMALY_REGION, CostAnomalyStack, costAnomalyStackName } from './cost-anomaly-stack';
import { DrVaultStack, drVaultStackName } from './dr-vault-stack';
import { FoundationStack, foundationStackName } from './foundation-stack';

/** The stacks every AWS account that hosts an environment gets once, whatever its environments. */
export interface AccountStacks {
  /** `<project>-foundation` per account, in its first environment's region: trail, CIS alarms. */
  readonly foundations: FoundationStack[];
  /** `<project>-dr-vault` per account and region its backups are copied to (drRegion; the primary region too once a DR environment exists). */
  readonly drVaults: DrVaultStack[];
  /** `<project>-cost-anomaly` per account, in us-east-1: Cost Anomaly Detection. */
  readonly costAnomalies: CostAnomalyStack[];
}

function tagged<T extends Stack>(stack: T, plan: AccountPlan): T {
  addCostAllocationTags(stack, plan.project, plan.tags);
  return stack;
}

/**
 * Adds the per-account stacks as top-level stacks of the app (like Delivery: shared by the account's
 * environments, so in no environment's Stage), with ids `Foundation-<account>`,
 * `DrVault-<account>-<region>` and `CostAnomaly-<account>`: `npx cdk deploy 'Foundation-*' 'DrVault-*' 'CostAnomaly-*'`.
 */
export function addAccountStacks(scope: Construct, plan: PortsidePlan): AccountStacks {
  const accounts = accountPlans(plan);
  const scopeOf = (account: AccountPlan) => `Portside ${account.project}, account ${account.account} (${account.environments.join(', ')})`;
  return {
    // Off where the organization already records the accounts (accountBaseline.cloudTrail: false).
    foundations: accounts.filter(() => plan.accountBaseline.cloudTrail).map((account) => tagged(new FoundationStack(scope, `Foundation-${account.account}`, {
      stackName: foundationStackName(account.project),
      description: `${scopeOf(account)}: CloudTrail, CIS alarms and the account alarm topic`,
      env: { account: account.account, region: account.region },
      terminationProtection: true,
      plan: account,
    }), account)),
    drVaults: accounts.flatMap((account) => account.vaultRegions.map((region) => tagged(new DrVaultStack(scope, `DrVault-${account.account}-${region}`, {
      stackName: drVaultStackName(account.project),
      description: `${scopeOf(account)}: the disaster-recovery backup vault`,
      env: { account: account.account, region },
      terminationProtection: true,
      plan: account,
      locked: account.lockedVaultRegions.includes(region),
    }), account))),
    // Off where the accounts already have a monitor (accountBaseline.costAnomalyMonitor: false).
    costAnomalies: accounts.filter(() => plan.accountBaseline.costAnomalyMonitor).map((account) => tagged(new CostAnomalyStack(scope, `CostAnomaly-${account.account}`, {
      stackName: costAnomalyStackName(account.project),
      description: `${scopeOf(account)}: Cost Anomaly Detection`,
      env: { account: account.account, region: COST_ANOMALY_REGION },
      plan: account,
    }), account)),
  };
}
