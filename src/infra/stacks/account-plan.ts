import type { EnvironmentPlan, PortsidePlan } from '../../manifest/plan';

/** What the per-account stacks (foundation, DR vault, cost anomaly detection) need to know about an account. */
export interface AccountPlan {
  readonly project: string;
  readonly account: string;
  /** Where the foundation stack lives: the region of the account's first environment in manifest order. */
  readonly region: string;
  /**
   * Where DR vaults live: every region the account's environments copy recovery points to, in order
   * of first appearance. The manifest's drRegion, plus the primary region once a DR environment
   * (one running in drRegion) copies its backups back there for fail-back.
   */
  readonly vaultRegions: readonly string[];
  readonly alertEmail: string;
  /** Manifest tags, added to every resource beside `project`. */
  readonly tags: Readonly<Record<string, string>>;
  /** The environments this account hosts, in manifest order. */
  readonly environments: readonly string[];
  /** Regions whose DR vault receives copies from a `resilient` environment: those vaults get Vault Lock (governance mode). */
  readonly lockedVaultRegions: readonly string[];
}

/** One plan per AWS account that hosts an environment, accounts in order of their first environment. */
export function accountPlans(plan: PortsidePlan): AccountPlan[] {
  const byAccount = new Map<string, EnvironmentPlan[]>();
  for (const environment of plan.environments) {
    byAccount.set(environment.account, [...(byAccount.get(environment.account) ?? []), environment]);
  }
  return [...byAccount.entries()].map(([account, environments]) => {
    const first = environments[0]!;
    const copyRegions = (of: readonly EnvironmentPlan[]) => [...new Set(of.map((e) => e.backup.copyToRegion))];
    return {
      project: plan.project,
      account,
      region: first.region,
      vaultRegions: copyRegions(environments),
      alertEmail: first.alertEmail,
      tags: first.tags,
      environments: environments.map((e) => e.name),
      lockedVaultRegions: copyRegions(environments.filter((e) => e.profile === 'resilient')),
    };
  });
}
