/**
 * The resolved, frozen plan of one environment: plain data, every default applied.
 *
 * This is the only thing the infrastructure layer (`src/infra`) receives from the manifest layer.
 * It never holds CDK objects and never needs the raw manifest again.
 */

import type { DeliveryPlan } from './delivery-plan-types';

export type { DeliveryPlan, DeployTargetPlan, GitHubPlan, ImagePipelinePlan } from './delivery-plan-types';

export type Profile = 'economy' | 'resilient';
export type DatabaseEngine = 'aurora-mysql' | 'aurora-postgresql';
export type CpuArchitecture = 'arm64' | 'x86_64';

export interface DomainPlan {
  /** Apex of the environment's DNS names; each service gets `<service>.<name>`. */
  readonly name: string;
  readonly hostedZoneId: string;
}

export interface NetworkPlan {
  /** IPv4 CIDR of the VPC. */
  readonly cidr: string;
  /** Availability Zone names the VPC spans, in order (2 for economy, 3 for resilient). */
  readonly availabilityZones: readonly string[];
  /** NAT gateways: one per AZ (resilient) or one (economy). */
  readonly natGateways: number;
  /** Interface endpoints for ECR (api + dkr), CloudWatch Logs and Secrets Manager. */
  readonly interfaceEndpoints: boolean;
  readonly flowLogRetentionDays: number;
}

export interface DatabasePlan {
  readonly name: string;
  readonly engine: DatabaseEngine;
  /** Aurora version as users write it: `3.10.4` (MySQL) or `17.7` (PostgreSQL). */
  readonly version: string;
  /** RDS instance class, e.g. `db.r7g.large`. */
  readonly instanceClass: string;
  /** Reader instances beside the writer, each placed in a different AZ from the writer. */
  readonly readers: number;
  readonly databaseName: string;
  /** Engine port (3306 for MySQL, 5432 for PostgreSQL). */
  readonly port: number;
  readonly backupRetentionDays: number;
  readonly deletionProtection: boolean;
  /** Environment variable prefix for injected variables, e.g. `CATALOG_DB`. */
  readonly envPrefix: string;
  /**
   * Cluster snapshot (name or ARN) the cluster is created from instead of empty: set per
   * environment (overrides) to stand up a DR environment from a copied recovery point.
   */
  readonly restoreFromSnapshot?: string;
}

export interface FileSystemPlan {
  readonly name: string;
  /** Days without access before files move to Infrequent Access; undefined keeps them in Standard. */
  readonly infrequentAccessAfterDays?: number;
  /** POSIX group shared by every service that mounts this volume. */
  readonly posixGid: number;
}

export interface MountPlan {
  readonly fileSystem: string;
  readonly containerPath: string;
}

export interface SecretRefPlan {
  /** Complete Secrets Manager secret ARN (with its 6-character suffix), without the JSON key. */
  readonly secretArn: string;
  /** JSON key inside the secret, when the variable takes one field. */
  readonly jsonKey?: string;
}

/** How a service reaches one database: its own user, never the master. */
export type DatabaseAccess = 'read-write' | 'read';

export interface DatabaseAccessPlan {
  /** A declared database's name (the key under `databases`). */
  readonly database: string;
  /** read-write: a user that may create, alter and use the database's objects, on the writer endpoint; read: SELECT only, on the reader endpoint. */
  readonly access: DatabaseAccess;
  /** The service's database user on that cluster: `svc_` + the service name with hyphens as underscores (≤ 24 characters). */
  readonly username: string;
}

/** What a service may do with a bucket: get and list objects, put and delete them, or both. */
export type BucketAccess = 'read' | 'write' | 'read-write';
/** What a service may do with a queue: send messages, or receive and delete them. */
export type QueueAccess = 'send' | 'consume';

export interface BucketPlan {
  /** The manifest's name (the key under `buckets`). */
  readonly name: string;
  /** The S3 bucket name: `<project>-<env>-<name>-<account>-<region>` (≤ 63 characters, checked by the manifest rules). */
  readonly bucketName: string;
  /** Days before objects, and old versions of replaced or deleted objects, are deleted; undefined keeps them. */
  readonly expireAfterDays?: number;
  /** Variable a service with a permission on the bucket gets, holding `bucketName`: `<NAME>_BUCKET_NAME`. */
  readonly variable: string;
}

export interface QueuePlan {
  /** The manifest's name (the key under `queues`), without `.fifo`. */
  readonly name: string;
  readonly fifo: boolean;
  /** The SQS queue name: `<project>-<env>-<name>`, with `.fifo` for a FIFO queue. */
  readonly queueName: string;
  /** The dead-letter queue's name: `<project>-<env>-<name>-dlq`, with `.fifo` for a FIFO queue. */
  readonly deadLetterQueueName: string;
  /** Seconds a received message stays hidden from other consumers (0–43200). */
  readonly visibilityTimeoutSeconds: number;
  /** Deliveries before a message moves to the dead-letter queue (1–1000). */
  readonly maxReceiveCount: number;
  /** Days SQS keeps an unprocessed message (1–14). */
  readonly retentionDays: number;
  /** Days the dead-letter queue keeps a message: 14, SQS's maximum, so a failed message outlives its queue's retention. */
  readonly deadLetterRetentionDays: number;
  /** Variable a service with a permission on the queue gets, holding its URL: `<NAME>_QUEUE_URL`. */
  readonly variable: string;
}

export interface BucketPermissionPlan {
  /** A declared bucket's name. */
  readonly bucket: string;
  readonly access: BucketAccess;
}

export interface QueuePermissionPlan {
  /** A declared queue's name. */
  readonly queue: string;
  readonly access: QueueAccess;
}

/** A service's grants on the environment's buckets and queues (its task role), in manifest order. */
export interface PermissionsPlan {
  readonly buckets: readonly BucketPermissionPlan[];
  readonly queues: readonly QueuePermissionPlan[];
}

export interface ScalingPlan {
  readonly cpuPercent: number;
  /** Web services: target requests per task per minute. */
  readonly requestsPerTarget: number;
  /** Workers: target visible messages of the queue per running task. */
  readonly messagesPerTask: number;
}

/** web: behind its own load balancer; worker: consumes a queue, no load balancer; job: a task started on a schedule. */
export type ServiceKind = 'web' | 'worker' | 'job';

/** A web service: its load balancer, port and health check. */
export interface WebWorkloadPlan {
  readonly kind: 'web';
  readonly port: number;
  readonly healthCheckPath: string;
  readonly healthCheckGracePeriodSeconds: number;
  readonly deregistrationDelaySeconds: number;
  /** Internet-facing load balancer (true) or internal. */
  readonly public: boolean;
  /** How ECS moves traffic to a new image. */
  readonly deployment: DeploymentPlan;
}

export type DeploymentStrategy = 'rolling' | 'blue-green' | 'canary' | 'linear';

/**
 * A web service's deployment: rolling (ECS's 100 %/200 %), or one of ECS's native traffic-shifting
 * strategies, which start the new tasks beside the old ones behind an alternate target group.
 */
export interface DeploymentPlan {
  readonly strategy: DeploymentStrategy;
  /** Minutes at each traffic step and after the full shift, old tasks still running; 0 for rolling (ECS sets none). */
  readonly bakeMinutes: number;
  /** canary: share of production traffic moved first. */
  readonly canaryPercent?: number;
  /** linear: share of production traffic moved at each step. */
  readonly stepPercent?: number;
  /** A path that must answer 2xx on the test listener before production traffic moves. */
  readonly smokeTest?: string;
}

/** A worker: a service without a load balancer that consumes one queue and scales on its backlog per task. */
export interface WorkerWorkloadPlan {
  readonly kind: 'worker';
  /** A declared queue's name: consume permission is implied. */
  readonly queue: string;
}

/** A job: one Fargate task per run, started by an EventBridge Scheduler schedule through a Step Functions state machine. */
export interface JobWorkloadPlan {
  readonly kind: 'job';
  /** EventBridge Scheduler expression: `cron(minutes hours day-of-month month day-of-week year)` or `rate(value unit)`. */
  readonly schedule: string;
  /** IANA time zone the cron expression is read in, e.g. `Europe/London`. */
  readonly timezone: string;
  /** Minutes after which a run's task is stopped and the run fails. */
  readonly timeoutMinutes: number;
  /** Further attempts after a run fails (its task exits non-zero, cannot start, or times out). */
  readonly retries: number;
}

export type WorkloadPlan = WebWorkloadPlan | WorkerWorkloadPlan | JobWorkloadPlan;

/** An extra container in the service's task, sharing its network, cpu and memory. */
export interface SidecarPlan {
  readonly name: string;
  readonly image: string;
  /** CPU units reserved for the sidecar, inside the task's cpu. */
  readonly cpu: number;
  /** Hard memory limit of the sidecar, inside the task's memory. */
  readonly memoryMiB: number;
  /** When an essential sidecar stops, the whole task stops. */
  readonly essential: boolean;
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretRefPlan>>;
}

/** How the service's own container runs, and the sidecars beside it. */
export interface ContainerPlan {
  /** Replaces the image's CMD; undefined keeps it. */
  readonly command?: readonly string[];
  /** `uid`, `uid:gid` (or a user name the image knows); by default the service's own uid (never root unless written). */
  readonly user: string;
  /** The root file system is read-only; a task-local `/tmp` is always writable. */
  readonly readonlyRootFilesystem: boolean;
  /** Seconds ECS waits after SIGTERM before it kills the container (Fargate's maximum is 120). */
  readonly stopTimeoutSeconds: number;
  /** CPU units left for the service's own container: the task's cpu minus its sidecars'. */
  readonly cpu: number;
  /** Hard memory limit of the service's own container: the task's memory minus its sidecars'. */
  readonly memoryMiB: number;
  readonly sidecars: readonly SidecarPlan[];
}

export interface ServicePlan {
  readonly name: string;
  /** GitHub `owner/repo` holding the Dockerfile. */
  readonly repository: string;
  readonly dockerfile: string;
  /** What kind of workload it is, with the settings of that kind (load balancer, queue or schedule). */
  readonly workload: WorkloadPlan;
  /** The task's cpu units: the service's container and its sidecars share them. */
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly architecture: CpuArchitecture;
  /** Web and worker: the fewest tasks; job: tasks per run (1). */
  readonly desiredCount: number;
  /** Web and worker: the autoscaling ceiling; job: 1. */
  readonly maxCount: number;
  readonly scaling: ScalingPlan;
  /** How the service's own container runs, and its sidecars. */
  readonly container: ContainerPlan;
  /** Run part of the tasks on Fargate Spot (economy profile, when the service allows it). */
  readonly useSpot: boolean;
  readonly databases: readonly DatabaseAccessPlan[];
  readonly mounts: readonly MountPlan[];
  /** Services this one calls (declared, never itself): it gets `<CALLEE>_URL` and may reach their load balancers. */
  readonly calls: readonly string[];
  readonly environment: Readonly<Record<string, string>>;
  readonly secrets: Readonly<Record<string, SecretRefPlan>>;
  /** Least-privilege grants on declared buckets and queues; each injects the resource's variable. */
  readonly permissions: PermissionsPlan;
  /** POSIX user the service's EFS access points write as; stable for the service's name. */
  readonly posixUid: number;
  readonly logRetentionDays: number;
}

/** One AWS Backup rule: when it runs and how long its recovery points (and their DR copies) are kept. */
export interface BackupRulePlan {
  /** Rule name in the backup plan: `daily`, `weekly`, `monthly`. */
  readonly name: string;
  /** AWS Backup cron expression, in UTC: `cron(minutes hours day-of-month month day-of-week year)`. */
  readonly schedule: string;
  /** Days a recovery point is kept, in the environment's vault and in its copy. */
  readonly retentionDays: number;
}

/** What AWS Backup keeps of an environment's Aurora clusters and EFS volumes, and where it copies them. */
export interface BackupPolicyPlan {
  readonly rules: readonly BackupRulePlan[];
  /**
   * Region of the DR vault every recovery point is copied to, with the same retention: the
   * manifest's drRegion, or its primary region for an environment that runs in drRegion (fail-back).
   */
  readonly copyToRegion: string;
}

/**
 * When a non-production environment is awake (`environments.<name>.schedule`): outside the window,
 * in its time zone, its web services and workers scale to 0 and its Aurora clusters stop.
 */
export interface EnvironmentSchedulePlan {
  /** The window as written, e.g. `Mon-Fri 07:00-19:00`. */
  readonly awake: string;
  /** Awake days, Monday first: `Mon`, `Tue`, … `Sun`. */
  readonly days: readonly ('Mon' | 'Tue' | 'Wed' | 'Thu' | 'Fri' | 'Sat' | 'Sun')[];
  /** Local time the window opens and closes, `HH:MM` (start before end, the same day). */
  readonly start: string;
  readonly end: string;
  /** IANA time zone the window is read in (daylight saving included), e.g. `Europe/London`. */
  readonly timezone: string;
  /** Hours a week the environment is awake: what the cost estimate prices tasks for. */
  readonly awakeHoursPerWeek: number;
  /** Minutes before the window opens that Aurora clusters are started, so they are available when services start. */
  readonly databaseStartLeadMinutes: number;
}

export interface EnvironmentPlan {
  readonly project: string;
  readonly name: string;
  readonly account: string;
  readonly region: string;
  readonly drRegion: string;
  readonly branch: string;
  readonly profile: Profile;
  readonly approval: boolean;
  readonly budgetMonthlyUsd?: number;
  readonly alertEmail: string;
  readonly domain?: DomainPlan;
  /** Absent: awake around the clock. Never set with `approval`. */
  readonly schedule?: EnvironmentSchedulePlan;
  /** Manifest tags, added to every resource beside project/environment/service. */
  readonly tags: Readonly<Record<string, string>>;
  readonly github: { readonly owner: string; readonly connectionArn?: string };
  /** Termination protection on the environment's stateful stacks; retain data on delete. */
  readonly protectData: boolean;
  /** AWS Backup rules for the environment's databases and volumes, by profile. */
  readonly backup: BackupPolicyPlan;
  readonly network: NetworkPlan;
  readonly databases: readonly DatabasePlan[];
  readonly fileSystems: readonly FileSystemPlan[];
  /** S3 buckets of the environment, in the data stack (retained when protectData, backed up). */
  readonly buckets: readonly BucketPlan[];
  /** SQS queues of the environment, each with a dead-letter queue, in the data stack. */
  readonly queues: readonly QueuePlan[];
  readonly services: readonly ServicePlan[];
}

/** Which per-account stacks Portside adds to every account that hosts an environment. */
export interface AccountBaselinePlan {
  /** The foundation stack: a multi-region trail and the CIS alarms on it. */
  readonly cloudTrail: boolean;
  /** The cost anomaly stack: a Cost Anomaly Detection monitor and its daily digest. */
  readonly costAnomalyMonitor: boolean;
}

/** Every environment of a manifest, resolved; what `loadManifest` returns on success. */
export interface PortsidePlan {
  readonly project: string;
  readonly environments: readonly EnvironmentPlan[];
  readonly delivery: DeliveryPlan;
  readonly accountBaseline: AccountBaselinePlan;
}
