/**
 * Which account a task's secrets live in, judged for every environment a secret reaches (the
 * service's own `secrets`, an environment's override of them, its sidecars'). A secret in another
 * environment's account is refused: a staging task must never hold production's payment token, and
 * production's secrets do not admit staging's task execution role anyway, so the task could not even
 * start. A secret in an account that is no environment's (a shared secrets account) is allowed with
 * a warning, since it works only with a resource policy and a KMS key policy Portside cannot see.
 */
import { clauses, Finding, warningId } from './finding';
import { formatPath } from './path';
import { parseSecretArn } from './secret-arn';
import { listText } from './text';
import type { ManifestView } from './view';
import { WrittenVariable, writtenVariables } from './written-variables';

/** An environment a secret reaches, and the account it deploys to. */
interface Reader {
  readonly environment: string;
  readonly account: string;
}

/** `environment prod (account 222222222222)`, `environments staging (account 3…) and prod (account 2…)`. */
function readersText(readers: readonly Reader[]): string {
  return `${readers.length === 1 ? 'environment' : 'environments'} ${listText(readers.map(({ environment, account }) => `${environment} (account ${account})`), 'and')}`;
}

function overridePath(written: WrittenVariable, environment: string): string {
  return formatPath(['environments', environment, 'overrides', 'services', written.service, 'secrets', written.variable]);
}

/** The fix for a secret some environments may not read: a secret of their own account, per environment where the manifest allows it. */
function ownAccountFix(written: WrittenVariable, foreign: readonly Reader[]): string {
  if (written.override !== undefined) {
    return `use a secret in account ${foreign[0]!.account}`;
  }
  if (written.sidecar !== undefined) {
    return 'a sidecar\'s secrets are the same in every environment (sidecars cannot be overridden), so keep this one in a shared account that is no environment\'s, with a resource policy admitting every environment\'s account';
  }
  const [first, ...others] = foreign;
  const sets = [`${overridePath(written, first!.environment)} to a secret in account ${first!.account}`, ...others.map(({ environment, account }) => `${overridePath(written, environment)} to one in account ${account}`)];
  return `set ${listText(sets, 'and')}`;
}

/** Every secret is in the account of each environment it reaches; one in another environment's account is refused. */
export function secretsStayInTheirEnvironment(manifest: ManifestView): Finding[] {
  const accounts = new Map<string, string>();
  for (const [environment, view] of manifest.environments.entries) {
    if (typeof view.fields.account === 'string') {
      accounts.set(environment, view.fields.account);
    }
  }
  const findings: Finding[] = [];
  for (const written of writtenVariables(manifest, 'secrets')) {
    const { account } = parseSecretArn(written.value);
    const foreign = written.environments
      .filter((environment) => accounts.has(environment) && accounts.get(environment) !== account)
      .map((environment) => ({ environment, account: accounts.get(environment)! }));
    if (foreign.length === 0) {
      continue;
    }
    const owners = [...accounts].filter(([, owned]) => owned === account).map(([environment]) => environment);
    if (owners.length === 0) {
      findings.push({
        path: written.path,
        warning: warningId('secret-other-account'),
        message: clauses(
          `got a secret in account ${account}, which no environment of this manifest deploys to`,
          `${readersText(foreign)} ${foreign.length === 1 ? 'reads' : 'read'} it across accounts, which needs a resource policy on the secret and a KMS key policy admitting the reading account`,
          'or copy the secret into each environment\'s account and use that ARN',
        ),
      });
      continue;
    }
    const home = `${owners.length === 1 ? 'environment' : 'environments'} ${listText(owners, 'and')}`;
    findings.push({
      path: written.path,
      message: clauses(
        `got a secret in account ${account}, the account of ${home}`,
        written.override !== undefined
          ? `environment ${written.override} deploys to account ${foreign[0]!.account}, and one environment's tasks may not read another environment's secrets`
          : `${readersText(foreign)} would read it too, and one environment's tasks may not read another environment's secrets`,
        ownAccountFix(written, foreign),
      ),
    });
  }
  return findings;
}

export const SECRET_ACCOUNT_RULES = [secretsStayInTheirEnvironment] as const;
