import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as logs from 'aws-cdk-lib/aws-logs';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { CIS_ALARMS } from '../../src/infra/audit/cis-alarms';
import { drVaultArn, drVaultName } from '../../src/infra/operations/names';
import { accountPlans } from '../../src/infra/stacks/account-plan';
import { violations } from '../support/invariants';
import { MINIMAL_MANIFEST, planFromYaml, REPO_ROOT, referencePlan } from '../support/reference';

/** The reference manifest: dev (economy) in 111111111111, prod (resilient) in 222222222222, both eu-west-2, DR eu-west-1. */
const built = buildApp(referencePlan(), { compliance: false });
const { foundations, drVaults, costAnomalies } = built;
const accountStacks = [...foundations, ...drVaults, ...costAnomalies];

interface Resource { Type: string; Properties: Record<string, any>; DeletionPolicy?: string } // eslint-disable-line @typescript-eslint/no-explicit-any
interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal: { AWS?: string; Service?: string };
  Action: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

const templates = new Map<Stack, Template>(accountStacks.map((stack) => [stack, Template.fromStack(stack)]));
const templateOf = (stack: Stack) => templates.get(stack)!;
const resourcesOf = (stack: Stack, type: string): [string, Resource][] =>
  Object.entries(templateOf(stack).toJSON().Resources as Record<string, Resource>).filter(([, r]) => r.Type === type);
const only = (stack: Stack, type: string): [string, Resource] => {
  const found = resourcesOf(stack, type);
  expect(found, `${stack.node.id}: ${type}`).toHaveLength(1);
  return found[0]!;
};
const foundation = foundations.find((f) => f.account === '222222222222')!;
const actions = (s: PolicyStatement) => [s.Action].flat();

describe('per-account stacks', () => {
  it('adds one foundation, one DR vault and one cost anomaly stack per account that hosts an environment', () => {
    expect(foundations.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['purchase-direct-foundation', '111111111111', 'eu-west-2'],
      ['purchase-direct-foundation', '222222222222', 'eu-west-2'],
    ]);
    expect(drVaults.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['purchase-direct-dr-vault', '111111111111', 'eu-west-1'],
      ['purchase-direct-dr-vault', '222222222222', 'eu-west-1'],
    ]);
    expect(costAnomalies.map((s) => [s.stackName, s.account, s.region])).toEqual([
      ['purchase-direct-cost-anomaly', '111111111111', 'us-east-1'],
      ['purchase-direct-cost-anomaly', '222222222222', 'us-east-1'],
    ]);
  });

  it('leaves out the trail and CIS alarms, or the Cost Anomaly monitor, where the organization already has them (accountBaseline)', () => {
    const manifest = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8');
    const without = (baseline: string) => buildApp(planFromYaml(manifest.replace('\nenvironments:\n', `\naccountBaseline: ${baseline}\nenvironments:\n`)), { compliance: false });
    const noTrail = without('{ cloudTrail: false }');
    expect(noTrail.foundations).toEqual([]);
    expect(noTrail.costAnomalies).toHaveLength(2);
    expect(noTrail.drVaults).toHaveLength(2);
    const noMonitor = without('{ costAnomalyMonitor: false }');
    expect(noMonitor.foundations).toHaveLength(2);
    expect(noMonitor.costAnomalies).toEqual([]);
    // The platform pipeline deploys only the account stacks that exist (DR vaults stay: backups are copied there).
    const neither = without('{ cloudTrail: false, costAnomalyMonitor: false }');
    const ids = neither.app.node.children.filter((child) => child instanceof Stack).map((child) => child.node.id);
    expect(ids.filter((id) => /^(Foundation|CostAnomaly|DrVault)-/.test(id)).sort()).toEqual(['DrVault-111111111111-eu-west-1', 'DrVault-222222222222-eu-west-1']);
    expect(planFromYaml(manifest).accountBaseline).toEqual({ cloudTrail: true, costAnomalyMonitor: true });
  });

  it('keeps them top-level, outside every environment Stage, with ids deployable by pattern', () => {
    for (const stack of accountStacks) {
      expect(Stage.of(stack)).toBe(built.app);
    }
    expect(accountStacks.map((s) => s.node.id).sort()).toEqual([
      'CostAnomaly-111111111111', 'CostAnomaly-222222222222',
      'DrVault-111111111111-eu-west-1', 'DrVault-222222222222-eu-west-1',
      'Foundation-111111111111', 'Foundation-222222222222',
    ]);
  });

  it('puts an account with several environments in one foundation, in its first environment\'s region, locked when any is resilient', () => {
    const plan = planFromYaml(MINIMAL_MANIFEST.replace('services:\n', `  prod:
    account: "111111111111"
    region: eu-central-1
    branch: main
    profile: resilient
    allowPlainHttp: true    # no domain: this test is about the account's stacks
services:
`));
    expect(plan.environments.map((e) => [e.name, e.account, e.region])).toEqual([['dev', '111111111111', 'eu-west-2'], ['prod', '111111111111', 'eu-central-1']]);
    expect(accountPlans(plan)).toEqual([expect.objectContaining({
      account: '111111111111', region: 'eu-west-2', vaultRegions: ['eu-west-1'], environments: ['dev', 'prod'], lockedVaultRegions: ['eu-west-1'],
    })]);
    const { foundations: one, drVaults: vaults } = buildApp(plan, { compliance: false });
    expect(one).toHaveLength(1);
    expect(vaults).toHaveLength(1);
    expect(Template.fromStack(vaults[0]!).findResources('AWS::Backup::BackupVault')).toSatisfy(
      (found: Record<string, Resource>) => Object.values(found)[0]!.Properties.LockConfiguration !== undefined);
  });

  it('tags every taggable resource with the project and the manifest tags, and protects foundation and vault from deletion', () => {
    for (const stack of accountStacks) {
      for (const [id, resource] of Object.entries(templateOf(stack).toJSON().Resources as Record<string, Resource>)) {
        const tags = resource.Properties?.Tags ?? resource.Properties?.ResourceTags ?? resource.Properties?.BackupVaultTags;
        if (tags === undefined) continue;
        const values = Array.isArray(tags) ? Object.fromEntries(tags.map((t: { Key: string; Value: string }) => [t.Key, t.Value])) : tags;
        expect(values, `${stack.node.id}/${id}`).toMatchObject({ project: 'purchase-direct', CostCentre: 'ecommerce' });
      }
    }
    expect([...foundations, ...drVaults].every((s) => s.terminationProtection)).toBe(true);
  });

  it('keeps every platform invariant (encrypted SSL-only private buckets, log retention, key rotation)', () => {
    for (const stack of accountStacks) {
      expect(violations(templateOf(stack).toJSON() as Parameters<typeof violations>[0]), stack.node.id).toEqual([]);
    }
  });
});

describe('the account trail', () => {
  it('is ONE multi-region trail with global events, read+write management events, log file validation, KMS and CloudWatch Logs', () => {
    const [, trail] = only(foundation, 'AWS::CloudTrail::Trail');
    const [keyId] = only(foundation, 'AWS::KMS::Key');
    const [logGroupId, logGroup] = only(foundation, 'AWS::Logs::LogGroup');
    expect(trail.Properties).toMatchObject({
      TrailName: 'purchase-direct-audit',
      IsLogging: true,
      IsMultiRegionTrail: true,
      IncludeGlobalServiceEvents: true,
      EnableLogFileValidation: true,
      KMSKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      CloudWatchLogsLogGroupArn: { 'Fn::GetAtt': [logGroupId, 'Arn'] },
      // Security Hub CloudWatch.7 also fails when kms.amazonaws.com events are excluded.
      EventSelectors: [{ IncludeManagementEvents: true, ReadWriteType: 'All' }],
    });
    expect(logGroup.Properties).toMatchObject({
      LogGroupName: '/portside/purchase-direct/cloudtrail',
      KmsKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
    });
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThanOrEqual(365);
  });

  it('encrypts with a rotating, retained key whose policy lets only this trail, this account\'s log groups and alarms use it', () => {
    const [, key] = only(foundation, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    const statements = key.Properties.KeyPolicy.Statement as PolicyStatement[];
    const bySid = (sid: string) => statements.find((s) => s.Sid === sid)!;
    expect(bySid('CloudTrailEncryptsThisTrail')).toMatchObject({
      Principal: { Service: 'cloudtrail.amazonaws.com' },
      Action: 'kms:GenerateDataKey*',
      Condition: {
        StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-2:222222222222:trail/purchase-direct-audit' },
        StringLike: { 'kms:EncryptionContext:aws:cloudtrail:arn': 'arn:aws:cloudtrail:*:222222222222:trail/*' },
      },
    });
    expect(bySid('CloudTrailDescribesKey').Condition).toEqual({ StringEquals: { 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-2:222222222222:trail/purchase-direct-audit' } });
    expect(bySid('CloudWatchLogsEncryptsThisAccountsLogGroups')).toMatchObject({
      Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
      Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': 'arn:aws:logs:eu-west-2:222222222222:log-group:*' } },
    });
    expect(bySid('CloudWatchAlarmsPublishToEncryptedTopic')).toMatchObject({
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    });
    // Every service statement is scoped; nothing names another account.
    expect(JSON.stringify(statements)).not.toMatch(/111111111111/);
  });

  it('delivers to a versioned, private, KMS-encrypted, access-logged bucket that is archived after 90 days and kept 7 years', () => {
    const [bucketId, bucket] = resourcesOf(foundation, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)!;
    expect(only(foundation, 'AWS::CloudTrail::Trail')[1].Properties.S3BucketName).toEqual({ Ref: bucketId });
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms' } }] },
      LoggingConfiguration: { LogFilePrefix: 'trail-bucket/' },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual([expect.objectContaining({
      Status: 'Enabled',
      Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: 90 }],
      ExpirationInDays: 2557,
      NoncurrentVersionExpiration: { NoncurrentDays: 2557 },
    })]);
  });

  it('locks each log file for as long as it is kept, in governance mode (Object Lock, CT.S3.PR.9)', () => {
    const [, bucket] = resourcesOf(foundation, 'AWS::S3::Bucket').find(([, b]) => b.Properties.LoggingConfiguration)!;
    expect(bucket.Properties).toMatchObject({
      ObjectLockEnabled: true,
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 2557 } } },
    });
  });
});

/**
 * Just enough of IAM's policy evaluation to ask "does the trail bucket policy deny this put?":
 * the Deny statements' principals, actions and conditions (every statement covers the bucket's objects).
 */
interface PutRequest {
  readonly principal: { readonly service?: string; readonly arn?: string };
  readonly action: string;
  readonly context: Readonly<Record<string, string>>;
}
function conditionHolds(operator: string, key: string, expected: string | string[], context: Readonly<Record<string, string>>): boolean {
  const values = [expected].flat();
  const actual = context[key];
  const base = operator.replace(/IfExists$/, '');
  if (actual === undefined && operator.endsWith('IfExists')) return true;
  switch (base) {
    case 'Null': return (actual === undefined) === (values[0] === 'true');
    case 'Bool':
    case 'StringEquals': return actual !== undefined && values.includes(actual);
    case 'StringNotEquals': return actual === undefined || !values.includes(actual);
    default: throw new Error(`no evaluator for ${operator}`);
  }
}
function deniedBy(statements: PolicyStatement[], request: PutRequest): string[] {
  return statements.filter((s) => s.Effect === 'Deny')
    .filter((s) => (s.Principal.AWS === '*') || (s.Principal.Service !== undefined && s.Principal.Service === request.principal.service))
    .filter((s) => actions(s).some((a) => a === request.action || a === 's3:*'))
    .filter((s) => Object.entries(s.Condition ?? {}).every(([operator, keys]) =>
      Object.entries(keys).every(([key, expected]) => conditionHolds(operator, key, expected, request.context))))
    .map((s) => s.Sid ?? 'DenyInsecureTransport');
}

describe('the trail bucket policy', () => {
  const [, policy] = resourcesOf(foundation, 'AWS::S3::BucketPolicy').find(([, p]) => JSON.stringify(p).includes('DenyUnencryptedPuts'))!;
  const statements = policy.Properties.PolicyDocument.Statement as PolicyStatement[];
  const thisTrail = 'arn:aws:cloudtrail:eu-west-2:222222222222:trail/purchase-direct-audit';
  const cloudTrail = (context: Record<string, string>): PutRequest => ({
    principal: { service: 'cloudtrail.amazonaws.com' },
    action: 's3:PutObject',
    context: { 'aws:SecureTransport': 'true', 'aws:SourceArn': thisTrail, 'aws:PrincipalServiceName': 'cloudtrail.amazonaws.com', 's3:x-amz-acl': 'bucket-owner-full-control', ...context },
  });
  const person = (context: Record<string, string>): PutRequest => ({
    principal: { arn: 'arn:aws:iam::222222222222:role/admin' },
    action: 's3:PutObject',
    context: { 'aws:SecureTransport': 'true', 'aws:PrincipalArn': 'arn:aws:iam::222222222222:role/admin', ...context },
  });

  it('denies every request without TLS', () => {
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
    expect(deniedBy(statements, person({ 'aws:SecureTransport': 'false', 's3:x-amz-server-side-encryption': 'aws:kms' }))).toEqual(['DenyInsecureTransport']);
  });

  it('denies puts that do not ask for server-side encryption, or ask for something else than SSE-KMS or SSE-S3', () => {
    expect(deniedBy(statements, person({}))).toEqual(['DenyUnencryptedPuts']);
    expect(deniedBy(statements, person({ 's3:x-amz-server-side-encryption': 'aws:kms:dsse' }))).toEqual(['DenyPutsWithOtherEncryption']);
    expect(deniedBy(statements, person({ 's3:x-amz-server-side-encryption': 'aws:kms' }))).toEqual([]);
  });

  it('still lets CloudTrail write its SSE-KMS log files and its SSE-S3 digest files, and no other trail write at all', () => {
    expect(deniedBy(statements, cloudTrail({ 's3:x-amz-server-side-encryption': 'aws:kms' }))).toEqual([]);
    expect(deniedBy(statements, cloudTrail({ 's3:x-amz-server-side-encryption': 'AES256' }))).toEqual([]);
    expect(deniedBy(statements, cloudTrail({}))).toEqual([]);
    expect(deniedBy(statements, cloudTrail({ 'aws:SourceArn': 'arn:aws:cloudtrail:eu-west-2:999999999999:trail/theirs', 's3:x-amz-server-side-encryption': 'aws:kms' })))
      .toEqual(['DenyOtherTrails']);
    // The Trail construct's own allow, which CloudTrail's acl header satisfies.
    expect(statements).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'cloudtrail.amazonaws.com' }, Action: 's3:PutObject',
      Condition: { StringEquals: { 's3:x-amz-acl': 'bucket-owner-full-control' } },
    }));
  });
});

/**
 * The inventory: every CIS alarm, its metric and its exact filter pattern. A change here is a
 * deliberate change to the account's audit (Security Hub fails a control whose pattern differs).
 */
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
