import { Stack, StackProps } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import type { EnvironmentPlan, ServicePlan } from '../../manifest/plan';
import { EnvironmentBudget } from '../operations/environment-budget';
import { EnvironmentMonitoring } from '../operations/environment-monitoring';
import { AlarmSleep } from '../sleep/alarm-sleep';

export interface OperationsStackProps extends StackProps {
  readonly plan: EnvironmentPlan;
  /** The environment's VPC (typing only: the imported ECS cluster asks for one; nothing of it reaches the template). */
  readonly vpc: ec2.IVpc;
  /** The services of this part's dashboard (see `dashboardParts`). */
  readonly services: readonly ServicePlan[];
  /** 1: the environment's operations stack (databases, volumes, budget); 2…: a dashboard of further services. */
  readonly part: number;
}

/**
 * `<project>-<env>-operations`: the environment's dashboard `<project>-<env>`, its Aurora and EFS
 * alarms, and its budget (when `budgetMonthlyUsd` is set). Past SERVICES_PER_DASHBOARD services,
 * `<project>-<env>-operations-<part>` holds the dashboard of the next ones (nothing stateful: a
 * service moving between parts only moves widgets). It takes no CloudFormation reference from
 * the data or service stacks: it reads what they publish in SSM parameters (see
 * EnvironmentMonitoring), and finds the alarm topic by name. The stage makes it depend on the data
 * stack and every service stack, so it deploys after them and their parameters exist.
 */
export class OperationsStack extends Stack {
  public readonly monitoring: EnvironmentMonitoring;
  public readonly budget?: EnvironmentBudget;
  /** Turns the Aurora, EFS and queue alarms off while the environment sleeps; absent without a schedule or an alarm. */
  public readonly alarmSleep?: AlarmSleep;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    const { plan } = props;
    this.monitoring = new EnvironmentMonitoring(this, 'Monitoring', { plan, vpc: props.vpc, services: props.services, part: props.part });
    const alarms = this.monitoring.facade.createdAlarms().map((created) => created.alarm);
    if (plan.schedule && alarms.length > 0) {
      this.alarmSleep = new AlarmSleep(this, 'AlarmSleep', { schedule: plan.schedule, alarms });
    }
    if (props.part === 1 && plan.budgetMonthlyUsd !== undefined) {
      this.budget = new EnvironmentBudget(this, 'Budget', {
        project: plan.project,
        environment: plan.name,
        monthlyUsd: plan.budgetMonthlyUsd,
      });
    }
  }
}
