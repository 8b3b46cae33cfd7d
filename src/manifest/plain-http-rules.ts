/**
 * HTTPS in resilient environments: without a domain, a public service's load balancer answers on
 * plain HTTP only (there is no certificate to serve), so a checkout would cross the internet
 * unencrypted. A resilient environment with a public web service therefore needs a `domain`, or
 * `allowPlainHttp: true` to say that plain HTTP is accepted on purpose. Economy environments are
 * not checked.
 */
import { SERVICE_DEFAULTS } from './defaults';
import { INVALID } from './fields';
import { clauses, Finding, warningId } from './finding';
import { listText } from './text';
import type { EnvironmentView, ManifestView } from './view';
import { kindOf } from './workload-rules';

/** Web services whose load balancer faces the internet in this environment (its override's `public` first); invalid ones are left out. */
function publicServices(manifest: ManifestView, view: EnvironmentView): string[] {
  return [...manifest.services.entries]
    .filter(([service, fields]) => {
      const overridden = view.serviceOverrides.entries.get(service)?.public;
      const isPublic = overridden !== undefined ? overridden : (fields.public ?? SERVICE_DEFAULTS.public);
      return kindOf(fields) === 'web' && isPublic === true;
    })
    .map(([service]) => service);
}

/** Why an environment's `allowPlainHttp: true` changes nothing, or undefined when it is what lets the environment through. */
function unusedBecause(environment: string, view: EnvironmentView, served: readonly string[]): string | undefined {
  if (view.fields.profile === 'economy') {
    return `environment ${environment} uses profile economy, where plain HTTP needs no permission`;
  }
  if (view.fields.domain !== undefined) {
    return `environment ${environment} has a domain, so its services are served over HTTPS`;
  }
  return served.length === 0 ? `environment ${environment} has no public web service` : undefined;
}

/** A resilient environment with a public web service has a domain, unless `allowPlainHttp: true`; the opt-in is never left where it changes nothing. */
export function resilientServicesUseHttps(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [environment, view] of manifest.environments.entries) {
    const { profile, domain, allowPlainHttp } = view.fields;
    if (typeof profile !== 'string' || domain === INVALID || allowPlainHttp === INVALID) {
      continue;
    }
    const served = publicServices(manifest, view);
    if (allowPlainHttp === true) {
      const reason = unusedBecause(environment, view, served);
      if (reason) {
        findings.push({
          path: ['environments', environment, 'allowPlainHttp'],
          warning: warningId('plain-http-unused'),
          message: clauses('got allowPlainHttp: true', reason, 'remove it, so the manifest claims no exception it does not use'),
        });
      }
      continue;
    }
    if (profile !== 'resilient' || domain !== undefined || served.length === 0) {
      continue;
    }
    const services = `${served.length === 1 ? 'service' : 'services'} ${listText(served, 'and')}`;
    findings.push({
      // At allowPlainHttp: false when it is written, at the environment's name otherwise.
      path: allowPlainHttp === false ? ['environments', environment, 'allowPlainHttp'] : ['environments', environment],
      ...(allowPlainHttp === false ? {} : { at: 'key' as const }),
      message: clauses(
        `got a resilient environment with public ${services} and no domain`,
        `without a domain ${served.length === 1 ? 'its load balancer answers' : 'their load balancers answer'} on plain HTTP only, so what users send (logins, card details, sessions) crosses the internet unencrypted`,
        `add domain: { name, hostedZoneId } under environments.${environment} for HTTPS, set public: false where a service needs no internet traffic, or write allowPlainHttp: true under environments.${environment} to accept plain HTTP on purpose`,
      ),
    });
  }
  return findings;
}

export const PLAIN_HTTP_RULES = [resilientServicesUseHttps] as const;
