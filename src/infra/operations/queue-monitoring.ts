import { Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { MonitoringFacade } from 'cdk-monitoring-constructs';
import { Construct } from 'constructs';
import type { QueuePlan } from '../../manifest/plan';
import { alarmDescription, QUEUE_ALARMS, queueOldestMessageAgeThresholdSeconds } from './alarm-thresholds';

function hours(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600} hours` : `${Math.round(seconds / 360) / 10} hours`;
}

/**
 * A queue and its dead-letter queue on the environment dashboard (the library's SQS segment with
 * DLQ: visible messages, age of the oldest, incoming and consumed), with two alarms named
 * `<stack>-queue-<name>-oldest-message-age` and `<stack>-queue-<name>-dlq-messages` (QUEUE_ALARMS).
 * The queues are found by their planned names (the data stack names them), so this stack takes
 * no reference from the data stack.
 */
export function monitorQueue(scope: Construct, facade: MonitoringFacade, queue: QueuePlan): void {
  const stack = Stack.of(scope);
  const { oldestMessageAge, deadLetterMessages } = QUEUE_ALARMS;
  const ageSeconds = queueOldestMessageAgeThresholdSeconds(queue.retentionDays);
  const find = (id: string, name: string) => sqs.Queue.fromQueueArn(scope, `${id}-${queue.name}`, stack.formatArn({ service: 'sqs', resource: name }));
  const alarmName = (what: string) => `${stack.stackName}-queue-${queue.name}-${what}`;
  facade.monitorSqsQueueWithDlq({
    queue: find('Queue', queue.queueName),
    deadLetterQueue: find('DeadLetterQueue', queue.deadLetterQueueName),
    humanReadableName: `Queue ${queue.name}${queue.fifo ? ' (FIFO)' : ''}: ${queue.retentionDays}-day retention, dead letter after ${queue.maxReceiveCount} deliveries`,
    alarmFriendlyName: `queue-${queue.name}`,
    addQueueMaxMessageAgeAlarm: {
      Critical: {
        maxAgeInSeconds: ageSeconds,
        alarmNameOverride: alarmName('oldest-message-age'),
        alarmDescriptionOverride: alarmDescription(
          oldestMessageAge.severity,
          `Queue ${queue.name}: the oldest message has waited more than ${hours(ageSeconds)} (a quarter of the queue's ${queue.retentionDays}-day retention) `
            + `for ${oldestMessageAge.period.toMinutes() * oldestMessageAge.periods} minutes. Consumers are stopped or far behind; SQS deletes messages unprocessed at ${queue.retentionDays} days.`,
          'check the consuming services are running and not failing (their logs and tasks on the dashboard); scale them out, or fix what blocks them.',
        ),
        period: oldestMessageAge.period,
        datapointsToAlarm: oldestMessageAge.periods,
        evaluationPeriods: oldestMessageAge.periods,
        // SQS stops publishing for a queue idle for hours: an idle queue has no old message.
        treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    },
    addDeadLetterQueueMaxSizeAlarm: {
      Warning: {
        maxMessageCount: deadLetterMessages.maxMessageCount,
        alarmNameOverride: alarmName('dlq-messages'),
        alarmDescriptionOverride: alarmDescription(
          deadLetterMessages.severity,
          `Queue ${queue.name}: messages are in its dead-letter queue ${queue.deadLetterQueueName}: each failed ${queue.maxReceiveCount} deliveries. It keeps them ${queue.deadLetterRetentionDays} days.`,
          'read a message and the consumer\'s logs to find why it fails; fix the consumer, then redrive the messages to the queue (SQS console: Start DLQ redrive) or delete them.',
        ),
        period: deadLetterMessages.period,
        datapointsToAlarm: deadLetterMessages.periods,
        evaluationPeriods: deadLetterMessages.periods,
        treatMissingDataOverride: cloudwatch.TreatMissingData.NOT_BREACHING,
      },
    },
  });
}
