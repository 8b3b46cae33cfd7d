import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { BucketAccess, BucketPlan, PermissionsPlan, QueueAccess, QueuePlan } from '../../manifest/plan';
import { Acknowledgement, acknowledge } from '../compliance/acknowledge';

/** What each access word allows, on the bucket's objects, on the bucket itself and on the data key. */
export const BUCKET_GRANTS: Readonly<Record<BucketAccess, { readonly objects: readonly string[]; readonly bucket: readonly string[]; readonly key: readonly string[] }>> = {
  read: { objects: ['s3:GetObject'], bucket: ['s3:ListBucket'], key: ['kms:Decrypt'] },
  // kms:Decrypt too: a multipart upload (what the SDKs use for large objects) decrypts the data key to assemble the parts.
  write: { objects: ['s3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'], bucket: [], key: ['kms:GenerateDataKey', 'kms:Decrypt'] },
  'read-write': {
    objects: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:DeleteObject'],
    bucket: ['s3:ListBucket'],
    key: ['kms:GenerateDataKey', 'kms:Decrypt'],
  },
};

/** What each access word allows on the queue and on the data key (SQS documents both key actions for producers). */
export const QUEUE_GRANTS: Readonly<Record<QueueAccess, { readonly queue: readonly string[]; readonly key: readonly string[] }>> = {
  send: { queue: ['sqs:SendMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'], key: ['kms:GenerateDataKey', 'kms:Decrypt'] },
  consume: {
    queue: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl'],
    key: ['kms:Decrypt'],
  },
};

export interface ServiceDataAccessProps {
  readonly service: string;
  readonly permissions: PermissionsPlan;
  /** The environment's buckets and queues (the data stack's plan): names only, no reference to the data stack's resources. */
  readonly buckets: readonly BucketPlan[];
  readonly queues: readonly QueuePlan[];
  /** The environment's data key, which encrypts the buckets and queues. */
  readonly dataKey: kms.IKey;
  /** The service's task role: every grant is a statement of its identity policy. */
  readonly taskRole: iam.IRole;
}

/**
 * A service's `permissions`, built in its own stack so the data stack never depends on a service:
 * the buckets and queues are imported by their planned names (`Bucket.fromBucketName`,
 * `Queue.fromQueueArn`), and each grant is a statement of the task role's identity policy naming
 * exactly the declared resources' ARNs and the data key's ARN (never a wildcard resource, never a
 * bucket, queue or key policy edit). The key statements only hold through the named S3 bucket or
 * SQS queue (`kms:ViaService` and the encryption context SSE uses), so the key cannot decrypt
 * anything else for the service. `variables` holds `<NAME>_BUCKET_NAME` and `<NAME>_QUEUE_URL`.
 */
export class ServiceDataAccess extends Construct {
  public readonly policy?: iam.Policy;
  /** The variables the container gets: bucket names and queue URLs, by the plan's variable names. */
  public readonly variables: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: ServiceDataAccessProps) {
    super(scope, id);
    const stack = Stack.of(this);
    const statements: iam.PolicyStatement[] = [];
    const variables: Record<string, string> = {};
    const objectGrants: Acknowledgement[] = [];
    const viaService = (service: string) => ({ 'kms:ViaService': `${service}.${stack.region}.${stack.urlSuffix}` });

    for (const { bucket: name, access } of props.permissions.buckets) {
      const plan = find(props.buckets, name, props.service, 'bucket');
      const bucket = s3.Bucket.fromBucketName(this, `Bucket-${name}`, plan.bucketName);
      const grant = BUCKET_GRANTS[access];
      statements.push(new iam.PolicyStatement({ sid: sid('Objects', name), actions: [...grant.objects], resources: [bucket.arnForObjects('*')] }));
      objectGrants.push({
        id: `AwsSolutions-IAM5[Resource::${bucket.arnForObjects('*')}]`,
        reason: `the objects of the declared bucket ${name} (${plan.bucketName}): object keys are the service's own data, unknown at deploy time; the actions are only those its ${access} access needs`,
      });
      if (grant.bucket.length > 0) {
        statements.push(new iam.PolicyStatement({ sid: sid('List', name), actions: [...grant.bucket], resources: [bucket.bucketArn] }));
      }
      statements.push(new iam.PolicyStatement({
        sid: sid('Key', name),
        actions: [...grant.key],
        resources: [props.dataKey.keyArn],
        // With an S3 Bucket Key the encryption context is the bucket's ARN (the object's without one).
        conditions: { StringEquals: viaService('s3'), StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket.bucketArn, bucket.arnForObjects('*')] } },
      }));
      variables[plan.variable] = plan.bucketName;
    }

    for (const { queue: name, access } of props.permissions.queues) {
      const plan = find(props.queues, name, props.service, 'queue');
      const queue = sqs.Queue.fromQueueArn(this, `Queue-${name}`, stack.formatArn({ service: 'sqs', resource: plan.queueName }));
      const grant = QUEUE_GRANTS[access];
      statements.push(new iam.PolicyStatement({ sid: sid('Queue', name), actions: [...grant.queue], resources: [queue.queueArn] }));
      statements.push(new iam.PolicyStatement({
        sid: sid('QueueKey', name),
        actions: [...grant.key],
        resources: [props.dataKey.keyArn],
        conditions: { StringEquals: { ...viaService('sqs'), 'kms:EncryptionContext:aws:sqs:arn': queue.queueArn } },
      }));
      variables[plan.variable] = queue.queueUrl;
    }

    this.variables = variables;
    if (statements.length === 0) {
      return;
    }
    this.policy = new iam.Policy(this, 'Policy', { statements, roles: [props.taskRole] });
    acknowledge(this.policy, ...objectGrants);
  }
}

/**
 * A policy statement id (letters and digits only): the prefix and the name in PascalCase, so
 * `a-b` and `ab` stay distinct (`AB`, `Ab`); a part starting with a digit gets an `N` (`a-1` → `AN1`).
 */
function sid(prefix: string, name: string): string {
  return prefix + name.split('-').map((part) => (/^\d/.test(part) ? `N${part}` : part.charAt(0).toUpperCase() + part.slice(1))).join('');
}

function find<T extends { readonly name: string }>(entries: readonly T[], name: string, service: string, kind: string): T {
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) {
    throw new Error(`service ${service} has a permission on ${kind} ${name}, which the environment does not declare`);
  }
  return entry;
}
