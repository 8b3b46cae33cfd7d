import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { EnvironmentPlan } from '../../manifest/plan';
import { EnvironmentBudget } from '../operations/environment-budget';
import { EnvironmentMonitoring } from '../operations/environment-monitoring';

export interface OperationsStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  /** The environment's VPC (typing only: the imported ECS cluster asks for one; nothing of it reaches the template). */
  readonly vpc: ec2.IVpc;
}

/**
 * `<project>-<env>-operations`: the environment's dashboard `<project>-<env>`, its Aurora and EFS
 * alarms, and its budget (when `budgetMonthlyUsd` is set). It takes no CloudFormation reference from
 * the data or service stacks: it reads what they publish in SSM parameters (see
 * EnvironmentMonitoring), and finds the alarm topic by name. The stage makes it depend on the data
 * stack and every service stack, so it deploys after them and their parameters exist.
 */
export class OperationsStack extends Stack {
  public readonly monitoring: EnvironmentMonitoring;
  public readonly budget?: EnvironmentBudget;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { plan } = props;
    this.monitoring = new EnvironmentMonitoring(this, 'Monitoring', { plan, vpc: props.vpc });
    if (plan.budgetMonthlyUsd !== undefined) {
      this.budget = new EnvironmentBudget(this, 'Budget', {
        project: plan.project,
        environment: plan.name,
        monthlyUsd: plan.budgetMonthlyUsd,
      });
    }
  }
}
