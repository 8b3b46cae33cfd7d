/**
 * A plain `environment` value that looks like a credential: anyone who can read this file, the
 * synthesized template or the task definition reads it. A warning where it reaches only economy
 * environments, an error where it reaches a resilient one.
 */
import { credentialSign } from './credential-detector';
import { clauses, Finding, warningId } from './finding';
import { formatPath } from './path';
import { listText } from './text';
import type { ManifestView } from './view';
import { writtenVariables } from './written-variables';

/** Plain variables hold no credentials in resilient environments (and get a warning in economy ones). */
export function plainVariablesHoldNoCredentials(manifest: ManifestView): Finding[] {
  const resilient = new Set([...manifest.environments.entries].filter(([, view]) => view.fields.profile === 'resilient').map(([environment]) => environment));
  const findings: Finding[] = [];
  for (const written of writtenVariables(manifest, 'environment')) {
    const sign = credentialSign(written.variable, written.value);
    if (!sign) {
      continue;
    }
    const refusing = written.environments.filter((environment) => resilient.has(environment));
    const secret = formatPath([...written.container, 'secrets', written.variable]);
    const message = clauses(
      `got a plain value that looks like a credential: ${sign.reason}`,
      'a plain variable is readable by anyone who can read this file, the CloudFormation template or the task definition',
      refusing.length > 0
        ? `${refusing.length === 1 ? 'environment' : 'environments'} ${listText(refusing, 'and')} ${refusing.length === 1 ? 'uses' : 'use'} profile resilient, which refuses credentials in plain variables`
        : 'a resilient environment would refuse it',
      `store it in Secrets Manager, move the variable to ${secret} as the secret's ARN, and rotate the credential: this file has held it`,
    );
    const at = sign.by === 'name' ? { at: 'key' as const } : {};
    findings.push(refusing.length > 0 ? { path: written.path, ...at, message } : { path: written.path, ...at, message, warning: warningId('plain-credential') });
  }
  return findings;
}

export const CREDENTIAL_RULES = [plainVariablesHoldNoCredentials] as const;
