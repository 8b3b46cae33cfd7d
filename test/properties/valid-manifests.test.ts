import * as fc from 'fast-check';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { parseManifest } from '../../src/manifest';
import { FARGATE_SIZES } from '../../src/manifest/fargate';
import { violations } from '../support/invariants';

/**
 * Random valid manifests always parse, synthesize, keep every platform invariant and stay cdk-nag
 * clean. Synthesis costs seconds per case, so the default run is small; set PORTSIDE_PROPERTY_RUNS
 * (or run `npm run test:properties:large`) for a larger one.
 */
const DEFAULT_RUNS = 4;
const RUNS = Number(process.env.PORTSIDE_PROPERTY_RUNS ?? '') || DEFAULT_RUNS;
const LARGE = RUNS > DEFAULT_RUNS;

const fargateSize = fc.constantFrom(...[...FARGATE_SIZES].filter(([cpu]) => cpu <= 4096))
  .chain(([cpu, memories]) => fc.constantFrom(...memories).map((memoryMiB) => ({ cpu, memoryMiB })));

const name = (prefix: string) => fc.integer({ min: 0, max: 999 }).map((n) => `${prefix}${n}`);

interface Service {
  name: string; cpu: number; memoryMiB: number; port: number; architecture: string; public: boolean;
  desiredCount?: number; maxCount?: number; databases: DatabaseEntry[]; mounts: Record<string, string>; overrideDesired?: number;
  /** Other services it calls (never itself). */
  calls: string[];
  bucketGrants: Record<string, string>; queueGrants: Record<string, string>;
}

/** A bucket (`bkt<n>`) and a queue (`q<n>`, FIFO or not) as the manifest declares them. */
interface Bucket { name: string; expireAfterDays?: number }
interface Queue { name: string; fifo: boolean; retentionDays?: number; maxReceiveCount?: number }

/** A service's `databases` entry, in either form: a bare name (read-write) or `{ name, access }` (access optional). */
interface DatabaseEntry { name: string; form: 'name' | 'object'; access?: 'read' | 'read-write' }

const databaseForm = fc.oneof(
  fc.constant<Omit<DatabaseEntry, 'name'>>({ form: 'name' }),
  fc.option(fc.constantFrom('read' as const, 'read-write' as const), { nil: undefined })
    .map((access): Omit<DatabaseEntry, 'name'> => (access === undefined ? { form: 'object' } : { form: 'object', access })),
);

function databaseEntryYaml(entry: DatabaseEntry): string {
  if (entry.form === 'name') return entry.name;
  return entry.access === undefined ? `{ name: ${entry.name} }` : `{ name: ${entry.name}, access: ${entry.access} }`;
}

const serviceSeed = fc.record({
  size: fargateSize,
  port: fc.integer({ min: 1024, max: 65535 }),
  architecture: fc.constantFrom('arm64', 'x86_64'),
  public: fc.boolean(),
  desired: fc.option(fc.integer({ min: 2, max: 5 }), { nil: undefined }),
  extraMax: fc.integer({ min: 0, max: 10 }),
  dbPick: fc.array(fc.record({ pick: fc.nat(), form: databaseForm }), { maxLength: 2 }),
  mount: fc.option(fc.nat(), { nil: undefined }),
  overrideDesired: fc.option(fc.integer({ min: 2, max: 4 }), { nil: undefined }),
  callPicks: fc.array(fc.nat(), { maxLength: 2 }),
  bucketPick: fc.array(fc.record({ pick: fc.nat(), access: fc.constantFrom('read', 'write', 'read-write') }), { maxLength: 2 }),
  queuePick: fc.array(fc.record({ pick: fc.nat(), access: fc.constantFrom('send', 'consume') }), { maxLength: 2 }),
});

/** 1–20 services; the default run reaches 20 only in some cases, a large run anywhere in between. */
const serviceCount = LARGE ? fc.integer({ min: 1, max: 20 }) : fc.oneof({ arbitrary: fc.integer({ min: 1, max: 4 }), weight: 3 }, { arbitrary: fc.constant(20), weight: 1 });

const manifestArb = fc.record({
  databases: fc.uniqueArray(fc.record({ name: name('db'), engine: fc.constantFrom('aurora-mysql', 'aurora-postgresql') }), { minLength: 0, maxLength: 3, selector: (d) => d.name }),
  fileSystems: fc.uniqueArray(name('fs'), { minLength: 0, maxLength: 2 }),
  buckets: fc.uniqueArray(fc.record({ name: name('bkt'), expireAfterDays: fc.option(fc.integer({ min: 1, max: 36500 }), { nil: undefined }) }), { maxLength: 2, selector: (b) => b.name }),
  queues: fc.uniqueArray(fc.record({
    name: name('q'), fifo: fc.boolean(),
    retentionDays: fc.option(fc.integer({ min: 1, max: 14 }), { nil: undefined }),
    maxReceiveCount: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
  }), { maxLength: 2, selector: (q) => q.name }),
  seeds: serviceCount.chain((n) => fc.array(serviceSeed, { minLength: n, maxLength: n })),
  // https: how a resilient environment with a public service serves it (a domain, or plain HTTP asked for); ignored otherwise.
  environments: fc.uniqueArray(fc.record({
    name: fc.constantFrom('dev', 'staging', 'prod'), profile: fc.constantFrom('economy', 'resilient'), https: fc.constantFrom('domain', 'plain'),
  }), { minLength: 1, maxLength: 2, selector: (e) => e.name }),
  instanceClass: fc.option(fc.constantFrom('db.r7g.large', 'db.r6g.large', 'db.t4g.medium', 'db.r7g.xlarge'), { nil: undefined }),
}).map((m) => {
  const services: Service[] = m.seeds.map((s, i) => ({
    name: `svc-${i}`, cpu: s.size.cpu, memoryMiB: s.size.memoryMiB, port: s.port, architecture: s.architecture, public: s.public,
    desiredCount: s.desired, maxCount: s.desired === undefined ? undefined : s.desired + s.extraMax,
    databases: m.databases.length === 0 ? [] : [
      ...new Map(s.dbPick.map(({ pick, form }) => [m.databases[pick % m.databases.length]!.name, form] as const))
        .entries(),
    ].map(([db, form]) => ({ name: db, ...form })),
    mounts: s.mount !== undefined && m.fileSystems.length > 0 ? { [m.fileSystems[s.mount % m.fileSystems.length]!]: `/mnt/data${i}` } : {},
    overrideDesired: s.overrideDesired,
    calls: [...new Set(s.callPicks.map((pick) => `svc-${pick % m.seeds.length}`))].filter((callee) => callee !== `svc-${i}`),
    bucketGrants: m.buckets.length === 0 ? {} : Object.fromEntries(s.bucketPick.map(({ pick, access }) => [m.buckets[pick % m.buckets.length]!.name, access])),
    queueGrants: m.queues.length === 0 ? {} : Object.fromEntries(s.queuePick.map(({ pick, access }) => [m.queues[pick % m.queues.length]!.name, access])),
  }));
  const buckets: Bucket[] = m.buckets;
  const queues: Queue[] = m.queues;
  return { databases: m.databases, fileSystems: m.fileSystems, buckets, queues, environments: m.environments, instanceClass: m.instanceClass, services };
});

type Generated = typeof manifestArb extends fc.Arbitrary<infer T> ? T : never;

function toYaml(m: Generated): string {
  const lines = [
    'project: prop-shop', 'region: eu-west-2', 'drRegion: eu-west-1', 'alertEmail: ops@prop.example',
    'github:', '  owner: prop-shop', 'environments:',
  ];
  m.environments.forEach((env, i) => {
    lines.push(`  ${env.name}:`, `    account: "${String(111111111111 * (i + 1)).padStart(12, '0')}"`, `    branch: ${env.name === 'prod' ? 'main' : env.name}`, `    profile: ${env.profile}`);
    if (env.profile === 'resilient' && m.services.some((s) => s.public)) {
      lines.push(env.https === 'domain' ? `    domain: { name: ${env.name}.prop-shop.example, hostedZoneId: Z0123456789ABC }` : '    allowPlainHttp: true');
    }
    const overridden = m.services.filter((s) => s.overrideDesired !== undefined);
    if (overridden.length > 0 || (m.instanceClass && m.databases.length > 0)) {
      lines.push('    overrides:');
      if (overridden.length > 0) {
        lines.push('      services:');
        for (const s of overridden) {
          lines.push(`        ${s.name}: { desiredCount: ${s.overrideDesired}, maxCount: ${s.overrideDesired! + 10} }`);
        }
      }
      if (m.instanceClass && m.databases.length > 0) {
        lines.push('      databases:', `        ${m.databases[0]!.name}: { instanceClass: ${m.instanceClass} }`);
      }
    }
  });
  if (m.databases.length > 0) {
    lines.push('databases:');
    for (const db of m.databases) lines.push(`  ${db.name}:`, `    engine: ${db.engine}`, `    databaseName: ${db.name}`);
  }
  if (m.fileSystems.length > 0) {
    lines.push('fileSystems:');
    for (const fs of m.fileSystems) lines.push(`  ${fs}: {}`);
  }
  if (m.buckets.length > 0) {
    lines.push('buckets:');
    for (const b of m.buckets) lines.push(b.expireAfterDays === undefined ? `  ${b.name}: {}` : `  ${b.name}: { expireAfterDays: ${b.expireAfterDays} }`);
  }
  if (m.queues.length > 0) {
    lines.push('queues:');
    for (const q of m.queues) {
      const fields = [`fifo: ${q.fifo}`, ...(q.retentionDays === undefined ? [] : [`retentionDays: ${q.retentionDays}`]), ...(q.maxReceiveCount === undefined ? [] : [`maxReceiveCount: ${q.maxReceiveCount}`])];
      lines.push(`  ${q.name}: { ${fields.join(', ')} }`);
    }
  }
  lines.push('services:');
  for (const s of m.services) {
    lines.push(`  ${s.name}:`, `    repository: prop-shop/${s.name}`, `    port: ${s.port}`, '    healthCheckPath: /health',
      `    cpu: ${s.cpu}`, `    memoryMiB: ${s.memoryMiB}`, `    architecture: ${s.architecture}`, `    public: ${s.public}`);
    if (s.desiredCount !== undefined) lines.push(`    desiredCount: ${s.desiredCount}`, `    maxCount: ${s.maxCount}`);
    if (s.databases.length > 0) lines.push(`    databases: [${s.databases.map(databaseEntryYaml).join(', ')}]`);
    if (s.calls.length > 0) lines.push(`    calls: [${s.calls.join(', ')}]`);
    const mounts = Object.entries(s.mounts);
    if (mounts.length > 0) lines.push('    mounts:', ...mounts.map(([fs, path]) => `      ${fs}: ${path}`));
    const bucketGrants = Object.entries(s.bucketGrants);
    const queueGrants = Object.entries(s.queueGrants);
    if (bucketGrants.length + queueGrants.length > 0) {
      lines.push('    permissions:');
      if (bucketGrants.length > 0) lines.push(`      buckets: { ${bucketGrants.map(([b, access]) => `${b}: ${access}`).join(', ')} }`);
      if (queueGrants.length > 0) lines.push(`      queues: { ${queueGrants.map(([q, access]) => `${q}: ${access}`).join(', ')} }`);
    }
  }
  return `${lines.join('\n')}\n`;
}

export const validManifestYaml = manifestArb.map(toYaml);

describe('random valid manifests', () => {
  it('parse without errors (cheap, many cases)', () => {
    fc.assert(fc.property(validManifestYaml, (yaml) => {
      parseManifest(yaml, 'generated.yaml');
    }), { numRuns: Math.max(100, RUNS * 10) });
  });

  it('give each service one database access per listed database, as written (read-write unless access: read)', () => {
    fc.assert(fc.property(manifestArb, (m) => {
      const { plan } = parseManifest(toYaml(m), 'generated.yaml');
      for (const environment of plan.environments) {
        for (const service of m.services) {
          const planned = environment.services.find((candidate) => candidate.name === service.name)!;
          expect(planned.databases).toEqual(service.databases.map((entry) => ({
            database: entry.name,
            access: entry.access ?? 'read-write',
            username: `svc_${service.name.replace(/-/g, '_')}`,
          })));
        }
      }
    }), { numRuns: Math.max(100, RUNS * 10) });
  });

  it('give each service its permissions as written, and each environment its buckets and queues', () => {
    fc.assert(fc.property(manifestArb, (m) => {
      const { plan } = parseManifest(toYaml(m), 'generated.yaml');
      for (const environment of plan.environments) {
        expect(environment.buckets.map((b) => b.name)).toEqual(m.buckets.map((b) => b.name));
        expect(environment.queues.map((q) => [q.name, q.queueName.endsWith('.fifo')])).toEqual(m.queues.map((q) => [q.name, q.fifo]));
        for (const service of m.services) {
          const planned = environment.services.find((candidate) => candidate.name === service.name)!;
          expect(planned.permissions.buckets).toEqual(Object.entries(service.bucketGrants).map(([bucket, access]) => ({ bucket, access })));
          expect(planned.permissions.queues).toEqual(Object.entries(service.queueGrants).map(([queue, access]) => ({ queue, access })));
        }
      }
    }), { numRuns: Math.max(100, RUNS * 10) });
  });

  it('synthesize, keep every invariant and stay cdk-nag clean', () => {
    fc.assert(fc.property(validManifestYaml, (yaml) => {
      const { plan } = parseManifest(yaml, 'generated.yaml');
      const { app, stages } = buildApp(plan, { compliance: false });
      app.synth();
      for (const stage of stages) {
        for (const stack of stage.stacks) {
          const template = stage.synth().getStackArtifact(stack.artifactId).template;
          expect(violations(template), stack.stackName).toEqual([]);
        }
      }
      for (const checks of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
        const report = checks.validateScope(app);
        expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`)).toEqual([]);
      }
    }), { numRuns: RUNS, endOnFailure: true });
  }, 60_000 + RUNS * 20_000);
});
