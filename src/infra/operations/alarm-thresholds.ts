import { Duration } from 'aws-cdk-lib';
import { AURORA_FAMILIES, BURSTABLE_SIZES, instanceClassParts } from '../../manifest/aurora';
import type { DatabaseEngine } from '../../manifest/plan';

/**
 * The thresholds of the environment's operational alarms, in one place: the service stacks, the
 * operations stack, the tests and docs/operations.md ("Environment monitoring") all follow this table.
 * Severity: `critical` means users are (or are about to be) affected, act now; `warning` means
 * capacity is running out or something drifts, act within the working day.
 */
export type Severity = 'critical' | 'warning';

export interface AlarmWindow {
  readonly period: Duration;
  /** Consecutive periods that must all breach (datapoints to alarm = evaluation periods). */
  readonly periods: number;
}

/** Where every alarm description sends the reader. */
export const RUNBOOK = 'Runbook: docs/operations.md, "Environment monitoring".';

/** `[critical] <what it means> Do: <what to do> Runbook: …`, within CloudWatch's 1024 characters. */
export function alarmDescription(severity: Severity, means: string, todo: string): string {
  const text = `[${severity}] ${means} Do: ${todo} ${RUNBOOK}`;
  if (text.length > 1024) {
    throw new Error(`alarm description longer than 1024 characters: ${text.slice(0, 80)}…`);
  }
  return text;
}

/** Per service, in its own stack (beside the two deployment alarms of FargateWebService). */
export const SERVICE_ALARMS = {
  /** Target response time p99 above 2 s in 2 consecutive 5-minute periods (low-traffic periods are not evaluated). */
  p99Latency: { severity: 'warning', seconds: 2, period: Duration.minutes(5), periods: 2 },
  /** Fewer running tasks than desired in 10 consecutive minutes: longer than a task launch, a Spot replacement or a scale-out. */
  tasksBelowDesired: { severity: 'critical', period: Duration.minutes(1), periods: 10 },
  /** Service CPU average above the threshold in 3 consecutive 5-minute periods. */
  cpu: { severity: 'warning', minimumPercent: 90, aboveScalingTarget: 5, period: Duration.minutes(5), periods: 3 },
  /** Service memory average above 90 % in 3 consecutive 5-minute periods (no memory scaling: this is the only warning before OOM kills). */
  memory: { severity: 'warning', percent: 90, period: Duration.minutes(5), periods: 3 },
} as const;

/**
 * The CPU alarm sits above the CPU scaling target (autoscaling adds tasks long before), at least at
 * 90 % and at least 5 points above the target (targets go up to 90 %, so at most 95 %).
 */
export function serviceCpuAlarmPercent(scalingTargetPercent: number): number {
  return Math.max(SERVICE_ALARMS.cpu.minimumPercent, scalingTargetPercent + SERVICE_ALARMS.cpu.aboveScalingTarget);
}

/** Per Aurora cluster, in the operations stack. All read the cluster's aggregated metrics. */
export const DATABASE_ALARMS = {
  /** Busiest instance's CPU (Maximum over the cluster) ≥ 80 % in 3 consecutive 5-minute periods. */
  cpu: { severity: 'warning', percent: 80, period: Duration.minutes(5), periods: 3 },
  /** Lowest instance's freeable memory (Minimum) below 10 % of the instance class's memory for 15 minutes. */
  freeableMemory: { severity: 'warning', fractionOfInstanceMemory: 0.1, period: Duration.minutes(5), periods: 3 },
  /** Busiest instance's connections (Maximum) ≥ 80 % of the default max_connections for 10 minutes. */
  connections: { severity: 'warning', fractionOfMaxConnections: 0.8, period: Duration.minutes(5), periods: 2 },
  /** Any reader ≥ 1 s behind the writer (AuroraReplicaLagMaximum) in 5 consecutive minutes; only with readers. */
  replicaLag: { severity: 'warning', milliseconds: 1000, period: Duration.minutes(1), periods: 5 },
} as const;

/** Per EFS volume, in the operations stack. Volumes use Elastic throughput, so there are no burst credits to run out of. */
export const FILE_SYSTEM_ALARMS = {
  /** PercentIOLimit (General Purpose mode's operations limit) Maximum ≥ 90 % in 3 consecutive 5-minute periods. */
  ioLimit: { severity: 'warning', percent: 90, period: Duration.minutes(5), periods: 3 },
  /** Metered throughput ≥ 80 % of PermittedThroughput in 3 consecutive 5-minute periods. */
  throughput: { severity: 'warning', percent: 80, period: Duration.minutes(5), periods: 3 },
} as const;

/** Per SQS queue, in the operations stack. */
export const QUEUE_ALARMS = {
  /**
   * The oldest message (ApproximateAgeOfOldestMessage, Maximum) older than a quarter of the queue's
   * retention in 3 consecutive 5-minute periods: consumers are stuck or far behind, and three
   * quarters of the retention are left to fix them before SQS deletes messages unprocessed
   * (1 day for the default 4-day retention, 6 hours for 1 day, 3.5 days for 14).
   */
  oldestMessageAge: { severity: 'critical', fractionOfRetention: 0.25, period: Duration.minutes(5), periods: 3 },
  /** Any message visible in the dead-letter queue (ApproximateNumberOfMessagesVisible, Maximum > 0) in a 5-minute period. */
  deadLetterMessages: { severity: 'warning', maxMessageCount: 0, period: Duration.minutes(5), periods: 1 },
} as const;

/** The oldest-message-age alarm threshold of a queue, in seconds: a quarter of its retention. */
export function queueOldestMessageAgeThresholdSeconds(retentionDays: number): number {
  return Math.round(retentionDays * 86400 * QUEUE_ALARMS.oldestMessageAge.fractionOfRetention);
}

const GIB = 1024 ** 3;

/**
 * Memory of an Aurora instance class in GiB, for the families the manifest admits: burstable
 * medium 4, large 8; memory-optimized (r*) 8 GiB per vCPU and x2g 16 GiB per vCPU, with 2 vCPUs for
 * `large`, 4 for `xlarge` and 4 × N for `Nxlarge`.
 */
export function instanceMemoryGiB(instanceClass: string): number {
  const parts = instanceClassParts(instanceClass);
  if (!parts || !AURORA_FAMILIES.includes(parts.family)) {
    throw new Error(`no memory size known for instance class ${instanceClass}`);
  }
  if (BURSTABLE_SIZES[parts.family]) {
    const burstable: Record<string, number> = { medium: 4, large: 8 };
    const memory = burstable[parts.size];
    if (memory === undefined) throw new Error(`no memory size known for instance class ${instanceClass}`);
    return memory;
  }
  const vcpus = parts.size === 'large' ? 2 : parts.size === 'xlarge' ? 4 : 4 * Number(/^(\d+)xlarge$/.exec(parts.size)?.[1] ?? NaN);
  if (!Number.isFinite(vcpus)) throw new Error(`no memory size known for instance class ${instanceClass}`);
  return vcpus * (parts.family === 'x2g' ? 16 : 8);
}

/**
 * The default `max_connections` of an instance (the default parameter groups, which Portside keeps):
 * - Aurora MySQL: 90 (medium) and 135 (large) for burstable classes, otherwise
 *   `log2(memory / 8187281408) × 1000` rounded to the thousand, which reproduces AWS's published table
 *   (large 1000, xlarge 2000, … 12xlarge and 16xlarge 6000, 24xlarge 7000);
 * - Aurora PostgreSQL: `LEAST(memory / 9531392, 5000)`.
 * AWS computes both from the memory left after the OS (a little under the class's memory), so these
 * are upper bounds within a few percent, which the 80 % alarm threshold absorbs.
 */
export function defaultMaxConnections(engine: DatabaseEngine, instanceClass: string): number {
  const memoryGiB = instanceMemoryGiB(instanceClass);
  if (engine === 'aurora-postgresql') {
    return Math.min(Math.floor((memoryGiB * GIB) / 9531392), 5000);
  }
  const parts = instanceClassParts(instanceClass)!;
  if (BURSTABLE_SIZES[parts.family]) {
    return parts.size === 'medium' ? 90 : 135;
  }
  return 1000 * Math.round(Math.log2((memoryGiB * GIB) / 8187281408));
}

/** The connections alarm threshold for a cluster: 80 % of its instances' default max_connections. */
export function databaseConnectionsThreshold(engine: DatabaseEngine, instanceClass: string): number {
  return Math.floor(defaultMaxConnections(engine, instanceClass) * DATABASE_ALARMS.connections.fractionOfMaxConnections);
}

/** The freeable-memory alarm threshold for a cluster, in bytes: 10 % of its instance class's memory. */
export function databaseFreeableMemoryThresholdBytes(instanceClass: string): number {
  return Math.round(instanceMemoryGiB(instanceClass) * GIB * DATABASE_ALARMS.freeableMemory.fractionOfInstanceMemory);
}
