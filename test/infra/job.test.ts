import type { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

const STACK = (env: string) => `purchase-direct-${env}-service-product-feeds`;
const job = (env: string): Template => platform.template(STACK(env));
const resourcesOf = (template: Template, type: string): [string, Json][] => Object.entries(template.findResources(type));
const only = (template: Template, type: string): [string, Json] => {
  const found = resourcesOf(template, type);
  expect(found, type).toHaveLength(1);
  return found[0]!;
};
/** The state machine's definition: CDK writes it as Fn::Join of strings and references; references become placeholders. */
function definition(template: Template): Json {
  const [, machine] = only(template, 'AWS::StepFunctions::StateMachine');
  const parts = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  return JSON.parse(parts.map((part) => (typeof part === 'string' ? part : 'REF')).join(''));
}

describe('a job (the reference product-feeds job)', () => {
  it('runs no ECS service and no load balancer: a schedule starts a state machine that runs one task', () => {
    const t = job('prod');
    t.resourceCountIs('AWS::ECS::Service', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    t.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 0);
    only(t, 'AWS::ECS::TaskDefinition');
    only(t, 'AWS::StepFunctions::StateMachine');
  });

  it('is scheduled by EventBridge Scheduler in its own group, in its time zone, and stays DISABLED until the first image', () => {
    const t = job('prod');
    const [, group] = only(t, 'AWS::Scheduler::ScheduleGroup');
    expect(group.Properties.Name).toBe(STACK('prod'));
    const [, schedule] = only(t, 'AWS::Scheduler::Schedule');
    expect(schedule.Properties).toMatchObject({
      ScheduleExpression: 'cron(30 1 * * ? *)',
      ScheduleExpressionTimezone: 'Europe/London',
      FlexibleTimeWindow: { Mode: 'OFF' },
      State: { 'Fn::If': ['HasImage', 'ENABLED', 'DISABLED'] },
    });
    expect(schedule.Properties.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 3600 });
    // The pipeline sets only ImageUri: a job has no task count to set.
    expect(Object.keys(t.toJSON().Parameters)).toContain('ImageUri');
    expect(Object.keys(t.toJSON().Parameters)).not.toContain('SetTaskCount');
  });

  it('lets the schedule start exactly its state machine, nothing else', () => {
    const t = job('prod');
    const [stateMachineId] = only(t, 'AWS::StepFunctions::StateMachine');
    const [, schedule] = only(t, 'AWS::Scheduler::Schedule');
    expect(schedule.Properties.Target.Arn).toEqual({ Ref: stateMachineId });
    const roleId = schedule.Properties.Target.RoleArn['Fn::GetAtt'][0];
    const policies = resourcesOf(t, 'AWS::IAM::Policy').filter(([, p]) => p.Properties.Roles.some((r: Json) => r.Ref === roleId));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual([expect.objectContaining({ Action: 'states:StartExecution', Effect: 'Allow', Resource: { Ref: stateMachineId } })]);
  });

  it('runs the task with runTask.sync, stops it after timeoutMinutes, and retries twice with backoff', () => {
    const machine = definition(job('prod'));
    const state = machine.States[machine.StartAt];
    expect(state.Resource).toMatch(/:states:::ecs:runTask\.sync$/);
    expect(state.TimeoutSeconds).toBe(45 * 60);
    expect(state.Retry).toEqual([{
      ErrorEquals: ['States.TaskFailed', 'States.Timeout', 'ECS.AmazonECSException', 'AmazonECS.Unknown'],
      MaxAttempts: 2, IntervalSeconds: 60, BackoffRate: 2,
    }]);
    // In the private subnets, without a public IP, on the capacity of the profile: on-demand Fargate in resilient prod…
    expect(state.Parameters.NetworkConfiguration.AwsvpcConfiguration.AssignPublicIp ?? 'DISABLED').toBe('DISABLED');
    expect(state.Parameters.NetworkConfiguration.AwsvpcConfiguration.Subnets).toHaveLength(3);
    // The task definition's family: each run takes its latest revision, the one the last image deploy registered.
    expect(state.Parameters.TaskDefinition).toBe('prodServiceproductfeedsJobTaskDefinition535611F2');
    expect(state.Parameters.CapacityProviderStrategy).toEqual([{ CapacityProvider: 'FARGATE', Weight: 1 }]);
    // … and Fargate Spot beside one on-demand task in economy dev.
    expect(definition(job('dev')).States[machine.StartAt].Parameters.CapacityProviderStrategy).toEqual([
      { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
    ]);
  });

  it('retries nothing when retries is 0', () => {
    const yaml = readFileSync('portside.yaml', 'utf8').replace('    retries: 2\n', '');
    const other = synthesize(planFromYaml(yaml));
    const [, machine] = Object.entries<Json>(other.template(STACK('dev')).findResources('AWS::StepFunctions::StateMachine'))[0]!;
    const text = (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).filter((part) => typeof part === 'string').join('');
    expect(text).not.toContain('"Retry"');
    expect(text).toContain('"TimeoutSeconds":2700');
  });

  it('logs every run (encrypted, with its retention) and traces it', () => {
    const t = job('prod');
    const [, machine] = only(t, 'AWS::StepFunctions::StateMachine');
    expect(machine.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
    expect(machine.Properties.TracingConfiguration).toEqual({ Enabled: true });
    for (const [, group] of resourcesOf(t, 'AWS::Logs::LogGroup')) {
      expect(group.Properties.RetentionInDays).toBe(365);
      expect(group.Properties.KmsKeyId).toBeDefined();
    }
  });

  it('alarms to the environment topic when a run fails or does not start', () => {
    const t = job('prod');
    const alarms = resourcesOf(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties);
    expect(alarms.map((a) => a.AlarmName).sort()).toEqual([`${STACK('prod')}-job-failed`, `${STACK('prod')}-job-not-started`]);
    const topic = 'arn:aws:sns:eu-west-2:222222222222:purchase-direct-prod-alarms';
    for (const alarm of alarms) {
      expect(JSON.stringify(alarm.AlarmActions)).toContain(topic);
      expect(JSON.stringify(alarm.OKActions)).toContain(topic);
      expect(alarm.AlarmDescription).toMatch(/^\[critical\] Job product-feeds: /);
    }
  });

  it('publishes its state machine for the dashboard, and no cluster, service or load balancer', () => {
    const names = resourcesOf(job('prod'), 'AWS::SSM::Parameter').map(([, p]) => p.Properties.Name);
    expect(names).toEqual(['/portside/purchase-direct/prod/services/product-feeds/state-machine-arn']);
  });
});
