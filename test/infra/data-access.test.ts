import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BUCKET_GRANTS, QUEUE_GRANTS } from '../../src/infra/service/service-data-access';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Json = any;

const resourcesOf = (template: Template, type: string): Record<string, Json> => template.findResources(type);

/** Every IAM statement of a service stack's data-access policy. */
function dataAccessStatements(template: Template): Json[] {
  return Object.entries(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter(([id]) => id.startsWith('DataAccess'))
    .flatMap(([, policy]) => policy.Properties.PolicyDocument.Statement);
}

function environmentOf(template: Template): Record<string, unknown> {
  const [task] = Object.values(resourcesOf(template, 'AWS::ECS::TaskDefinition'));
  return Object.fromEntries((task.Properties.ContainerDefinitions[0].Environment as { Name: string; Value: unknown }[]).map((e) => [e.Name, e.Value]));
}

describe('buckets and queues of the reference manifest (data stack)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesize(referencePlan());
  });

  it.each([['dev', '111111111111', 'Delete'], ['prod', '222222222222', 'Retain']])('%s: names the feeds bucket after project, environment, account and region; encrypts it with the data key; retains it only when resilient', (env, account, policy) => {
    const template = platform.template(`purchase-direct-${env}-data`);
    const [[keyId]] = Object.entries(resourcesOf(template, 'AWS::KMS::Key'));
    const buckets = resourcesOf(template, 'AWS::S3::Bucket');
    expect(Object.keys(buckets)).toEqual(['BucketfeedsBucket006B8ECD']);
    const bucket = buckets.BucketfeedsBucket006B8ECD;
    expect(bucket.DeletionPolicy).toBe(policy);
    expect(bucket.Properties).toMatchObject({
      BucketName: `purchase-direct-${env}-feeds-${account}-eu-west-2`,
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ BucketKeyEnabled: true, ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: { 'Fn::GetAtt': [keyId, 'Arn'] } } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LoggingConfiguration: { LogFilePrefix: `buckets/purchase-direct-${env}-feeds-${account}-eu-west-2/` },
    });
    expect(bucket.Properties.LifecycleConfiguration.Rules).toEqual(expect.arrayContaining([
      { Id: 'expire', Status: 'Enabled', ExpirationInDays: 90, NoncurrentVersionExpiration: { NoncurrentDays: 90 } },
    ]));
    // No autoDeleteObjects: no custom resource empties a bucket when its stack goes.
    expect(Object.keys(template.findResources('Custom::S3AutoDeleteObjects'))).toEqual([]);
  });

  it.each([['dev', 'Delete'], ['prod', 'Retain']])('%s: gives the order-events queue a 14-day dead-letter queue, KMS encryption and TLS-only policies', (env, policy) => {
    const template = platform.template(`purchase-direct-${env}-data`);
    const [[keyId]] = Object.entries(resourcesOf(template, 'AWS::KMS::Key'));
    const queues = resourcesOf(template, 'AWS::SQS::Queue');
    const queue = queues.QueueordereventsQueueBC113B25;
    const dlq = queues.QueueordereventsDeadLetterQueue1E96A04D;
    expect(queue.Properties).toEqual(expect.objectContaining({
      QueueName: `purchase-direct-${env}-order-events`,
      KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] },
      MessageRetentionPeriod: 4 * 86400,
      VisibilityTimeout: 30,
      RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['QueueordereventsDeadLetterQueue1E96A04D', 'Arn'] }, maxReceiveCount: 5 },
    }));
    expect(dlq.Properties).toEqual(expect.objectContaining({ QueueName: `purchase-direct-${env}-order-events-dlq`, KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] }, MessageRetentionPeriod: 14 * 86400 }));
    expect([queue.DeletionPolicy, dlq.DeletionPolicy]).toEqual([policy, policy]);
    for (const id of ['QueueordereventsQueueBC113B25', 'QueueordereventsDeadLetterQueue1E96A04D']) {
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        Queues: [{ Ref: id }],
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    }
  });

  it('lets only this environment\'s buckets of this account deliver server access logs to the network stack\'s log bucket', () => {
    platform.template('purchase-direct-prod-network').hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Sid: 'DataBucketsServerAccessLogs',
          Principal: { Service: 'logging.s3.amazonaws.com' },
          Action: 's3:PutObject',
          Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:s3:::purchase-direct-prod-*' }, StringEquals: { 'aws:SourceAccount': '222222222222' } },
        })]),
      },
    });
  });

  it('never makes the data stack depend on a service stack', () => {
    for (const env of ['dev', 'prod']) {
      const text = JSON.stringify(platform.template(`purchase-direct-${env}-data`).toJSON());
      expect(text).not.toMatch(/-service-/);
    }
  });
});

describe('permissions of the reference manifest (service stacks)', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesize(referencePlan());
  });

  it('grants storefront read on feeds: get and list on that bucket, decrypt through S3 for that bucket only', () => {
    const statements = dataAccessStatements(platform.template('purchase-direct-prod-service-storefront'));
    const bucket = 'arn:aws:s3:::purchase-direct-prod-feeds-222222222222-eu-west-2';
    expect(statements).toEqual([
      { Sid: 'ObjectsFeeds', Effect: 'Allow', Action: 's3:GetObject', Resource: `${bucket}/*` },
      { Sid: 'ListFeeds', Effect: 'Allow', Action: 's3:ListBucket', Resource: bucket },
      {
        Sid: 'KeyFeeds', Effect: 'Allow', Action: 'kms:Decrypt', Resource: expect.objectContaining({ 'Fn::GetStackOutput': expect.objectContaining({ StackName: 'purchase-direct-prod-data' }) }),
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['s3.eu-west-2.', { Ref: 'AWS::URLSuffix' }]] } }, StringLike: { 'kms:EncryptionContext:aws:s3:arn': [bucket, `${bucket}/*`] } },
      },
    ]);
    expect(environmentOf(platform.template('purchase-direct-prod-service-storefront')).FEEDS_BUCKET_NAME).toBe('purchase-direct-prod-feeds-222222222222-eu-west-2');
  });

  it('grants orders-api send on order-events: send on that queue, generate data key and decrypt through SQS for that queue only', () => {
    const template = platform.template('purchase-direct-prod-service-orders-api');
    const queue = 'arn:aws:sqs:eu-west-2:222222222222:purchase-direct-prod-order-events';
    expect(dataAccessStatements(template)).toEqual([
      { Sid: 'QueueOrderEvents', Effect: 'Allow', Action: ['sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage'], Resource: queue },
      {
        Sid: 'QueueKeyOrderEvents', Effect: 'Allow', Action: ['kms:Decrypt', 'kms:GenerateDataKey'], Resource: expect.any(Object),
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['sqs.eu-west-2.', { Ref: 'AWS::URLSuffix' }]] }, 'kms:EncryptionContext:aws:sqs:arn': queue } },
      },
    ]);
    expect(environmentOf(template).ORDER_EVENTS_QUEUE_URL).toEqual({ 'Fn::Join': ['', ['https://sqs.eu-west-2.', { Ref: 'AWS::URLSuffix' }, '/222222222222/purchase-direct-prod-order-events']] });
  });

  it('gives backoffice, which declares no permission, no data-access policy and no bucket or queue variable', () => {
    const template = platform.template('purchase-direct-prod-service-backoffice');
    expect(dataAccessStatements(template)).toEqual([]);
    expect(Object.keys(environmentOf(template)).filter((name) => /_(BUCKET_NAME|QUEUE_URL)$/.test(name))).toEqual([]);
  });

  it('never grants on a wildcard resource and never edits a bucket, queue or key policy from a service stack', () => {
    for (const service of ['storefront', 'orders-api', 'backoffice']) {
      const template = platform.template(`purchase-direct-prod-service-${service}`);
      for (const statement of dataAccessStatements(template)) {
        expect(statement.Resource).not.toBe('*');
      }
      for (const type of ['AWS::S3::BucketPolicy', 'AWS::SQS::QueuePolicy', 'AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::SQS::Queue']) {
        expect(Object.keys(resourcesOf(template, type)), `${service} ${type}`).toEqual([]);
      }
    }
  });
});

describe('ServiceDataAccess statement ids', () => {
  it('keeps the ids of similar names apart (IAM wants them unique in a policy)', () => {
    const yaml = MINIMAL_MANIFEST
      .replace('services:', 'buckets:\n  a-b: {}\n  ab: {}\n  a-1: {}\n  a1: {}\nservices:')
      .concat('    permissions:\n      buckets: { a-b: read, ab: read, a-1: read, a1: read }\n');
    const sids = dataAccessStatements(synthesize(planFromYaml(yaml)).template('solo-dev-service-web')).map((statement) => statement.Sid);
    expect(new Set(sids).size).toBe(sids.length);
    expect(sids.filter((id: string) => id.startsWith('Objects'))).toEqual(['ObjectsAB', 'ObjectsAb', 'ObjectsAN1', 'ObjectsA1']);
  });
});

describe('ServiceDataAccess access words', () => {
  it('keeps reads, writes, sends and consumes to their own actions', () => {
    expect(BUCKET_GRANTS.read).toEqual({ objects: ['s3:GetObject'], bucket: ['s3:ListBucket'], key: ['kms:Decrypt'] });
    expect(BUCKET_GRANTS.write.objects).not.toContain('s3:GetObject');
    expect(BUCKET_GRANTS.write.key).toContain('kms:GenerateDataKey');
    expect(new Set(BUCKET_GRANTS['read-write'].objects)).toEqual(new Set([...BUCKET_GRANTS.read.objects, ...BUCKET_GRANTS.write.objects]));
    expect(QUEUE_GRANTS.send.queue).not.toContain('sqs:ReceiveMessage');
    expect(QUEUE_GRANTS.consume.queue).not.toContain('sqs:SendMessage');
    expect(QUEUE_GRANTS.consume.key).toEqual(['kms:Decrypt']);
  });
});

describe('a FIFO queue and a write-only bucket', () => {
  it('suffixes both queues with .fifo in AWS, grants consume and write, and injects the variables', () => {
    const yaml = MINIMAL_MANIFEST
      .replace('services:', 'buckets:\n  exports: {}\nqueues:\n  jobs: { fifo: true, retentionDays: 14, maxReceiveCount: 3 }\nservices:')
      .concat('    permissions:\n      buckets: { exports: write }\n      queues: { jobs: consume }\n');
    const platform = synthesize(planFromYaml(yaml));
    const data = platform.template('solo-dev-data');
    data.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'solo-dev-jobs.fifo', FifoQueue: true, MessageRetentionPeriod: 14 * 86400, RedrivePolicy: Match.objectLike({ maxReceiveCount: 3 }) });
    data.hasResourceProperties('AWS::SQS::Queue', { QueueName: 'solo-dev-jobs-dlq.fifo', FifoQueue: true, MessageRetentionPeriod: 14 * 86400 });
    expect(resourcesOf(data, 'AWS::S3::Bucket')).toEqual({ [Object.keys(resourcesOf(data, 'AWS::S3::Bucket'))[0]!]: expect.objectContaining({ DeletionPolicy: 'Delete' }) });
    const web = platform.template('solo-dev-service-web');
    const actions = dataAccessStatements(web).map((statement) => [statement.Sid, statement.Action]);
    expect(actions).toEqual([
      ['ObjectsExports', ['s3:AbortMultipartUpload', 's3:DeleteObject', 's3:PutObject']],
      ['KeyExports', ['kms:Decrypt', 'kms:GenerateDataKey']],
      ['QueueJobs', ['sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage']],
      ['QueueKeyJobs', 'kms:Decrypt'],
    ]);
    const variables = environmentOf(web);
    expect(variables.EXPORTS_BUCKET_NAME).toBe('solo-dev-exports-111111111111-eu-west-2');
    expect(JSON.stringify(variables.JOBS_QUEUE_URL)).toContain('/111111111111/solo-dev-jobs.fifo');
  });
});
