import { Stack, StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { CostAnomalyDetection } from '../audit/cost-anomaly';
import type { AccountPlan } from './account-plan';

export interface CostAnomalyStackProps extends StackProps {
  readonly plan: AccountPlan;
}

/** `<project>-cost-anomaly`: a contract, one per account, always in us-east-1. */
export function costAnomalyStackName(project: string): string {
  return `${project}-cost-anomaly`;
}

/** Cost Explorer is a us-east-1 service; CloudFormation has not recognized its resource types elsewhere. */
export const COST_ANOMALY_REGION = 'us-east-1';

/**
 * `<project>-cost-anomaly`, one per AWS account that hosts an environment, in us-east-1: AWS Cost
 * Anomaly Detection (a services monitor and a daily e-mail to alertEmail).
 *
 * Not in the foundation stack because CloudFormation rejects AWS::CE::AnomalyMonitor and
 * AWS::CE::AnomalySubscription outside us-east-1 ("Template format error: Unrecognized resource
 * types", reported in aws-cloudformation/cloudformation-coverage-roadmap#1375 and
 * aws-control-tower-customizations#66): in the foundation stack they would fail the whole audit
 * stack of an account whose first environment is elsewhere. The monitor covers the whole account
 * whichever region its stack is in. Deploying here needs `cdk bootstrap aws://<account>/us-east-1`.
 */
export class CostAnomalyStack extends Stack {
  public readonly detection: CostAnomalyDetection;

  constructor(scope: Construct, id: string, props: CostAnomalyStackProps) {
    super(scope, id, props);
    this.detection = new CostAnomalyDetection(this, 'CostAnomalyDetection', {
      project: props.plan.project,
      alertEmail: props.plan.alertEmail,
    });
  }
}
