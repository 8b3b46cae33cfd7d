import { INVALID } from './fields';
import { clauses, Finding } from './finding';
import { formatPath } from './path';
import { didYouMean } from './text';
import type { ManifestView } from './view';

/**
 * A service's `calls` name other declared services, each once. (Jobs, which have no load balancer,
 * will also be refused here when the `job` kind lands.)
 */
export function serviceCallsAreDeclared(manifest: ManifestView): Finding[] {
  const declared = manifest.services.names;
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const calls = fields.calls;
    if (calls === undefined || calls === INVALID) {
      continue;
    }
    const first = new Map<string, number>();
    calls.forEach((callee, index) => {
      const path = ['services', service, 'calls', index];
      const earlier = first.get(callee);
      if (earlier !== undefined) {
        findings.push({ path, message: clauses(`got ${JSON.stringify(callee)} twice (first at ${formatPath(['services', service, 'calls', earlier])})`, 'list each service once', 'remove the repeated entry') });
        return;
      }
      first.set(callee, index);
      if (callee === service) {
        findings.push({ path, message: clauses(`got ${JSON.stringify(callee)}, the service itself`, 'a service calls other services; it reaches itself without the platform', `remove ${callee} from its own calls`) });
      } else if (declared && !declared.has(callee)) {
        const others = [...declared].filter((name) => name !== service);
        findings.push({
          path,
          message: clauses(
            `got undeclared service ${JSON.stringify(callee)}`,
            others.length === 0 ? 'no other services are declared' : `declared services: ${others.join(', ')}`,
            didYouMean(callee, others) ?? `declare ${callee} under services or remove it here`,
          ),
        });
      }
    });
  }
  return findings;
}
