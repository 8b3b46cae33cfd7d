import { describe, expect, it } from 'vitest';
import { EnvironmentPlan, parseManifest } from '../../src/manifest';
import { BACKUP_SCHEDULES, PROFILES } from '../../src/manifest/defaults';
import { fileSystemGid, fnv1a32, serviceUids } from '../../src/manifest/posix-ids';
import { issuesOf } from './fixtures/issues';

/** Only the required fields (and prod's opt-in to plain HTTP, having no domain): everything else comes from the defaults. */
const MINIMAL = `project: tiny
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@tiny.example
github:
  owner: tiny
environments:
  dev:
    account: "111111111111"
    branch: dev
    profile: economy
  prod:
    account: "222222222222"
    branch: main
    profile: resilient
    allowPlainHttp: true        # no domain, so web is on plain HTTP, which resilient accepts only when asked
databases:
  order-history:
    engine: aurora-postgresql
fileSystems:
  media: {}
services:
  web:
    repository: tiny/web
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    databases: [order-history]
`;

function environments(): { dev: EnvironmentPlan; prod: EnvironmentPlan } {
  const { plan, warnings } = parseManifest(MINIMAL, 'portside.yaml');
  expect(warnings).toEqual([]);
  return { dev: plan.environments[0]!, prod: plan.environments[1]! };
}

describe('defaults', () => {
  it('gives a minimal manifest every environment default', () => {
    const { dev, prod } = environments();
    expect(dev).toEqual({
      project: 'tiny',
      name: 'dev',
      account: '111111111111',
      region: 'eu-west-2',
      drRegion: 'eu-west-1',
      branch: 'dev',
      profile: 'economy',
      approval: false,
      alertEmail: 'ops@tiny.example',
      tags: {},
      github: { owner: 'tiny' },
      protectData: false,
      backup: { rules: [{ name: 'daily', schedule: 'cron(0 5 * * ? *)', retentionDays: 7 }], copyToRegion: 'eu-west-1' },
      network: { cidr: '10.0.0.0/16', availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 1, interfaceEndpoints: false, flowLogRetentionDays: 30 },
      databases: [expect.objectContaining({ name: 'order-history' })],
      fileSystems: [{ name: 'media', posixGid: fileSystemGid('media') }],
      buckets: [],
      queues: [],
      services: [expect.objectContaining({ name: 'web' })],
    });
    expect(prod.network).toEqual({
      cidr: '10.0.0.0/16',
      availabilityZones: ['eu-west-2a', 'eu-west-2b', 'eu-west-2c'],
      natGateways: 3,
      interfaceEndpoints: true,
      flowLogRetentionDays: 365,
    });
    expect(prod).not.toHaveProperty('budgetMonthlyUsd');
    expect(prod).not.toHaveProperty('domain');
  });

  it('gives a minimal service every service default, by profile', () => {
    const { dev, prod } = environments();
    const uid = serviceUids(['web']).get('web');
    const common = {
      name: 'web',
      repository: 'tiny/web',
      dockerfile: 'Dockerfile',
      workload: { kind: 'web', port: 8080, healthCheckPath: '/health', healthCheckGracePeriodSeconds: 60, deregistrationDelaySeconds: 30, public: true, deployment: { strategy: 'rolling', bakeMinutes: 0 } },
      cpu: 256,
      memoryMiB: 512,
      architecture: 'arm64',
      scaling: { cpuPercent: 60, requestsPerTarget: 1000, messagesPerTask: 100 },
      // Hardened by default: the service's own uid, a read-only root, all of the task's cpu and memory.
      container: { user: `${uid}:${uid}`, readonlyRootFilesystem: true, stopTimeoutSeconds: 30, cpu: 256, memoryMiB: 512, sidecars: [] },
      databases: [{ database: 'order-history', access: 'read-write', username: 'svc_web' }],
      calls: [],
      mounts: [],
      environment: {},
      secrets: {},
      permissions: { buckets: [], queues: [] },
      posixUid: uid,
    };
    expect(dev.services[0]).toEqual({ ...common, desiredCount: 1, maxCount: 2, useSpot: true, logRetentionDays: 30 });
    expect(prod.services[0]).toEqual({ ...common, desiredCount: 2, maxCount: 4, useSpot: false, logRetentionDays: 365 });
  });

  it('gives a minimal database every database default, by profile and engine', () => {
    const { dev, prod } = environments();
    const common = { name: 'order-history', engine: 'aurora-postgresql', version: '17.7', databaseName: 'order_history', port: 5432, envPrefix: 'ORDER_HISTORY_DB' };
    expect(dev.databases[0]).toEqual({ ...common, instanceClass: 'db.t4g.medium', readers: 0, backupRetentionDays: 7, deletionProtection: false });
    expect(prod.databases[0]).toEqual({ ...common, instanceClass: 'db.r7g.large', readers: 1, backupRetentionDays: 35, deletionProtection: true });
  });

  it('defaults aurora-mysql to the 3.10 long-term-support release on port 3306', () => {
    const { plan } = parseManifest(MINIMAL.replace('engine: aurora-postgresql', 'engine: aurora-mysql'), 'portside.yaml');
    expect(plan.environments[0]!.databases[0]).toMatchObject({ version: '3.10.4', port: 3306 });
  });

  it('lets a service opt out of Fargate Spot in economy environments', () => {
    const { plan } = parseManifest(MINIMAL.replace('    cpu: 256\n', '    cpu: 256\n    spot: false\n'), 'portside.yaml');
    expect(plan.environments[0]!.services[0]!.useSpot).toBe(false);
  });

  it('merges override maps key by key and replaces other fields', () => {
    const text = MINIMAL.replace('    databases: [order-history]\n', '    databases: [order-history]\n    scaling: { cpuPercent: 50 }\n    environment: { A: "1", B: "2" }\n').replace(
      '    profile: resilient\n',
      '    profile: resilient\n    overrides:\n      services:\n        web: { environment: { B: "3", C: "4" }, scaling: { requestsPerTarget: 500 }, maxCount: 9 }\n',
    );
    const [dev, prod] = parseManifest(text, 'portside.yaml').plan.environments;
    expect(dev!.services[0]).toMatchObject({ environment: { A: '1', B: '2' }, scaling: { cpuPercent: 50, requestsPerTarget: 1000 }, maxCount: 2 });
    expect(prod!.services[0]).toMatchObject({ environment: { A: '1', B: '3', C: '4' }, scaling: { cpuPercent: 50, requestsPerTarget: 500 }, maxCount: 9 });
  });

  it('takes the first zones of the written list, and region-specific default zones', () => {
    const text = MINIMAL.replace('    branch: dev\n', '    branch: dev\n    region: ap-northeast-1\n    availabilityZones: [ap-northeast-1d, ap-northeast-1c, ap-northeast-1a]\n').replace(
      '    branch: main\n',
      '    branch: main\n    region: ap-northeast-1\n',
    );
    const [dev, prod] = parseManifest(text, 'portside.yaml').plan.environments;
    expect(dev!.network.availabilityZones).toEqual(['ap-northeast-1d', 'ap-northeast-1c']);
    expect(prod!.network.availabilityZones).toEqual(['ap-northeast-1a', 'ap-northeast-1c', 'ap-northeast-1d']);
  });

  it('defaults github.platform, the repository holding the manifest, to <github.owner>/<project> on main', () => {
    const { plan } = parseManifest(MINIMAL, 'portside.yaml');
    expect(plan.delivery.github).toEqual({ owner: 'tiny', platform: { repository: 'tiny/tiny', branch: 'main' } });
  });

  it('takes github.platform as written, and either field alone', () => {
    const withPlatform = (platform: string) => parseManifest(MINIMAL.replace('  owner: tiny\n', `  owner: tiny\n  platform: ${platform}\n`), 'portside.yaml').plan.delivery.github.platform;
    expect(withPlatform('{ repository: tiny-ops/infra, branch: release/v2 }')).toEqual({ repository: 'tiny-ops/infra', branch: 'release/v2' });
    expect(withPlatform('{ repository: tiny-ops/infra }')).toEqual({ repository: 'tiny-ops/infra', branch: 'main' });
    expect(withPlatform('{ branch: trunk }')).toEqual({ repository: 'tiny/tiny', branch: 'trunk' });
    expect(withPlatform('{}')).toEqual({ repository: 'tiny/tiny', branch: 'main' });
  });

  it('keeps the profile tables in one place with the documented values', () => {
    expect(PROFILES.economy).toMatchObject({ availabilityZones: 2, natGatewayPerAz: false, flowLogRetentionDays: 30 });
    expect(PROFILES.resilient).toMatchObject({ availabilityZones: 3, natGatewayPerAz: true, flowLogRetentionDays: 365 });
    expect(PROFILES.resilient.database).toMatchObject({ minimumReaders: 1, backupRetentionDays: 35, deletionProtection: true });
    expect(PROFILES.resilient.service).toMatchObject({ minimumDesiredCount: 2, spotAllowed: false });
  });
});

describe('backup defaults', () => {
  const DAILY = { name: 'daily', schedule: 'cron(0 5 * * ? *)' };

  it('keeps economy environments 7 daily points, copied to drRegion', () => {
    const { dev } = environments();
    expect(dev.backup).toEqual({ rules: [{ ...DAILY, retentionDays: 7 }], copyToRegion: 'eu-west-1' });
  });

  it('keeps resilient environments 35 daily, 13 weekly and 12 monthly points, copied to drRegion', () => {
    const { prod } = environments();
    expect(prod.backup).toEqual({
      rules: [
        { ...DAILY, retentionDays: 35 },
        { name: 'weekly', schedule: 'cron(0 5 ? * SUN *)', retentionDays: 91 },
        { name: 'monthly', schedule: 'cron(0 5 1 * ? *)', retentionDays: 365 },
      ],
      copyToRegion: 'eu-west-1',
    });
  });

  it('keeps daily points exactly as long as the profile\'s Aurora point-in-time window', () => {
    for (const table of Object.values(PROFILES)) {
      expect(table.backupRules.find((rule) => rule.name === 'daily')?.retentionDays).toBe(table.database.backupRetentionDays);
    }
  });

  it('copies a DR environment (one in drRegion) back to the primary region, for fail-back', () => {
    const text = MINIMAL.replace('\ndatabases:', '\n  dr:\n    account: "222222222222"\n    region: eu-west-1\n    branch: main\n    profile: resilient\n    allowPlainHttp: true\ndatabases:');
    const { plan, warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings).toEqual([]);
    const dr = plan.environments.find((environment) => environment.name === 'dr')!;
    expect(dr.region).toBe('eu-west-1');
    expect(dr.backup.copyToRegion).toBe('eu-west-2');
    expect(plan.environments.find((environment) => environment.name === 'prod')!.backup.copyToRegion).toBe('eu-west-1');
  });

  it('copies an environment in a third region to drRegion', () => {
    const { plan } = parseManifest(MINIMAL.replace('    branch: dev\n', '    branch: dev\n    region: us-east-1\n'), 'portside.yaml');
    expect(plan.environments[0]!.backup.copyToRegion).toBe('eu-west-1');
  });

  it('never uses cold storage and gives every rule a cron schedule in UTC', () => {
    for (const table of Object.values(PROFILES)) {
      for (const rule of table.backupRules) {
        expect(Object.keys(rule).sort()).toEqual(['name', 'retentionDays', 'schedule']);
        expect(Object.values(BACKUP_SCHEDULES)).toContain(rule.schedule);
      }
    }
  });
});

describe('restoring a database from a snapshot', () => {
  const SNAPSHOT = 'arn:aws:rds:eu-west-2:222222222222:cluster-snapshot:awsbackup:copyjob-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
  const withRestore = (arn: string) => MINIMAL.replace(
    '    profile: resilient\n',
    `    profile: resilient\n    overrides:\n      databases:\n        order-history: { restoreFromSnapshot: "${arn}" }\n`,
  );

  it('is empty unless an environment override names a snapshot', () => {
    const { dev, prod } = environments();
    expect(dev.databases[0]).not.toHaveProperty('restoreFromSnapshot');
    expect(prod.databases[0]).not.toHaveProperty('restoreFromSnapshot');
  });

  it('takes the snapshot ARN from the environment\'s override only', () => {
    const { plan } = parseManifest(withRestore(SNAPSHOT), 'portside.yaml');
    expect(plan.environments[1]!.databases[0]!.restoreFromSnapshot).toBe(SNAPSHOT);
    expect(plan.environments[0]!.databases[0]).not.toHaveProperty('restoreFromSnapshot');
  });

  it('rejects a snapshot from another region: Aurora restores only in its own region', () => {
    const issues = issuesOf(withRestore(SNAPSHOT.replace('eu-west-2', 'eu-west-1')));
    expect(issues.map((issue) => [issue.path, issue.message])).toEqual([[
      'environments.prod.overrides.databases.order-history.restoreFromSnapshot',
      expect.stringMatching(/^got a snapshot in eu-west-1; environment prod runs in eu-west-2 .*; use a recovery point from the vault in eu-west-2/),
    ]]);
  });

  it('rejects something that is not a cluster snapshot ARN, and the field outside overrides', () => {
    const [bad] = issuesOf(withRestore('rds:awsbackup:copyjob-1'));
    expect(bad).toMatchObject({ path: 'environments.prod.overrides.databases.order-history.restoreFromSnapshot', message: expect.stringMatching(/expected an Aurora cluster snapshot ARN/) });
    const [outside] = issuesOf(MINIMAL.replace('    engine: aurora-postgresql\n', `    engine: aurora-postgresql\n    restoreFromSnapshot: "${SNAPSHOT}"\n`));
    expect(outside).toMatchObject({ path: 'databases.order-history.restoreFromSnapshot', message: expect.stringMatching(/unknown field "restoreFromSnapshot"/) });
  });
});

describe('POSIX ids', () => {
  it('hashes names with FNV-1a (32 bits)', () => {
    expect(fnv1a32('')).toBe(0x811c9dc5);
    expect(fnv1a32('a')).toBe(0xe40c292c);
    expect(fnv1a32('foobar')).toBe(0xbf9cf968);
  });

  it('gives a volume a gid from its name alone, in 50000–59999', () => {
    expect(fileSystemGid('media')).toBe(50000 + (fnv1a32('media') % 10000));
    expect(fileSystemGid('media')).toBeGreaterThanOrEqual(50000);
    expect(fileSystemGid('media')).toBeLessThan(60000);
  });

  it('gives services uids in 20000–39999 that do not depend on manifest order', () => {
    const names = ['storefront', 'orders-api', 'backoffice'];
    const uids = serviceUids(names);
    expect(serviceUids([...names].reverse())).toEqual(uids);
    expect(uids.get('storefront')).toBe(20000 + (fnv1a32('storefront') % 20000));
    for (const uid of uids.values()) {
      expect(uid).toBeGreaterThanOrEqual(20000);
      expect(uid).toBeLessThan(40000);
    }
  });

  it('moves the later of two colliding names (in sorted order) to the next free uid', () => {
    const byUid = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let index = 0; !pair; index++) {
      const name = `svc-${index}`;
      const uid = fnv1a32(name) % 20000;
      const other = byUid.get(uid);
      if (other) pair = [other, name].sort() as [string, string];
      byUid.set(uid, name);
    }
    const [first, second] = pair;
    const uids = serviceUids([second, first]);
    expect(uids.get(first)).toBe(20000 + (fnv1a32(first) % 20000));
    expect(uids.get(second)).toBe(20000 + ((fnv1a32(first) % 20000) + 1) % 20000);
  });
});
