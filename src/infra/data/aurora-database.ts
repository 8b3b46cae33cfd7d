import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import { isLongTermSupportVersion } from '../../manifest/aurora';
import type { DatabasePlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';

/** The master user of every cluster. Pinned: changing it replaces the cluster. */
export const MASTER_USERNAME = 'portside';

export interface AuroraDatabaseProps {
  readonly database: DatabasePlan;
  readonly vpc: ec2.IVpc;
  /** Encrypts storage, the managed master secret and the log groups (its policy must let CloudWatch Logs use it). */
  readonly encryptionKey: kms.IKey;
  /** Role RDS Enhanced Monitoring publishes OS metrics with (one per stack, shared by its clusters). */
  readonly monitoringRole: iam.IRole;
  /** Physical cluster identifier; fixed so log groups can be created ahead with a retention. */
  readonly clusterIdentifier: string;
  /** AZs for the writer and readers, in order: the writer takes the first, readers the next ones. */
  readonly availabilityZones: readonly string[];
  readonly logRetentionDays: number;
  /** Keep log groups on stack deletion (the cluster itself always snapshots). */
  readonly retainOnDelete: boolean;
}

/** Enhanced Monitoring: OS metrics (CPU steal, memory, processes) every minute, beside the CloudWatch metrics. */
const MONITORING_INTERVAL = Duration.seconds(60);

interface EngineSettings {
  readonly engine: rds.IClusterEngine;
  /** Exported to CloudWatch Logs; Aurora MySQL's general log stays off (see the acknowledgement below). */
  readonly logExports: string[];
  /** Cluster parameters: TLS required, audit and slow-query logging on. */
  readonly parameters: Record<string, string>;
}

function engineSettings(database: DatabasePlan): EngineSettings {
  if (database.engine === 'aurora-mysql') {
    return {
      engine: rds.DatabaseClusterEngine.auroraMysql({
        version: rds.AuroraMysqlEngineVersion.of(`8.0.mysql_aurora.${database.version}`, '8.0'),
      }),
      logExports: ['error', 'slowquery', 'audit'],
      parameters: {
        require_secure_transport: 'ON',
        server_audit_logging: '1',
        server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL',
        slow_query_log: '1',
        long_query_time: '1',
      },
    };
  }
  const major = database.version.split('.')[0]!;
  return {
    engine: rds.DatabaseClusterEngine.auroraPostgres({
      version: rds.AuroraPostgresEngineVersion.of(database.version, major),
    }),
    logExports: ['postgresql'],
    parameters: {
      'rds.force_ssl': '1',
      log_min_duration_statement: '1000',
    },
  };
}

/**
 * One Aurora cluster (MySQL or PostgreSQL): encrypted, in isolated subnets, a writer and readers
 * pinned to different AZs, RDS-managed master secret (rotated by RDS), IAM auth, log exports,
 * backups and deletion protection from the plan.
 */
export class AuroraDatabase extends Construct {
  /** Created empty, or from the plan's `restoreFromSnapshot` (standing up a DR environment). */
  public readonly cluster: rds.DatabaseCluster | rds.DatabaseClusterFromSnapshot;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly database: DatabasePlan;
  /** The fixed cluster identifier (`<project>-<env>-<database>`), known without a reference to this stack. */
  public readonly clusterIdentifier: string;

  constructor(scope: Construct, id: string, props: AuroraDatabaseProps) {
    super(scope, id);
    const { database } = props;
    this.database = database;
    this.clusterIdentifier = props.clusterIdentifier;
    const settings = engineSettings(database);

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `Aurora ${database.name}: ingress only from services that declare it`,
      allowAllOutbound: false,
    });

    const logGroups = settings.logExports.map((logType) => new logs.LogGroup(this, `Log-${logType}`, {
      logGroupName: `/aws/rds/cluster/${props.clusterIdentifier}/${logType}`,
      retention: props.logRetentionDays as logs.RetentionDays,
      encryptionKey: props.encryptionKey,
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    }));

    const azs = props.availabilityZones;
    const instanceType = new ec2.InstanceType(database.instanceClass.replace(/^db\./, ''));
    // On an LTS version Aurora recommends automatic minor upgrades off (one could move the cluster
    // off the LTS line; AWS still patches LTS once a year). Any other version gets them.
    const longTermSupport = isLongTermSupportVersion(database.engine, database.version);
    const instanceProps = (az: string) => ({
      instanceType,
      availabilityZone: az,
      autoMinorVersionUpgrade: !longTermSupport,
      publiclyAccessible: false,
    });

    const common = {
      engine: settings.engine,
      clusterIdentifier: props.clusterIdentifier,
      port: database.port,
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_ISOLATED },
      securityGroups: [this.securityGroup],
      writer: rds.ClusterInstance.provisioned('Writer', instanceProps(azs[0]!)),
      readers: Array.from({ length: database.readers }, (_, i) =>
        rds.ClusterInstance.provisioned(`Reader${i + 1}`, {
          ...instanceProps(azs[(i + 1) % azs.length]!),
          // Tier 1: the first candidates for promotion when the writer fails.
          promotionTier: 1,
        })),
      manageMasterUserPassword: true,
      storageEncrypted: true,
      storageEncryptionKey: props.encryptionKey,
      iamAuthentication: true,
      parameters: settings.parameters,
      cloudwatchLogsExports: settings.logExports,
      backup: { retention: Duration.days(database.backupRetentionDays), preferredWindow: '02:00-03:00' },
      preferredMaintenanceWindow: 'sun:03:30-sun:04:30',
      deletionProtection: database.deletionProtection,
      copyTagsToSnapshot: true,
      monitoringInterval: MONITORING_INTERVAL,
      monitoringRole: props.monitoringRole,
      // A final snapshot is taken whenever the cluster would be deleted or replaced.
      removalPolicy: RemovalPolicy.SNAPSHOT,
    } satisfies Partial<rds.DatabaseClusterProps>;
    // Never the engine's well-known default (`postgres`, `admin`: CT.RDS.PR.21), which is the first
    // name anyone guesses; letters only, which both engines accept (Aurora MySQL: 1–16 letters or digits).
    const username = MASTER_USERNAME;
    this.cluster = database.restoreFromSnapshot === undefined
      ? new rds.DatabaseCluster(this, 'Cluster', {
        ...common,
        defaultDatabaseName: database.databaseName,
        credentials: rds.Credentials.fromUsername(username, { encryptionKey: props.encryptionKey }),
      })
      // The snapshot brings the database, its users and data; RDS manages a new master password in
      // a new secret (the snapshot's user name is kept), so services read it exactly as before.
      : new rds.DatabaseClusterFromSnapshot(this, 'Cluster', {
        ...common,
        snapshotIdentifier: database.restoreFromSnapshot,
        snapshotCredentials: { username, generatePassword: false, encryptionKey: props.encryptionKey },
      });
    for (const logGroup of logGroups) {
      this.cluster.node.addDependency(logGroup);
    }

    if (database.engine === 'aurora-mysql') {
      // cdk-nag's RDS11 flags the default port of MySQL-compatible engines only.
      acknowledge(this.cluster, {
        id: 'AwsSolutions-RDS11',
        reason: 'engine default port kept for client compatibility; reachable only from declared services in isolated subnets',
      });
    }
    if (database.engine === 'aurora-mysql') {
      const noBacktrack = 'recovery uses Aurora point-in-time restore and snapshots; Backtrack is not used: it is billed per change record, and a backtrack rewinds the whole cluster in place';
      acknowledge(this.cluster, { id: 'AwsSolutions-RDS14', reason: noBacktrack }, { id: 'CT.RDS.PR.6', reason: noBacktrack });
    }
    if (!database.deletionProtection) {
      acknowledge(this.cluster, {
        id: 'AwsSolutions-RDS10',
        reason: 'economy profile: disposable non-production cluster, still snapshotted on delete; resilient environments enable deletion protection',
      }, {
        id: 'NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled',
        reason: 'economy profile: a development cluster that must be removable with its stack; it is snapshotted on delete and backed up daily to the DR region; resilient clusters have deletion protection',
      }, {
        id: 'CT.RDS.PR.3',
        reason: 'economy profile: a development cluster that must be removable with its stack; it is snapshotted on delete and backed up daily to the DR region; resilient clusters have deletion protection',
      });
    }
    if (database.engine === 'aurora-mysql') {
      const noGeneralLog = 'the MySQL general log records every statement with its values (personal and payment data) at a cost that grows with traffic; error, slow-query and audit logs (connections, DDL, DCL) are exported instead';
      acknowledge(this.cluster,
        { id: 'NIST.800.53.R5-RDSLoggingEnabled[LogExport::general]', reason: noGeneralLog },
        { id: 'CT.RDS.PR.25', reason: noGeneralLog });
    }
    const ltsPinned = `Aurora ${database.engine} ${database.version} is a long-term-support version, on which AWS recommends automatic minor version upgrades off so the cluster stays on the LTS line (AWS still applies its critical patches); a non-LTS version gets automatic upgrades`;
    for (const instance of this.cluster.node.findAll().filter((c) => c instanceof rds.CfnDBInstance)) {
      acknowledge(instance, {
        id: 'CloudFormation-Validate::W3010',
        reason: 'AZ names come from the plan (manifest availabilityZones or the region table): pinned so the writer and each reader sit in different AZs',
      });
      if (longTermSupport) {
        acknowledge(instance,
          { id: 'CT.RDS.PR.5', reason: ltsPinned },
          { id: 'HIPAA.Security-RDSAutomaticMinorVersionUpgradeEnabled', reason: ltsPinned });
      }
    }
  }

  /** The writer endpoint: where read-write users connect. */
  public get endpointHostname(): string {
    return this.cluster.clusterEndpoint.hostname;
  }

  /** The reader endpoint: where read-only users connect (Aurora points it at the writer while a cluster has no reader). */
  public get readerEndpointHostname(): string {
    return this.cluster.clusterReadEndpoint.hostname;
  }
}
