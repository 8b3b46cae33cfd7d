import { CfnOutput, Duration, RemovalPolicy, Stack, StackProps } from 'aws-cdk-lib';
import * as backup from 'aws-cdk-lib/aws-backup';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { bootstrapRoleArn } from '../delivery/bootstrap-roles';
import { drVaultName } from '../operations/names';
import type { AccountPlan } from './account-plan';

export interface DrVaultStackProps extends StackProps {
  readonly plan: AccountPlan;
  /** Vault Lock (governance mode): a resilient environment copies here. */
  readonly locked: boolean;
}

/** `<project>-dr-vault`: a contract, one per account and region that receives copies. */
export function drVaultStackName(project: string): string {
  return `${project}-dr-vault`;
}

/**
 * Vault Lock of the DR vault of an account that hosts a resilient environment: every copy job into
 * it must keep its recovery point between these bounds, or the job FAILS. Backup rules that copy
 * here must use a retention inside them (data stacks: 35-day copies fit).
 */
export const DR_VAULT_LOCK = { minRetention: Duration.days(7), maxRetention: Duration.days(400) } as const;

/** What only a CloudFormation deploy (the bootstrap execution role) may do to the vault and its key. */
export const DR_VAULT_ADMIN_ACTIONS = [
  'backup:PutBackupVaultAccessPolicy',
  'backup:DeleteBackupVaultAccessPolicy',
  'backup:PutBackupVaultLockConfiguration',
  'backup:DeleteBackupVaultLockConfiguration',
] as const;
export const DR_KEY_ADMIN_ACTIONS = ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy'] as const;

/**
 * `<project>-dr-vault`, one per AWS account that hosts an environment and region its environments copy
 * to (the manifest's drRegion; the primary region too for a DR environment's fail-back copies):
 * the AWS Backup vault `drVaultName(project)` that the data stacks' backup rules copy every recovery
 * point into (they address it by name, `drVaultArn(...)`, never by a CloudFormation reference).
 *
 * Copies come from the same account (another region), so the vault needs no Allow for them: an
 * access policy is only required for copies from another account (`backup:CopyIntoBackupVault`
 * for that account). The policy below only denies, and never CopyIntoBackupVault.
 *
 * Ransomware resistance (someone holding admin credentials of the account wants the backups gone):
 * - nobody, root included, may delete a recovery point or shorten its lifecycle (AWS Backup still
 *   expires points when their retention ends);
 * - only CloudFormation, through the CDK bootstrap execution role of this account and region, may
 *   change or remove the vault's access policy or its lock, or disable, delete or re-policy its key.
 *   So every weakening is a reviewed change to this code, deployed like any other.
 *   To remove the protection on purpose: delete the statement here and deploy this stack
 *   (`npx cdk deploy DrVault-<account>-<region>`); its execution role is allowed to replace the policy.
 *   If the stack is gone, a CloudFormation stack that imports the vault with the same role can.
 * - vaults that receive copies from a resilient environment add Vault Lock in GOVERNANCE mode (no `changeableFor`): copies must keep 7 to
 *   400 days. Governance mode can be removed, by principals allowed
 *   `backup:DeleteBackupVaultLockConfiguration` (here: only the execution role). COMPLIANCE mode
 *   (`changeableFor`, at least 72 hours) would become immutable after the cooling-off period: not even
 *   AWS Support can lift it or delete the vault before every point expires, and a wrong maximum would
 *   fail copies for good. That trade is the business's to make, not a default.
 */
export class DrVaultStack extends Stack {
  public readonly key: kms.Key;
  public readonly vault: backup.BackupVault;

  constructor(scope: Construct, id: string, props: DrVaultStackProps) {
    super(scope, id, props);
    const { plan } = props;
    const deployRole = bootstrapRoleArn('cfn-exec', this.account, this.region);
    const exceptCloudFormation = { ArnNotEquals: { 'aws:PrincipalArn': deployRole } };

    this.key = new kms.Key(this, 'Key', {
      alias: `alias/${plan.project}-dr-vault`,
      description: `Portside ${plan.project}: encrypts the DR backup vault ${drVaultName(plan.project)}`,
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // As the AWS managed aws/backup key does: principals of this account may use the key through AWS
    // Backup (and RDS, which performs Aurora snapshot copies for it), so copy jobs need no key grant
    // in the data stacks, which are in another region and cannot reference this key.
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'BackupCopiesOfThisAccount',
      principals: [new iam.AnyPrincipal()],
      actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:CreateGrant', 'kms:DescribeKey'],
      resources: ['*'],
      conditions: {
        StringEquals: {
          'kms:CallerAccount': this.account,
          'kms:ViaService': [`backup.${this.region}.amazonaws.com`, `rds.${this.region}.amazonaws.com`],
        },
      },
    }));
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'OnlyCloudFormationDisablesDeletesOrRepoliciesTheKey',
      effect: iam.Effect.DENY,
      principals: [new iam.AnyPrincipal()],
      actions: [...DR_KEY_ADMIN_ACTIONS],
      resources: ['*'],
      conditions: exceptCloudFormation,
    }));

    const accessPolicy = new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'NobodyDeletesOrShortensRecoveryPoints',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'OnlyCloudFormationChangesThisPolicyOrTheLock',
          effect: iam.Effect.DENY,
          principals: [new iam.AnyPrincipal()],
          actions: [...DR_VAULT_ADMIN_ACTIONS],
          resources: ['*'],
          conditions: exceptCloudFormation,
        }),
      ],
    });

    this.vault = new backup.BackupVault(this, 'Vault', {
      backupVaultName: drVaultName(plan.project),
      encryptionKey: this.key,
      accessPolicy,
      lockConfiguration: props.locked ? { ...DR_VAULT_LOCK } : undefined,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    new CfnOutput(this, 'DrVaultArn', { value: this.vault.backupVaultArn, description: 'Backup rules of this account copy recovery points here' });
  }
}
