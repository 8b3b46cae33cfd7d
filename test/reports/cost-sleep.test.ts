import { describe, expect, it } from 'vitest';
import type { CfnResource, SynthesizedStack } from '../../src/reports/assembly-reader';
import { DEFAULT_ASSUMPTIONS } from '../../src/reports/cost/assumptions';
import { CostLine, estimate } from '../../src/reports/cost/estimate';
import { planFromYaml } from '../support/reference';

// Hand-built templates, no synthesis: a sleeping economy environment (awake Mon-Fri 07:00-19:00,
// 60 h a week) with one web service of 2 tasks and one Aurora writer. A 730-hour month is
// 730 / 168 = 4.345238 weeks: the tasks run 60 × 4.345238 = 260.714 h, the writer also for the
// 30-minute start before each of the 5 windows, 62.5 × 4.345238 = 271.577 h.

const yaml = (schedule: string) => `project: shop
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@shop.example
github:
  owner: shop
environments:
  dev:
    account: "111111111111"
    branch: dev
    profile: economy
${schedule}databases:
  catalog:
    engine: aurora-postgresql
services:
  web:
    repository: shop/web
    port: 8080
    healthCheckPath: /health
    cpu: 512
    memoryMiB: 1024
    desiredCount: 2
    maxCount: 4
    databases: [catalog]
`;
const SLEEPING = planFromYaml(yaml('    schedule: { awake: "Mon-Fri 07:00-19:00", timezone: Europe/London }\n'));
const AWAKE = planFromYaml(yaml(''));

function stack(stackName: string, resources: Record<string, CfnResource>): SynthesizedStack {
  return { environment: 'dev', stackName, account: '111111111111', region: 'eu-west-2', template: { Resources: resources }, templateBytes: 0, terminationProtection: false, assetCount: 0 };
}

const STACKS = [
  stack('shop-dev-service-web', {
    Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '512', Memory: '1024', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' }, ContainerDefinitions: [{ Name: 'App' }] } },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: { Ref: 'Task' }, DesiredCount: { 'Fn::If': ['HasImage', 2, 0] },
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }],
        Tags: [{ Key: 'service', Value: 'web' }],
      },
    },
    Wake: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(5 7 ? * MON-FRI *)', Target: { Arn: 'arn:aws:scheduler:::aws-sdk:cloudwatch:enableAlarmActions' } } },
  }),
  stack('shop-dev-data', {
    Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { DBClusterIdentifier: 'shop-dev-catalog', Engine: 'aurora-postgresql' } },
    Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.t4g.medium', Engine: 'aurora-postgresql' } },
    Stop: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 19 ? * * *)', Target: { Arn: 'arn:aws:scheduler:::aws-sdk:rds:stopDBCluster' } } },
  }),
];

const run = (plan: typeof SLEEPING) => estimate({ stacks: STACKS, plan, environment: plan.environments[0]!, assumptions: DEFAULT_ASSUMPTIONS, mode: 'portside' });
const line = (lines: readonly CostLine[], item: string) => lines.find((l) => l.item === item)!;
const total = (lines: readonly CostLine[]) => lines.reduce((sum, l) => sum + l.monthlyUsd, 0);

describe('estimate of a sleeping environment', () => {
  it('prices Fargate tasks for the awake hours only', () => {
    const { lines } = run(SLEEPING);
    // 1.25 on-demand tasks × 0.5 vCPU × 260.714 h
    const vcpu = line(lines, 'Fargate ARM vCPU, on-demand');
    expect(vcpu.quantity).toBeCloseTo(162.946, 3);
    expect(vcpu.working).toBe('1.25 tasks on-demand × 0.5 vCPU × 260.7 h awake (Mon-Fri 07:00-19:00 Europe/London)');
    expect(line(lines, 'Fargate ARM memory, Spot').quantity).toBeCloseTo(0.75 * 1 * 260.714, 2);
  });

  it('prices Aurora instance-hours for the awake hours and the start lead, storage all month', () => {
    const { lines } = run(SLEEPING);
    const writer = line(lines, 'Aurora db.t4g.medium');
    expect(writer.quantity).toBeCloseTo(271.577, 3);
    expect(writer.working).toMatch(/^1 instance × 271\.6 h awake \(Mon-Fri 07:00-19:00 Europe\/London\), with 30 minutes' start before each window$/);
    expect(line(run(AWAKE).lines, 'Aurora storage').quantity).toBe(line(lines, 'Aurora storage').quantity);
  });

  it('prices the sleep schedules by their invocations, not as job runs', () => {
    const { lines } = run(SLEEPING);
    const invocations = line(lines, 'EventBridge Scheduler invocations, sleep');
    // 5 a week (Mon-Fri) + 7 a week (every day), over 4.348 weeks (365.25 / 12 / 7)
    expect(invocations.quantity * 1e6).toBeCloseTo((5 + 7) * (365.25 / 12 / 7), 3);
    expect(lines.some((l) => /job runs/.test(l.item))).toBe(false);
  });

  it('says what the schedule saves against the same environment awake around the clock', () => {
    const sleeping = run(SLEEPING);
    const allMonth = total(run(AWAKE).lines);
    const saving = allMonth - total(sleeping.lines);
    expect(saving).toBeGreaterThan(0);
    const note = sleeping.notes.find((n) => n.startsWith('schedule '))!;
    expect(note).toBe(`schedule Mon-Fri 07:00-19:00 Europe/London: awake 60 h a week, so tasks and Aurora instances are priced for those hours; `
      + `saves $${saving.toFixed(2)} a month (${((saving / allMonth) * 100).toFixed(0)}%) against $${allMonth.toFixed(2)} awake around the clock; `
      + 'load balancers, NAT gateways, storage, backups and logs cost the same asleep');
    expect(run(AWAKE).notes.some((n) => n.startsWith('schedule '))).toBe(false);
  });
});
