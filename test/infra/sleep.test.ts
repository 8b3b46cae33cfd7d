import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { cronDays, sleepTimes } from '../../src/infra/sleep/sleep-times';
import { readAssembly } from '../../src/reports/assembly-reader';
import { diagramDot } from '../../src/reports/diagram/diagram-dot';
import { environmentModel } from '../../src/reports/diagram/environment-model';
import { formatEnvironment } from '../../src/reports/plan-format';
import { summarizeEnvironments } from '../../src/reports/plan-summary';
import { planFromYaml, REPO_ROOT, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The reference manifest with dev asleep outside Mon-Fri 07:00-19:00 London time (its nightly job moved into the window). */
export const SLEEPING_REFERENCE = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8').replace(
  '    profile: economy\n    budgetMonthlyUsd: 1500\n',
  '    profile: economy\n    schedule: { awake: "Mon-Fri 07:00-19:00", timezone: Europe/London }\n    budgetMonthlyUsd: 1500\n'
    + '    overrides:\n      services:\n        product-feeds: { schedule: "cron(30 7 ? * MON-FRI *)" }\n',
);

let platform: SynthesizedPlatform;
const plan = planFromYaml(SLEEPING_REFERENCE);
beforeAll(() => {
  expect(SLEEPING_REFERENCE).toContain('schedule: { awake');
  platform = synthesize(plan);
});

const json = (stack: string): Json => platform.template(`purchase-direct-${stack}`).toJSON();
const ofType = (template: Json, type: string): [string, Json][] => Object.entries<Json>(template.Resources).filter(([, r]) => r.Type === type);
const universal = (template: Json, action: string) => ofType(template, 'AWS::Scheduler::Schedule').filter(([, r]) => JSON.stringify(r.Properties.Target.Arn).includes(`:aws-sdk:${action}`));
/** Minute of the day of a `cron(m h …)` expression. */
const minuteOf = (cron: string) => {
  const [minute, hour] = /^cron\((\S+) (\S+) /.exec(cron)!.slice(1).map(Number);
  return hour! * 60 + minute!;
};

describe('sleepTimes', () => {
  it('wakes services at the window, Aurora half an hour before, alarms 5 minutes after, and sleeps everything at its end every day', () => {
    expect(sleepTimes({ awake: 'Mon-Fri 07:00-19:00', days: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri'], start: '07:00', end: '19:00', timezone: 'Europe/London', awakeHoursPerWeek: 60, databaseStartLeadMinutes: 30 })).toEqual({
      servicesWake: 'cron(0 7 ? * MON-FRI *)',
      servicesSleep: 'cron(0 19 ? * * *)',
      databasesStart: 'cron(30 6 ? * MON-FRI *)',
      databasesStop: 'cron(0 19 ? * * *)',
      alarmsOff: 'cron(0 19 ? * * *)',
      alarmsOn: 'cron(5 7 ? * MON-FRI *)',
      timezone: 'Europe/London',
    });
  });

  it('moves a start before midnight to the day before', () => {
    const times = sleepTimes({ awake: 'Mon,Sat 00:10-08:00', days: ['Mon', 'Sat'], start: '00:10', end: '08:00', timezone: 'UTC', awakeHoursPerWeek: 15.67, databaseStartLeadMinutes: 30 });
    expect(times.databasesStart).toBe('cron(40 23 ? * SUN,FRI *)');
    expect(times.servicesWake).toBe('cron(10 0 ? * MON,SAT *)');
  });

  it('writes days in the field\'s SUN…SAT order, runs as ranges', () => {
    expect(cronDays(['Sat', 'Sun'])).toBe('SUN,SAT');
    expect(cronDays(['Mon', 'Wed', 'Fri'])).toBe('MON,WED,FRI');
    expect(cronDays(['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'])).toBe('SUN-SAT');
  });
});

describe('a sleeping environment', () => {
  it.each(['storefront', 'orders-api', 'backoffice', 'order-events'])('scales %s to 0 at 19:00 every day and back to its manifest counts at 07:00 on weekdays, London time', (name) => {
    const template = platform.template(`purchase-direct-dev-service-${name}`);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ScheduledActions: [
        { ScheduledActionName: 'Sleep', Schedule: 'cron(0 19 ? * * *)', Timezone: 'Europe/London', ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 0 } },
        {
          ScheduledActionName: 'Wake', Schedule: 'cron(0 7 ? * MON-FRI *)', Timezone: 'Europe/London',
          // The target's own bounds: desiredCount–maxCount once an image is set, 0 before.
          ScalableTargetAction: { MinCapacity: { 'Fn::If': ['HasImage', Match.anyValue(), 0] }, MaxCapacity: { 'Fn::If': ['HasImage', Match.anyValue(), 0] } },
        },
      ],
    });
    const [, target] = ofType(template.toJSON(), 'AWS::ApplicationAutoScaling::ScalableTarget')[0]!;
    const wake = target.Properties.ScheduledActions[1].ScalableTargetAction;
    expect(wake).toEqual({ MinCapacity: target.Properties.MinCapacity, MaxCapacity: target.Properties.MaxCapacity });
  });

  it('stops each Aurora cluster at 19:00 every day and starts it at 06:30 on weekdays, before the services wake', () => {
    const data = json('dev-data');
    for (const database of ['catalog', 'orders']) {
      const cluster = ofType(data, 'AWS::RDS::DBCluster').find(([, r]) => r.Properties.DBClusterIdentifier === `purchase-direct-dev-${database}`)![0];
      const input = { 'Fn::Join': ['', ['{"DbClusterIdentifier":"', { Ref: cluster }, '"}']] };
      const start = universal(data, 'rds:startDBCluster').filter(([, r]) => JSON.stringify(r.Properties.Target.Input) === JSON.stringify(input));
      const stop = universal(data, 'rds:stopDBCluster').filter(([, r]) => JSON.stringify(r.Properties.Target.Input) === JSON.stringify(input));
      expect([start.length, stop.length]).toEqual([1, 1]);
      expect(start[0]![1].Properties).toMatchObject({ ScheduleExpression: 'cron(30 6 ? * MON-FRI *)', ScheduleExpressionTimezone: 'Europe/London', FlexibleTimeWindow: { Mode: 'OFF' } });
      expect(stop[0]![1].Properties).toMatchObject({ ScheduleExpression: 'cron(0 19 ? * * *)', ScheduleExpressionTimezone: 'Europe/London' });
      // Bounded retries, no dead-letter queue: a stop of a stopped cluster fails harmlessly and is tried again tomorrow.
      expect(stop[0]![1].Properties.Target).toMatchObject({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 } });
      expect(stop[0]![1].Properties.Target.DeadLetterConfig).toBeUndefined();
      expect(minuteOf(start[0]![1].Properties.ScheduleExpression)).toBeLessThan(minuteOf('cron(0 7 ? * MON-FRI *)'));
    }
  });

  it('lets Scheduler stop and start exactly those clusters, and nothing else', () => {
    const data = json('dev-data');
    const role = ofType(data, 'AWS::IAM::Role').find(([id]) => id.startsWith('SleepSchedulesRole'))!;
    expect(role[1].Properties.AssumeRolePolicyDocument.Statement).toEqual([expect.objectContaining({
      Principal: { Service: 'scheduler.amazonaws.com' }, Condition: expect.objectContaining({ StringEquals: { 'aws:SourceAccount': '111111111111' } }),
    })]);
    const policy = ofType(data, 'AWS::IAM::Policy').find(([, r]) => r.Properties.Roles.some((ref: Json) => ref.Ref === role[0]))!;
    const statements = policy[1].Properties.PolicyDocument.Statement;
    expect(statements.flatMap((s: Json) => s.Action).sort()).toEqual(['rds:StartDBCluster', 'rds:StopDBCluster']);
    for (const statement of statements) {
      expect(statement.Resource).toHaveLength(2);
      expect(JSON.stringify(statement.Resource)).toMatch(/:cluster:",\{"Ref":"DatabasecatalogCluster\w+"\}.*:cluster:",\{"Ref":"DatabaseordersCluster\w+"\}/);
    }
  });

  it('turns off the actions of every alarm of its web services, workers and operations stack while asleep, and on again at 07:05', () => {
    for (const stack of ['dev-service-storefront', 'dev-service-orders-api', 'dev-service-backoffice', 'dev-service-order-events', 'dev-operations']) {
      const template = json(stack);
      const alarms = ofType(template, 'AWS::CloudWatch::Alarm').map(([id]) => id).sort();
      expect(alarms.length, stack).toBeGreaterThan(0);
      for (const [action, cron] of [['cloudwatch:disableAlarmActions', 'cron(0 19 ? * * *)'], ['cloudwatch:enableAlarmActions', 'cron(5 7 ? * MON-FRI *)']] as const) {
        const schedules = universal(template, action);
        expect(schedules.map(([, r]) => [r.Properties.ScheduleExpression, r.Properties.ScheduleExpressionTimezone])).toEqual(schedules.map(() => [cron, 'Europe/London']));
        const named = schedules.flatMap(([, r]) => r.Properties.Target.Input['Fn::Join'][1].filter((part: Json) => typeof part === 'object').map((part: Json) => part.Ref)).sort();
        expect(named, `${stack} ${action}`).toEqual(alarms);
      }
    }
  });

  it('leaves a job\'s alarms on: jobs keep their schedule while the environment sleeps', () => {
    const job = json('dev-service-product-feeds');
    expect(ofType(job, 'AWS::CloudWatch::Alarm')).toHaveLength(2);
    expect(universal(job, 'cloudwatch:')).toEqual([]);
    expect(ofType(job, 'AWS::ApplicationAutoScaling::ScalableTarget')).toEqual([]);
  });

  it('lets the delivery account (here the first environment\'s) wake its clusters before a deploy, through a role named by contract', () => {
    const data = platform.template('purchase-direct-dev-data');
    data.hasResourceProperties('AWS::IAM::Role', {
      RoleName: 'purchase-direct-dev-deploy-wake',
      AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { AWS: 'arn:aws:iam::111111111111:root' } })] },
    });
    const policies = ofType(data.toJSON(), 'AWS::IAM::Policy').filter(([id]) => id.startsWith('DeployWake'));
    expect(policies).toHaveLength(1);
    expect(policies[0]![1].Properties.PolicyDocument.Statement).toEqual([expect.objectContaining({ Action: ['rds:DescribeDBClusters', 'rds:StartDBCluster'] })]);
  });

  it('puts nothing to sleep in an environment without a schedule', () => {
    for (const stack of ['prod-data', 'prod-operations', 'prod-service-storefront', 'prod-service-order-events']) {
      const template = json(stack);
      expect(universal(template, ''), stack).toEqual([]);
      for (const [, target] of ofType(template, 'AWS::ApplicationAutoScaling::ScalableTarget')) expect(target.Properties.ScheduledActions).toBeUndefined();
    }
    expect(JSON.stringify(json('prod-data'))).not.toContain('deploy-wake');
  });
});

describe('plan and diagram of a sleeping environment', () => {
  it('portside plan says what sleeps and when, read from the templates; prod says nothing', () => {
    const summaries = summarizeEnvironments(readAssembly(platform.app.synth()));
    const dev = summaries.find((summary) => summary.environment === 'dev')!;
    expect(dev.sleep).toEqual({
      timezone: 'Europe/London',
      services: { count: 4, wake: 'cron(0 7 ? * MON-FRI *)', sleep: 'cron(0 19 ? * * *)' },
      databases: { count: 2, start: 'cron(30 6 ? * MON-FRI *)', stop: 'cron(0 19 ? * * *)' },
      alarms: { count: expect.any(Number), off: 'cron(0 19 ? * * *)', on: 'cron(5 7 ? * MON-FRI *)' },
    });
    const alarmCount = ['storefront', 'orders-api', 'backoffice', 'order-events'].map((name) => ofType(json(`dev-service-${name}`), 'AWS::CloudWatch::Alarm').length)
      .reduce((a, b) => a + b, ofType(json('dev-operations'), 'AWS::CloudWatch::Alarm').length);
    expect(dev.sleep!.alarms.count).toBe(alarmCount);
    expect(formatEnvironment(dev)).toContain(`  sleeps     Europe/London: 2 Aurora clusters start cron(30 6 ? * MON-FRI *), stop cron(0 19 ? * * *); `
      + `4 services wake cron(0 7 ? * MON-FRI *), scale to 0 cron(0 19 ? * * *); ${alarmCount} alarms silent from cron(0 19 ? * * *), notify again cron(5 7 ? * MON-FRI *)`);
    expect(summaries.find((summary) => summary.environment === 'prod')!.sleep).toBeUndefined();
  });

  it('the diagram names the window and what sleeps outside it', () => {
    const stacks = readAssembly(platform.app.synth());
    const dot = diagramDot(environmentModel(stacks, plan, 'dev'));
    expect(dot).toMatch(/awake Mon-Fri 07:00-19:00 Europe\/London; asleep outside it: 4 services at 0 tasks, 2 Aurora clusters stopped, \d+ alarms silent/);
    expect(diagramDot(environmentModel(stacks, plan, 'prod'))).not.toContain('asleep');
  });
});
