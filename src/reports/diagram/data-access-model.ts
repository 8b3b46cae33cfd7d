/**
 * The buckets and queues of an environment and each service's grants on them, read from the
 * synthesized templates (never the plan's intent): the data stack's S3 buckets and SQS queues, and
 * the statements of each service stack's IAM policies that name them.
 */
import type { BucketAccess, QueueAccess } from '../../manifest/plan';
import type { CfnResource, SynthesizedStack } from '../assembly-reader';

export interface BucketView {
  /** The S3 bucket name. */
  readonly bucketName: string;
  /** Days after which objects expire; undefined when they are kept. */
  readonly expireAfterDays?: number;
}

export interface QueueView {
  readonly queueName: string;
  readonly deadLetterQueueName?: string;
  readonly fifo: boolean;
  readonly maxReceiveCount?: number;
}

export interface ServiceDataGrant {
  /** `BucketView.bucketName` or `QueueView.queueName`. */
  readonly resource: string;
  readonly access: BucketAccess | QueueAccess;
}

function props(resource: CfnResource): Record<string, unknown> {
  return resource.Properties ?? {};
}

function resources(stacks: readonly SynthesizedStack[], type: string): [string, CfnResource][] {
  return stacks.flatMap((stack) => Object.entries(stack.template.Resources).filter(([, r]) => r.Type === type));
}

/** The data stacks' buckets (other stacks' buckets hold logs, artifacts and trails). */
export function bucketViews(own: readonly SynthesizedStack[]): BucketView[] {
  return resources(own.filter((stack) => stack.stackName.endsWith('-data')), 'AWS::S3::Bucket').map(([id, bucket]) => {
    const rules = ((props(bucket).LifecycleConfiguration as { Rules?: { ExpirationInDays?: number }[] } | undefined)?.Rules ?? []);
    const expire = rules.find((rule) => typeof rule.ExpirationInDays === 'number')?.ExpirationInDays;
    const bucketName = String(props(bucket).BucketName ?? id);
    return expire === undefined ? { bucketName } : { bucketName, expireAfterDays: expire };
  });
}

/** Queues with a redrive policy, each with its dead-letter queue. */
export function queueViews(own: readonly SynthesizedStack[]): QueueView[] {
  const queues = resources(own, 'AWS::SQS::Queue');
  return queues.flatMap(([, queue]) => {
    const redrive = props(queue).RedrivePolicy as { deadLetterTargetArn?: unknown; maxReceiveCount?: number } | undefined;
    if (!redrive) return [];
    const target = JSON.stringify(redrive.deadLetterTargetArn ?? '');
    const dlq = queues.find(([id]) => target.includes(`"${id}"`))?.[1];
    return [{
      queueName: String(props(queue).QueueName),
      deadLetterQueueName: dlq ? String(props(dlq).QueueName) : undefined,
      fifo: props(queue).FifoQueue === true,
      maxReceiveCount: redrive.maxReceiveCount,
    }];
  });
}

type Statement = { Action?: string | string[]; Resource?: unknown };

/** A service stack's grants on the given buckets and queues, from the actions its policies allow on their ARNs. */
export function serviceGrants(stack: SynthesizedStack, buckets: readonly BucketView[], queues: readonly QueueView[]): { buckets: ServiceDataGrant[]; queues: ServiceDataGrant[] } {
  const statements = Object.values(stack.template.Resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy')
    .flatMap((policy) => ((props(policy).PolicyDocument as { Statement?: Statement[] } | undefined)?.Statement ?? []));
  const actionsOn = (arnPart: string) => new Set(statements
    .filter((statement) => JSON.stringify(statement.Resource ?? '').includes(arnPart))
    .flatMap((statement) => [statement.Action ?? []].flat()));
  const bucketGrants = buckets.flatMap((bucket): ServiceDataGrant[] => {
    const actions = actionsOn(`:s3:::${bucket.bucketName}`);
    const read = actions.has('s3:GetObject');
    const write = actions.has('s3:PutObject');
    return read || write ? [{ resource: bucket.bucketName, access: read && write ? 'read-write' : read ? 'read' : 'write' }] : [];
  });
  const queueGrants = queues.flatMap((queue): ServiceDataGrant[] => {
    const actions = actionsOn(`:${queue.queueName}"`);
    return [
      ...(actions.has('sqs:SendMessage') ? [{ resource: queue.queueName, access: 'send' as const }] : []),
      ...(actions.has('sqs:ReceiveMessage') ? [{ resource: queue.queueName, access: 'consume' as const }] : []),
    ];
  });
  return { buckets: bucketGrants, queues: queueGrants };
}
