import * as ce from 'aws-cdk-lib/aws-ce';
import { Construct } from 'constructs';

/**
 * When an anomaly is worth an e-mail: its total impact is at least 20 % above the expected spend
 * AND at least $50. Both, because each alone is noise: a service going from $2 to $6 a day is +200 %
 * and irrelevant; a $40 wobble on prod's ~$270 a day is real money but normal variance. $50 is about
 * one day of the reference dev budget ($1500 a month); every anomaly, alerted or not, stays visible
 * in the console (Cost Anomaly Detection) and the GetAnomalies API.
 */
export const COST_ANOMALY_THRESHOLD = { impactPercent: 20, impactUsd: 50 } as const;

/** The subscription's ThresholdExpression, in the Cost Explorer `Expression` JSON shape. */
export function costAnomalyThresholdExpression(threshold = COST_ANOMALY_THRESHOLD): string {
  const atLeast = (key: string, value: number) => ({
    Dimensions: { Key: key, MatchOptions: ['GREATER_THAN_OR_EQUAL'], Values: [String(value)] },
  });
  return JSON.stringify({
    And: [
      atLeast('ANOMALY_TOTAL_IMPACT_PERCENTAGE', threshold.impactPercent),
      atLeast('ANOMALY_TOTAL_IMPACT_ABSOLUTE', threshold.impactUsd),
    ],
  });
}

export interface CostAnomalyDetectionProps {
  readonly project: string;
  readonly alertEmail: string;
}

/**
 * AWS Cost Anomaly Detection for one account: an AWS managed monitor that evaluates every AWS
 * service separately (DIMENSIONAL, SERVICE) and a daily e-mail digest of the anomalies over the
 * threshold. AWS allows ONE such "AWS services" monitor per account (and creates a default one in
 * some new accounts): if the account already has one, this stack fails to create; delete the
 * existing services monitor (Billing and Cost Management > Cost Anomaly Detection > Cost monitors)
 * or remove this stack for that account.
 */
export class CostAnomalyDetection extends Construct {
  public readonly monitor: ce.CfnAnomalyMonitor;
  public readonly subscription: ce.CfnAnomalySubscription;

  constructor(scope: Construct, id: string, props: CostAnomalyDetectionProps) {
    super(scope, id);
    this.monitor = new ce.CfnAnomalyMonitor(this, 'ServicesMonitor', {
      monitorName: `${props.project}-services`,
      monitorType: 'DIMENSIONAL',
      monitorDimension: 'SERVICE',
    });
    this.subscription = new ce.CfnAnomalySubscription(this, 'DailyDigest', {
      subscriptionName: `${props.project}-daily-cost-anomalies`,
      monitorArnList: [this.monitor.attrMonitorArn],
      // DAILY and WEEKLY deliver by e-mail; only IMMEDIATE goes through SNS.
      frequency: 'DAILY',
      subscribers: [{ type: 'EMAIL', address: props.alertEmail }],
      thresholdExpression: costAnomalyThresholdExpression(),
    });
  }
}
