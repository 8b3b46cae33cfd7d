import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { manifestJsonSchema } from '../../src/manifest';

const REPO_ROOT = join(__dirname, '..', '..');

interface JsonSchema {
  $schema?: string;
  type?: string;
  enum?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
}

function fieldsOf(schema: JsonSchema | undefined): string[] {
  return Object.keys(schema?.properties ?? {});
}

function entryOf(schema: JsonSchema | undefined): JsonSchema | undefined {
  return typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
}

describe('manifestJsonSchema', () => {
  const schema = manifestJsonSchema() as JsonSchema;

  it('matches the committed portside.schema.json (regenerate it with npm run schema)', () => {
    const committed = readFileSync(join(REPO_ROOT, 'portside.schema.json'), 'utf8');
    expect(committed).toBe(`${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
  });

  it('is a draft 2020-12 schema that refuses unknown top-level fields', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['project', 'region', 'drRegion', 'alertEmail', 'github', 'environments', 'services']);
  });

  it('keeps the contract field names of MANIFEST.md (fields may be added, never renamed)', () => {
    const environment = entryOf(schema.properties?.environments);
    const service = entryOf(schema.properties?.services);
    expect(fieldsOf(schema)).toEqual(expect.arrayContaining(['project', 'region', 'drRegion', 'alertEmail', 'tags', 'github', 'environments', 'databases', 'fileSystems', 'services']));
    expect(fieldsOf(schema.properties?.github)).toEqual(expect.arrayContaining(['owner', 'connectionArn']));
    expect(fieldsOf(environment)).toEqual(expect.arrayContaining(['account', 'region', 'branch', 'profile', 'approval', 'budgetMonthlyUsd', 'domain', 'overrides']));
    expect(fieldsOf(environment?.properties?.domain)).toEqual(['name', 'hostedZoneId']);
    expect(fieldsOf(entryOf(schema.properties?.databases))).toEqual(expect.arrayContaining(['engine', 'version', 'instanceClass', 'readers', 'databaseName']));
    expect(fieldsOf(entryOf(schema.properties?.fileSystems))).toEqual(expect.arrayContaining(['infrequentAccessAfterDays']));
    expect(fieldsOf(service)).toEqual(
      expect.arrayContaining([
        'repository', 'dockerfile', 'port', 'healthCheckPath', 'cpu', 'memoryMiB', 'architecture', 'desiredCount',
        'maxCount', 'scaling', 'public', 'databases', 'mounts', 'environment', 'secrets',
      ]),
    );
    expect(fieldsOf(service?.properties?.scaling)).toEqual(['cpuPercent', 'requestsPerTarget', 'messagesPerTask']);
    // Version 2: workload kinds and hardened containers.
    expect(fieldsOf(service)).toEqual(expect.arrayContaining([
      'kind', 'queue', 'schedule', 'timezone', 'timeoutMinutes', 'retries', 'permissions', 'calls', 'command', 'user', 'readonlyRootFilesystem', 'sidecars',
    ]));
    expect(fieldsOf(entryOf(service?.properties?.sidecars))).toEqual(['image', 'cpu', 'memoryMiB', 'essential', 'environment', 'secrets']);
  });

  it('pins the fields Portside added beside the contract', () => {
    expect(fieldsOf(entryOf(schema.properties?.environments))).toEqual(expect.arrayContaining(['cidr', 'availabilityZones', 'allowPlainHttp']));
    expect(entryOf(schema.properties?.environments)?.properties?.allowPlainHttp).toMatchObject({ type: 'boolean', description: expect.stringMatching(/resilient environment without a domain/) });
    expect(fieldsOf(entryOf(schema.properties?.services))).toEqual(expect.arrayContaining(['spot', 'healthCheckGracePeriodSeconds', 'deregistrationDelaySeconds']));
    expect(fieldsOf(schema.properties?.github)).toContain('platform');
    expect(fieldsOf(schema.properties?.github?.properties?.platform)).toEqual(['repository', 'branch']);
    const overrides = entryOf(schema.properties?.environments)?.properties?.overrides;
    expect(fieldsOf(entryOf(overrides?.properties?.databases))).toContain('restoreFromSnapshot');
    expect(fieldsOf(entryOf(schema.properties?.databases))).not.toContain('restoreFromSnapshot');
  });

  it('keeps the version 2 names of buckets, queues and permissions, with AWS\'s ranges', () => {
    expect(fieldsOf(schema)).toEqual(expect.arrayContaining(['buckets', 'queues']));
    const bucket = entryOf(schema.properties?.buckets);
    const queue = entryOf(schema.properties?.queues);
    expect(fieldsOf(bucket)).toEqual(['expireAfterDays']);
    expect(bucket?.additionalProperties).toBe(false);
    expect(bucket?.properties?.expireAfterDays).toMatchObject({ type: 'integer', minimum: 1, maximum: 36500 });
    expect(fieldsOf(queue)).toEqual(['fifo', 'visibilityTimeoutSeconds', 'maxReceiveCount', 'retentionDays']);
    expect(queue?.properties?.visibilityTimeoutSeconds).toMatchObject({ minimum: 0, maximum: 43200 });
    expect(queue?.properties?.maxReceiveCount).toMatchObject({ minimum: 1, maximum: 1000 });
    expect(queue?.properties?.retentionDays).toMatchObject({ minimum: 1, maximum: 14 });
    const permissions = entryOf(schema.properties?.services)?.properties?.permissions;
    expect(fieldsOf(permissions)).toEqual(['buckets', 'queues']);
    expect(permissions?.properties?.buckets?.additionalProperties).toMatchObject({ enum: ['read', 'write', 'read-write'] });
    expect(permissions?.properties?.queues?.additionalProperties).toMatchObject({ enum: ['send', 'consume'] });
    // The same in every environment: no override.
    const overrides = entryOf(schema.properties?.environments)?.properties?.overrides;
    expect(fieldsOf(entryOf(overrides?.properties?.services))).not.toContain('permissions');
  });

  it('takes a service database as a name or as a strict { name, access } mapping', () => {
    const entry = entryOf(schema.properties?.services)?.properties?.databases?.items;
    expect(entry?.anyOf?.map((form) => form.type)).toEqual(['string', 'object']);
    const mapping = entry?.anyOf?.[1];
    expect(fieldsOf(mapping)).toEqual(['name', 'access']);
    expect(mapping?.required).toEqual(['name']);
    expect(mapping?.additionalProperties).toBe(false);
    expect(mapping?.properties?.access?.enum).toEqual(['read-write', 'read']);
  });

  it('keeps fields that are the same in every environment out of overrides', () => {
    const overrides = entryOf(schema.properties?.environments)?.properties?.overrides;
    const service = fieldsOf(entryOf(overrides?.properties?.services));
    const database = fieldsOf(entryOf(overrides?.properties?.databases));
    expect(service).not.toEqual(expect.arrayContaining(['repository']));
    for (const field of ['repository', 'dockerfile', 'databases', 'mounts']) expect(service).not.toContain(field);
    for (const field of ['engine', 'databaseName']) expect(database).not.toContain(field);
    expect(service).toContain('desiredCount');
  });
});
