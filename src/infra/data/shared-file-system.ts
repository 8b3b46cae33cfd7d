import { RemovalPolicy } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { acknowledge } from '../compliance/acknowledge';
import type { FileSystemPlan } from '../../manifest/plan';

export interface SharedFileSystemProps {
  readonly fileSystem: FileSystemPlan;
  readonly vpc: ec2.IVpc;
  readonly encryptionKey: kms.IKey;
  /** Keep the file system when the stack is deleted. */
  readonly retainOnDelete: boolean;
}

/** A service that mounts this volume, with the POSIX user its access point enforces. */
export interface FileSystemClient {
  readonly service: string;
  readonly posixUid: number;
}

const LIFECYCLE_BY_DAYS: Record<number, efs.LifecyclePolicy> = {
  1: efs.LifecyclePolicy.AFTER_1_DAY,
  7: efs.LifecyclePolicy.AFTER_7_DAYS,
  14: efs.LifecyclePolicy.AFTER_14_DAYS,
  30: efs.LifecyclePolicy.AFTER_30_DAYS,
  60: efs.LifecyclePolicy.AFTER_60_DAYS,
  90: efs.LifecyclePolicy.AFTER_90_DAYS,
  180: efs.LifecyclePolicy.AFTER_180_DAYS,
  270: efs.LifecyclePolicy.AFTER_270_DAYS,
  365: efs.LifecyclePolicy.AFTER_365_DAYS,
};

/**
 * An encrypted EFS volume shared by services: a mount target in every private subnet's AZ, TLS
 * required by the file system policy, and an access point per client service. Backups come from
 * the data stack's AWS Backup plan (EFS automatic backups are off, so there is one plan, not two).
 *
 * Every access point roots at `/<volume>` with the volume's shared POSIX group and a setgid
 * directory, so files written by one service (its own uid) are readable by the others.
 */
export class SharedFileSystem extends Construct {
  public readonly fileSystem: efs.FileSystem;
  public readonly securityGroup: ec2.SecurityGroup;
  public readonly plan: FileSystemPlan;
  private readonly accessPoints = new Map<string, efs.AccessPoint>();

  constructor(scope: Construct, id: string, props: SharedFileSystemProps) {
    super(scope, id);
    this.plan = props.fileSystem;

    this.securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: props.vpc,
      description: `EFS ${props.fileSystem.name}: NFS only from services that mount it`,
      allowAllOutbound: false,
    });

    const days = props.fileSystem.infrequentAccessAfterDays;
    this.fileSystem = new efs.FileSystem(this, 'FileSystem', {
      vpc: props.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.securityGroup,
      encrypted: true,
      kmsKey: props.encryptionKey,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      lifecyclePolicy: days === undefined ? undefined : LIFECYCLE_BY_DAYS[days],
      outOfInfrequentAccessPolicy: days === undefined ? undefined : efs.OutOfInfrequentAccessPolicy.AFTER_1_ACCESS,
      // Off: the data stack's AWS Backup plan covers every volume (daily, copied to the DR region);
      // EFS automatic backups would add a second daily plan in aws/efs/automatic-backup-vault.
      enableAutomaticBackups: false,
      removalPolicy: props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      fileSystemPolicy: new iam.PolicyDocument({
        statements: [
          new iam.PolicyStatement({
            sid: 'DenyUnencryptedTransport',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['*'],
            conditions: { Bool: { 'aws:SecureTransport': 'false' } },
          }),
          new iam.PolicyStatement({
            sid: 'DenyMountsOutsideAccessPoints',
            effect: iam.Effect.DENY,
            principals: [new iam.AnyPrincipal()],
            actions: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
            conditions: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
          }),
        ],
      }),
    });
    // Written out, not left to the default: a volume deployed while automatic backups were on keeps
    // them until the template says DISABLED.
    (this.fileSystem.node.defaultChild as efs.CfnFileSystem).backupPolicy = { status: 'DISABLED' };
    acknowledge(this.fileSystem, {
      id: 'CT.ELASTICFILESYSYSTEM.PR.2',
      reason: 'the environment\'s AWS Backup plan selects this volume with the profile\'s rules and a copy to the DR region; EFS automatic backups would be a second, uncopied 35-day plan',
    });
  }

  /** Adds the access point a service mounts this volume through; one per service. */
  public addClient(client: FileSystemClient): efs.AccessPoint {
    const gid = this.plan.posixGid;
    const accessPoint = new efs.AccessPoint(this, `AccessPoint-${client.service}`, {
      fileSystem: this.fileSystem,
      path: `/${this.plan.name}`,
      posixUser: { uid: String(client.posixUid), gid: String(gid) },
      createAcl: { ownerUid: String(gid), ownerGid: String(gid), permissions: '2775' },
    });
    this.accessPoints.set(client.service, accessPoint);
    return accessPoint;
  }

  public accessPointFor(service: string): efs.AccessPoint {
    const accessPoint = this.accessPoints.get(service);
    if (!accessPoint) {
      throw new Error(`service ${service} has no access point on volume ${this.plan.name}`);
    }
    return accessPoint;
  }
}
