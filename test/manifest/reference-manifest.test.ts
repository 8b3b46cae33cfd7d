import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EnvironmentPlan, parseManifest } from '../../src/manifest';

const REFERENCE = readFileSync(join(__dirname, '..', '..', 'portside.yaml'), 'utf8');

function environment(name: string): EnvironmentPlan {
  const plan = parseManifest(REFERENCE, 'portside.yaml').plan;
  const found = plan.environments.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no environment ${name}`);
  return found;
}

function isDeeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(isDeeplyFrozen);
}

describe('parseManifest on the reference manifest (portside.yaml)', () => {
  it('parses with no errors and no warnings', () => {
    const { plan, warnings } = parseManifest(REFERENCE, 'portside.yaml');
    expect(warnings).toEqual([]);
    expect(plan.project).toBe('purchase-direct');
    expect(plan.environments.map((e) => e.name)).toEqual(['dev', 'prod']);
  });

  it('resolves 3 web services, a worker, a job, 2 databases and 1 file system in every environment', () => {
    for (const name of ['dev', 'prod']) {
      const env = environment(name);
      expect(env.services.map((s) => [s.name, s.workload.kind])).toEqual([
        ['storefront', 'web'], ['orders-api', 'web'], ['backoffice', 'web'], ['order-events', 'worker'], ['product-feeds', 'job'],
      ]);
      expect(env.databases.map((d) => d.name)).toEqual(['catalog', 'orders']);
      expect(env.fileSystems.map((f) => f.name)).toEqual(['media']);
    }
  });

  it('makes dev an economy environment: 2 AZs, one NAT gateway, no readers, small instances, Spot', () => {
    const dev = environment('dev');
    expect(dev.profile).toBe('economy');
    expect(dev.protectData).toBe(false);
    expect(dev.network).toEqual({
      cidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-2a', 'eu-west-2b'],
      natGateways: 1,
      interfaceEndpoints: false,
      flowLogRetentionDays: 30,
    });
    for (const database of dev.databases) {
      expect(database).toMatchObject({ readers: 0, instanceClass: 'db.t4g.medium', backupRetentionDays: 7, deletionProtection: false });
    }
    expect(dev.services.every((s) => s.useSpot && s.logRetentionDays === 30)).toBe(true);
  });

  it('makes prod a resilient environment: 3 AZs, a NAT gateway per AZ, readers, protection', () => {
    const prod = environment('prod');
    expect(prod.profile).toBe('resilient');
    expect(prod.approval).toBe(true);
    expect(prod.protectData).toBe(true);
    expect(prod.network).toEqual({
      cidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
      natGateways: 3,
      interfaceEndpoints: true,
      flowLogRetentionDays: 365,
    });
    expect(prod.domain).toEqual({ name: 'purchasedirect.example', hostedZoneId: 'Z0123456789ABCDEFGHIJ' });
    for (const database of prod.databases) {
      expect(database).toMatchObject({ readers: 1, backupRetentionDays: 35, deletionProtection: true });
    }
    expect(prod.services.some((s) => s.useSpot)).toBe(false);
  });

  it('applies the prod overrides: catalog on db.r7g.xlarge, storefront 3–20 tasks, the prod payment secret', () => {
    const prod = environment('prod');
    const dev = environment('dev');
    expect(prod.databases.find((d) => d.name === 'catalog')?.instanceClass).toBe('db.r7g.xlarge');
    expect(prod.databases.find((d) => d.name === 'orders')?.instanceClass).toBe('db.r7g.large');
    expect(prod.services.find((s) => s.name === 'storefront')).toMatchObject({ desiredCount: 3, maxCount: 20 });
    expect(dev.services.find((s) => s.name === 'storefront')).toMatchObject({ desiredCount: 2, maxCount: 10 });
    expect(prod.services.find((s) => s.name === 'orders-api')?.secrets).toEqual({
      PAYMENT_API_KEY: { secretArn: 'arn:aws:secretsmanager:eu-west-2:222222222222:secret:payments-XyZ123', jsonKey: 'apiKey' },
    });
    expect(dev.services.find((s) => s.name === 'orders-api')?.secrets.PAYMENT_API_KEY?.secretArn).toContain(':111111111111:');
  });

  it('derives the database plan values from the engine and name', () => {
    const [catalog, orders] = environment('dev').databases;
    expect(catalog).toMatchObject({ engine: 'aurora-mysql', version: '3.10.4', port: 3306, databaseName: 'catalog', envPrefix: 'CATALOG_DB' });
    expect(orders).toMatchObject({ engine: 'aurora-postgresql', version: '17.7', port: 5432, databaseName: 'orders', envPrefix: 'ORDERS_DB' });
  });

  it('gives each service its own database user; backoffice reads orders and never writes them', () => {
    for (const name of ['dev', 'prod']) {
      const services = environment(name).services;
      const access = (service: string) => services.find((s) => s.name === service)?.databases;
      expect(access('storefront')).toEqual([
        { database: 'catalog', access: 'read-write', username: 'svc_storefront' },
        { database: 'orders', access: 'read-write', username: 'svc_storefront' },
      ]);
      expect(access('orders-api')).toEqual([{ database: 'orders', access: 'read-write', username: 'svc_orders_api' }]);
      expect(access('backoffice')).toEqual([
        { database: 'catalog', access: 'read-write', username: 'svc_backoffice' },
        { database: 'orders', access: 'read', username: 'svc_backoffice' },
      ]);
    }
  });

  it('inherits top-level settings into each environment', () => {
    const prod = environment('prod');
    expect(prod).toMatchObject({
      project: 'purchase-direct',
      account: '222222222222',
      region: 'eu-west-2',
      drRegion: 'eu-west-1',
      alertEmail: 'platform@purchase-direct.example',
      tags: { CostCentre: 'ecommerce' },
      github: { owner: 'purchase-direct', connectionArn: expect.stringMatching(/^arn:aws:codeconnections:/) },
    });
  });

  it('gives every service and volume a stable, distinct POSIX id', () => {
    const dev = environment('dev');
    const prod = environment('prod');
    const uids = dev.services.map((s) => s.posixUid);
    expect(new Set(uids).size).toBe(5);
    expect(prod.services.map((s) => s.posixUid)).toEqual(uids);
    expect(dev.fileSystems[0]?.posixGid).toBe(prod.fileSystems[0]?.posixGid);
  });

  it('declares the feeds bucket and the order-events queue: the job writes feeds, storefront reads them; orders-api sends events, the worker consumes them', () => {
    for (const env of ['dev', 'prod'].map(environment)) {
      expect(env.buckets).toEqual([{ name: 'feeds', bucketName: `purchase-direct-${env.name}-feeds-${env.account}-eu-west-2`, expireAfterDays: 90, variable: 'FEEDS_BUCKET_NAME' }]);
      expect(env.queues).toEqual([{
        name: 'order-events', fifo: false, queueName: `purchase-direct-${env.name}-order-events`, deadLetterQueueName: `purchase-direct-${env.name}-order-events-dlq`,
        visibilityTimeoutSeconds: 30, maxReceiveCount: 5, retentionDays: 4, deadLetterRetentionDays: 14, variable: 'ORDER_EVENTS_QUEUE_URL',
      }]);
      const permissions = Object.fromEntries(env.services.map((service) => [service.name, service.permissions]));
      expect(permissions).toEqual({
        storefront: { buckets: [{ bucket: 'feeds', access: 'read' }], queues: [] },
        'orders-api': { buckets: [], queues: [{ queue: 'order-events', access: 'send' }] },
        backoffice: { buckets: [], queues: [] },
        'order-events': { buckets: [], queues: [{ queue: 'order-events', access: 'consume' }] },
        'product-feeds': { buckets: [{ bucket: 'feeds', access: 'write' }], queues: [] },
      });
    }
  });

  it('returns a deeply frozen plan', () => {
    const { plan } = parseManifest(REFERENCE, 'portside.yaml');
    expect(isDeeplyFrozen(plan)).toBe(true);
    expect(() => {
      (plan.environments[0]!.services[0]! as { desiredCount: number }).desiredCount = 9;
    }).toThrow(TypeError);
  });
});
