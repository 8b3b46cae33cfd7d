import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue } from './fixtures/issues';

/** The base manifest with a bucket, a queue, and the web service's permissions on both. */
const DATA_MANIFEST = edit(
  ['\nservices:\n', '\nbuckets:\n  uploads:\n    expireAfterDays: 365\nqueues:\n  order-events:\n    visibilityTimeoutSeconds: 60\nservices:\n'],
  ['    mounts:\n      media: /mnt/media\n', '    mounts:\n      media: /mnt/media\n    permissions:\n      buckets: { uploads: read-write }\n      queues: { order-events: send }\n'],
);

const change = changerOf(DATA_MANIFEST, 'data manifest');
const c = invalidCase;

const CASES: readonly InvalidCase[] = [
  // ── Permissions ───────────────────────────────────────────────────────────────────────────
  c('rejects a permission on an undeclared bucket, suggesting the likely one', change('buckets: { uploads: read-write }', 'buckets: { upload: read-write }'), 'services.web.permissions.buckets.upload', /^got undeclared bucket "upload"; declared buckets: uploads; did you mean "uploads"\?$/, 'buckets: { |upload:'),
  c('rejects a permission on an undeclared queue, suggesting the likely one', change('queues: { order-events: send }', 'queues: { order-event: send }'), 'services.web.permissions.queues.order-event', /^got undeclared queue "order-event"; declared queues: order-events; did you mean "order-events"\?$/, 'queues: { |order-event:'),
  c('rejects a permission on a queue when none is declared, saying how to declare it', change('queues:\n  order-events:\n    visibilityTimeoutSeconds: 60\n', ''), 'services.web.permissions.queues.order-events', /^got undeclared queue "order-events"; no queues are declared; declare order-events under queues or remove it here$/),
  c('rejects a bucket access word that is not read, write or read-write, suggesting the likely one', change('{ uploads: read-write }', '{ uploads: readwrite }'), 'services.web.permissions.buckets.uploads', /^got "readwrite"; bucket access is read, write or read-write; did you mean "read-write"\?$/, 'uploads: |readwrite'),
  c('rejects a queue access word that is not send or consume', change('{ order-events: send }', '{ order-events: receive }'), 'services.web.permissions.queues.order-events', /^got "receive"; queue access is send or consume/, 'order-events: |receive'),
  c('rejects an unknown field under permissions, suggesting the likely one', change('      queues: { order-events: send }', '      queue: { order-events: send }'), 'services.web.permissions.queue', /^got unknown field "queue"; allowed fields: buckets, queues; did you mean "queues"\?$/, '      |queue:'),
  c('rejects permissions in an environment override: they are the same everywhere', edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, permissions: {} }']), 'environments.prod.overrides.services.web.permissions', /^got permissions in an override; permissions cannot be overridden per environment: a service has the same bucket and queue permissions in every environment/),
  c('rejects a variable Portside injects for a bucket', change('      NODE_ENV: production', '      UPLOADS_BUCKET_NAME: mine'), 'services.web.environment.UPLOADS_BUCKET_NAME', /^got variable UPLOADS_BUCKET_NAME; Portside sets UPLOADS_BUCKET_NAME for bucket uploads; rename the variable or remove it$/, '      |UPLOADS_BUCKET_NAME'),
  c('rejects a secret named like the variable Portside injects for a queue', change('      NODE_ENV: production\n', '      NODE_ENV: production\n    secrets:\n      ORDER_EVENTS_QUEUE_URL: arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-AbCdEf\n'), 'services.web.secrets.ORDER_EVENTS_QUEUE_URL', /^got variable ORDER_EVENTS_QUEUE_URL; Portside sets ORDER_EVENTS_QUEUE_URL for queue order-events; rename the variable or remove it$/),

  // ── Buckets ───────────────────────────────────────────────────────────────────────────────
  c('rejects expireAfterDays of 0', change('expireAfterDays: 365', 'expireAfterDays: 0'), 'buckets.uploads.expireAfterDays', /^got 0; expireAfterDays is 1–36500 \(100 years\); use a whole number of days, e\.g\. 365, or remove it to keep objects$/, 'expireAfterDays: |0'),
  c('rejects expireAfterDays above 100 years', change('expireAfterDays: 365', 'expireAfterDays: 40000'), 'buckets.uploads.expireAfterDays', /^got 40000; expireAfterDays is 1–36500/),
  c('rejects a bucket name with capitals, suggesting a valid one', change('  uploads:\n    expireAfterDays', '  User_Uploads:\n    expireAfterDays'), 'buckets.User_Uploads', /^got name "User_Uploads"; bucket names are lowercase letters, digits and hyphens, starting with a letter, at most 40 characters; rename it to "user-uploads"$/, '  |User_Uploads:'),
  c('rejects a bucket whose S3 name would exceed 63 characters, saying how short it must be', edit(['project: shop', 'project: shop-platform-retail-co'], ['\nservices:\n', '\nbuckets:\n  customer-uploads-archive: {}\nservices:\n']), 'buckets.customer-uploads-archive', /^the name customer-uploads-archive in environment dev makes the S3 bucket name shop-platform-retail-co-dev-customer-uploads-archive-111111111111-eu-west-2 \(75 characters\); S3 takes at most 63; shorten the bucket name to at most 12 characters, or shorten the environment or project name$/, '  |customer-uploads-archive:'),
  c('rejects a project whose bucket names would start with a prefix S3 reserves', change('project: shop', 'project: sthree-shop'), 'buckets.uploads', /^the name uploads in environment dev makes the S3 bucket name sthree-shop-dev-uploads-111111111111-eu-west-2; S3 refuses names starting with sthree-; rename the project$/),
  c('rejects an unknown field in a bucket, suggesting the likely one', change('    expireAfterDays: 365', '    expireAfter: 365'), 'buckets.uploads.expireAfter', /^got unknown field "expireAfter"; allowed fields: expireAfterDays; did you mean "expireAfterDays"\?$/),

  // ── Queues ────────────────────────────────────────────────────────────────────────────────
  c('rejects a queue retention above 14 days', change('    visibilityTimeoutSeconds: 60', '    retentionDays: 30'), 'queues.order-events.retentionDays', /^got 30; SQS keeps messages 1–14 days; use 1–14, e\.g\. 4$/, 'retentionDays: |30'),
  c('rejects a queue retention of 0 days', change('    visibilityTimeoutSeconds: 60', '    retentionDays: 0'), 'queues.order-events.retentionDays', /^got 0; SQS keeps messages 1–14 days/),
  c('rejects a visibility timeout above 12 hours', change('visibilityTimeoutSeconds: 60', 'visibilityTimeoutSeconds: 43201'), 'queues.order-events.visibilityTimeoutSeconds', /^got 43201; SQS takes a visibilityTimeoutSeconds of 0–43200 \(12 hours\); use the longest time a consumer needs for one message, e\.g\. 60$/, 'visibilityTimeoutSeconds: |43201'),
  c('rejects a negative visibility timeout', change('visibilityTimeoutSeconds: 60', 'visibilityTimeoutSeconds: -1'), 'queues.order-events.visibilityTimeoutSeconds', /^got -1; SQS takes a visibilityTimeoutSeconds of 0–43200/),
  c('rejects a maxReceiveCount of 0', change('    visibilityTimeoutSeconds: 60', '    maxReceiveCount: 0'), 'queues.order-events.maxReceiveCount', /^got 0; SQS takes a maxReceiveCount of 1–1000; use e\.g\. 5$/, 'maxReceiveCount: |0'),
  c('rejects a maxReceiveCount above 1000', change('    visibilityTimeoutSeconds: 60', '    maxReceiveCount: 1001'), 'queues.order-events.maxReceiveCount', /^got 1001; SQS takes a maxReceiveCount of 1–1000/),
  c('rejects fifo written as text', change('    visibilityTimeoutSeconds: 60', '    fifo: "yes"'), 'queues.order-events.fifo', /^got "yes" \(a string\); expected true or false/),
  c('rejects a queue name written with the .fifo suffix', change('  order-events:\n    visibility', '  order-events.fifo:\n    visibility'), 'queues["order-events.fifo"]', /^got name "order-events\.fifo"; queue names are lowercase letters, digits and hyphens, starting with a letter, at most 30 characters; rename it to "order-events-fifo"$/),
  c('rejects a queue name longer than 30 characters', change('  order-events:\n    visibility', '  order-events-for-the-warehouse-team:\n    visibility'), 'queues.order-events-for-the-warehouse-team', /^got name "order-events-for-the-warehouse-team"; queue names are .* at most 30 characters/),
];

describe('parseManifest on buckets, queues and permissions', () => {
  it('accepts the data manifest, planning names, variables and grants', () => {
    const { plan } = parseManifest(DATA_MANIFEST, 'portside.yaml');
    const prod = plan.environments.find((environment) => environment.name === 'prod')!;
    expect(prod.buckets).toEqual([{ name: 'uploads', bucketName: 'shop-prod-uploads-222222222222-eu-west-2', expireAfterDays: 365, variable: 'UPLOADS_BUCKET_NAME' }]);
    expect(prod.queues).toEqual([{
      name: 'order-events', fifo: false, queueName: 'shop-prod-order-events', deadLetterQueueName: 'shop-prod-order-events-dlq',
      visibilityTimeoutSeconds: 60, maxReceiveCount: 5, retentionDays: 4, deadLetterRetentionDays: 14, variable: 'ORDER_EVENTS_QUEUE_URL',
    }]);
    const web = prod.services.find((service) => service.name === 'web')!;
    expect(web.permissions).toEqual({ buckets: [{ bucket: 'uploads', access: 'read-write' }], queues: [{ queue: 'order-events', access: 'send' }] });
    expect(prod.services.find((service) => service.name === 'api')!.permissions).toEqual({ buckets: [], queues: [] });
  });

  it('names a FIFO queue and its dead-letter queue with the .fifo suffix the manifest never writes', () => {
    const { plan } = parseManifest(change('    visibilityTimeoutSeconds: 60', '    fifo: true'), 'portside.yaml');
    expect(plan.environments[0]!.queues[0]).toMatchObject({ fifo: true, queueName: 'shop-dev-order-events.fifo', deadLetterQueueName: 'shop-dev-order-events-dlq.fifo' });
  });

  it('covers at least 12 invalid manifests', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(12);
  });

  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const { issues } = expectedIssue(testCase);
    for (const issue of issues) {
      expect(issue.message).toMatch(/^[a-z]/);
      expect(issue.message).not.toMatch(/\.$/);
    }
  });
});
