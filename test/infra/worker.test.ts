import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

const worker = (env: string): Template => platform.template(`purchase-direct-${env}-service-order-events`);
const resourcesOf = (template: Template, type: string): Json[] => Object.values(template.findResources(type));

describe('a worker (the reference order-events worker)', () => {
  it('runs an ECS service with no load balancer, port or health check', () => {
    const t = worker('prod');
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    const [service] = resourcesOf(t, 'AWS::ECS::Service');
    expect(service.Properties.LoadBalancers ?? []).toEqual([]);
    expect(service.Properties.HealthCheckGracePeriodSeconds).toBeUndefined();
    const [task] = resourcesOf(t, 'AWS::ECS::TaskDefinition');
    expect(task.Properties.ContainerDefinitions[0].PortMappings).toBeUndefined();
    const variables = task.Properties.ContainerDefinitions[0].Environment.map((v: Json) => v.Name);
    expect(variables).not.toContain('PORT');
  });

  it('rolls a deployment back on the circuit breaker and on its dead-letter alarm', () => {
    const t = worker('prod');
    t.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { AlarmNames: ['purchase-direct-prod-service-order-events-deploy-dead-letters'], Enable: true, Rollback: true },
      },
    });
    const [alarm] = resourcesOf(t, 'AWS::CloudWatch::Alarm').filter((a) => a.Properties.AlarmName.endsWith('-deploy-dead-letters'));
    const expression = alarm.Properties.Metrics.find((m: Json) => m.Expression);
    expect(expression.Expression).toBe('DIFF(FILL(deadLetters, 0))');
    const deadLetters = alarm.Properties.Metrics.find((m: Json) => m.Id === 'deadLetters');
    expect(deadLetters.MetricStat.Metric).toMatchObject({
      Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: 'purchase-direct-prod-order-events-dlq' }],
    });
    expect(alarm.Properties).toMatchObject({ Threshold: 1, EvaluationPeriods: 2, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
    // The alarm exists before the service that watches it.
    const [serviceId] = Object.keys(t.findResources('AWS::ECS::Service'));
    const [alarmId] = Object.entries(t.findResources('AWS::CloudWatch::Alarm')).find(([, a]) => (a as Json).Properties.AlarmName.endsWith('-deploy-dead-letters'))!;
    expect((t.toJSON().Resources[serviceId!] as Json).DependsOn).toContain(alarmId);
  });

  it('gives a stopping task 120 s, Fargate\'s maximum, to finish the message in hand', () => {
    const [task] = resourcesOf(worker('prod'), 'AWS::ECS::TaskDefinition');
    expect(task.Properties.ContainerDefinitions[0].StopTimeout).toBe(120);
  });

  it('scales between desiredCount and maxCount on visible messages per running task, target messagesPerTask, and on CPU', () => {
    const t = worker('prod');
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { 'Fn::If': ['HasImage', 2, 0] },
      MaxCapacity: { 'Fn::If': ['HasImage', 10, 0] },
    });
    const policies = resourcesOf(t, 'AWS::ApplicationAutoScaling::ScalingPolicy');
    expect(policies).toHaveLength(2);
    const backlog = policies.find((p) => p.Properties.TargetTrackingScalingPolicyConfiguration.CustomizedMetricSpecification)!;
    const configuration = backlog.Properties.TargetTrackingScalingPolicyConfiguration;
    expect(configuration.TargetValue).toBe(100);
    const spec = configuration.CustomizedMetricSpecification;
    // Only metric math: the single-metric fields CDK writes are removed.
    expect(Object.keys(spec)).toEqual(['Metrics']);
    expect(spec.Metrics).toEqual([
      {
        Id: 'visible', ReturnData: false,
        MetricStat: { Stat: 'Maximum', Metric: { Namespace: 'AWS/SQS', MetricName: 'ApproximateNumberOfMessagesVisible', Dimensions: [{ Name: 'QueueName', Value: 'purchase-direct-prod-order-events' }] } },
      },
      {
        Id: 'running', ReturnData: false,
        MetricStat: {
          Stat: 'Average',
          Metric: {
            Namespace: 'ECS/ContainerInsights', MetricName: 'RunningTaskCount',
            Dimensions: [{ Name: 'ClusterName', Value: expect.anything() }, { Name: 'ServiceName', Value: expect.anything() }],
          },
        },
      },
      { Id: 'backlog', Expression: 'visible / FILL(running, 1)', Label: 'order-events messages per task', ReturnData: true },
    ]);
    const cpu = policies.find((p) => p.Properties.TargetTrackingScalingPolicyConfiguration.PredefinedMetricSpecification)!;
    expect(cpu.Properties.TargetTrackingScalingPolicyConfiguration).toMatchObject({
      PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' }, TargetValue: 60,
    });
  });

  it('may consume its queue without a permissions entry, and gets its URL', () => {
    const t = worker('prod');
    const statements = resourcesOf(t, 'AWS::IAM::Policy').flatMap((p) => p.Properties.PolicyDocument.Statement);
    const consume = statements.find((s: Json) => [s.Action].flat().includes('sqs:ReceiveMessage'));
    expect(consume).toBeDefined();
    expect(JSON.stringify(consume.Resource)).toContain('purchase-direct-prod-order-events');
    expect(JSON.stringify(consume.Resource)).not.toContain('*');
    const [task] = resourcesOf(t, 'AWS::ECS::TaskDefinition');
    const variables = task.Properties.ContainerDefinitions[0].Environment.map((v: Json) => v.Name);
    expect(variables).toContain('ORDER_EVENTS_QUEUE_URL');
  });

  it('publishes its cluster and service for the dashboard, and no load balancer names', () => {
    const names = resourcesOf(worker('prod'), 'AWS::SSM::Parameter').map((p) => p.Properties.Name);
    expect(names.some((name: string) => name.endsWith('/cluster-name'))).toBe(true);
    expect(names.some((name: string) => name.endsWith('/service-name'))).toBe(true);
    expect(names.some((name: string) => name.includes('load-balancer') || name.includes('target-group'))).toBe(false);
  });
});
