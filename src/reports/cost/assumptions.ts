/**
 * The usage a template cannot tell: traffic, data volumes, build minutes. Every estimate prints
 * these next to its figures; change one and the estimate changes proportionally. The manifest has
 * no usage fields (yet), so these are the only inputs besides the templates and the resolved plan.
 */
import type { Profile } from '../../manifest/plan';

/** A figure that differs between a development (economy) and a production (resilient) environment. */
export type ByProfile = Readonly<Record<Profile, number>>;

export interface CostAssumptions {
  /** Hours in a billing month (AWS's convention). */
  readonly hoursPerMonth: number;
  /** Requests a month reaching each service's load balancer. */
  readonly requestsPerServiceMonth: ByProfile;
  /** Average response size: bytes the load balancer processes (LCUs), and WAF inspects. */
  readonly responseKb: number;
  /** Application log volume per running task. */
  readonly logGbPerTaskMonth: number;
  /** Traffic each task sends to the internet (third-party APIs), which goes through NAT. */
  readonly egressGbPerTaskMonth: number;
  /** Compressed image size pulled when a task starts. */
  readonly imageGb: number;
  /** Deployments a month; each one replaces every task, so every task pulls the image again. */
  readonly deploysPerMonth: ByProfile;
  /** Aurora cluster volume size. */
  readonly databaseStorageGb: ByProfile;
  /** Aurora Standard I/O requests a month per cluster, in millions. */
  readonly databaseIoMillionsPerMonth: ByProfile;
  /** Per exported Aurora log group (error, slowquery, audit, postgresql). */
  readonly databaseLogGbPerLogGroupMonth: number;
  /** EFS data stored per file system. */
  readonly fileSystemStorageGb: ByProfile;
  /** Share of EFS data in Infrequent Access when a lifecycle policy moves it there. */
  readonly fileSystemIaShare: number;
  /** EFS Elastic Throughput reads and writes per file system a month. */
  readonly fileSystemReadGbPerMonth: ByProfile;
  readonly fileSystemWriteGbPerMonth: ByProfile;
  /** Share of the data that changes each day: sizes incremental backups and their copies. */
  readonly backupDailyChangeRate: number;
  /** VPC flow logs delivered to CloudWatch Logs per VPC. */
  readonly flowLogGbPerMonth: ByProfile;
  /** WAF log record per request (redacted). */
  readonly wafLogKbPerRequest: number;
  /** CloudTrail management events delivered to CloudWatch Logs per account trail. */
  readonly trailLogGbPerMonth: number;
  /** Build logs of the delivery account. */
  readonly buildLogGbPerMonth: number;
  /** Any other log group (no known writer). */
  readonly otherLogGbPerMonth: number;
  /** Container Insights (standard): custom metrics per cluster, per service and per task family, and performance-log volume per task. */
  readonly containerInsights: {
    readonly metricsPerCluster: number;
    readonly metricsPerService: number;
    readonly metricsPerTaskFamily: number;
    readonly logGbPerTaskMonth: number;
  };
  /** Objects kept in each S3 bucket (logs, artifacts, trails; lifecycle rules expire them). */
  readonly bucketStorageGb: number;
  /** Objects kept in each of the manifest's buckets (`buckets`, in the data stack), beside their old versions. */
  readonly dataBucketStorageGb: ByProfile;
  /** SQS requests a month per queue (sends, receives, deletes and empty long polls; each 64 KB chunk counts); its DLQ is idle. */
  readonly queueMillionRequestsPerMonth: ByProfile;
  /** Images kept per ECR repository (lifecycle rules expire older ones). */
  readonly imageStorageGbPerRepository: number;
  /** New layers pushed per commit: what ECR replication copies to the DR region. */
  readonly imagePushGbPerCommit: number;
  /** Commits a month on each branch an image pipeline watches. */
  readonly commitsPerBranchMonth: number;
  /** Commits a month to the platform repository (the manifest). */
  readonly platformCommitsPerMonth: number;
  /** CodeBuild minutes per action: in a Build or Check stage, and in any other (deploy) stage. */
  readonly buildActionMinutes: number;
  readonly deployActionMinutes: number;
  /** Source action duration, billed by CodePipeline V2. */
  readonly sourceActionMinutes: number;
}

export const DEFAULT_ASSUMPTIONS: CostAssumptions = {
  hoursPerMonth: 730,
  requestsPerServiceMonth: { economy: 1_000_000, resilient: 20_000_000 },
  responseKb: 50,
  logGbPerTaskMonth: 1,
  egressGbPerTaskMonth: 2,
  imageGb: 0.3,
  deploysPerMonth: { economy: 40, resilient: 20 },
  databaseStorageGb: { economy: 20, resilient: 100 },
  databaseIoMillionsPerMonth: { economy: 5, resilient: 100 },
  databaseLogGbPerLogGroupMonth: 0.5,
  fileSystemStorageGb: { economy: 20, resilient: 100 },
  fileSystemIaShare: 0.6,
  fileSystemReadGbPerMonth: { economy: 10, resilient: 100 },
  fileSystemWriteGbPerMonth: { economy: 5, resilient: 20 },
  backupDailyChangeRate: 0.02,
  flowLogGbPerMonth: { economy: 2, resilient: 10 },
  wafLogKbPerRequest: 1.5,
  trailLogGbPerMonth: 1,
  buildLogGbPerMonth: 0.5,
  otherLogGbPerMonth: 0.1,
  containerInsights: { metricsPerCluster: 13, metricsPerService: 15, metricsPerTaskFamily: 10, logGbPerTaskMonth: 0.1 },
  bucketStorageGb: 5,
  dataBucketStorageGb: { economy: 10, resilient: 100 },
  queueMillionRequestsPerMonth: { economy: 1, resilient: 10 },
  imageStorageGbPerRepository: 5,
  imagePushGbPerCommit: 0.1,
  commitsPerBranchMonth: 40,
  platformCommitsPerMonth: 10,
  buildActionMinutes: 10,
  deployActionMinutes: 8,
  sourceActionMinutes: 1,
};

export interface AssumptionLine {
  readonly name: string;
  readonly value: string;
  readonly description: string;
}

const byProfile = (value: ByProfile, unit: string) => `economy ${value.economy.toLocaleString('en-US')}${unit}, resilient ${value.resilient.toLocaleString('en-US')}${unit}`;

/** The assumptions as printed with every estimate. */
export function describeAssumptions(a: CostAssumptions): AssumptionLine[] {
  return [
    { name: 'hours', value: `${a.hoursPerMonth} h/month`, description: 'everything runs all month; tasks at desiredCount (autoscaling above it is not priced)' },
    { name: 'requests', value: byProfile(a.requestsPerServiceMonth, '/month'), description: 'per service load balancer; one new connection per request (LCUs), WAF inspects each' },
    { name: 'response size', value: `${a.responseKb} KB`, description: 'average; bytes processed by the load balancer' },
    { name: 'application logs', value: `${a.logGbPerTaskMonth} GB/task-month`, description: 'CloudWatch Logs ingestion; stored for the log group\'s retention (no compression assumed)' },
    { name: 'egress', value: `${a.egressGbPerTaskMonth} GB/task-month`, description: 'traffic from tasks to the internet, through NAT' },
    { name: 'image pulls', value: `${a.imageGb} GB × ${byProfile(a.deploysPerMonth, ' deploys/month')}`, description: 'each deploy restarts every task; layers come from S3 (free through the S3 gateway endpoint, NAT without it)' },
    { name: 'database', value: `${byProfile(a.databaseStorageGb, ' GB')}; ${byProfile(a.databaseIoMillionsPerMonth, 'M I/O/month')}`, description: 'per Aurora cluster (Aurora Standard storage); exported logs ' + `${a.databaseLogGbPerLogGroupMonth} GB/log group-month` },
    { name: 'file system', value: `${byProfile(a.fileSystemStorageGb, ' GB')}; ${Math.round(a.fileSystemIaShare * 100)}% in IA with a lifecycle policy`, description: `per EFS volume; Elastic Throughput reads ${byProfile(a.fileSystemReadGbPerMonth, ' GB')}, writes ${byProfile(a.fileSystemWriteGbPerMonth, ' GB')} a month` },
    { name: 'backups', value: `${Math.round(a.backupDailyChangeRate * 100)}% of the data changes a day`, description: 'each AWS Backup rule keeps one full copy plus the data changed between its recovery points (1 − ' + `${1 - a.backupDailyChangeRate}` + '^days between points); DR copies are the same size, and each new point transfers its changes' },
    { name: 'flow logs', value: byProfile(a.flowLogGbPerMonth, ' GB/month'), description: 'per VPC, to CloudWatch Logs; flow and WAF logs are priced at the standard ingestion price (vended-log volume tiers not applied)' },
    { name: 'other logs', value: `WAF ${a.wafLogKbPerRequest} KB/request; CloudTrail ${a.trailLogGbPerMonth} GB/month; builds ${a.buildLogGbPerMonth} GB/month; other log groups ${a.otherLogGbPerMonth} GB/month`, description: 'CloudWatch Logs ingestion and storage' },
    { name: 'Container Insights', value: `${a.containerInsights.metricsPerCluster} metrics/cluster + ${a.containerInsights.metricsPerService}/service + ${a.containerInsights.metricsPerTaskFamily}/task family; ${a.containerInsights.logGbPerTaskMonth} GB performance logs/task-month`, description: 'standard Container Insights, billed as custom metrics and log ingestion (metric counts from the ECS metrics list, unverified)' },
    { name: 'S3 and ECR', value: `${a.bucketStorageGb} GB/bucket; ${a.imageStorageGbPerRepository} GB/image repository; ${a.imagePushGbPerCommit} GB of new layers/commit`, description: 'S3 Standard; ECR storage in the delivery region and its DR replica, replication transfer' },
    { name: 'buckets and queues', value: `${byProfile(a.dataBucketStorageGb, ' GB')} per bucket; ${byProfile(a.queueMillionRequestsPerMonth, 'M requests/month')} per queue`, description: 'the manifest\'s buckets in S3 Standard (old versions included; their AWS Backup copies are not priced); SQS requests of each queue (a long-polling consumer alone makes about 130,000 a month), its dead-letter queue idle; the free first million SQS requests per account and the KMS requests of the data key are not counted' },
    { name: 'delivery', value: `${a.commitsPerBranchMonth} commits/branch-month; platform ${a.platformCommitsPerMonth}/month`, description: `each run: Source ${a.sourceActionMinutes} min, CodeBuild ${a.buildActionMinutes} min in Build/Check/Plan stages, ${a.deployActionMinutes} min in deploy stages (CodePipeline V2 action-minutes and CodeBuild minutes)` },
  ];
}
