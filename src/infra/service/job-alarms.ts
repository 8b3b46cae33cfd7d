import { Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';
import type { JobWorkloadPlan, ServicePlan } from '../../manifest/plan';
import { alarmDescription } from '../operations/alarm-thresholds';
import { alarmTopicArn } from '../operations/environment-alarm-topic';

/** Both job alarms: any one bad run, or any one run the schedule could not start, in a 5-minute period. */
export const JOB_ALARMS = { period: Duration.minutes(5), threshold: 1 } as const;

export interface JobAlarmsProps {
  readonly project: string;
  readonly environment: string;
  readonly service: ServicePlan;
  readonly job: JobWorkloadPlan;
  readonly stateMachine: sfn.StateMachine;
  /** The job's own schedule group: AWS/Scheduler metrics are per group. */
  readonly scheduleGroup: scheduler.ScheduleGroup;
}

export interface JobAlarms {
  readonly failed: cloudwatch.Alarm;
  readonly notStarted: cloudwatch.Alarm;
}

/**
 * `<stack>-job-failed` (a run failed, timed out or was aborted after its retries) and
 * `<stack>-job-not-started` (Scheduler dropped a run after its retries, or Step Functions throttled it), both
 * to the environment topic on ALARM and OK. A period without runs is not breaching.
 */
export function addJobAlarms(scope: Construct, props: JobAlarmsProps): JobAlarms {
  const stackName = Stack.of(scope).stackName;
  const { period, threshold } = JOB_ALARMS;
  const { service, job } = props;
  const runs = (metricName: string) => props.stateMachine.metric(metricName, { statistic: cloudwatch.Stats.SUM, period });
  const topic = sns.Topic.fromTopicArn(scope, 'AlarmTopic', alarmTopicArn(scope, props.project, props.environment));
  const common = {
    threshold,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
  const failed = new cloudwatch.Alarm(scope, 'JobFailedAlarm', {
    ...common,
    alarmName: `${stackName}-job-failed`,
    alarmDescription: alarmDescription('critical',
      `Job ${service.name}: a run failed after ${job.retries} retr${job.retries === 1 ? 'y' : 'ies'}: its task exited non-zero, could not start, `
      + `or ran past ${job.timeoutMinutes} minutes and was stopped (Step Functions ExecutionsFailed, TimedOut or Aborted). Its work for that run was not done.`,
      'open the failed execution of the job\'s state machine (its events give the task\'s stop reason and exit code), read the job\'s log group, fix, then start a run by hand (Start execution with {}) or wait for the next.'),
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0)',
      usingMetrics: { failed: runs('ExecutionsFailed'), timedOut: runs('ExecutionsTimedOut'), aborted: runs('ExecutionsAborted') },
      label: 'runs that did not succeed',
      period,
    }),
  });
  const notStarted = new cloudwatch.Alarm(scope, 'JobNotStartedAlarm', {
    ...common,
    alarmName: `${stackName}-job-not-started`,
    alarmDescription: alarmDescription('critical',
      `Job ${service.name}: its schedule (${job.schedule} ${job.timezone}) could not start a run: Scheduler dropped the invocation after its retries `
      + '(InvocationDroppedCount of the job\'s schedule group), or Step Functions throttled the start. A scheduled run did not happen.',
      'check the schedule and its role in the EventBridge Scheduler console and that the job\'s state machine exists (redeploy the job\'s stack if not); then start a run by hand.'),
    metric: new cloudwatch.MathExpression({
      // Dropped counts an invocation only once Scheduler's retries are spent (a retried error that then succeeds is no alarm).
      expression: 'FILL(dropped, 0) + FILL(startThrottled, 0)',
      usingMetrics: {
        dropped: props.scheduleGroup.metricDropped({ statistic: cloudwatch.Stats.SUM, period }),
        startThrottled: runs('ExecutionThrottled'),
      },
      label: 'runs the schedule could not start',
      period,
    }),
  });
  for (const alarm of [failed, notStarted]) {
    alarm.addAlarmAction(new actions.SnsAction(topic));
    alarm.addOkAction(new actions.SnsAction(topic));
  }
  return { failed, notStarted };
}
