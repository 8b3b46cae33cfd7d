/**
 * The shape of `buckets`, `queues` and a service's `permissions` (MANIFEST.md, version 2). Ranges
 * are AWS's own (SQS, S3 lifecycle); the rules that relate names across sections (a permission names
 * a declared bucket or queue, a bucket's AWS name fits 63 characters) are in data-access-rules.ts.
 */
import { z } from 'zod';
import { field } from './hints';
import { integer, nameKey, renameFix } from './schema-helpers';

const DATA_NAME = /^[a-z][a-z0-9-]*$/;

/** At most 40: the bucket's AWS name adds project, environment, account and region (see bucketPhysicalName). */
export const BUCKET_NAME_MAX = 40;
/** At most 30: `<project>-<env>-<name>-dlq.fifo` then fits SQS's 80 characters for every valid project and environment. */
export const QUEUE_NAME_MAX = 30;

const BUCKET_NAMES = 'lowercase letters, digits and hyphens, starting with a letter, at most 40 characters';
const QUEUE_NAMES = 'lowercase letters, digits and hyphens, starting with a letter, at most 30 characters';

export const bucketName = nameKey({ what: 'bucket', pattern: DATA_NAME, max: BUCKET_NAME_MAX, hyphens: true, example: 'uploads', allowed: BUCKET_NAMES });
export const queueName = nameKey({ what: 'queue', pattern: DATA_NAME, max: QUEUE_NAME_MAX, hyphens: true, example: 'order-events', allowed: QUEUE_NAMES });

export const bucketSchema = field(
  z.strictObject({
    expireAfterDays: field(
      integer(1, 36500),
      'Days after which objects are deleted, and days a replaced or deleted object\'s old version is kept. Default: objects are kept until deleted (old versions too).',
      { allowed: 'expireAfterDays is 1–36500 (100 years)', fix: 'use a whole number of days, e.g. 365, or remove it to keep objects', example: '365' },
    ).optional(),
  }),
  'An S3 bucket of the environment: encrypted with its data key, versioned, TLS-only, public access blocked, access-logged and backed up; write {} for the defaults.',
  { fix: 'write {} for a bucket with default settings' },
);

export const queueSchema = field(
  z.strictObject({
    fifo: field(z.boolean(), 'First-in-first-out with exactly-once processing; the AWS name gets the .fifo suffix (not written here). Default: false.').optional(),
    visibilityTimeoutSeconds: field(
      integer(0, 43200),
      'Seconds a received message stays hidden from other consumers while one processes it. Default: 30.',
      { allowed: 'SQS takes a visibilityTimeoutSeconds of 0–43200 (12 hours)', fix: 'use the longest time a consumer needs for one message, e.g. 60' },
    ).optional(),
    maxReceiveCount: field(
      integer(1, 1000),
      'Deliveries of a message before it moves to the dead-letter queue. Default: 5.',
      { allowed: 'SQS takes a maxReceiveCount of 1–1000', fix: 'use e.g. 5' },
    ).optional(),
    retentionDays: field(
      integer(1, 14),
      'Days SQS keeps an unprocessed message. Default: 4. The dead-letter queue keeps messages 14 days.',
      { allowed: 'SQS keeps messages 1–14 days', fix: 'use 1–14, e.g. 4' },
    ).optional(),
  }),
  'An SQS queue of the environment, with a dead-letter queue, encryption with its data key and alarms; write {} for the defaults.',
  { fix: 'write {} for a queue with default settings' },
);

export const BUCKET_ACCESS = ['read', 'write', 'read-write'] as const;
export const QUEUE_ACCESS = ['send', 'consume'] as const;

const bucketReference = field(z.string().max(BUCKET_NAME_MAX).regex(DATA_NAME), 'Name of a bucket declared under buckets.', {
  allowed: `bucket names are ${BUCKET_NAMES}`,
  fix: renameFix(DATA_NAME, true, BUCKET_NAME_MAX, 'uploads'),
});
const queueReference = field(z.string().max(QUEUE_NAME_MAX).regex(DATA_NAME), 'Name of a queue declared under queues.', {
  allowed: `queue names are ${QUEUE_NAMES}`,
  fix: renameFix(DATA_NAME, true, QUEUE_NAME_MAX, 'order-events'),
});

export const permissionsSchema = field(
  z.strictObject({
    buckets: field(
      z.record(
        bucketReference,
        field(z.enum(BUCKET_ACCESS), 'read: get and list objects; write: put and delete objects; read-write: both.', {
          allowed: 'bucket access is read, write or read-write',
          example: 'read',
        }),
      ),
      'Buckets the service may use: bucket name → read, write or read-write; each injects <NAME>_BUCKET_NAME.',
      { kind: 'a mapping of bucket names to read, write or read-write' },
    ).optional(),
    queues: field(
      z.record(
        queueReference,
        field(z.enum(QUEUE_ACCESS), 'send: send messages; consume: receive, delete and extend the visibility of messages.', {
          allowed: 'queue access is send or consume',
          example: 'send',
        }),
      ),
      'Queues the service may use: queue name → send or consume; each injects <NAME>_QUEUE_URL.',
      { kind: 'a mapping of queue names to send or consume' },
    ).optional(),
  }),
  'Least-privilege grants on the buckets and queues this manifest declares, on the service\'s task role.',
  { example: '{ buckets: { uploads: read-write }, queues: { order-events: send } }' },
);

export type BucketInput = z.output<typeof bucketSchema>;
export type QueueInput = z.output<typeof queueSchema>;
export type PermissionsInput = z.output<typeof permissionsSchema>;
