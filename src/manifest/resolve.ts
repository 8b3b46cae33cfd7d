/**
 * Resolves every environment: merges its overrides into each service and database, applies the
 * defaults (defaults.ts), and runs the environment rules on the result.
 */
import { bucketDefaults, databaseDefaults, environmentDefaults, NamingContext, queueDefaults, EnvironmentSettings, fileSystemDefaults, MergedDatabaseInput, networkDefaults } from './defaults';
import { serviceDefaults } from './service-defaults';
import type { EnvironmentCheck, Origin, OriginOf } from './checks';
import { DATABASE_RULES } from './database-rules';
import { ENVIRONMENT_RULES } from './environment-rules';
import { asMapping, Draft, Fields, INVALID } from './fields';
import type { Finding } from './finding';
import type { FieldPath } from './path';
import type { BucketPlan, DatabasePlan, FileSystemPlan, NetworkPlan, QueuePlan, ServicePlan } from './plan';
import { serviceUids } from './posix-ids';
import { SERVICE_RULES } from './service-rules';
import type { EnvironmentInput } from './schema';
import type { EnvironmentView, ManifestView } from './view';

/** One environment's plan, possibly with INVALID fields (then an issue explains each). */
export interface EnvironmentDraft {
  readonly settings: Draft<EnvironmentSettings>;
  readonly network: Draft<NetworkPlan>;
  readonly databases: readonly Draft<DatabasePlan>[];
  readonly fileSystems: readonly Draft<FileSystemPlan>[];
  readonly buckets: readonly Draft<BucketPlan>[];
  readonly queues: readonly Draft<QueuePlan>[];
  readonly services: readonly Draft<ServicePlan>[];
}

export interface Resolution {
  readonly environments: readonly EnvironmentDraft[];
  readonly findings: readonly Finding[];
}

/** Fields whose mappings merge key by key with an override; the others are replaced. */
const MERGED_BY_KEY: readonly string[] = ['environment', 'secrets', 'scaling'];

interface Merged<T> {
  readonly fields: Fields<T>;
  readonly origin: OriginOf;
}

/** Merges an override into an entry's fields and records where each merged value came from. */
export function mergeOverride<T>(base: Fields<T>, basePath: FieldPath, override: Fields<T> | undefined, overridePath: FieldPath): Merged<T> {
  const baseValues = base as Readonly<Record<string, unknown>>;
  const overrideValues = (override ?? {}) as Readonly<Record<string, unknown>>;
  const merged: Record<string, unknown> = { ...baseValues };
  for (const [field, value] of Object.entries(overrideValues)) {
    const current = merged[field];
    if (MERGED_BY_KEY.includes(field) && current !== undefined) {
      merged[field] = current === INVALID || value === INVALID ? INVALID : { ...(current as object), ...(value as object) };
    } else {
      merged[field] = value;
    }
  }
  const origin = (field: string, key?: string): Origin => {
    const keyed = key === undefined ? [] : [key];
    if (Object.hasOwn(overrideValues, field)) {
      const value = asMapping(overrideValues[field]);
      if (key === undefined || !MERGED_BY_KEY.includes(field) || (value && Object.hasOwn(value, key))) {
        return { path: [...overridePath, field, ...keyed], source: 'override' };
      }
    }
    if (Object.hasOwn(baseValues, field)) {
      return { path: [...basePath, field, ...keyed], source: 'manifest' };
    }
    return { path: [...basePath, field], source: 'default' };
  };
  return { fields: merged as Fields<T>, origin };
}

const NO_ENVIRONMENT: EnvironmentView = {
  fields: {},
  serviceOverrides: { names: new Set(), entries: new Map() },
  databaseOverrides: { names: new Set(), entries: new Map() },
};

function resolveEnvironment(
  manifest: ManifestView,
  name: string | undefined,
  view: EnvironmentView,
  uids: ReadonlyMap<string, number>,
  findings: Finding[],
): EnvironmentDraft {
  const fields: Fields<EnvironmentInput> = view.fields;
  const settings = environmentDefaults(name ?? '', manifest.top, fields);
  const network = networkDefaults(fields, settings.region, settings.profile);
  const environment: EnvironmentCheck = { name, fields, settings, network };
  findings.push(...ENVIRONMENT_RULES.flatMap((rule) => rule(environment)));
  const overridePath = (kind: string, entry: string): FieldPath => ['environments', name ?? '', 'overrides', kind, entry];

  const databases = [...manifest.databases.entries].map(([database, base]) => {
    const { fields: merged, origin } = mergeOverride<MergedDatabaseInput>(base, ['databases', database], view.databaseOverrides.entries.get(database), overridePath('databases', database));
    const draft = databaseDefaults(database, merged, settings.profile);
    findings.push(...DATABASE_RULES.flatMap((rule) => rule({ name: database, environment, database: draft, origin })));
    return draft;
  });

  const services = [...manifest.services.entries].map(([service, base]) => {
    const { fields: merged, origin } = mergeOverride(base, ['services', service], view.serviceOverrides.entries.get(service), overridePath('services', service));
    const draft = serviceDefaults(service, merged, settings.profile, uids.get(service)!);
    findings.push(...SERVICE_RULES.flatMap((rule) => rule({ name: service, environment, service: draft, origin })));
    return draft;
  });

  const fileSystems = [...manifest.fileSystems.entries].map(([fileSystem, entry]) => fileSystemDefaults(fileSystem, entry));
  const naming: NamingContext = { project: settings.project, environment: name ?? '', account: settings.account, region: settings.region };
  const buckets = [...manifest.buckets.entries].map(([bucket, entry]) => bucketDefaults(bucket, entry, naming));
  const queues = [...manifest.queues.entries].map(([queue, entry]) => queueDefaults(queue, entry, naming));
  return { settings, network, databases, fileSystems, buckets, queues, services };
}

/**
 * Every environment of the manifest with its findings. With no usable environment, the rules that
 * need none (Fargate sizes, versions, …) still run, so their problems are reported in the same pass.
 */
export function resolveManifest(manifest: ManifestView): Resolution {
  const uids = serviceUids(manifest.services.entries.keys());
  const findings: Finding[] = [];
  const environments = [...manifest.environments.entries].map(([name, view]) => resolveEnvironment(manifest, name, view, uids, findings));
  if (environments.length === 0) {
    resolveEnvironment(manifest, undefined, NO_ENVIRONMENT, uids, findings);
  }
  return { environments, findings };
}
