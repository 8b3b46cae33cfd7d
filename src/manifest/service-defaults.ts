/**
 * A service's plan in an environment from its merged fields: its kind's settings (web, worker, job),
 * its container and sidecars, its database users and its grants, with every default of
 * SERVICE_DEFAULTS applied (defaults.ts holds the tables).
 */
import { byProfile, SERVICE_DEFAULTS } from './defaults';
import { complete, Draft, Fields, INVALID, isComplete } from './fields';
import { Known, map, or, required, secretRef } from './known';
import type {
  ContainerPlan,
  DatabaseAccessPlan,
  DeploymentPlan,
  JobWorkloadPlan,
  PermissionsPlan,
  Profile,
  ServiceKind,
  ServicePlan,
  SidecarPlan,
  WebWorkloadPlan,
  WorkerWorkloadPlan,
  WorkloadPlan,
} from './plan';
import type { ServiceDatabaseInput, ServiceInput } from './schema';
import type { PermissionsInput } from './data-access-schema';
import { databaseUsername } from './database-variables';
import type { SidecarInput } from './workload-schema';
import type { DeploymentInput } from './deployment-schema';

/** The database a `databases` entry names, whichever form it is written in. */
export function entryDatabase(entry: ServiceDatabaseInput): string {
  return typeof entry === 'string' ? entry : entry.name;
}

/** The access a `databases` entry asks for: read-write unless `{ name, access: read }`. */
export function entryAccess(entry: ServiceDatabaseInput): DatabaseAccessPlan['access'] {
  return typeof entry === 'string' ? SERVICE_DEFAULTS.databaseAccess : (entry.access ?? SERVICE_DEFAULTS.databaseAccess);
}

/** How a service reaches a database it lists: the access asked for, through the service's own user. */
export function databaseAccessDefaults(service: string, entry: ServiceDatabaseInput): DatabaseAccessPlan {
  return { database: entryDatabase(entry), access: entryAccess(entry), username: databaseUsername(service) };
}

/** A service's plan in an environment, from its merged fields. */
export function serviceDefaults(
  name: string,
  merged: Fields<ServiceInput>,
  profile: Known<Profile>,
  posixUid: number,
): Draft<ServicePlan> {
  const kind = or(merged.kind, SERVICE_DEFAULTS.kind);
  // A job starts one task per run; it neither keeps tasks running nor scales.
  const desiredCount = kind === 'job' ? 1 : or(merged.desiredCount, byProfile(profile, (table) => table.service.desiredCount));
  const spot = or(merged.spot, SERVICE_DEFAULTS.spot);
  const cpu = required(merged.cpu);
  const memoryMiB = required(merged.memoryMiB);
  return {
    name,
    repository: required(merged.repository),
    dockerfile: or(merged.dockerfile, SERVICE_DEFAULTS.dockerfile),
    workload: workloadDefaults(kind, merged),
    cpu,
    memoryMiB,
    architecture: or(merged.architecture, SERVICE_DEFAULTS.architecture),
    desiredCount,
    maxCount: kind === 'job' ? 1 : or(merged.maxCount, map(desiredCount, (count) => count * SERVICE_DEFAULTS.maxCountPerDesiredCount)),
    scaling: map(or(merged.scaling, {}), (scaling) => ({
      cpuPercent: scaling.cpuPercent ?? SERVICE_DEFAULTS.scaling.cpuPercent,
      requestsPerTarget: scaling.requestsPerTarget ?? SERVICE_DEFAULTS.scaling.requestsPerTarget,
      messagesPerTask: scaling.messagesPerTask ?? SERVICE_DEFAULTS.scaling.messagesPerTask,
    })),
    container: containerDefaults(kind, merged, cpu, memoryMiB, posixUid),
    useSpot: spot === INVALID ? INVALID : byProfile(profile, (table) => table.service.spotAllowed && spot),
    databases: map(or(merged.databases, []), (entries) => entries.map((entry) => databaseAccessDefaults(name, entry))),
    calls: or(merged.calls, []),
    mounts: map(or(merged.mounts, {}), (mounts) =>
      Object.entries(mounts).map(([fileSystem, containerPath]) => ({ fileSystem, containerPath })),
    ),
    environment: or(merged.environment, {}),
    secrets: map(or(merged.secrets, {}), (secrets) =>
      Object.fromEntries(Object.entries(secrets).map(([variable, reference]) => [variable, secretRef(reference)])),
    ),
    permissions: map(or(merged.permissions, {}), (permissions) => withWorkerQueue(permissionsDefaults(permissions), kind, merged.queue)),
    posixUid,
    logRetentionDays: byProfile(profile, (table) => table.service.logRetentionDays),
  };
}

/** The settings of the service's kind; INVALID when one it needs is missing or invalid (a rule says which). */
export function workloadDefaults(kind: Known<ServiceKind>, merged: Fields<ServiceInput>): Known<WorkloadPlan> {
  switch (kind) {
    case 'web':
      return whole<WebWorkloadPlan>({
        kind,
        port: required(merged.port),
        healthCheckPath: required(merged.healthCheckPath),
        healthCheckGracePeriodSeconds: or(merged.healthCheckGracePeriodSeconds, SERVICE_DEFAULTS.healthCheckGracePeriodSeconds),
        deregistrationDelaySeconds: or(merged.deregistrationDelaySeconds, SERVICE_DEFAULTS.deregistrationDelaySeconds),
        public: or(merged.public, SERVICE_DEFAULTS.public),
        deployment: map(or(merged.deployment, {}), deploymentDefaults),
      });
    case 'worker':
      return whole<WorkerWorkloadPlan>({ kind, queue: required(merged.queue) });
    case 'job':
      return whole<JobWorkloadPlan>({
        kind,
        schedule: required(merged.schedule),
        timezone: or(merged.timezone, SERVICE_DEFAULTS.timezone),
        timeoutMinutes: or(merged.timeoutMinutes, SERVICE_DEFAULTS.timeoutMinutes),
        retries: or(merged.retries, SERVICE_DEFAULTS.retries),
      });
    default:
      return INVALID;
  }
}

/** The service's container: what sidecars leave of the task's cpu and memory, hardened by default. */
export function containerDefaults(
  kind: Known<ServiceKind>,
  merged: Fields<ServiceInput>,
  cpu: Known<number>,
  memoryMiB: Known<number>,
  posixUid: number,
): Known<ContainerPlan> {
  const sidecars = or(merged.sidecars, {});
  const command = merged.command;
  const user = or(merged.user, `${posixUid}:${posixUid}`);
  const readonlyRootFilesystem = or(merged.readonlyRootFilesystem, SERVICE_DEFAULTS.readonlyRootFilesystem);
  if (kind === INVALID || sidecars === INVALID || command === INVALID || user === INVALID || readonlyRootFilesystem === INVALID || cpu === INVALID || memoryMiB === INVALID) {
    return INVALID;
  }
  const planned = Object.entries(sidecars).map(([sidecar, input]) => sidecarDefaults(sidecar, input));
  return {
    ...(command === undefined ? {} : { command }),
    user,
    readonlyRootFilesystem,
    stopTimeoutSeconds: SERVICE_DEFAULTS.stopTimeoutSeconds[kind],
    cpu: cpu - planned.reduce((sum, sidecar) => sum + sidecar.cpu, 0),
    memoryMiB: memoryMiB - planned.reduce((sum, sidecar) => sum + sidecar.memoryMiB, 0),
    sidecars: planned,
  };
}

export function sidecarDefaults(name: string, input: SidecarInput): SidecarPlan {
  return {
    name,
    image: input.image,
    cpu: input.cpu,
    memoryMiB: input.memoryMiB,
    essential: input.essential ?? SERVICE_DEFAULTS.sidecarEssential,
    environment: input.environment ?? {},
    secrets: Object.fromEntries(Object.entries(input.secrets ?? {}).map(([variable, reference]) => [variable, secretRef(reference)])),
  };
}

/** A web service's deployment with its strategy's defaults; a percentage only where the strategy takes one. */
export function deploymentDefaults(input: DeploymentInput): DeploymentPlan {
  const defaults = SERVICE_DEFAULTS.deployment;
  const strategy = input.strategy ?? defaults.strategy;
  if (strategy === 'rolling') {
    return { strategy, bakeMinutes: 0 };
  }
  return {
    strategy,
    bakeMinutes: input.bakeMinutes ?? defaults.bakeMinutes,
    ...(strategy === 'canary' ? { canaryPercent: input.canaryPercent ?? defaults.canaryPercent } : {}),
    ...(strategy === 'linear' ? { stepPercent: input.stepPercent ?? defaults.stepPercent } : {}),
    ...(input.smokeTest === undefined ? {} : { smokeTest: input.smokeTest }),
  };
}

/** A whole object, or INVALID when any of its fields is. */
function whole<T>(draft: Draft<T>): Known<T> {
  return isComplete(draft) ? complete(draft) : INVALID;
}


/** A service's permissions as lists in manifest order; none when `permissions` is not written. */
export function permissionsDefaults(permissions: PermissionsInput): PermissionsPlan {
  return {
    buckets: Object.entries(permissions.buckets ?? {}).map(([bucket, access]) => ({ bucket, access })),
    queues: Object.entries(permissions.queues ?? {}).map(([queue, access]) => ({ queue, access })),
  };
}

/** A worker may consume its own queue (and gets its URL) whether or not its permissions say so. */
function withWorkerQueue(permissions: PermissionsPlan, kind: Known<ServiceKind>, queue: Known<string> | undefined): PermissionsPlan {
  if (kind !== 'worker' || typeof queue !== 'string' || permissions.queues.some((grant) => grant.queue === queue && grant.access === 'consume')) {
    return permissions;
  }
  return { ...permissions, queues: [...permissions.queues, { queue, access: 'consume' }] };
}
