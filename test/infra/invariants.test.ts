import { describe, expect, it } from 'vitest';
import { INVARIANTS, violations } from '../support/invariants';
import { referencePlan, synthesize } from '../support/reference';

describe('platform invariants', () => {
  const platform = synthesize(referencePlan());
  const stackNames = [...platform.stages.values()].flatMap((stage) => stage.stacks.map((s) => s.stackName));

  it.each(stackNames)('%s keeps every invariant', (stackName) => {
    expect(violations(platform.template(stackName).toJSON() as Parameters<typeof violations>[0])).toEqual([]);
  });

  it('each invariant catches a template that breaks it (the checks can fail)', () => {
    const broken = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { StorageEncrypted: false }, DeletionPolicy: 'Delete' },
        Instance: { Type: 'AWS::RDS::DBInstance', Properties: { PubliclyAccessible: true } },
        Fs: { Type: 'AWS::EFS::FileSystem', Properties: { Encrypted: false } },
        Plan: { Type: 'AWS::Backup::BackupPlan', Properties: { BackupPlan: { BackupPlanRule: [{ RuleName: 'daily', Lifecycle: { DeleteAfterDays: 7 } }] } } },
        Service: { Type: 'AWS::ECS::Service', Properties: { DeploymentConfiguration: {} } },
        Scaling: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: { ServiceNamespace: 'ecs', MinCapacity: 2, MaxCapacity: 4 } },
        Task: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: {
            ContainerDefinitions: [{
              Name: 'app',
              Environment: [{ Name: 'DB_PASSWORD', Value: 'x' }],
              Secrets: [{ Name: 'CATALOG_DB_PASSWORD', ValueFrom: { 'Fn::ImportValue': 'data:ExportsOutputFnGetAttClusterMasterUserSecretSecretArn' } }],
            }],
            Volumes: [{ EFSVolumeConfiguration: { TransitEncryption: 'DISABLED' } }],
          },
        },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
        UserSecret: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
        User: { Type: 'Custom::DatabaseUser', Properties: { SecretArn: { Ref: 'UserSecret' } } },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', FromPort: 22 }] } },
        Queue: { Type: 'AWS::SQS::Queue', Properties: {} },
      },
    };
    for (const [name, check] of Object.entries(INVARIANTS)) {
      expect(check(broken), name).not.toEqual([]);
    }
  });

  describe('queue invariants, violation by violation', () => {
    const queues = INVARIANTS['queues have a DLQ and encryption']!;
    const tlsOnly = (id: string) => ({ Type: 'AWS::SQS::QueuePolicy', Properties: { Queues: [{ Ref: id }], PolicyDocument: { Statement: [{ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }] } } });
    const pair = (queue: Record<string, unknown>, dlq: Record<string, unknown> = {}) => ({
      Resources: {
        Dlq: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'key', MessageRetentionPeriod: 1209600, ...dlq } },
        DlqPolicy: tlsOnly('Dlq'),
        Queue: { Type: 'AWS::SQS::Queue', Properties: { KmsMasterKeyId: 'key', RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': ['Dlq', 'Arn'] }, maxReceiveCount: 5 }, ...queue } },
        QueuePolicy: tlsOnly('Queue'),
      },
    });

    it('accepts an encrypted, TLS-only queue whose dead-letter queue keeps messages 14 days', () => {
      expect(queues(pair({}))).toEqual([]);
    });

    it.each([
      ['without encryption', pair({ KmsMasterKeyId: undefined }), 'Queue: no server-side encryption'],
      ['without a dead-letter queue', pair({ RedrivePolicy: undefined }), 'Queue: no dead-letter queue'],
      ['whose dead-letter queue keeps messages 4 days', pair({}, { MessageRetentionPeriod: 345600 }), 'Dlq: dead-letter queue keeps messages less than 14 days'],
    ])('flags a queue %s', (_case, template, message) => {
      expect(queues(template)).toContain(message);
    });
  });

  describe('deployment safety invariants, violation by violation', () => {
    const rollback = INVARIANTS['ECS services roll back deployments on alarms of their own stack']!;
    const noTaskWithoutImage = INVARIANTS['ECS autoscaling starts no task before an image exists']!;
    const alarm = { Type: 'AWS::CloudWatch::Alarm', Properties: { AlarmName: 'stack-deploy-5xx' } };
    const serviceWith = (alarms: unknown) => ({
      Resources: {
        Alarm: alarm,
        Service: {
          Type: 'AWS::ECS::Service',
          Properties: { DeploymentConfiguration: { DeploymentCircuitBreaker: { Enable: true, Rollback: true }, MinimumHealthyPercent: 100, Alarms: alarms } },
        },
      },
    });
    const targetWith = (properties: Record<string, unknown>) => ({
      Resources: { Target: { Type: 'AWS::ApplicationAutoScaling::ScalableTarget', Properties: properties } },
    });
    const conditional = (count: number) => ({ 'Fn::If': ['HasImage', count, 0] });

    it('accepts a service that rolls back on alarms of its stack, and conditional ECS scaling bounds', () => {
      expect(rollback(serviceWith({ AlarmNames: ['stack-deploy-5xx'], Enable: true, Rollback: true }))).toEqual([]);
      expect(noTaskWithoutImage(targetWith({ ServiceNamespace: 'ecs', MinCapacity: conditional(2), MaxCapacity: conditional(4) }))).toEqual([]);
      // Other namespaces have no image: a DynamoDB table's capacity is not the service's business.
      expect(noTaskWithoutImage(targetWith({ ServiceNamespace: 'dynamodb', MinCapacity: 5, MaxCapacity: 50 }))).toEqual([]);
    });

    it.each([
      ['missing', undefined, 'no deployment alarms'],
      ['disabled', { AlarmNames: ['stack-deploy-5xx'], Enable: false, Rollback: true }, 'deployment alarms disabled'],
      ['failing without rollback', { AlarmNames: ['stack-deploy-5xx'], Enable: true, Rollback: false }, 'fail without rolling back'],
      ['without names', { AlarmNames: [], Enable: true, Rollback: true }, 'no deployment alarm names'],
      ['naming an alarm the stack lacks', { AlarmNames: ['stack-deploy-5xx', 'typo-deploy-5xx'], Enable: true, Rollback: true }, '"typo-deploy-5xx" is not an alarm'],
    ])('flags deployment alarms %s', (_case, alarms, message) => {
      const found = rollback(serviceWith(alarms));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(message);
    });

    it.each([
      ['a fixed minimum', { MinCapacity: 2, MaxCapacity: conditional(4) }, 'MinCapacity 2'],
      ['a fixed maximum', { MinCapacity: conditional(2), MaxCapacity: 4 }, 'MaxCapacity 4'],
      ['a minimum that is not 0 without an image', { MinCapacity: { 'Fn::If': ['HasImage', 2, 1] }, MaxCapacity: conditional(4) }, 'MinCapacity'],
      ['a condition other than HasImage', { MinCapacity: { 'Fn::If': ['IsProd', 2, 0] }, MaxCapacity: conditional(4) }, 'MinCapacity'],
    ])('flags ECS scaling with %s', (_case, bounds, message) => {
      const found = noTaskWithoutImage(targetWith({ ServiceNamespace: 'ecs', ...bounds }));
      expect(found).toHaveLength(1);
      expect(found[0]).toContain(message);
    });
  });
});
