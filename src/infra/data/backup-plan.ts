import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as rds from 'aws-cdk-lib/aws-rds';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BackupPolicyPlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';
import { drVaultArn } from '../operations/names';

/** The environment's own vault, in its region: `<project>-<env>-backups`. */
export function backupVaultName(project: string, environment: string): string {
  return `${project}-${environment}-backups`;
}

/** The role AWS Backup backs up and restores with; named so the DR runbook can pass it to `start-restore-job`. */
export function backupRoleName(project: string, environment: string): string {
  return `${project}-${environment}-backup`;
}

export interface EnvironmentBackupProps {
  readonly project: string;
  readonly environment: string;
  readonly policy: BackupPolicyPlan;
  /** The data stack's key: encrypts the vault; AWS Backup gets the use of it in the key policy. */
  readonly encryptionKey: kms.Key;
  /** Keep the vault (and its recovery points) when the stack is deleted. */
  readonly retainVault: boolean;
  readonly clusters: readonly (rds.IDatabaseCluster & Construct)[];
  readonly fileSystems: readonly efs.IFileSystem[];
  /** The environment's S3 buckets (versioned, as AWS Backup for S3 requires). */
  readonly buckets: readonly s3.IBucket[];
}

/**
 * AWS Backup for one environment's data: a vault encrypted with the data key, a plan with the
 * profile's rules, each copying its recovery point to the DR vault (`drVaultName`, created per
 * account in the copy region) with the same retention, and one selection of every Aurora cluster,
 * EFS volume and S3 bucket of the stack (S3 with AWS Backup's S3 policies on its role).
 *
 * Aurora is backed up as snapshots here; its point-in-time recovery stays with Aurora's own
 * automated backups (the cluster's retention, 7 or 35 days). AWS Backup's continuous backup for
 * Aurora would take over those automated backups and their retention, which CloudFormation sets,
 * and its cross-region copies are snapshots anyway.
 */
export class EnvironmentBackup extends Construct {
  public readonly vault: backup.BackupVault;
  public readonly plan: backup.BackupPlan;
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: EnvironmentBackupProps) {
    super(scope, id);
    const { project, environment, policy } = props;
    const { account } = Stack.of(this);

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: backupVaultName(project, environment),
      encryptionKey: props.encryptionKey,
      // A vault that still holds recovery points cannot be deleted: an economy stack's deletion
      // waits for them to expire (7 days) or for an operator to delete them.
      removalPolicy: props.retainVault ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      roleName: backupRoleName(project, environment),
      description: `AWS Backup for ${project} ${environment}: backs up, copies and restores its Aurora clusters and EFS volumes`,
      assumedBy: new iam.ServicePrincipal('backup.amazonaws.com'),
    });
    acknowledge(this.role, ...['AWSBackupServiceRolePolicyForBackup', 'AWSBackupServiceRolePolicyForRestores'].map((policy) => ({
      id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/${policy}]`,
      reason: `AWS Backup's own service-role policy (${policy}), maintained by AWS as the service adds resource types and API calls; a hand-written copy would silently fall behind`,
    })));

    // The vault key and the Aurora/EFS key are the same key: AWS Backup encrypts EFS recovery points
    // with it, RDS snapshots Aurora with it (through grants), and copies decrypt with it.
    props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AwsBackupUseOfKey',
      principals: [this.role],
      actions: [
        'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext',
        'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey',
      ],
      resources: ['*'],
    }));
    props.encryptionKey.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AwsBackupGrantsForAwsServices',
      principals: [this.role],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    }));

    const drVault = backup.BackupVault.fromBackupVaultArn(this, 'DrVault', drVaultArn(project, account, policy.copyToRegion));
    this.plan = new backup.BackupPlan(this, 'Plan', {
      backupPlanName: `${project}-${environment}`,
      backupVault: this.vault,
    });
    for (const rule of policy.rules) {
      this.plan.addRule(new backup.BackupPlanRule({
        ruleName: rule.name,
        scheduleExpression: events.Schedule.expression(rule.schedule),
        startWindow: Duration.hours(1),
        completionWindow: Duration.hours(8),
        deleteAfter: Duration.days(rule.retentionDays),
        // Same retention in the DR region; no cold storage (see PROFILES in the manifest defaults).
        copyActions: [{ destinationBackupVault: drVault, deleteAfter: Duration.days(rule.retentionDays) }],
      }));
    }

    this.plan.addSelection('Selection', {
      backupSelectionName: `${project}-${environment}-data`,
      role: this.role,
      allowRestores: true,
      resources: [
        ...props.clusters.map((cluster) => backup.BackupResource.fromRdsDatabaseCluster(cluster)),
        ...props.fileSystems.map((fileSystem) => backup.BackupResource.fromEfsFileSystem(fileSystem)),
        ...props.buckets.map((bucket) => backup.BackupResource.fromArn(bucket.bucketArn)),
      ],
    });
    if (props.buckets.length > 0) {
      // AWSBackupServiceRolePolicyForBackup/-Restores leave S3 out: AWS Backup documents these two for buckets.
      const policies = ['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore'];
      for (const policy of policies) {
        this.role.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(policy));
      }
      acknowledge(this.role, ...policies.map((policy) => ({
        id: `AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/${policy}]`,
        reason: `AWS Backup's own policy for S3 (${policy}), maintained by AWS with the bucket, versioning and EventBridge calls S3 backups and restores need; a hand-written copy would fall behind`,
      })));
    }

    for (const cluster of props.clusters) {
      for (const instance of cluster.node.findAll().filter((c) => c instanceof rds.CfnDBInstance)) {
        acknowledge(instance, {
          id: 'NIST.800.53.R5-RDSInBackupPlan',
          reason: 'an Aurora instance has no storage of its own: AWS Backup backs up Aurora per cluster, and this instance\'s cluster is in the data stack\'s backup selection (CDK\'s collector, too, selects Aurora by cluster, never by instance)',
        });
      }
    }
  }
}
