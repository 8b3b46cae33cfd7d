import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack, Stage } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { accountPlans } from '../../src/infra/stacks/account-plan';
import { violations } from '../support/invariants';
import { MINIMAL_MANIFEST, planFromYaml, REPO_ROOT } from '../support/reference';
import { accountStacks, actions, built, costAnomalies, drVaults, foundation, foundations, only, PolicyStatement, Resource, resourcesOf, templateOf } from '../support/account-stacks';

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
