import type * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as rds from 'aws-cdk-lib/aws-rds';
import { Construct } from 'constructs';
import type { DeployTargetPlan } from '../../manifest/plan';

/** `<project>-<env>-deploy-wake`: a contract with the pipelines' deploy steps, which assume it by name. */
export function deployWakeRoleName(project: string, environment: string): string {
  return `${project}-${environment}-deploy-wake`;
}

export function deployWakeRoleArn(project: string, environment: string, account: string): string {
  return `arn:aws:iam::${account}:role/${deployWakeRoleName(project, environment)}`;
}

/** The WAKE_* variables of a deploy into a sleeping environment (none for one awake around the clock). */
export function wakeVariables(project: string, target: DeployTargetPlan): Record<string, codebuild.BuildEnvironmentVariable> {
  return target.wakeBeforeDeploy.length === 0 ? {} : {
    WAKE_CLUSTERS: { value: target.wakeBeforeDeploy.join(' ') },
    WAKE_ROLE_ARN: { value: deployWakeRoleArn(project, target.environment, target.account) },
    WAKE_REGION: { value: target.region },
  };
}

export interface DeployWakeRoleProps {
  readonly project: string;
  readonly environment: string;
  /** The delivery account, whose deploy projects start the clusters before they deploy. */
  readonly deliveryAccount: string;
  readonly clusters: readonly rds.IDatabaseCluster[];
}

/**
 * What lets a pipeline deploy into a sleeping environment: the platform and image deploy steps (in
 * the delivery account) assume this role to start the environment's stopped Aurora clusters and
 * wait for them before CloudFormation touches them (it cannot modify a stopped cluster, and a new
 * database user or a first image needs one running). Allowed only to describe and start those
 * clusters; the evening's stop puts them back to sleep.
 */
export class DeployWakeRole extends Construct {
  public readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: DeployWakeRoleProps) {
    super(scope, id);
    this.role = new iam.Role(this, 'Role', {
      roleName: deployWakeRoleName(props.project, props.environment),
      description: `Lets the ${props.project} pipelines start ${props.environment}'s stopped Aurora clusters before they deploy`,
      assumedBy: new iam.AccountPrincipal(props.deliveryAccount),
    });
    this.role.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ['rds:DescribeDBClusters', 'rds:StartDBCluster'],
      resources: props.clusters.map((cluster) => cluster.clusterArn),
    }));
  }
}
