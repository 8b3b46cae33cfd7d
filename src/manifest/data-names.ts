/**
 * The AWS names of an environment's buckets and queues and the variables a service gets for them:
 * one definition for the manifest's rules, the plan, the data stack and the service stacks.
 */

/** S3 bucket names: 3–63 characters, globally unique across every AWS account. */
export const S3_BUCKET_NAME_MAX = 63;
/** Prefixes S3 refuses for general purpose bucket names. */
export const S3_RESERVED_PREFIXES: readonly string[] = ['xn--', 'sthree-', 'amzn-s3-demo-'];

/**
 * `<project>-<env>-<bucket>-<account>-<region>`, e.g. `purchase-direct-prod-feeds-222222222222-eu-west-2`:
 * the account and region make it unique across AWS (bucket names are global) and let a DR
 * environment in another region have its own. Every part is lowercase letters, digits and hyphens,
 * and it starts with the project's letter and ends with the region's digit, as S3 requires; only
 * the length (≤ 63) and S3's reserved prefixes need checking (data-access-rules.ts).
 */
export function bucketPhysicalName(project: string, environment: string, bucket: string, account: string, region: string): string {
  return `${project}-${environment}-${bucket}-${account}-${region}`;
}

/**
 * `<project>-<env>-<queue>` and its dead-letter queue `<…>-dlq`, each with `.fifo` for a FIFO queue
 * (SQS requires the suffix; the manifest never writes it). Queue names are per account and region,
 * so no account or region is needed; at most 24 + 1 + 10 + 1 + 30 + 4 + 5 = 75 of SQS's 80 characters.
 */
export function queuePhysicalNames(project: string, environment: string, queue: string, fifo: boolean) {
  const base = `${project}-${environment}-${queue}`;
  const suffix = fifo ? '.fifo' : '';
  return { queueName: `${base}${suffix}`, deadLetterQueueName: `${base}-dlq${suffix}` } as const;
}

function variablePrefix(name: string): string {
  return name.toUpperCase().replace(/-/g, '_');
}

/** `feeds` → `FEEDS_BUCKET_NAME`: the bucket's AWS name, for each service with a permission on it. */
export function bucketVariable(bucket: string): string {
  return `${variablePrefix(bucket)}_BUCKET_NAME`;
}

/** `order-events` → `ORDER_EVENTS_QUEUE_URL`: the queue's URL, for each service with a permission on it. */
export function queueVariable(queue: string): string {
  return `${variablePrefix(queue)}_QUEUE_URL`;
}
