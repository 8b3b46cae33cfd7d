import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { CIS_ALARMS } from '../../src/infra/audit/cis-alarms';
import { drVaultArn, drVaultName } from '../../src/infra/operations/names';
import { REPO_ROOT, referencePlan } from '../support/reference';
import { accountStacks, actions, costAnomalies, drVaults, foundations, only, PolicyStatement, resourcesOf } from '../support/account-stacks';

const CIS_INVENTORY: [alarm: string, metric: string, pattern: string][] = [
  ['purchase-direct-CIS-4.1-UnauthorizedAPICalls', 'UnauthorizedAPICalls', '{($.errorCode="*UnauthorizedOperation") || ($.errorCode="AccessDenied*")}'],
  ['purchase-direct-CIS-4.2-ConsoleSigninWithoutMFA', 'ConsoleSigninWithoutMFA', '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }'],
  ['purchase-direct-CIS-4.3-RootAccountUsage', 'RootAccountUsage', '{$.userIdentity.type="Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType !="AwsServiceEvent"}'],
  ['purchase-direct-CIS-4.4-IAMPolicyChanges', 'IAMPolicyChanges', '{($.eventName=DeleteGroupPolicy) || ($.eventName=DeleteRolePolicy) || ($.eventName=DeleteUserPolicy) || ($.eventName=PutGroupPolicy) || ($.eventName=PutRolePolicy) || ($.eventName=PutUserPolicy) || ($.eventName=CreatePolicy) || ($.eventName=DeletePolicy) || ($.eventName=CreatePolicyVersion) || ($.eventName=DeletePolicyVersion) || ($.eventName=AttachRolePolicy) || ($.eventName=DetachRolePolicy) || ($.eventName=AttachUserPolicy) || ($.eventName=DetachUserPolicy) || ($.eventName=AttachGroupPolicy) || ($.eventName=DetachGroupPolicy)}'],
  ['purchase-direct-CIS-4.5-CloudTrailChanges', 'CloudTrailChanges', '{($.eventName=CreateTrail) || ($.eventName=UpdateTrail) || ($.eventName=DeleteTrail) || ($.eventName=StartLogging) || ($.eventName=StopLogging)}'],
  ['purchase-direct-CIS-4.6-ConsoleAuthenticationFailure', 'ConsoleAuthenticationFailure', '{($.eventName=ConsoleLogin) && ($.errorMessage="Failed authentication")}'],
  ['purchase-direct-CIS-4.7-DisableOrDeleteCMK', 'DisableOrDeleteCMK', '{($.eventSource=kms.amazonaws.com) && (($.eventName=DisableKey) || ($.eventName=ScheduleKeyDeletion))}'],
  ['purchase-direct-CIS-4.8-S3BucketPolicyChanges', 'S3BucketPolicyChanges', '{($.eventSource=s3.amazonaws.com) && (($.eventName=PutBucketAcl) || ($.eventName=PutBucketPolicy) || ($.eventName=PutBucketCors) || ($.eventName=PutBucketLifecycle) || ($.eventName=PutBucketReplication) || ($.eventName=DeleteBucketPolicy) || ($.eventName=DeleteBucketCors) || ($.eventName=DeleteBucketLifecycle) || ($.eventName=DeleteBucketReplication))}'],
  ['purchase-direct-CIS-4.9-AWSConfigChanges', 'AWSConfigChanges', '{($.eventSource=config.amazonaws.com) && (($.eventName=StopConfigurationRecorder) || ($.eventName=DeleteDeliveryChannel) || ($.eventName=PutDeliveryChannel) || ($.eventName=PutConfigurationRecorder))}'],
  ['purchase-direct-CIS-4.10-SecurityGroupChanges', 'SecurityGroupChanges', '{($.eventName=AuthorizeSecurityGroupIngress) || ($.eventName=AuthorizeSecurityGroupEgress) || ($.eventName=RevokeSecurityGroupIngress) || ($.eventName=RevokeSecurityGroupEgress) || ($.eventName=CreateSecurityGroup) || ($.eventName=DeleteSecurityGroup)}'],
  ['purchase-direct-CIS-4.11-NetworkACLChanges', 'NetworkACLChanges', '{($.eventName=CreateNetworkAcl) || ($.eventName=CreateNetworkAclEntry) || ($.eventName=DeleteNetworkAcl) || ($.eventName=DeleteNetworkAclEntry) || ($.eventName=ReplaceNetworkAclEntry) || ($.eventName=ReplaceNetworkAclAssociation)}'],
  ['purchase-direct-CIS-4.12-NetworkGatewayChanges', 'NetworkGatewayChanges', '{($.eventName=CreateCustomerGateway) || ($.eventName=DeleteCustomerGateway) || ($.eventName=AttachInternetGateway) || ($.eventName=CreateInternetGateway) || ($.eventName=DeleteInternetGateway) || ($.eventName=DetachInternetGateway)}'],
  ['purchase-direct-CIS-4.13-RouteTableChanges', 'RouteTableChanges', '{($.eventName=CreateRoute) || ($.eventName=CreateRouteTable) || ($.eventName=ReplaceRoute) || ($.eventName=ReplaceRouteTableAssociation) || ($.eventName=DeleteRouteTable) || ($.eventName=DeleteRoute) || ($.eventName=DisassociateRouteTable)}'],
  ['purchase-direct-CIS-4.14-VPCChanges', 'VPCChanges', '{($.eventName=CreateVpc) || ($.eventName=DeleteVpc) || ($.eventName=ModifyVpcAttribute) || ($.eventName=AcceptVpcPeeringConnection) || ($.eventName=CreateVpcPeeringConnection) || ($.eventName=DeleteVpcPeeringConnection) || ($.eventName=RejectVpcPeeringConnection) || ($.eventName=AttachClassicLinkVpc) || ($.eventName=DetachClassicLinkVpc) || ($.eventName=DisableVpcClassicLink) || ($.eventName=EnableVpcClassicLink)}'],
  ['purchase-direct-CIS-4.15-OrganizationsChanges', 'OrganizationsChanges', '{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }'],
];

describe('CIS AWS Foundations Benchmark alarms', () => {
  for (const stack of foundations) {
    const [logGroupId] = only(stack, 'AWS::Logs::LogGroup');
    const [topicId, topic] = only(stack, 'AWS::SNS::Topic');
    const filters = resourcesOf(stack, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const alarms = resourcesOf(stack, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);

    it(`${stack.node.id}: has exactly the inventoried filters, each with its alarm of the same metric`, () => {
      const inventory = alarms.map((alarm) => {
        const filter = filters.find((f) => f.MetricTransformations[0].MetricName === alarm.MetricName)!;
        return [alarm.AlarmName, alarm.MetricName, filter.FilterPattern];
      });
      expect(inventory).toEqual(CIS_INVENTORY);
      expect(filters).toHaveLength(CIS_INVENTORY.length);
      for (const filter of filters) {
        expect(filter.LogGroupName).toEqual({ Ref: logGroupId });
        expect(filter.MetricTransformations).toEqual([{ MetricNamespace: 'Portside/CIS', MetricName: expect.any(String), MetricValue: '1' }]);
      }
    });

    it(`${stack.node.id}: alarms on Sum >= 1 over 5 minutes, missing data not breaching, to the account topic, with a description`, () => {
      for (const alarm of alarms) {
        expect(alarm, alarm.AlarmName).toMatchObject({
          Namespace: 'Portside/CIS',
          Statistic: 'Sum',
          Period: 300,
          EvaluationPeriods: 1,
          Threshold: 1,
          ComparisonOperator: 'GreaterThanOrEqualToThreshold',
          TreatMissingData: 'notBreaching',
          AlarmActions: [{ Ref: topicId }],
        });
        expect(alarm.AlarmDescription.length, alarm.AlarmName).toBeGreaterThan(150);
        expect(alarm.AlarmDescription.length, alarm.AlarmName).toBeLessThanOrEqual(1024);
      }
    });

    it(`${stack.node.id}: sends them to <project>-account-alarms, KMS-encrypted, SSL-only, e-mailing alertEmail`, () => {
      const [keyId] = only(stack, 'AWS::KMS::Key');
      expect(topic.Properties).toMatchObject({ TopicName: 'purchase-direct-account-alarms', KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
      expect(only(stack, 'AWS::SNS::Subscription')[1].Properties).toMatchObject({ Protocol: 'email', Endpoint: 'platform@purchase-direct.example', TopicArn: { Ref: topicId } });
      const topicPolicy = only(stack, 'AWS::SNS::TopicPolicy')[1].Properties.PolicyDocument.Statement as PolicyStatement[];
      expect(JSON.stringify(topicPolicy)).toContain('"aws:SecureTransport":"false"');
      // The topic's own policy replaces SNS's default one, so alarms need their own allow.
      expect(topicPolicy).toContainEqual(expect.objectContaining({
        Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish',
        Condition: {
          ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-2:${stack.account}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': stack.account },
        },
      }));
    });
  }

  it('keeps the table the one source: one row per control, CIS 4.1 to 4.15, Security Hub CloudWatch.1 to 14', () => {
    expect(CIS_ALARMS.map((a) => a.cis)).toEqual(Array.from({ length: 15 }, (_, i) => `4.${i + 1}`));
    expect(CIS_ALARMS.flatMap((a) => (a.securityHub ? [a.securityHub] : [])).sort()).toEqual(Array.from({ length: 14 }, (_, i) => `CloudWatch.${i + 1}`).sort());
    expect(CIS_ALARMS.map((a) => [a.name, a.pattern])).toEqual(CIS_INVENTORY.map(([, metric, pattern]) => [metric, pattern]));
  });

  it('has a runbook entry in docs/operations.md for every alarm, in the table\'s order', () => {
    const runbook = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    const headings = [...runbook.matchAll(/^### (CIS-\S+)/gm)].map((m) => m[1]);
    expect(headings).toEqual(CIS_ALARMS.map((a) => `CIS-${a.cis}-${a.name}`));
  });
});

describe('Cost Anomaly Detection', () => {
  it('monitors every AWS service of the account and e-mails a daily digest of anomalies >= 20 % and >= $50', () => {
    for (const stack of costAnomalies) {
      const [monitorId, monitor] = only(stack, 'AWS::CE::AnomalyMonitor');
      const [, subscription] = only(stack, 'AWS::CE::AnomalySubscription');
      expect(monitor.Properties).toMatchObject({ MonitorType: 'DIMENSIONAL', MonitorDimension: 'SERVICE' });
      expect(subscription.Properties).toMatchObject({
        Frequency: 'DAILY',
        MonitorArnList: [{ 'Fn::GetAtt': [monitorId, 'MonitorArn'] }],
        Subscribers: [{ Type: 'EMAIL', Address: 'platform@purchase-direct.example' }],
      });
      expect(subscription.Properties.Threshold).toBeUndefined();
      expect(JSON.parse(subscription.Properties.ThresholdExpression)).toEqual({
        And: [
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_PERCENTAGE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['20'] } },
          { Dimensions: { Key: 'ANOMALY_TOTAL_IMPACT_ABSOLUTE', MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: ['50'] } },
        ],
      });
    }
  });
});

describe('the DR vault', () => {
  const cfnExecRole = (account: string) => `arn:aws:iam::${account}:role/cdk-hnb659fds-cfn-exec-role-${account}-eu-west-1`;

  it('is the vault the data stacks copy to: named drVaultName(project), at drVaultArn(project, account, drRegion)', () => {
    for (const stack of drVaults) {
      const [, vault] = only(stack, 'AWS::Backup::BackupVault');
      expect(vault.Properties.BackupVaultName).toBe(drVaultName('purchase-direct'));
      expect(drVaultArn('purchase-direct', stack.account, stack.region))
        .toBe(`arn:aws:backup:eu-west-1:${stack.account}:backup-vault:purchase-direct-dr`);
    }
  });

  it('is encrypted with its own rotating key, and both are retained', () => {
    for (const stack of drVaults) {
      const [keyId, key] = only(stack, 'AWS::KMS::Key');
      const [, vault] = only(stack, 'AWS::Backup::BackupVault');
      expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [keyId, 'Arn'] });
      expect(key.Properties.EnableKeyRotation).toBe(true);
      expect([vault.DeletionPolicy, key.DeletionPolicy]).toEqual(['Retain', 'Retain']);
    }
  });

  it('denies everyone deleting or shortening recovery points, and everyone but CloudFormation changing the policy, the lock or the key', () => {
    for (const stack of drVaults) {
      const [, vault] = only(stack, 'AWS::Backup::BackupVault');
      const statements = vault.Properties.AccessPolicy.Statement as PolicyStatement[];
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Principal: { AWS: '*' }, Action: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
      }));
      expect(statements.find((s) => s.Sid === 'NobodyDeletesOrShortensRecoveryPoints')!.Condition).toBeUndefined();
      expect(statements).toContainEqual(expect.objectContaining({
        Effect: 'Deny',
        Action: expect.arrayContaining(['backup:PutBackupVaultAccessPolicy', 'backup:DeleteBackupVaultAccessPolicy', 'backup:DeleteBackupVaultLockConfiguration']),
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': cfnExecRole(stack.account) } },
      }));
      // Same-account copies need no Allow, and nothing here may stand in their way.
      expect(statements.flatMap(actions)).not.toContain('backup:CopyIntoBackupVault');
      expect(statements.every((s) => s.Effect === 'Deny')).toBe(true);

      const keyStatements = only(stack, 'AWS::KMS::Key')[1].Properties.KeyPolicy.Statement as PolicyStatement[];
      expect(keyStatements).toContainEqual(expect.objectContaining({
        Effect: 'Deny', Action: ['kms:DisableKey', 'kms:PutKeyPolicy', 'kms:ScheduleKeyDeletion'],
        Condition: { ArnNotEquals: { 'aws:PrincipalArn': cfnExecRole(stack.account) } },
      }));
      expect(keyStatements).toContainEqual(expect.objectContaining({
        Effect: 'Allow', Sid: 'BackupCopiesOfThisAccount',
        Condition: { StringEquals: { 'kms:CallerAccount': stack.account, 'kms:ViaService': ['backup.eu-west-1.amazonaws.com', 'rds.eu-west-1.amazonaws.com'] } },
      }));
    }
  });

  it('adds Vault Lock in governance mode (7 to 400 days) in the account of a resilient environment only', () => {
    const lockOf = (account: string) => only(drVaults.find((s) => s.account === account)!, 'AWS::Backup::BackupVault')[1].Properties.LockConfiguration;
    expect(lockOf('222222222222')).toEqual({ MinRetentionDays: 7, MaxRetentionDays: 400 });
    expect(lockOf('222222222222').ChangeableForDays).toBeUndefined();
    expect(lockOf('111111111111')).toBeUndefined();
  });
});

describe('compliance of the per-account stacks', () => {
  const findings = (stack: Stack) => [new AwsSolutionsChecks(), new NIST80053R5Checks()]
    .flatMap((pack) => pack.validateScope(stack).violations)
    .flatMap((v) => v.violatingResources.map((r) => `${v.ruleName}: ${r.constructPath ?? r.resourceLogicalId}`));

  it.each(accountStacks.map((s) => [s.node.id, s] as const))('%s has no unacknowledged AwsSolutions or NIST 800-53 rev 5 finding', (_, stack) => {
    expect(findings(stack)).toEqual([]);
  });

  it('reports a finding that is not acknowledged (the check can fail)', () => {
    const { foundations: fresh } = buildApp(referencePlan(), { compliance: false });
    new logs.LogGroup(fresh[0]!, 'Unencrypted', { retention: logs.RetentionDays.ONE_YEAR });
    expect(findings(fresh[0]!)).toContain('NIST.800.53.R5-CloudWatchLogGroupEncrypted: Foundation-111111111111/Unencrypted/Resource');
  });
});
