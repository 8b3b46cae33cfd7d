import { INVALID } from './fields';
import { clauses, Finding } from './finding';
import { formatPath } from './path';
import { didYouMean } from './text';
import type { ManifestView } from './view';
import { kindOf } from './workload-rules';

function calleeKind(manifest: ManifestView, callee: string) {
  const fields = manifest.services.entries.get(callee);
  return fields ? kindOf(fields) : undefined;
}

function queueOf(manifest: ManifestView, worker: string): string {
  const queue = manifest.services.entries.get(worker)?.queue;
  return typeof queue === 'string' ? queue : '<queue>';
}

/**
 * A service's `calls` name other declared web services, each once: a worker or job has no load
 * balancer to call (a worker is reached through its queue).
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
      } else if (declared?.has(callee) && calleeKind(manifest, callee) === 'worker') {
        findings.push({ path, message: clauses(`got ${JSON.stringify(callee)}, a worker`, 'a worker has no load balancer to call; it takes its work from its queue', `remove it and send messages instead: permissions: { queues: { ${queueOf(manifest, callee)}: send } }`) });
      } else if (declared?.has(callee) && calleeKind(manifest, callee) === 'job') {
        findings.push({ path, message: clauses(`got ${JSON.stringify(callee)}, a job`, 'a job is a task started on a schedule, with no load balancer to call', 'remove it; share its results through a bucket or queue') });
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
