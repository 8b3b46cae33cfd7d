import { BucketInput, bucketSchema, QueueInput, queueSchema } from './data-access-schema';
import { asMapping, Fields, readFields } from './fields';
import {
  databaseOverrideSchema,
  DatabaseInput,
  DatabaseOverrideInput,
  databaseSchema,
  EnvironmentInput,
  environmentSchema,
  FileSystemInput,
  fileSystemSchema,
  ManifestInput,
  manifestSchema,
  ServiceInput,
  ServiceOverrideInput,
  serviceOverrideSchema,
  serviceSchema,
} from './schema';

/** A mapping of named entries (services, databases, …), each read field by field. */
export interface Section<T> {
  /** Every name written in the section; undefined when the section is unusable (not a mapping, or a required one missing). */
  readonly names: ReadonlySet<string> | undefined;
  /** The entries that are mappings, in manifest order. */
  readonly entries: ReadonlyMap<string, T>;
}

export interface EnvironmentView {
  readonly fields: Fields<EnvironmentInput>;
  readonly serviceOverrides: Section<Fields<ServiceOverrideInput>>;
  readonly databaseOverrides: Section<Fields<DatabaseOverrideInput>>;
}

/**
 * The manifest read field by field: each valid field with its value, each invalid one as INVALID
 * (its problem is reported by the schema), so cross-field rules can run on everything else.
 */
export interface ManifestView {
  readonly top: Fields<ManifestInput>;
  readonly environments: Section<EnvironmentView>;
  readonly databases: Section<Fields<DatabaseInput>>;
  readonly fileSystems: Section<Fields<FileSystemInput>>;
  readonly buckets: Section<Fields<BucketInput>>;
  readonly queues: Section<Fields<QueueInput>>;
  readonly services: Section<Fields<ServiceInput>>;
}

function section<T>(raw: unknown, required: boolean, read: (value: unknown) => T | undefined): Section<T> {
  const mapping = asMapping(raw);
  if (!mapping) {
    return { names: raw === undefined && !required ? new Set() : undefined, entries: new Map() };
  }
  const entries = new Map<string, T>();
  for (const [name, value] of Object.entries(mapping)) {
    const entry = read(value);
    if (entry !== undefined) {
      entries.set(name, entry);
    }
  }
  return { names: new Set(Object.keys(mapping)), entries };
}

function environmentView(raw: unknown): EnvironmentView | undefined {
  const fields = readFields(environmentSchema, raw);
  if (!fields) {
    return undefined;
  }
  const overrides = asMapping(asMapping(raw)?.overrides);
  return {
    fields,
    serviceOverrides: section(overrides?.services, false, (value) => readFields(serviceOverrideSchema, value)),
    databaseOverrides: section(overrides?.databases, false, (value) => readFields(databaseOverrideSchema, value)),
  };
}

export function viewManifest(raw: unknown): ManifestView {
  const root = asMapping(raw);
  return {
    top: readFields(manifestSchema, raw) ?? {},
    environments: section(root?.environments, true, environmentView),
    databases: section(root?.databases, false, (value) => readFields(databaseSchema, value)),
    fileSystems: section(root?.fileSystems, false, (value) => readFields(fileSystemSchema, value)),
    buckets: section(root?.buckets, false, (value) => readFields(bucketSchema, value)),
    queues: section(root?.queues, false, (value) => readFields(queueSchema, value)),
    services: section(root?.services, true, (value) => readFields(serviceSchema, value)),
  };
}
