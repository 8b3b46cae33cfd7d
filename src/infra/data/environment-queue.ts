import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueuePlan } from '../../manifest/plan';
import { acknowledge } from '../compliance/acknowledge';

export interface EnvironmentQueueProps {
  readonly queue: QueuePlan;
  /** The environment's data key: messages in both queues are encrypted with it (SSE-KMS). */
  readonly encryptionKey: kms.IKey;
  /** Keep both queues (and their messages) when the stack is deleted (resilient). */
  readonly retainOnDelete: boolean;
}

/**
 * One queue of the manifest's `queues` and its dead-letter queue, named from the plan (`.fifo` for
 * FIFO queues, whose dead-letter queue must be FIFO too):
 * - SSE-KMS with the environment's data key rather than SQS-managed keys: reading a message then
 *   needs the key as well as the queue permission, so each service's grant names both (and nothing
 *   else can read or send through a queue policy alone), and every use is in CloudTrail. Services
 *   reach the key through their identity policy; the key policy delegates to IAM in this account.
 *   Nothing outside the account (SNS, EventBridge) publishes to it, so no key-policy statement is added.
 * - TLS only (a queue policy denies aws:SecureTransport false) on both queues;
 * - after `maxReceiveCount` deliveries a message moves to the dead-letter queue, which keeps it
 *   14 days (SQS's maximum, longer than any queue's retention: SQS keeps a message's original
 *   enqueue time when it moves, so a shorter DLQ retention would delete it early).
 */
export class EnvironmentQueue extends Construct {
  public readonly queue: sqs.Queue;
  public readonly deadLetterQueue: sqs.Queue;
  public readonly plan: QueuePlan;

  constructor(scope: Construct, id: string, props: EnvironmentQueueProps) {
    super(scope, id);
    const { queue: plan } = props;
    this.plan = plan;
    const removalPolicy = props.retainOnDelete ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;
    const common = {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: props.encryptionKey,
      enforceSSL: true,
      fifo: plan.fifo ? true : undefined,
      removalPolicy,
    };
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      ...common,
      queueName: plan.deadLetterQueueName,
      retentionPeriod: Duration.days(plan.deadLetterRetentionDays),
    });
    acknowledge(this.deadLetterQueue, {
      id: 'CT.SQS.PR.1',
      reason: 'this is the dead-letter queue of the queue beside it: the end of the line, kept for the deadLetterRetentionDays the manifest sets and alarmed on when it holds a message',
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      ...common,
      queueName: plan.queueName,
      retentionPeriod: Duration.days(plan.retentionDays),
      visibilityTimeout: Duration.seconds(plan.visibilityTimeoutSeconds),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: plan.maxReceiveCount },
    });
  }
}
