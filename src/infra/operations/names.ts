/**
 * Names that stacks use to find each other's operational resources without a CloudFormation
 * reference (which would tie their deploy order together or cross regions): a contract.
 */

/** The SNS topic of an environment's alarms (in its network stack), e-mailing `alertEmail`. */
export function alarmTopicName(project: string, environment: string): string {
  return `${project}-${environment}-alarms`;
}

/** The AWS Backup vault in the DR region that receives copies of every recovery point. */
export function drVaultName(project: string): string {
  return `${project}-dr`;
}

export function drVaultArn(project: string, account: string, drRegion: string): string {
  return `arn:aws:backup:${drRegion}:${account}:backup-vault:${drVaultName(project)}`;
}

/** The SNS topic of an account's audit alarms (CIS alarms, in its foundation stack), e-mailing `alertEmail`. */
export function accountAlarmTopicName(project: string): string {
  return `${project}-account-alarms`;
}
