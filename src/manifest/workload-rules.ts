/**
 * Rules on the kinds of workload and their containers (MANIFEST.md, version 2): which fields go with
 * web, worker and job — in the manifest and in every environment's overrides; a worker's queue is
 * declared; sidecar images are pinned and their variables distinct; a root user is a warning.
 */
import { INVALID } from './fields';
import { clauses, Finding, undeclared, warningId } from './finding';
import type { FieldPath } from './path';
import type { ServiceKind } from './plan';
import type { ServiceInput } from './schema';
import type { ManifestView } from './view';

type Kind = ServiceKind;

/** Why a field does not belong to a kind, and what to do instead. */
interface Misfit {
  readonly reason: string;
  readonly fix: string;
}

const NO_LOAD_BALANCER = (kind: 'worker' | 'job'): Misfit => ({
  reason: `a ${kind} has no load balancer`,
  fix: kind === 'worker' ? 'remove it (a worker takes its work from its queue), or set kind: web' : 'remove it, or set kind: web',
});
const NOT_A_JOB = (kind: 'web' | 'worker'): Misfit => ({ reason: `only a job runs on a schedule; this is a ${kind}`, fix: 'remove it, or set kind: job' });
const NOT_A_WORKER = (kind: 'web' | 'job'): Misfit => ({
  reason: `only a worker consumes a queue; this is a ${kind}`,
  fix: kind === 'web' ? 'remove it and grant the queue under permissions: { queues: { <name>: consume } }, or set kind: worker' : 'remove it and grant the queue under permissions: { queues: { <name>: consume } }',
});
const JOB_RUNS_ONCE: Misfit = { reason: 'a job starts one task per run and does not scale', fix: 'remove it' };
const ALWAYS_ROLLS = (kind: 'worker' | 'job'): Misfit => ({
  reason: kind === 'worker'
    ? 'a worker has no load balancer to move traffic on, so ECS always rolls it (new tasks start, then the old ones finish their message and stop)'
    : 'a job has no running service to deploy: each run starts a task from the latest task definition',
  fix: 'remove it (deployment is for web services)',
});

/** Fields a kind may not have (top-level fields of a service), with the reason. */
const MISFITS: Readonly<Record<Kind, Readonly<Partial<Record<keyof ServiceInput, Misfit>>>>> = {
  web: { queue: NOT_A_WORKER('web'), schedule: NOT_A_JOB('web'), timezone: NOT_A_JOB('web'), timeoutMinutes: NOT_A_JOB('web'), retries: NOT_A_JOB('web') },
  worker: {
    port: NO_LOAD_BALANCER('worker'), healthCheckPath: NO_LOAD_BALANCER('worker'), public: NO_LOAD_BALANCER('worker'),
    healthCheckGracePeriodSeconds: NO_LOAD_BALANCER('worker'), deregistrationDelaySeconds: NO_LOAD_BALANCER('worker'),
    schedule: NOT_A_JOB('worker'), timezone: NOT_A_JOB('worker'), timeoutMinutes: NOT_A_JOB('worker'), retries: NOT_A_JOB('worker'),
    deployment: ALWAYS_ROLLS('worker'),
  },
  job: {
    port: NO_LOAD_BALANCER('job'), healthCheckPath: NO_LOAD_BALANCER('job'), public: NO_LOAD_BALANCER('job'),
    healthCheckGracePeriodSeconds: NO_LOAD_BALANCER('job'), deregistrationDelaySeconds: NO_LOAD_BALANCER('job'),
    queue: NOT_A_WORKER('job'), scaling: JOB_RUNS_ONCE, maxCount: JOB_RUNS_ONCE, desiredCount: JOB_RUNS_ONCE,
    deployment: ALWAYS_ROLLS('job'),
  },
};

/** Scaling targets a kind may not have. */
const SCALING_MISFITS: Readonly<Record<'web' | 'worker', Readonly<Record<string, Misfit>>>> = {
  web: { messagesPerTask: { reason: 'messagesPerTask scales a worker on its queue; a web service scales on CPU and requests', fix: 'remove it, or use requestsPerTarget' } },
  worker: { requestsPerTarget: { reason: 'a worker has no load balancer, so no requests to count', fix: 'remove it; a worker scales on messagesPerTask (and cpuPercent)' } },
};

/** Fields a kind must have, with an example for the message. */
const REQUIRED: Readonly<Record<Kind, readonly { field: keyof ServiceInput; allowed: string; example: string }[]>> = {
  web: [
    { field: 'port', allowed: 'ports are 1–65535', example: '8080' },
    { field: 'healthCheckPath', allowed: 'expected a URL path starting with /', example: '/health' },
  ],
  worker: [{ field: 'queue', allowed: 'a worker consumes one declared queue', example: 'order-events' }],
  job: [{ field: 'schedule', allowed: 'a job runs on an EventBridge Scheduler expression', example: '"cron(0 2 * * ? *)"' }],
};

/** A service's kind as written (web when not written); undefined when it is invalid (already reported). */
export function kindOf(fields: { kind?: unknown }): Kind | undefined {
  const kind = fields.kind;
  return kind === undefined ? 'web' : kind === INVALID ? undefined : (kind as Kind);
}

function misfitFindings(kind: Kind, fields: Readonly<Record<string, unknown>>, path: FieldPath): Finding[] {
  const findings: Finding[] = [];
  for (const [field, misfit] of Object.entries(MISFITS[kind])) {
    if (Object.hasOwn(fields, field)) {
      findings.push({ path: [...path, field], at: 'key', message: clauses(`got ${field} on a ${kind}`, misfit!.reason, misfit!.fix) });
    }
  }
  const scaling = fields.scaling;
  if (kind !== 'job' && scaling !== undefined && scaling !== INVALID) {
    for (const [field, misfit] of Object.entries(SCALING_MISFITS[kind])) {
      if (Object.hasOwn(scaling as object, field)) {
        findings.push({ path: [...path, 'scaling', field], at: 'key', message: clauses(`got scaling.${field} on a ${kind}`, misfit.reason, misfit.fix) });
      }
    }
  }
  return findings;
}

/** Each service has the fields of its kind and none of another's, in the manifest and in overrides. */
export function fieldsFitKind(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const kind = kindOf(fields);
    if (!kind) {
      continue;
    }
    findings.push(...misfitFindings(kind, fields, ['services', service]));
    for (const { field, allowed, example } of REQUIRED[kind]) {
      if (!Object.hasOwn(fields, field)) {
        const other = kind === 'web' ? ', or set kind: worker or job' : '';
        findings.push({ path: ['services', service], message: clauses(`missing required field ${JSON.stringify(field)}`, allowed, `add ${field}: ${example}${other}`) });
      }
    }
    for (const [environment, view] of manifest.environments.entries) {
      const override = view.serviceOverrides.entries.get(service);
      if (override) {
        findings.push(...misfitFindings(kind, override, ['environments', environment, 'overrides', 'services', service]));
      }
    }
  }
  return findings;
}

/** A worker's queue is declared under queues. */
export function workerQueueIsDeclared(manifest: ManifestView): Finding[] {
  const declared = manifest.queues.names;
  if (!declared) {
    return [];
  }
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const queue = fields.queue;
    if (kindOf(fields) === 'worker' && typeof queue === 'string' && !declared.has(queue)) {
      findings.push({ path: ['services', service, 'queue'], message: clauses(`got undeclared queue ${JSON.stringify(queue)}`, undeclared('queues', 'queues', queue, declared)) });
    }
  }
  return findings;
}

/** Sidecar images name a version (never latest), and a sidecar's variable is either plain or secret. */
export function sidecarsAreSound(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    const sidecars = fields.sidecars;
    if (sidecars === undefined || sidecars === INVALID) {
      continue;
    }
    for (const [name, sidecar] of Object.entries(sidecars)) {
      const path = ['services', service, 'sidecars', name];
      if (/:latest$/.test(sidecar.image)) {
        findings.push({
          path: [...path, 'image'],
          message: clauses(`got ${JSON.stringify(sidecar.image)}`, 'latest changes under a running service, so tasks of one deployment could run different sidecars', 'pin a version tag or @sha256 digest'),
        });
      }
      for (const variable of Object.keys(sidecar.environment ?? {})) {
        if (Object.hasOwn(sidecar.secrets ?? {}, variable)) {
          findings.push({ path: [...path, 'secrets', variable], at: 'key', message: clauses(`got variable ${variable} under both environment and secrets`, 'a variable is either plain or secret', 'remove one of them') });
        }
      }
    }
  }
  return findings;
}

/** True for a container user that is root: `0`, `root`, with or without a group. */
export function isRootUser(user: string): boolean {
  return /^(?:0|root)(?::|$)/.test(user);
}

/** A container that runs as root (written on purpose) is allowed, with a warning: Control Tower's CT.ECS.PR.3 fails it. */
export function rootUserIsDeliberate(manifest: ManifestView): Finding[] {
  const findings: Finding[] = [];
  for (const [service, fields] of manifest.services.entries) {
    if (typeof fields.user === 'string' && isRootUser(fields.user)) {
      findings.push({
        path: ['services', service, 'user'],
        warning: warningId('root-user'),
        message: clauses(`got ${JSON.stringify(fields.user)}`, 'the container (and its sidecars) runs as root, which Control Tower control CT.ECS.PR.3 reports and a container escape makes worse', 'run as a non-root uid, e.g. "1000:1000", unless the image truly needs root'),
      });
    }
  }
  return findings;
}

export const WORKLOAD_RULES = [fieldsFitKind, workerQueueIsDeclared, sidecarsAreSound, rootUserIsDeliberate] as const;
