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

/** The KMS key of an environment's operations data (alarm topic, flow logs, service logs), in its network stack. */
export function operationsKeyAlias(project: string, environment: string): string {
  return `alias/${project}-${environment}-operations`;
}

/**
 * Root of the SSM parameters through which the service and data stacks tell the operations stack
 * what to watch (read at every deploy, so no CloudFormation export ties the stacks together).
 */
export function monitoringParameterRoot(project: string, environment: string): string {
  return `/portside/${project}/${environment}`;
}

/** What a service stack publishes for the environment dashboard. */
export function serviceParameterNames(project: string, environment: string, service: string) {
  const root = `${monitoringParameterRoot(project, environment)}/services/${service}`;
  return {
    /** `app/<name>/<id>`: the `LoadBalancer` dimension of AWS/ApplicationELB metrics. */
    loadBalancerFullName: `${root}/load-balancer-full-name`,
    /** `targetgroup/<name>/<id>`: the `TargetGroup` dimension. */
    targetGroupFullName: `${root}/target-group-full-name`,
    clusterName: `${root}/cluster-name`,
    serviceName: `${root}/service-name`,
    /** A job's state machine: the `StateMachineArn` dimension of AWS/States metrics. */
    stateMachineArn: `${root}/state-machine-arn`,
  } as const;
}

/** What the data stack publishes per Aurora cluster. */
export function databaseParameterNames(project: string, environment: string, database: string) {
  const root = `${monitoringParameterRoot(project, environment)}/databases/${database}`;
  return { clusterIdentifier: `${root}/cluster-identifier` } as const;
}

/** What the data stack publishes per EFS volume. */
export function fileSystemParameterNames(project: string, environment: string, fileSystem: string) {
  const root = `${monitoringParameterRoot(project, environment)}/file-systems/${fileSystem}`;
  return { fileSystemId: `${root}/file-system-id` } as const;
}
