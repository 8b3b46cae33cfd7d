import { RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { AuroraDatabase } from '../data/aurora-database';
import { EnvironmentBackup } from '../data/backup-plan';
import { DatabaseUserProvisioner } from '../data/database-user-provisioner';
import { EnvironmentBucket } from '../data/environment-bucket';
import { EnvironmentQueue } from '../data/environment-queue';
import { SharedFileSystem } from '../data/shared-file-system';
import { allowLogsToUseKey } from '../storage/log-encryption';
import { DatabaseSleep } from '../sleep/database-sleep';
import { DeployWakeRole } from '../sleep/deploy-wake-role';
import { MonitoringParameters } from '../operations/monitoring-parameters';
import { databaseParameterNames, fileSystemParameterNames } from '../operations/names';
import { clusterIdentifier } from '../../manifest/aurora';

export interface DataStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  readonly vpc: ec2.IVpc;
  /** The environment's terminal bucket for S3 server access logs (network stack), which admits this stack's buckets' logs. */
  readonly serverAccessLogsBucket: s3.IBucket;
  /** The delivery account: its deploy steps may start this environment's clusters when it sleeps. */
  readonly deliveryAccount: string;
}

/**
 * `<project>-<env>-data`: the environment's KMS key, its Aurora clusters and EFS volumes with an
 * access point per mounting service, its S3 buckets and SQS queues (services reach them through
 * grants their own stacks build), and their AWS Backup vault, plan and selection (the
 * selection must live beside what it selects). Construct ids here are stable contracts: renaming
 * one replaces the database or volume.
 */
export class DataStack extends Stack {
  public readonly key: kms.Key;
  public readonly databases = new Map<string, AuroraDatabase>();
  public readonly fileSystems = new Map<string, SharedFileSystem>();
  public readonly buckets = new Map<string, EnvironmentBucket>();
  public readonly queues = new Map<string, EnvironmentQueue>();
  /** Absent when the environment has no database and no volume. */
  public readonly backup?: EnvironmentBackup;
  /** Creates and rotates the services' own database users; absent when no service declares a database. */
  public readonly databaseUsers?: DatabaseUserProvisioner;
  /** Stops and starts the Aurora clusters on the environment's schedule; absent without a schedule or a database. */
  public readonly sleep?: DatabaseSleep;
  /** Lets the pipelines wake the clusters before a deploy; with `sleep`. */
  public readonly deployWake?: DeployWakeRole;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    const { plan } = props;

    this.key = new kms.Key(this, 'DataKey', {
      description: `${plan.project} ${plan.name}: Aurora, EFS and database secrets`,
      enableKeyRotation: true,
      alias: `alias/${plan.project}/${plan.name}/data`,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // The service stacks and this stack's RDS log groups are encrypted with this key.
    allowLogsToUseKey(this.key);

    const monitoringRole = new iam.Role(this, 'MonitoringRole', {
      description: `${plan.project} ${plan.name}: RDS Enhanced Monitoring publishes the Aurora instances' OS metrics`,
      assumedBy: new iam.ServicePrincipal('monitoring.rds.amazonaws.com'),
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonRDSEnhancedMonitoringRole')],
    });
    acknowledge(monitoringRole, {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      reason: 'the AWS-maintained policy RDS documents for Enhanced Monitoring: it only manages the RDS* log groups the OS metrics go to',
    });

    for (const database of plan.databases) {
      this.databases.set(database.name, new AuroraDatabase(this, `Database-${database.name}`, {
        database,
        vpc: props.vpc,
        encryptionKey: this.key,
        monitoringRole,
        clusterIdentifier: clusterIdentifier(plan.project, plan.name, database.name),
        availabilityZones: plan.network.availabilityZones,
        logRetentionDays: plan.profile === 'resilient' ? 365 : 30,
        retainOnDelete: plan.protectData,
      }));
    }
    if (plan.schedule && this.databases.size > 0) {
      this.sleep = new DatabaseSleep(this, 'Sleep', {
        schedule: plan.schedule,
        clusters: new Map([...this.databases].map(([name, database]) => [name, database.cluster])),
      });
      this.deployWake = new DeployWakeRole(this, 'DeployWake', {
        project: plan.project,
        environment: plan.name,
        deliveryAccount: props.deliveryAccount,
        clusters: [...this.databases.values()].map((database) => database.cluster),
      });
    }
    if (plan.services.some((service) => service.databases.length > 0)) {
      this.databaseUsers = new DatabaseUserProvisioner(this, 'DatabaseUsers', {
        project: plan.project,
        environment: plan.name,
        vpc: props.vpc,
        databases: [...this.databases.values()],
        dataKey: this.key,
        logRetentionDays: plan.profile === 'resilient' ? 365 : 30,
      });
    }

    for (const fileSystem of plan.fileSystems) {
      const volume = new SharedFileSystem(this, `FileSystem-${fileSystem.name}`, {
        fileSystem,
        vpc: props.vpc,
        encryptionKey: this.key,
        retainOnDelete: plan.protectData,
      });
      for (const service of plan.services) {
        if (service.mounts.some((mount) => mount.fileSystem === fileSystem.name)) {
          volume.addClient({ service: service.name, posixUid: service.posixUid });
        }
      }
      this.fileSystems.set(fileSystem.name, volume);
    }

    // By name: passing the network stack's bucket object would make S3 add an unconditioned log
    // delivery statement to its policy; the network stack admits these buckets' logs itself.
    const serverAccessLogs = s3.Bucket.fromBucketName(this, 'ServerAccessLogs', props.serverAccessLogsBucket.bucketName);
    for (const bucket of plan.buckets) {
      this.buckets.set(bucket.name, new EnvironmentBucket(this, `Bucket-${bucket.name}`, {
        bucket,
        encryptionKey: this.key,
        serverAccessLogsBucket: serverAccessLogs,
        retainOnDelete: plan.protectData,
      }));
    }
    for (const queue of plan.queues) {
      this.queues.set(queue.name, new EnvironmentQueue(this, `Queue-${queue.name}`, { queue, encryptionKey: this.key, retainOnDelete: plan.protectData }));
    }

    if (this.databases.size + this.fileSystems.size + this.buckets.size > 0) {
      this.backup = new EnvironmentBackup(this, 'Backup', {
        project: plan.project,
        environment: plan.name,
        policy: plan.backup,
        encryptionKey: this.key,
        retainVault: plan.protectData,
        clusters: [...this.databases.values()].map((database) => database.cluster),
        fileSystems: [...this.fileSystems.values()].map((volume) => volume.fileSystem),
        buckets: [...this.buckets.values()].map((bucket) => bucket.bucket),
      });
    }

    // What the operations stack watches, as SSM parameters rather than exports, so that replacing a
    // cluster (restoreFromSnapshot) or a volume is never refused because the operations stack imports it.
    if (this.databases.size + this.fileSystems.size > 0) {
      new MonitoringParameters(this, 'MonitoringParameters', {
        parameters: [
          ...[...this.databases.values()].map((database) => ({
            name: databaseParameterNames(plan.project, plan.name, database.database.name).clusterIdentifier,
            value: database.cluster.clusterIdentifier,
            description: `Aurora ${database.database.name}: the cluster identifier (CloudWatch DBClusterIdentifier dimension)`,
          })),
          ...[...this.fileSystems.values()].map((volume) => ({
            name: fileSystemParameterNames(plan.project, plan.name, volume.plan.name).fileSystemId,
            value: volume.fileSystem.fileSystemId,
            description: `EFS ${volume.plan.name}: the file system id (CloudWatch FileSystemId dimension)`,
          })),
        ],
      });
    }
  }
}
