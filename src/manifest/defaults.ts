/**
 * Every default of the manifest and the profile tables, in one place, and the functions that
 * apply them to a database, volume, bucket, queue or environment once its overrides are merged
 * (a service's: service-defaults.ts, from the same tables).
 */
import { ENGINE_PORTS } from './aurora';
import { Draft, Fields, INVALID } from './fields';
import { Known, map, or, required } from './known';
import type {
  BackupPolicyPlan,
  BackupRulePlan,
  BucketPlan,
  DatabasePlan,
  EnvironmentPlan,
  EnvironmentSchedulePlan,
  FileSystemPlan,
  GitHubPlan,
  NetworkPlan,
  Profile,
  QueuePlan,
} from './plan';
import { fileSystemGid } from './posix-ids';
import type { DatabaseInput, DatabaseOverrideInput, EnvironmentInput, FileSystemInput, ManifestInput } from './schema';
import { databaseVariableNames } from './database-variables';
import type { BucketInput, QueueInput } from './data-access-schema';
import { bucketPhysicalName, bucketVariable, queuePhysicalNames, queueVariable } from './data-names';
import { awakeHoursPerWeek, clockText, parseAwake } from './awake-window';

// ── Tables ───────────────────────────────────────────────────────────────────────────────────

export interface ProfileTable {
  /** AZs the VPC spans (the first N of the environment's zones). */
  readonly availabilityZones: number;
  /** One NAT gateway per AZ, or one for the whole VPC. */
  readonly natGatewayPerAz: boolean;
  readonly interfaceEndpoints: boolean;
  readonly flowLogRetentionDays: number;
  /** Termination protection on stateful stacks; retain data on delete. */
  readonly protectData: boolean;
  readonly database: {
    readonly instanceClass: string;
    readonly readers: number;
    /** Fewest readers the profile accepts. */
    readonly minimumReaders: number;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
  };
  readonly service: {
    readonly desiredCount: number;
    /** Fewest tasks the profile accepts. */
    readonly minimumDesiredCount: number;
    readonly logRetentionDays: number;
    /** Whether services may use Fargate Spot (each service can still opt out with `spot: false`). */
    readonly spotAllowed: boolean;
  };
  /**
   * AWS Backup rules for every Aurora cluster and EFS volume; each recovery point is copied to the
   * DR vault and kept there as long as in the environment's own vault.
   */
  readonly backupRules: readonly BackupRulePlan[];
}

/**
 * When AWS Backup starts a rule (UTC). 05:00 is clear of the Aurora clusters' automated backup
 * window (02:00–03:00) and Sunday maintenance window (03:30–04:30, both in aurora-database.ts),
 * so a snapshot never waits behind either, and it is before the UK trading day.
 */
export const BACKUP_SCHEDULES = {
  daily: 'cron(0 5 * * ? *)',
  weekly: 'cron(0 5 ? * SUN *)',
  monthly: 'cron(0 5 1 * ? *)',
} as const;

export const PROFILES: Readonly<Record<Profile, ProfileTable>> = {
  economy: {
    availabilityZones: 2,
    natGatewayPerAz: false,
    interfaceEndpoints: false,
    flowLogRetentionDays: 30,
    protectData: false,
    database: { instanceClass: 'db.t4g.medium', readers: 0, minimumReaders: 0, backupRetentionDays: 7, deletionProtection: false },
    service: { desiredCount: 1, minimumDesiredCount: 1, logRetentionDays: 30, spotAllowed: true },
    // A week of daily points, the same window as the clusters' own 7-day point-in-time recovery:
    // enough to rebuild a development environment, and cheap.
    backupRules: [{ name: 'daily', schedule: BACKUP_SCHEDULES.daily, retentionDays: 7 }],
  },
  resilient: {
    availabilityZones: 3,
    natGatewayPerAz: true,
    interfaceEndpoints: true,
    flowLogRetentionDays: 365,
    protectData: true,
    database: { instanceClass: 'db.r7g.large', readers: 1, minimumReaders: 1, backupRetentionDays: 35, deletionProtection: true },
    service: { desiredCount: 2, minimumDesiredCount: 2, logRetentionDays: 365, spotAllowed: false },
    backupRules: [
      // Every day of the last 35 days: the same window as Aurora's own point-in-time recovery (35
      // days, its maximum), so any day Aurora can rewind to in-region also survives a region loss.
      { name: 'daily', schedule: BACKUP_SCHEDULES.daily, retentionDays: 35 },
      // A quarter back, week by week: damage noticed late (a bad migration or deletion found at
      // month or quarter close) is still recoverable after the daily points have expired.
      { name: 'weekly', schedule: BACKUP_SCHEDULES.weekly, retentionDays: 91 },
      // A year back, month by month: year-end and audit questions, and incidents found months
      // later. Longer keeping is a records-retention decision, not a recovery one.
      { name: 'monthly', schedule: BACKUP_SCHEDULES.monthly, retentionDays: 365 },
      // No cold storage: Aurora snapshots cannot move to it, cold points must stay 90 days, and a
      // restore from cold is slower, which would stretch the recovery time when it matters.
    ],
  },
};

export const SERVICE_DEFAULTS = {
  dockerfile: 'Dockerfile',
  architecture: 'arm64',
  public: true,
  spot: true,
  healthCheckGracePeriodSeconds: 60,
  deregistrationDelaySeconds: 30,
  kind: 'web',
  scaling: { cpuPercent: 60, requestsPerTarget: 1000, messagesPerTask: 100 },
  /** A job runs UTC unless it says otherwise (Scheduler's own default). */
  timezone: 'UTC',
  /** A run that takes longer is stopped: an hour bounds a stuck nightly job's cost. */
  timeoutMinutes: 60,
  retries: 0,
  readonlyRootFilesystem: true,
  /** A sidecar that stops leaves the service's own container running unless it says otherwise. */
  sidecarEssential: false,
  /**
   * Seconds between SIGTERM and SIGKILL. A web task is drained by its load balancer first, so 30 s
   * finishes its last requests; a worker or job gets Fargate's maximum, 120 s, to finish the
   * message or step in hand (docs/workloads.md says how to use it).
   */
  stopTimeoutSeconds: { web: 30, worker: 120, job: 120 },
  /** maxCount defaults to desiredCount times this. */
  maxCountPerDesiredCount: 2,
  /** A `databases` entry written as a name, or as `{ name }` without access, reads and writes. */
  databaseAccess: 'read-write',
  /**
   * How a web service deploys unless `deployment` says otherwise: rolling, as before version 2. The
   * traffic-shifting strategies bake 5 minutes at each step: longer than the 5XX deployment alarm
   * needs to go off (2 minutes of errors + about 1 until CloudWatch has them), so a bad image is
   * caught while the old tasks still run. The percentages are ECS's own defaults (ECS API reference,
   * CanaryConfiguration 5.0, LinearConfiguration 10.0).
   */
  deployment: { strategy: 'rolling', bakeMinutes: 5, canaryPercent: 5, stepPercent: 10 },
} as const;

/** Default engine versions: the current long-term-support releases. */
export const ENGINE_VERSIONS = {
  'aurora-mysql': '3.10.4',
  'aurora-postgresql': '17.7',
} as const;

/** A queue's settings when not written (SQS's own defaults, except the dead-letter queue). */
export const QUEUE_DEFAULTS = {
  fifo: false,
  visibilityTimeoutSeconds: 30,
  maxReceiveCount: 5,
  retentionDays: 4,
  /** SQS's maximum: a message that failed keeps 14 days for someone to look at it, longer than any queue's retention. */
  deadLetterRetentionDays: 14,
} as const;

/** Every account gets a trail with CIS alarms and a Cost Anomaly monitor unless the manifest says the organization has them. */
export const ACCOUNT_BASELINE_DEFAULTS = { cloudTrail: true, costAnomalyMonitor: true } as const;

export const ENVIRONMENT_DEFAULTS = {
  approval: false,
  cidr: '10.0.0.0/16',
  /** A schedule's window is read in UTC unless it names a time zone (as a job's schedule, and Scheduler's own default). */
  scheduleTimezone: 'UTC',
  /**
   * Aurora clusters start this long before the window opens. AWS publishes no start time
   * (https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-cluster-stop-start.html);
   * a start is commonly reported to take 5–15 minutes, so half an hour leaves room for a slow one.
   */
  databaseStartLeadMinutes: 30,
} as const;

export const GITHUB_DEFAULTS = {
  /** The platform repository (holding portside.yaml) defaults to `<github.owner>/<project>`. */
  platformRepository: (owner: string, project: string): string => `${owner}/${project}`,
  platformBranch: 'main',
} as const;

/** Zone letters of each region, where they are not a, b, c (zone names are region + letter). */
export const AVAILABILITY_ZONE_LETTERS: Readonly<Record<string, readonly string[]>> = {
  default: ['a', 'b', 'c'],
  'ap-northeast-1': ['a', 'c', 'd'],
  'ca-central-1': ['a', 'b', 'd'],
  'us-west-1': ['a', 'c'],
};

export function defaultAvailabilityZones(region: string): string[] {
  const letters = AVAILABILITY_ZONE_LETTERS[region] ?? AVAILABILITY_ZONE_LETTERS.default!;
  return letters.map((letter) => `${region}${letter}`);
}

/** `order-history` → `order_history` (database names take no hyphens). */
export function defaultDatabaseName(name: string): string {
  return name.replace(/-/g, '_');
}

/** `catalog` → `CATALOG_DB`: the prefix of the variables injected for a database. */
export function databaseEnvPrefix(name: string): string {
  return `${name.toUpperCase().replace(/-/g, '_')}_DB`;
}

/** The variables Portside injects for a database: `<PREFIX>_HOST`, `_PORT`, `_NAME`, `_USER`, `_PASSWORD`. */
export function injectedDatabaseVariables(name: string): string[] {
  return Object.values(databaseVariableNames({ envPrefix: databaseEnvPrefix(name) }));
}

/** The variable Portside injects with the container port. */
export const PORT_VARIABLE = 'PORT';

// ── Applying defaults ────────────────────────────────────────────────────────────────────────

/** A profile's value, or INVALID when the profile is. */
export function byProfile<R>(profile: Known<Profile>, pick: (table: ProfileTable) => R): Known<R> {
  return map(profile, (known) => pick(PROFILES[known]));
}


/** A database's fields once its environment's override is merged: the override may add a snapshot to restore. */
export type MergedDatabaseInput = DatabaseInput & Pick<DatabaseOverrideInput, 'restoreFromSnapshot'>;

/** A database's plan in an environment, from its merged fields. */
export function databaseDefaults(name: string, merged: Fields<MergedDatabaseInput>, profile: Known<Profile>): Draft<DatabasePlan> {
  const engine = required(merged.engine);
  return {
    name,
    engine,
    version: or(merged.version, map(engine, (known) => ENGINE_VERSIONS[known])),
    instanceClass: or(merged.instanceClass, byProfile(profile, (table) => table.database.instanceClass)),
    readers: or(merged.readers, byProfile(profile, (table) => table.database.readers)),
    databaseName: or(merged.databaseName, defaultDatabaseName(name)),
    port: map(engine, (known) => ENGINE_PORTS[known]),
    backupRetentionDays: byProfile(profile, (table) => table.database.backupRetentionDays),
    deletionProtection: byProfile(profile, (table) => table.database.deletionProtection),
    envPrefix: databaseEnvPrefix(name),
    restoreFromSnapshot: merged.restoreFromSnapshot,
  };
}

/** Where the physical names come from: the environment's project, name, account and region. */
export interface NamingContext {
  readonly project: Known<string>;
  readonly environment: string;
  readonly account: Known<string>;
  readonly region: Known<string>;
}

export function bucketDefaults(name: string, fields: Fields<BucketInput>, naming: NamingContext): Draft<BucketPlan> {
  const { project, account, region } = naming;
  return {
    name,
    bucketName: project === INVALID || account === INVALID || region === INVALID
      ? INVALID
      : bucketPhysicalName(project, naming.environment, name, account, region),
    expireAfterDays: fields.expireAfterDays,
    variable: bucketVariable(name),
  };
}

export function queueDefaults(name: string, fields: Fields<QueueInput>, naming: NamingContext): Draft<QueuePlan> {
  const fifo = or(fields.fifo, QUEUE_DEFAULTS.fifo);
  const names = naming.project === INVALID || fifo === INVALID ? undefined : queuePhysicalNames(naming.project, naming.environment, name, fifo);
  return {
    name,
    fifo,
    queueName: names?.queueName ?? INVALID,
    deadLetterQueueName: names?.deadLetterQueueName ?? INVALID,
    visibilityTimeoutSeconds: or(fields.visibilityTimeoutSeconds, QUEUE_DEFAULTS.visibilityTimeoutSeconds),
    maxReceiveCount: or(fields.maxReceiveCount, QUEUE_DEFAULTS.maxReceiveCount),
    retentionDays: or(fields.retentionDays, QUEUE_DEFAULTS.retentionDays),
    deadLetterRetentionDays: QUEUE_DEFAULTS.deadLetterRetentionDays,
    variable: queueVariable(name),
  };
}

export function fileSystemDefaults(name: string, fields: Fields<FileSystemInput>): Draft<FileSystemPlan> {
  return { name, infrequentAccessAfterDays: fields.infrequentAccessAfterDays, posixGid: fileSystemGid(name) };
}

/** The zones an environment uses: the first N written (or of the region's defaults); INVALID when there are too few. */
function chosenZones(fields: Fields<EnvironmentInput>, region: Known<string>, profile: Known<Profile>): Known<string[]> {
  if (profile === INVALID) {
    return INVALID;
  }
  const count = PROFILES[profile].availabilityZones;
  const zones = fields.availabilityZones === undefined ? map(region, defaultAvailabilityZones) : fields.availabilityZones;
  return zones === INVALID || zones.length < count ? INVALID : zones.slice(0, count);
}

export function networkDefaults(fields: Fields<EnvironmentInput>, region: Known<string>, profile: Known<Profile>): Draft<NetworkPlan> {
  const availabilityZones = chosenZones(fields, region, profile);
  return {
    cidr: or(fields.cidr, ENVIRONMENT_DEFAULTS.cidr),
    availabilityZones,
    natGateways: byProfile(profile, (table) => (table.natGatewayPerAz ? table.availabilityZones : 1)),
    interfaceEndpoints: byProfile(profile, (table) => table.interfaceEndpoints),
    flowLogRetentionDays: byProfile(profile, (table) => table.flowLogRetentionDays),
  };
}

export type EnvironmentSettings = Omit<EnvironmentPlan, 'network' | 'databases' | 'fileSystems' | 'buckets' | 'queues' | 'services'>;

/**
 * The profile's backup rules, copied to drRegion; an environment that runs in drRegion (a DR
 * environment) copies to the primary region instead, so its data can fail back.
 */
export function backupDefaults(profile: Known<Profile>, region: Known<string>, top: Fields<ManifestInput>): Known<BackupPolicyPlan> {
  const primary = required(top.region);
  const drRegion = required(top.drRegion);
  if (profile === INVALID || region === INVALID || primary === INVALID || drRegion === INVALID) {
    return INVALID;
  }
  return {
    rules: PROFILES[profile].backupRules.map((rule) => ({ ...rule })),
    copyToRegion: region === drRegion ? primary : drRegion,
  };
}

/** The environment's awake window, resolved (days, times, time zone and hours a week); undefined without a schedule. */
export function scheduleDefaults(fields: Fields<EnvironmentInput>): Known<EnvironmentSchedulePlan> | undefined {
  const schedule = fields.schedule;
  if (schedule === undefined || schedule === INVALID) {
    return schedule;
  }
  const window = parseAwake(schedule.awake);
  if (!('days' in window)) {
    return INVALID;
  }
  return {
    awake: schedule.awake,
    days: window.days,
    start: clockText(window.startMinute),
    end: clockText(window.endMinute),
    timezone: schedule.timezone ?? ENVIRONMENT_DEFAULTS.scheduleTimezone,
    awakeHoursPerWeek: awakeHoursPerWeek(window),
    databaseStartLeadMinutes: ENVIRONMENT_DEFAULTS.databaseStartLeadMinutes,
  };
}

/** An environment's own settings: its fields, with the manifest's top-level ones it inherits. */
export function environmentDefaults(name: string, top: Fields<ManifestInput>, fields: Fields<EnvironmentInput>): Draft<EnvironmentSettings> {
  const profile = required(fields.profile);
  const region = or(fields.region, required(top.region));
  return {
    project: required(top.project),
    name,
    account: required(fields.account),
    region,
    drRegion: required(top.drRegion),
    branch: required(fields.branch),
    profile,
    approval: or(fields.approval, ENVIRONMENT_DEFAULTS.approval),
    budgetMonthlyUsd: fields.budgetMonthlyUsd,
    alertEmail: required(top.alertEmail),
    domain: fields.domain,
    schedule: scheduleDefaults(fields),
    tags: or(top.tags, {}),
    github: map(required(top.github), (github) =>
      github.connectionArn === undefined ? { owner: github.owner } : { owner: github.owner, connectionArn: github.connectionArn },
    ),
    protectData: byProfile(profile, (table) => table.protectData),
    backup: backupDefaults(profile, region, top),
  };
}

/** The manifest's GitHub settings for the pipelines: the platform repository defaults to `<owner>/<project>` on main. */
export function githubDefaults(top: Fields<ManifestInput>): Known<GitHubPlan> {
  const github = required(top.github);
  const project = required(top.project);
  if (github === INVALID || project === INVALID) {
    return INVALID;
  }
  const platform = {
    repository: github.platform?.repository ?? GITHUB_DEFAULTS.platformRepository(github.owner, project),
    branch: github.platform?.branch ?? GITHUB_DEFAULTS.platformBranch,
  };
  return github.connectionArn === undefined
    ? { owner: github.owner, platform }
    : { owner: github.owner, connectionArn: github.connectionArn, platform };
}
