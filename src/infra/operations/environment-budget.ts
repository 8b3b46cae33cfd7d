import * as budgets from 'aws-cdk-lib/aws-budgets';
import { Construct } from 'constructs';
import { alarmTopicArn } from './environment-alarm-topic';

export interface EnvironmentBudgetProps {
  readonly project: string;
  readonly environment: string;
  /** The monthly limit in US dollars (`environments.<env>.budgetMonthlyUsd`). */
  readonly monthlyUsd: number;
}

/** When the budget notifies: 80 % of the limit actually spent, and 100 % forecast by month end. */
export const BUDGET_NOTIFICATIONS = [
  { notificationType: 'ACTUAL', thresholdPercent: 80 },
  { notificationType: 'FORECASTED', thresholdPercent: 100 },
] as const;

/** The budget of an environment: `<project>-<env>` (budget names are unique per account). */
export function budgetName(project: string, environment: string): string {
  return `${project}-${environment}`;
}

/**
 * A monthly AWS Budget (COST, unblended, in USD) of one environment: the costs whose cost-allocation
 * tag `environment` is the environment's name (`user:environment$<env>`). Every resource Portside
 * creates carries that tag, but AWS Budgets sees it only once the tag is activated as a cost
 * allocation tag in the Billing console (once per payer account; data from activation onwards).
 * Notifications go to the environment's alarm topic (its key and policy admit AWS Budgets), which
 * e-mails alertEmail.
 */
export class EnvironmentBudget extends Construct {
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: EnvironmentBudgetProps) {
    super(scope, id);
    const topicArn = alarmTopicArn(this, props.project, props.environment);
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: budgetName(props.project, props.environment),
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.monthlyUsd, unit: 'USD' },
        costFilters: { TagKeyValue: [`user:environment$${props.environment}`] },
      },
      notificationsWithSubscribers: BUDGET_NOTIFICATIONS.map((notification) => ({
        notification: {
          notificationType: notification.notificationType,
          comparisonOperator: 'GREATER_THAN',
          threshold: notification.thresholdPercent,
          thresholdType: 'PERCENTAGE',
        },
        subscribers: [{ subscriptionType: 'SNS', address: topicArn }],
      })),
    });
  }
}
