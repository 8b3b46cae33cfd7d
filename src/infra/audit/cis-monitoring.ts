import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { CIS_ALARMS, CIS_METRIC_NAMESPACE, CisAlarm, cisAlarmName } from './cis-alarms';

export interface CisMonitoringProps {
  readonly project: string;
  /** The account trail's log group. */
  readonly logGroup: logs.ILogGroup;
  /** Where every alarm goes (the account alarm topic, which e-mails alertEmail). */
  readonly topic: sns.ITopic;
  /** @default CIS_ALARMS */
  readonly alarms?: readonly CisAlarm[];
}

/**
 * One metric filter and one alarm per CIS monitoring control, on the trail's log group.
 * Each matching event adds 1 to its metric; the alarm goes off when the 5-minute Sum reaches 1
 * (the Security Hub remediation's threshold) and notifies the topic. No event means no data, which
 * is not breaching: a quiet account stays OK rather than INSUFFICIENT_DATA.
 */
export class CisMonitoring extends Construct {
  public readonly alarms = new Map<string, cloudwatch.Alarm>();

  constructor(scope: Construct, id: string, props: CisMonitoringProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    for (const control of props.alarms ?? CIS_ALARMS) {
      const name = cisAlarmName(props.project, control);
      const filter = new logs.MetricFilter(this, `${control.name}Filter`, {
        logGroup: props.logGroup,
        filterName: name,
        filterPattern: logs.FilterPattern.literal(control.pattern),
        metricNamespace: CIS_METRIC_NAMESPACE,
        metricName: control.name,
        metricValue: '1',
      });
      const alarm = new cloudwatch.Alarm(this, `${control.name}Alarm`, {
        alarmName: name,
        alarmDescription: control.description,
        metric: filter.metric({ statistic: cloudwatch.Stats.SUM, period: Duration.minutes(5) }),
        threshold: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        evaluationPeriods: 1,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      });
      alarm.addAlarmAction(action);
      this.alarms.set(control.name, alarm);
    }
  }
}
