import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { drVaultArn } from '../../src/infra/operations/names';
import { DR_VAULT_LOCK } from '../../src/infra/stacks/dr-vault-stack';
import { referenceWithDr } from '../support/dr';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

/**
 * Backup and disaster recovery (issue 4): every environment's Aurora clusters and EFS volumes are
 * backed up by AWS Backup in their own stack, and every recovery point is copied to the DR vault.
 */

type Resources = Record<string, { Type: string; Properties: Record<string, any>; DeletionPolicy?: string }>; // eslint-disable-line @typescript-eslint/no-explicit-any

function resourcesOf(template: Template, type: string): Resources {
  return template.findResources(type) as Resources;
}

function onlyOne(template: Template, type: string) {
  const found = Object.values(resourcesOf(template, type));
  expect(found, type).toHaveLength(1);
  return found[0]!;
}

function rulesOf(template: Template): { RuleName: string; ScheduleExpression: string; Lifecycle: Record<string, number>; CopyActions: { DestinationBackupVaultArn: string; Lifecycle: Record<string, number> }[] }[] {
  return onlyOne(template, 'AWS::Backup::BackupPlan').Properties.BackupPlan.BackupPlanRule;
}

let platform: SynthesizedPlatform;
let withDr: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
  withDr = synthesize(planFromYaml(referenceWithDr()));
});

const data = (env: string) => platform.template(`purchase-direct-${env}-data`);

describe('the backup vault of an environment', () => {
  it('is named <project>-<env>-backups and encrypted with the data stack\'s key', () => {
    for (const env of ['dev', 'prod']) {
      const vault = onlyOne(data(env), 'AWS::Backup::BackupVault');
      expect(vault.Properties.BackupVaultName).toBe(`purchase-direct-${env}-backups`);
      expect(vault.Properties.EncryptionKeyArn).toEqual({ 'Fn::GetAtt': [Object.keys(resourcesOf(data(env), 'AWS::KMS::Key'))[0], 'Arn'] });
    }
  });

  it('is retained with its recovery points in resilient environments, and removed with an economy stack', () => {
    expect(onlyOne(data('prod'), 'AWS::Backup::BackupVault').DeletionPolicy).toBe('Retain');
    expect(onlyOne(data('dev'), 'AWS::Backup::BackupVault').DeletionPolicy).toBe('Delete');
  });

  it('is not created for an environment with no database and no volume', () => {
    const minimal = synthesize(planFromYaml(MINIMAL_MANIFEST));
    minimal.template('solo-dev-data').resourceCountIs('AWS::Backup::BackupVault', 0);
    minimal.template('solo-dev-data').resourceCountIs('AWS::Backup::BackupPlan', 0);
  });
});

describe('the backup plan of an environment', () => {
  it('keeps economy environments a daily point for 7 days', () => {
    expect(rulesOf(data('dev')).map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle])).toEqual([
      ['daily', 'cron(0 5 * * ? *)', { DeleteAfterDays: 7 }],
    ]);
  });

  it('keeps resilient environments daily points 35 days, weekly ones 13 weeks, monthly ones a year', () => {
    expect(rulesOf(data('prod')).map((r) => [r.RuleName, r.ScheduleExpression, r.Lifecycle])).toEqual([
      ['daily', 'cron(0 5 * * ? *)', { DeleteAfterDays: 35 }],
      ['weekly', 'cron(0 5 ? * SUN *)', { DeleteAfterDays: 91 }],
      ['monthly', 'cron(0 5 1 * ? *)', { DeleteAfterDays: 365 }],
    ]);
  });

  it('copies every recovery point to the DR vault in drRegion and keeps the copy as long, never in cold storage', () => {
    for (const [env, account] of [['dev', '111111111111'], ['prod', '222222222222']] as const) {
      for (const rule of rulesOf(data(env))) {
        expect(rule.CopyActions, `${env} ${rule.RuleName}`).toEqual([
          { DestinationBackupVaultArn: drVaultArn('purchase-direct', account, 'eu-west-1'), Lifecycle: { DeleteAfterDays: rule.Lifecycle.DeleteAfterDays } },
        ]);
        expect(rule.CopyActions[0]!.DestinationBackupVaultArn).toBe(`arn:aws:backup:eu-west-1:${account}:backup-vault:purchase-direct-dr`);
        expect(rule.Lifecycle).not.toHaveProperty('MoveToColdStorageAfterDays');
      }
    }
  });

  it('keeps every copy within the DR vault\'s Vault Lock bounds, which would otherwise fail the copy job', () => {
    for (const env of ['dev', 'prod']) {
      for (const rule of rulesOf(data(env))) {
        const days = rule.CopyActions[0]!.Lifecycle.DeleteAfterDays!;
        expect(days, `${env} ${rule.RuleName}`).toBeGreaterThanOrEqual(DR_VAULT_LOCK.minRetention.toDays());
        expect(days, `${env} ${rule.RuleName}`).toBeLessThanOrEqual(DR_VAULT_LOCK.maxRetention.toDays());
      }
    }
  });

  it('copies a DR environment\'s recovery points back to the primary region, for fail-back', () => {
    const rules = rulesOf(withDr.template('purchase-direct-dr-data'));
    expect(rules.map((r) => r.RuleName)).toEqual(['daily', 'weekly', 'monthly']);
    for (const rule of rules) {
      expect(rule.CopyActions.map((copy) => copy.DestinationBackupVaultArn)).toEqual(['arn:aws:backup:eu-west-2:222222222222:backup-vault:purchase-direct-dr']);
    }
    expect(rulesOf(withDr.template('purchase-direct-prod-data'))[0]!.CopyActions[0]!.DestinationBackupVaultArn).toContain(':eu-west-1:');
  });

  it('has a DR vault stack wherever a backup rule copies to, locked exactly where a resilient environment copies', () => {
    for (const plan of [referencePlan(), planFromYaml(referenceWithDr())]) {
      const { stages, drVaults } = buildApp(plan, { compliance: false });
      const vaults = new Map(drVaults.map((stack) => [drVaultArn('purchase-direct', stack.account, stack.region), stack]));
      for (const stage of stages) {
        const resilient = plan.environments.find((e) => e.name === stage.stageName)!.profile === 'resilient';
        for (const rule of rulesOf(Template.fromStack(stage.data))) {
          const target = vaults.get(rule.CopyActions[0]!.DestinationBackupVaultArn);
          expect(target, `${stage.stageName} ${rule.RuleName}`).toBeDefined();
          const [vault] = Object.values(Template.fromStack(target!).findResources('AWS::Backup::BackupVault'));
          expect(vault!.Properties.LockConfiguration !== undefined, `${stage.stageName} -> ${target!.node.id}`).toBe(resilient);
        }
      }
      if (plan.environments.length === 3) {
        expect(drVaults.map((s) => s.node.id)).toEqual([
          'DrVault-111111111111-eu-west-1', 'DrVault-222222222222-eu-west-1', 'DrVault-222222222222-eu-west-2',
        ]);
      }
    }
  });

  it('starts outside the Aurora clusters\' backup and maintenance windows', () => {
    const cluster = Object.values(resourcesOf(data('prod'), 'AWS::RDS::DBCluster'))[0]!.Properties;
    // '02:00-03:00' and 'sun:03:30-sun:04:30': the hour is the two digits before the last ':mm'.
    const hourOf = (time: string) => Number(time.slice(-5, -3));
    const [backupStart, backupEnd] = (cluster.PreferredBackupWindow as string).split('-') as [string, string];
    const [maintenanceStart, maintenanceEnd] = (cluster.PreferredMaintenanceWindow as string).split('-') as [string, string];
    for (const rule of rulesOf(data('prod'))) {
      const hour = Number(rule.ScheduleExpression.split(' ')[1]);
      for (const [start, end] of [[backupStart, backupEnd], [maintenanceStart, maintenanceEnd]] as const) {
        expect(hour < hourOf(start) || hour > hourOf(end), `${rule.RuleName} at ${hour}:00 vs ${start}-${end}`).toBe(true);
      }
    }
  });
});

describe('the backup selection of an environment', () => {
  it('covers every Aurora cluster, EFS file system and S3 bucket of the data stack, and nothing else', () => {
    for (const template of [data('dev'), data('prod'), withDr.template('purchase-direct-dr-data')]) {
      const selection = onlyOne(template, 'AWS::Backup::BackupSelection').Properties.BackupSelection;
      const selected = JSON.stringify(selection.Resources);
      const expected = [...Object.keys(resourcesOf(template, 'AWS::RDS::DBCluster')), ...Object.keys(resourcesOf(template, 'AWS::EFS::FileSystem'))];
      const buckets = Object.keys(resourcesOf(template, 'AWS::S3::Bucket'));
      expect(expected).toHaveLength(3);
      expect(buckets).toHaveLength(1);
      expect(selection.Resources).toHaveLength(expected.length + buckets.length);
      for (const id of expected) expect(selected).toContain(`{"Ref":"${id}"}`);
      for (const id of buckets) expect(selected).toContain(`{"Fn::GetAtt":["${id}","Arn"]}`);
      expect(selected).toContain(':rds:');
      expect(selected).toContain(':elasticfilesystem:');
    }
  });

  it('backs S3 buckets up only versioned, and gives the role AWS Backup\'s S3 policies only when there are buckets', () => {
    for (const bucket of Object.values(resourcesOf(data('prod'), 'AWS::S3::Bucket'))) {
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    }
    const s3Policies = (template: Template) => JSON.stringify(Object.values(resourcesOf(template, 'AWS::IAM::Role'))
      .find((role) => role.Properties.RoleName?.endsWith('-backup'))!.Properties.ManagedPolicyArns).match(/AWSBackupServiceRolePolicyForS3\w+/g);
    expect(s3Policies(data('prod'))).toEqual(['AWSBackupServiceRolePolicyForS3Backup', 'AWSBackupServiceRolePolicyForS3Restore']);
    const withoutBuckets = buildApp(planFromYaml(MINIMAL_MANIFEST.replace('services:', 'fileSystems:\n  shared: {}\nservices:')), { compliance: false });
    expect(s3Policies(Template.fromStack(withoutBuckets.stages[0]!.data))).toBeNull();
  });

  it('backs up with a named role holding AWS Backup\'s backup and restore policies', () => {
    const template = data('prod');
    const [roleId] = Object.entries(resourcesOf(template, 'AWS::IAM::Role')).find(([, role]) => role.Properties.RoleName === 'purchase-direct-prod-backup')!;
    template.hasResourceProperties('AWS::Backup::BackupSelection', { BackupSelection: { IamRoleArn: { 'Fn::GetAtt': [roleId, 'Arn'] } } });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'purchase-direct-prod-backup',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'backup.amazonaws.com' } })] },
      ManagedPolicyArns: [
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/service-role/AWSBackupServiceRolePolicyForRestores']] },
        // The reference environments have a bucket: AWS Backup's S3 policies (see the test above).
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Backup']] },
        { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AWSBackupServiceRolePolicyForS3Restore']] },
      ],
    });
  });

  it('lets the backup role use the data key (the vault\'s and the sources\' key), and create grants only for AWS services', () => {
    const key = onlyOne(data('prod'), 'AWS::KMS::Key');
    const statements = key.Properties.KeyPolicy.Statement as { Sid?: string; Action: string | string[]; Condition?: unknown }[];
    const use = statements.find((s) => s.Sid === 'AwsBackupUseOfKey')!;
    expect(use.Action).toEqual(expect.arrayContaining(['kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:ReEncryptFrom', 'kms:ReEncryptTo', 'kms:DescribeKey']));
    expect(statements.find((s) => s.Sid === 'AwsBackupGrantsForAwsServices')).toMatchObject({
      Action: 'kms:CreateGrant',
      Condition: { Bool: { 'kms:GrantIsForAWSResource': 'true' } },
    });
  });

  it('leaves EFS automatic backups off, so a volume is backed up by this plan only', () => {
    for (const env of ['dev', 'prod']) {
      data(env).hasResourceProperties('AWS::EFS::FileSystem', { BackupPolicy: { Status: 'DISABLED' } });
    }
  });
});
