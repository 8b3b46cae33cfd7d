import { Stack, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as rds from 'aws-cdk-lib/aws-rds';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { newerNodeRuntimeKnown } from '../../src/infra/lambda/bundled-node-code';
import type { DataStack } from '../../src/infra/stacks/data-stack';
import { referenceWithDr } from '../support/dr';
import { planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

/** Aurora observability and the data key, as the NIST 800-53 rev 5 pack asks; DR restores from snapshots. */

const SNAPSHOT = 'arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:awsbackup:copyjob-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';
const RESTORE_CATALOG = `      databases:\n        catalog: { restoreFromSnapshot: "${SNAPSHOT}" }\n`;

let platform: SynthesizedPlatform;
let dr: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
  dr = synthesize(planFromYaml(referenceWithDr(RESTORE_CATALOG)));
});

const data = (env: string) => platform.template(`purchase-direct-${env}-data`);

type Resources = Record<string, { Properties: Record<string, any> }>; // eslint-disable-line @typescript-eslint/no-explicit-any
const clusters = (template: Template) => Object.values(template.findResources('AWS::RDS::DBCluster') as Resources).map((c) => c.Properties);

describe('Aurora observability', () => {
  it('turns on Enhanced Monitoring every 60 s, with one monitoring role, on every instance', () => {
    for (const env of ['dev', 'prod']) {
      const template = data(env);
      const roles = Object.entries(template.findResources('AWS::IAM::Role', {
        Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'monitoring.rds.amazonaws.com' } })] } },
      }));
      expect(roles).toHaveLength(1);
      const instances = Object.values(template.findResources('AWS::RDS::DBInstance') as Resources);
      expect(instances).toHaveLength(env === 'dev' ? 2 : 4);
      for (const instance of instances) {
        expect(instance.Properties).toMatchObject({ MonitoringInterval: 60, MonitoringRoleArn: { 'Fn::GetAtt': [roles[0]![0], 'Arn'] } });
      }
    }
  });

  it('exports error, slow-query and audit logs from Aurora MySQL and the postgresql log from Aurora PostgreSQL', () => {
    const byEngine = Object.fromEntries(clusters(data('prod')).map((c) => [c.Engine, c.EnableCloudwatchLogsExports]));
    expect(byEngine).toEqual({ 'aurora-mysql': ['error', 'slowquery', 'audit'], 'aurora-postgresql': ['postgresql'] });
  });

  it('audits connections, DCL and DDL on Aurora MySQL through the cluster parameter group, and leaves the general log off', () => {
    data('prod').hasResourceProperties('AWS::RDS::DBClusterParameterGroup', {
      Family: 'aurora-mysql8.0',
      Parameters: Match.objectLike({ server_audit_logging: '1', server_audit_events: 'CONNECT,QUERY_DCL,QUERY_DDL', slow_query_log: '1' }),
    });
    const parameters = Object.values(data('prod').findResources('AWS::RDS::DBClusterParameterGroup') as Resources).map((g) => g.Properties.Parameters);
    for (const group of parameters) expect(group).not.toHaveProperty('general_log');
  });
});

describe('the data key', () => {
  it('lets CloudWatch Logs of its own account and region use it, for log groups only', () => {
    for (const [env, account] of [['dev', '111111111111'], ['prod', '222222222222']] as const) {
      data(env).hasResourceProperties('AWS::KMS::Key', {
        KeyPolicy: {
          Statement: Match.arrayWith([{
            Sid: 'CloudWatchLogsEncryption',
            Effect: 'Allow',
            Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
            Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
            Resource: '*',
            Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:aws:logs:eu-west-2:${account}:log-group:*` } },
          }]),
        },
      });
    }
    dr.template('purchase-direct-dr-data').hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logs.eu-west-1.amazonaws.com' } })]) },
    });
  });

  it('encrypts the data stack\'s own log groups (the Aurora log exports and the database user function\'s)', () => {
    const template = data('prod');
    const keyId = Object.keys(template.findResources('AWS::KMS::Key'))[0]!;
    const groups = Object.entries(template.findResources('AWS::Logs::LogGroup') as Resources);
    expect(groups.map(([id, g]) => g.Properties.LogGroupName ?? id.replace(/[0-9A-F]{8}$/, '')).sort()).toEqual([
      '/aws/rds/cluster/purchase-direct-prod-catalog/audit',
      '/aws/rds/cluster/purchase-direct-prod-catalog/error',
      '/aws/rds/cluster/purchase-direct-prod-catalog/slowquery',
      '/aws/rds/cluster/purchase-direct-prod-orders/postgresql',
      'DatabaseUsersLogs',
      'DatabaseUsersProviderLogs',
    ]);
    const groupsOnly = groups.map(([, g]) => g);
    for (const group of groupsOnly) expect(group.Properties.KmsKeyId).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
  });
});

describe('restoring a database from a snapshot (standing up a DR environment)', () => {
  it('creates the cluster from the snapshot, re-encrypted with the environment\'s key and with an RDS-managed password', () => {
    const [catalog, orders] = clusters(dr.template('purchase-direct-dr-data'));
    expect(catalog).toMatchObject({
      DBClusterIdentifier: 'purchase-direct-dr-catalog',
      SnapshotIdentifier: SNAPSHOT,
      KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
      StorageEncrypted: true,
      ManageMasterUserPassword: true,
      EnableCloudwatchLogsExports: ['error', 'slowquery', 'audit'],
    });
    expect(catalog).not.toHaveProperty('DatabaseName');
    expect(catalog).not.toHaveProperty('MasterUserPassword');
    expect(orders).not.toHaveProperty('SnapshotIdentifier');
    expect(orders).toMatchObject({ DatabaseName: 'orders', ManageMasterUserPassword: true });
  });

  it('gives services the restored cluster\'s endpoint and their own user on it, as for an empty one', () => {
    const json = JSON.stringify(dr.template('purchase-direct-dr-service-storefront').toJSON());
    const output = (attribute: string) => ({ 'Fn::GetStackOutput': { StackName: 'purchase-direct-dr-data', Region: 'eu-west-1', OutputName: expect.stringMatching(new RegExp(`^PublishOutputFnGetAttDatabasecatalogCluster.*${attribute}`)) } });
    dr.template('purchase-direct-dr-service-storefront').hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: Match.arrayWith([{ Name: 'CATALOG_DB_HOST', Value: Match.anyValue() }]) })],
    });
    const task = Object.values(dr.template('purchase-direct-dr-service-storefront').findResources('AWS::ECS::TaskDefinition') as Resources)[0]!;
    const container = task.Properties.ContainerDefinitions[0];
    expect(container.Environment).toContainEqual({ Name: 'CATALOG_DB_HOST', Value: output('EndpointAddress') });
    const [secretId] = Object.keys(dr.template('purchase-direct-dr-service-storefront').findResources('AWS::SecretsManager::Secret', {
      Properties: { Tags: Match.arrayWith([{ Key: 'portside:cluster', Value: 'purchase-direct-dr-catalog' }]) },
    }));
    expect(container.Secrets).toContainEqual({ Name: 'CATALOG_DB_PASSWORD', ValueFrom: { 'Fn::Join': ['', [{ Ref: secretId }, ':password::']] } });
    // The snapshot brings the users; the provisioner (re)sets each one's password from its new secret.
    dr.template('purchase-direct-dr-service-storefront').hasResourceProperties('Custom::DatabaseUser', {
      ClusterIdentifier: 'purchase-direct-dr-catalog', Username: 'svc_storefront', Access: 'read-write',
    });
    expect(json).not.toContain('purchase-direct-prod-data');
    expect(json).not.toContain('MasterUserSecret');
  });
});

/** Violations of both packs in a stack, as `rule path`; CDK's DefaultPolicy inline policies are acknowledged app-wide by the lead. */
function findings(stack: Stack): string[] {
  return [new NIST80053R5Checks(), new AwsSolutionsChecks()].flatMap((pack) => pack.validateScope(stack).violations
    .filter((v) => v.ruleName !== 'NIST.800.53.R5-IAMNoInlinePolicy')
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)));
}

describe('cdk-nag NIST 800-53 rev 5 and AwsSolutions over the data stacks', () => {
  it('finds nothing unacknowledged in the economy, resilient and restored DR data stacks', () => {
    const { stages } = buildApp(planFromYaml(referenceWithDr(RESTORE_CATALOG)), { compliance: false });
    for (const stage of stages) {
      expect(findings(stage.data), stage.stageName).toEqual([]);
    }
  });

  it('acknowledges only these findings on the data stacks, each with its reason', () => {
    const { stages } = buildApp(referencePlan(), { compliance: false });
    const ids = (stack: DataStack) => [...new Set(stack.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>))))].sort();
    const common = [
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonRDSEnhancedMonitoringRole]',
      // The database user function and the CDK provider framework that invokes it.
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaVPCAccessExecutionRole]',
      'Annotation::AwsSolutions-IAM5[Resource::*]',
      'Annotation::AwsSolutions-IAM5[Resource::<DatabaseUsersFunction31CFDB3C.Arn>:*]',
      // Only when the installed aws-cdk-lib knows a newer Node.js runtime than the pinned one.
      ...(newerNodeRuntimeKnown() ? ['Annotation::AwsSolutions-L1'] : []),
      'Annotation::NIST.800.53.R5-LambdaConcurrency',
      'Annotation::NIST.800.53.R5-LambdaDLQ',
      'Annotation::AwsSolutions-RDS11',
      'Annotation::AwsSolutions-RDS14',
      'CloudFormation-Validate::W3010',
      'Annotation::CT.ELASTICFILESYSYSTEM.PR.2',
      'Annotation::CT.RDS.PR.6',
      'Annotation::NIST.800.53.R5-RDSInBackupPlan',
      'Annotation::NIST.800.53.R5-RDSLoggingEnabled[LogExport::general]',
      'Annotation::CT.RDS.PR.25',
      // Both clusters are on the default, long-term-support versions: minor versions pinned.
      'Annotation::CT.RDS.PR.5',
      'Annotation::HIPAA.Security-RDSAutomaticMinorVersionUpgradeEnabled',
      // The feeds bucket: no consumer of its object events, no Object Lock on data services overwrite.
      'Annotation::CT.S3.PR.4',
      'Annotation::CT.S3.PR.9',
      // The feeds bucket: AWS Backup's S3 policies, the cross-region copy in place of replication, logs admitted by the network stack.
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup]',
      'Annotation::AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore]',
      'Annotation::NIST.800.53.R5-S3BucketReplicationEnabled',
      'Annotation::@aws-cdk/aws-s3:accessLogsPolicyNotAdded',
      // The order-events queue's dead-letter queue: the end of the line.
      'Annotation::CT.SQS.PR.1',
    ];
    const economy = ['Annotation::AwsSolutions-RDS10', 'Annotation::NIST.800.53.R5-RDSInstanceDeletionProtectionEnabled', 'Annotation::CT.RDS.PR.3'];
    const userSecrets = (account: string) => `Annotation::AwsSolutions-IAM5[Resource::arn:aws:secretsmanager:eu-west-2:${account}:secret:*]`;
    expect(ids(stages[0]!.data)).toEqual([...common, ...economy, userSecrets('111111111111')].sort());
    expect(ids(stages[1]!.data)).toEqual([...common, userSecrets('222222222222')].sort());
  });

  it('reports a volume outside the backup selection and an instance without Enhanced Monitoring (the checks can fail)', () => {
    const { stages } = buildApp(referencePlan(), { compliance: false });
    const stack = stages[1]!.data;
    const vpc = ec2.Vpc.fromVpcAttributes(stack, 'OtherVpc', { vpcId: 'vpc-1', availabilityZones: ['eu-west-2a'], privateSubnetIds: ['subnet-1'] });
    new efs.FileSystem(stack, 'UnplannedVolume', { vpc, encrypted: true });
    new rds.CfnDBInstance(stack, 'UnmonitoredInstance', { dbInstanceClass: 'db.t4g.medium', engine: 'mysql', allocatedStorage: '20' });
    const found = findings(stack);
    expect(found).toContain('NIST.800.53.R5-EFSInBackupPlan prod/Data/UnplannedVolume/Resource');
    expect(found).toContain('NIST.800.53.R5-RDSEnhancedMonitoringEnabled prod/Data/UnmonitoredInstance');
    expect(found).toContain('NIST.800.53.R5-RDSInBackupPlan prod/Data/UnmonitoredInstance');
  });

  it('reports a MySQL cluster\'s missing general log wherever it is not acknowledged', () => {
    const { stages } = buildApp(referencePlan(), { compliance: false });
    const stack = stages[1]!.data;
    new rds.CfnDBCluster(stack, 'OtherCluster', { engine: 'aurora-mysql', enableCloudwatchLogsExports: ['error'] });
    expect(findings(stack).filter((f) => f.endsWith('prod/Data/OtherCluster'))).toEqual(expect.arrayContaining([
      'NIST.800.53.R5-RDSLoggingEnabled[LogExport::general] prod/Data/OtherCluster',
      'NIST.800.53.R5-RDSLoggingEnabled[LogExport::audit] prod/Data/OtherCluster',
    ]));
  });
});

describe('the master user', () => {
  it('is never the engine\'s well-known default (postgres, admin), in MySQL and PostgreSQL clusters alike (CT.RDS.PR.21)', () => {
    for (const env of ['dev', 'prod']) {
      const engines = clusters(data(env)).map((cluster) => [cluster.Engine, cluster.MasterUsername]);
      expect(engines).toEqual([['aurora-mysql', 'portside'], ['aurora-postgresql', 'portside']]);
    }
  });
});
