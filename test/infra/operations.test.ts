import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import {
  defaultMaxConnections,
  instanceMemoryGiB,
  serviceCpuAlarmPercent,
} from '../../src/infra/operations/alarm-thresholds';
import { BUDGET_NOTIFICATIONS } from '../../src/infra/operations/environment-budget';
import type { EnvironmentStage } from '../../src/infra/stacks/environment-stage';
import { alarmInventory } from '../support/alarms';
import { MINIMAL_MANIFEST, planFromYaml, REPO_ROOT, referencePlan, synthesize } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** The reference manifest: dev (economy, 111111111111) and prod (resilient, 222222222222), both eu-west-2. */
const platform = synthesize(referencePlan());
const stage = (env: string) => platform.stages.get(env)!;
const stacksOf = (s: EnvironmentStage): Stack[] => s.stacks;
const json = (stack: Stack): Json => platform.template(stack.stackName).toJSON();
const resources = (stack: Stack, type: string): [string, Json][] =>
  Object.entries<Json>(json(stack).Resources).filter(([, r]) => r.Type === type);
const only = (stack: Stack, type: string): [string, Json] => {
  const found = resources(stack, type);
  expect(found, `${stack.stackName}: ${type}`).toHaveLength(1);
  return found[0]!;
};
const topicArn = (env: string, account: string) => `arn:aws:sns:eu-west-2:${account}:purchase-direct-${env}-alarms`;
const ENVIRONMENTS = [['dev', '111111111111'], ['prod', '222222222222']] as const;

describe('alarm inventory', () => {
  // Every alarm of every stack of the environment: name | metric (or expression) | threshold, periods, missing data.
  // Adding, removing or retuning an alarm is a deliberate change of this list (and of docs/operations.md).
  const INVENTORY: Record<string, string[]> = {
  dev: [
    'purchase-direct-dev-network-redeploy-failed | AWS/States ExecutionsFailed Sum 300s | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-dev-data-database-users-errors | AWS/Lambda Errors Sum 300s | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-dev-service-storefront-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-storefront-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-storefront-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-storefront-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-storefront-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-storefront-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-dev-service-orders-api-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-orders-api-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-orders-api-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-orders-api-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-orders-api-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-orders-api-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-dev-service-backoffice-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-backoffice-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-backoffice-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-backoffice-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-backoffice-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-backoffice-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-dev-service-order-events-deploy-dead-letters | DIFF(FILL(deadLetters, 0)) {deadLetters: AWS/SQS ApproximateNumberOfMessagesVisible Maximum 60s} | >= 1 for 2 of 2, missing notBreaching',
    'purchase-direct-dev-service-order-events-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-order-events-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-service-order-events-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-dev-service-product-feeds-job-failed | FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0) {failed: AWS/States ExecutionsFailed Sum 300s, timedOut: AWS/States ExecutionsTimedOut Sum 300s, aborted: AWS/States ExecutionsAborted Sum 300s} | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-dev-service-product-feeds-job-not-started | FILL(dropped, 0) + FILL(startThrottled, 0) {dropped: AWS/Scheduler InvocationDroppedCount Sum 300s, startThrottled: AWS/States ExecutionThrottled Sum 300s} | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-dev-operations-db-catalog-cpu | AWS/RDS CPUUtilization Maximum 300s | >= 80 for 3 of 3, missing missing',
    'purchase-direct-dev-operations-db-catalog-connections | AWS/RDS DatabaseConnections Maximum 300s | >= 72 for 2 of 2, missing missing',
    'purchase-direct-dev-operations-db-catalog-freeable-memory | AWS/RDS FreeableMemory Minimum 300s | < 429496730 for 3 of 3, missing missing',
    'purchase-direct-dev-operations-db-orders-cpu | AWS/RDS CPUUtilization Maximum 300s | >= 80 for 3 of 3, missing missing',
    'purchase-direct-dev-operations-db-orders-connections | AWS/RDS DatabaseConnections Maximum 300s | >= 360 for 2 of 2, missing missing',
    'purchase-direct-dev-operations-db-orders-freeable-memory | AWS/RDS FreeableMemory Minimum 300s | < 429496730 for 3 of 3, missing missing',
    'purchase-direct-dev-operations-efs-media-throughput | ((metered / 1048576) / PERIOD(metered)) * 100 / (permitted / 1048576) {metered: AWS/EFS MeteredIOBytes Sum 300s, permitted: AWS/EFS PermittedThroughput Maximum 300s} | >= 80 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-operations-efs-media-io-limit | AWS/EFS PercentIOLimit Maximum 300s | >= 90 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-operations-queue-order-events-oldest-message-age | AWS/SQS ApproximateAgeOfOldestMessage Maximum 300s | > 86400 for 3 of 3, missing notBreaching',
    'purchase-direct-dev-operations-queue-order-events-dlq-messages | AWS/SQS ApproximateNumberOfMessagesVisible Maximum 300s | > 0 for 1 of 1, missing notBreaching',
  ],
  prod: [
    'purchase-direct-prod-network-redeploy-failed | AWS/States ExecutionsFailed Sum 300s | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-prod-data-database-users-errors | AWS/Lambda Errors Sum 300s | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-prod-service-storefront-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-storefront-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-storefront-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-storefront-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-storefront-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-storefront-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-prod-service-orders-api-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-orders-api-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-orders-api-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-orders-api-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-orders-api-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-orders-api-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-prod-service-backoffice-deploy-5xx | AWS/ApplicationELB HTTPCode_Target_5XX_Count Sum 60s | >= 5 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-backoffice-deploy-unhealthy | AWS/ApplicationELB UnHealthyHostCount Maximum 60s | >= 1 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-backoffice-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-backoffice-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-backoffice-p99-latency | AWS/ApplicationELB TargetResponseTime p99 300s | > 2 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-backoffice-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-prod-service-order-events-deploy-dead-letters | DIFF(FILL(deadLetters, 0)) {deadLetters: AWS/SQS ApproximateNumberOfMessagesVisible Maximum 60s} | >= 1 for 2 of 2, missing notBreaching',
    'purchase-direct-prod-service-order-events-cpu | AWS/ECS CPUUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-order-events-memory | AWS/ECS MemoryUtilization Average 300s | > 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-service-order-events-tasks-below-desired | IF(desired > 0, desired - FILL(running, 0), 0) {desired: ECS/ContainerInsights DesiredTaskCount Average 60s, running: ECS/ContainerInsights RunningTaskCount Average 60s} | >= 1 for 10 of 10, missing notBreaching',
    'purchase-direct-prod-service-product-feeds-job-failed | FILL(failed, 0) + FILL(timedOut, 0) + FILL(aborted, 0) {failed: AWS/States ExecutionsFailed Sum 300s, timedOut: AWS/States ExecutionsTimedOut Sum 300s, aborted: AWS/States ExecutionsAborted Sum 300s} | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-prod-service-product-feeds-job-not-started | FILL(dropped, 0) + FILL(startThrottled, 0) {dropped: AWS/Scheduler InvocationDroppedCount Sum 300s, startThrottled: AWS/States ExecutionThrottled Sum 300s} | >= 1 for 1 of 1, missing notBreaching',
    'purchase-direct-prod-operations-db-catalog-cpu | AWS/RDS CPUUtilization Maximum 300s | >= 80 for 3 of 3, missing missing',
    'purchase-direct-prod-operations-db-catalog-connections | AWS/RDS DatabaseConnections Maximum 300s | >= 1600 for 2 of 2, missing missing',
    'purchase-direct-prod-operations-db-catalog-freeable-memory | AWS/RDS FreeableMemory Minimum 300s | < 3435973837 for 3 of 3, missing missing',
    'purchase-direct-prod-operations-db-catalog-replica-lag | AWS/RDS AuroraReplicaLagMaximum Maximum 60s | >= 1000 for 5 of 5, missing notBreaching',
    'purchase-direct-prod-operations-db-orders-cpu | AWS/RDS CPUUtilization Maximum 300s | >= 80 for 3 of 3, missing missing',
    'purchase-direct-prod-operations-db-orders-connections | AWS/RDS DatabaseConnections Maximum 300s | >= 1441 for 2 of 2, missing missing',
    'purchase-direct-prod-operations-db-orders-freeable-memory | AWS/RDS FreeableMemory Minimum 300s | < 1717986918 for 3 of 3, missing missing',
    'purchase-direct-prod-operations-db-orders-replica-lag | AWS/RDS AuroraReplicaLagMaximum Maximum 60s | >= 1000 for 5 of 5, missing notBreaching',
    'purchase-direct-prod-operations-efs-media-throughput | ((metered / 1048576) / PERIOD(metered)) * 100 / (permitted / 1048576) {metered: AWS/EFS MeteredIOBytes Sum 300s, permitted: AWS/EFS PermittedThroughput Maximum 300s} | >= 80 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-operations-efs-media-io-limit | AWS/EFS PercentIOLimit Maximum 300s | >= 90 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-operations-queue-order-events-oldest-message-age | AWS/SQS ApproximateAgeOfOldestMessage Maximum 300s | > 86400 for 3 of 3, missing notBreaching',
    'purchase-direct-prod-operations-queue-order-events-dlq-messages | AWS/SQS ApproximateNumberOfMessagesVisible Maximum 300s | > 0 for 1 of 1, missing notBreaching',
  ],
  };

  it.each(Object.keys(INVENTORY))('lists every alarm of %s by name, metric and threshold', (env) => {
    expect(alarmInventory(stacksOf(stage(env)).map(json))).toEqual(INVENTORY[env]);
  });

  it.each(ENVIRONMENTS)('sends every alarm of %s to the environment topic on ALARM and OK, with a description that says what to do', (env, account) => {
    const alarms = stacksOf(stage(env)).flatMap((stack) => resources(stack, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties));
    expect(alarms.length).toBeGreaterThan(20);
    for (const alarm of alarms) {
      expect(alarm.ActionsEnabled, alarm.AlarmName).not.toBe(false);
      expect(alarm.AlarmActions, alarm.AlarmName).toEqual([topicArn(env, account)]);
      expect(alarm.OKActions, alarm.AlarmName).toEqual([topicArn(env, account)]);
      expect(alarm.AlarmDescription, alarm.AlarmName).toMatch(/^\[(critical|warning)\] .+ Do: .+ Runbook: docs\/operations\.md, "Environment monitoring"\.$/s);
      expect(alarm.AlarmDescription.length, alarm.AlarmName).toBeLessThanOrEqual(1024);
      expect(alarm.AlarmName, alarm.AlarmName).toMatch(new RegExp(`^purchase-direct-${env}-(service-[a-z-]+|operations|network|data)-[a-z0-9-]+$`));
    }
    // Every alarm the runbook documents is in it.
    const prefixes = [...stage(env).services.keys()].map((name) => `purchase-direct-${env}-service-${name}-`)
      .concat(['operations', 'network', 'data'].map((stack) => `purchase-direct-${env}-${stack}-`));
    const names = alarms.map((a) => a.AlarmName.slice(prefixes.find((prefix) => a.AlarmName.startsWith(prefix))!.length));
    const kind = (n: string) => n.replace(/^(db|efs)-[a-z0-9]+-/, '$1-').replace(/^queue-[a-z0-9-]+-(oldest-message-age|dlq-messages)$/, 'queue-$1');
    expect(new Set(names.map(kind))).toEqual(new Set(
      ['redeploy-failed', 'database-users-errors', 'deploy-5xx', 'deploy-unhealthy', 'deploy-dead-letters', 'job-failed', 'job-not-started', 'cpu', 'memory', 'p99-latency', 'tasks-below-desired', 'db-cpu', 'db-connections', 'db-freeable-memory', 'efs-throughput', 'efs-io-limit',
        'queue-oldest-message-age', 'queue-dlq-messages',
        ...(env === 'prod' ? ['db-replica-lag'] : [])],
    ));
  });

  it('documents every kind of alarm in docs/operations.md, under "Environment monitoring"', () => {
    const docs = readFileSync(join(REPO_ROOT, 'docs', 'operations.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Environment monitoring'), docs.indexOf('## Account audit'));
    const headings = [...section.matchAll(/^#### `([^`]+)` \[(critical|warning)\]/gm)].map((m) => `${m[1]} ${m[2]}`);
    expect(headings).toEqual([
      '<stack>-deploy-5xx critical', '<stack>-deploy-unhealthy critical', '<stack>-tasks-below-desired critical',
      '<stack>-p99-latency warning', '<stack>-cpu warning', '<stack>-memory warning',
      '<stack>-deploy-dead-letters critical', '<stack>-job-failed critical', '<stack>-job-not-started critical',
      'db-<name>-cpu warning', 'db-<name>-connections warning', 'db-<name>-freeable-memory warning', 'db-<name>-replica-lag warning',
      'efs-<name>-throughput warning', 'efs-<name>-io-limit warning',
      'queue-<name>-oldest-message-age critical', 'queue-<name>-dlq-messages warning',
      '<data-stack>-database-users-errors critical', '<network-stack>-redeploy-failed critical',
    ]);
    // The severity in the runbook is the severity in the alarm.
    const alarms = [...platform.stages.values()].flatMap(stacksOf).flatMap((stack) => resources(stack, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties));
    for (const heading of headings) {
      const [pattern, severity] = heading.split(' ');
      const owner = /^<(?:(data|network)-)?stack>/.exec(pattern!);
      const suffix = pattern!.replace(/^<[^>]+>/, '').replace(/^(db|efs|queue)-<name>/, '');
      const inStack = (name: string) => (owner ? name.includes(owner[1] ? `-${owner[1]}-` : '-service-') : name.includes(`-operations-${pattern!.split('-')[0]}-`));
      const matching = alarms.filter((a) => a.AlarmName.endsWith(suffix) && inStack(a.AlarmName));
      expect(matching.length, heading).toBeGreaterThan(0);
      for (const alarm of matching) expect(alarm.AlarmDescription.startsWith(`[${severity}]`), alarm.AlarmName).toBe(true);
    }
  });

  it('never alarms on a service scaled to zero: the expression is 0 while DesiredTaskCount is 0', () => {
    const [, alarm] = resources(stage('dev').services.get('storefront')!, 'AWS::CloudWatch::Alarm')
      .find(([, a]) => a.Properties.AlarmName.endsWith('-tasks-below-desired'))!;
    expect(alarm.Properties.Metrics[0].Expression).toBe('IF(desired > 0, desired - FILL(running, 0), 0)');
    expect(alarm.Properties.TreatMissingData).toBe('notBreaching');
  });

  it('keeps the CPU alarm above the CPU scaling target', () => {
    expect(serviceCpuAlarmPercent(60)).toBe(90);
    expect(serviceCpuAlarmPercent(85)).toBe(90);
    expect(serviceCpuAlarmPercent(90)).toBe(95);
    const plan = planFromYaml(MINIMAL_MANIFEST.replace('    memoryMiB: 512\n', '    memoryMiB: 512\n    scaling:\n      cpuPercent: 88\n'));
    const built = synthesize(plan);
    const web = built.template('solo-dev-service-web').toJSON();
    const cpu = Object.values<Json>(web.Resources).find((r) => r.Properties?.AlarmName === 'solo-dev-service-web-cpu');
    expect(cpu.Properties.Threshold).toBe(93);
    const scaling = Object.values<Json>(web.Resources).find((r) => r.Type === 'AWS::ApplicationAutoScaling::ScalingPolicy'
      && r.Properties.TargetTrackingScalingPolicyConfiguration?.PredefinedMetricSpecification?.PredefinedMetricType === 'ECSServiceAverageCPUUtilization');
    expect(scaling.Properties.TargetTrackingScalingPolicyConfiguration.TargetValue).toBeLessThan(cpu.Properties.Threshold);
  });

  it('derives the Aurora connection and memory thresholds from the instance class (AWS\'s default max_connections)', () => {
    expect(instanceMemoryGiB('db.t4g.medium')).toBe(4);
    expect(instanceMemoryGiB('db.r7g.large')).toBe(16);
    expect(instanceMemoryGiB('db.r7g.xlarge')).toBe(32);
    expect(instanceMemoryGiB('db.r6g.16xlarge')).toBe(512);
    expect(instanceMemoryGiB('db.x2g.large')).toBe(32);
    expect(() => instanceMemoryGiB('db.m5.large')).toThrow(/no memory size/);
    // AWS's published Aurora MySQL table.
    expect(['db.t3.medium', 'db.t4g.large', 'db.r5.large', 'db.r6g.xlarge', 'db.r5.2xlarge', 'db.r5.4xlarge', 'db.r5.8xlarge', 'db.r5.12xlarge', 'db.r5.16xlarge', 'db.r5.24xlarge']
      .map((c) => defaultMaxConnections('aurora-mysql', c))).toEqual([90, 135, 1000, 2000, 3000, 4000, 5000, 6000, 6000, 7000]);
    // Aurora PostgreSQL: LEAST(memory / 9531392, 5000).
    expect(['db.t4g.medium', 'db.r7g.large', 'db.r7g.xlarge', 'db.r7g.2xlarge'].map((c) => defaultMaxConnections('aurora-postgresql', c)))
      .toEqual([450, 1802, 3604, 5000]);
  });
});

describe('environment alarm topic (network stack)', () => {
  it.each(ENVIRONMENTS)('%s: is KMS-encrypted with a rotating, retained operations key, SSL-only, and e-mails alertEmail', (env) => {
    const network = stage(env).network;
    const [keyId, key] = only(network, 'AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
    expect(only(network, 'AWS::KMS::Alias')[1].Properties).toEqual({ AliasName: `alias/purchase-direct-${env}-operations`, TargetKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    const [topicId, topic] = only(network, 'AWS::SNS::Topic');
    expect(topic.Properties).toMatchObject({ TopicName: `purchase-direct-${env}-alarms`, KmsMasterKeyId: { 'Fn::GetAtt': [keyId, 'Arn'] } });
    expect(only(network, 'AWS::SNS::Subscription')[1].Properties).toEqual({ Protocol: 'email', Endpoint: 'platform@purchase-direct.example', TopicArn: { Ref: topicId } });
  });

  it.each(ENVIRONMENTS)('%s: lets CloudWatch alarms and AWS Budgets use the key and publish, for this account only', (env, account) => {
    const network = stage(env).network;
    const keyStatements: Json[] = only(network, 'AWS::KMS::Key')[1].Properties.KeyPolicy.Statement;
    for (const service of ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com']) {
      expect(keyStatements, service).toContainEqual(expect.objectContaining({
        Effect: 'Allow', Principal: { Service: service }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*',
      }));
    }
    expect(keyStatements).toContainEqual(expect.objectContaining({ Sid: 'CloudWatchLogsEncryption', Principal: { Service: 'logs.eu-west-2.amazonaws.com' } }));
    const topicStatements: Json[] = only(network, 'AWS::SNS::TopicPolicy')[1].Properties.PolicyDocument.Statement;
    expect(topicStatements).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' }, Action: 'sns:Publish',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:cloudwatch:eu-west-2:${account}:alarm:*` }, StringEquals: { 'aws:SourceAccount': account } },
    }));
    expect(topicStatements).toContainEqual(expect.objectContaining({
      Effect: 'Allow', Principal: { Service: 'budgets.amazonaws.com' }, Action: 'sns:Publish',
      Condition: { ArnLike: { 'aws:SourceArn': `arn:aws:budgets::${account}:*` }, StringEquals: { 'aws:SourceAccount': account } },
    }));
    expect(topicStatements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('log group encryption', () => {
  it.each(ENVIRONMENTS)('%s: encrypts every log group of the environment with a customer managed key', (env) => {
    const groups = stacksOf(stage(env)).flatMap((stack) => resources(stack, 'AWS::Logs::LogGroup').map(([id, g]) => [`${stack.stackName}/${id}`, g] as const));
    expect(groups.length).toBeGreaterThan(5);
    expect(groups.filter(([, g]) => g.Properties.KmsKeyId === undefined).map(([path]) => path)).toEqual([]);
  });

  it('encrypts the flow logs and every service log group with the network stack\'s operations key', () => {
    const network = stage('prod').network;
    const [keyId] = only(network, 'AWS::KMS::Key');
    const networkLogs = resources(network, 'AWS::Logs::LogGroup');
    expect(networkLogs.map(([id]) => id.replace(/[0-9A-F]{8}$/, ''))).toEqual(['NetworkFlowLogs', 'RedeployerLogs']);
    expect(networkLogs.map(([, g]) => g.Properties.KmsKeyId)).toEqual([{ 'Fn::GetAtt': [keyId, 'Arn'] }, { 'Fn::GetAtt': [keyId, 'Arn'] }]);
    for (const service of stage('prod').services.values()) {
      const appLogs = resources(service, 'AWS::Logs::LogGroup').filter(([id]) => /^(Web|Worker|Job)Logs/.test(id));
      expect(appLogs, service.stackName).toHaveLength(1);
      expect(appLogs[0]![1].Properties.KmsKeyId['Fn::GetStackOutput']).toMatchObject({ StackName: 'purchase-direct-prod-network' });
      expect(appLogs[0]![1].Properties.KmsKeyId['Fn::GetStackOutput'].OutputName).toMatch(/OperationsKey/);
    }
  });
});

describe('OperationsStack', () => {
  it('is named <project>-<env>-operations and deploys after the data stack and every service stack', () => {
    for (const [env] of ENVIRONMENTS) {
      const s = stage(env);
      expect(s.operations.stackName).toBe(`purchase-direct-${env}-operations`);
      expect(s.operations.dependencies).toEqual(expect.arrayContaining([s.data, ...s.services.values()]));
    }
  });

  it('takes no CloudFormation reference from another stack: no export, no stack output', () => {
    for (const [env] of ENVIRONMENTS) {
      const text = JSON.stringify(json(stage(env).operations));
      expect(text).not.toContain('Fn::ImportValue');
      expect(text).not.toContain('Fn::GetStackOutput');
    }
    for (const s of [...platform.stages.values()].flatMap(stacksOf)) {
      expect(Object.keys(json(s).Outputs ?? {}).filter((o) => o.includes('Export')), s.stackName).toEqual([]);
    }
  });

  it('reads exactly the SSM parameters the data and service stacks write, as SSM-typed template parameters', () => {
    for (const [env] of ENVIRONMENTS) {
      const s = stage(env);
      const read = Object.values<Json>(json(s.operations).Parameters ?? {})
        .filter((p) => p.Type === 'AWS::SSM::Parameter::Value<String>' && p.Default.startsWith('/portside/')).map((p) => p.Default).sort();
      const written = [s.data, ...s.services.values()].flatMap((stack) => resources(stack, 'AWS::SSM::Parameter'))
        .map(([, p]) => p.Properties.Name).sort();
      expect(read).toEqual(written);
      expect(read).toEqual(expect.arrayContaining([
        `/portside/purchase-direct/${env}/services/storefront/load-balancer-full-name`,
        `/portside/purchase-direct/${env}/services/storefront/target-group-full-name`,
        `/portside/purchase-direct/${env}/services/storefront/cluster-name`,
        `/portside/purchase-direct/${env}/services/storefront/service-name`,
        `/portside/purchase-direct/${env}/databases/catalog/cluster-identifier`,
        `/portside/purchase-direct/${env}/databases/orders/cluster-identifier`,
        `/portside/purchase-direct/${env}/file-systems/media/file-system-id`,
        // A worker publishes no load balancer; a job only its state machine.
        `/portside/purchase-direct/${env}/services/order-events/cluster-name`,
        `/portside/purchase-direct/${env}/services/order-events/service-name`,
        `/portside/purchase-direct/${env}/services/product-feeds/state-machine-arn`,
      ]));
      expect(read).toHaveLength(3 * 4 + 2 + 1 + 2 + 1);
    }
  });

  it('publishes the values the metrics need: full names of the load balancer and target group, the cluster identifier', () => {
    const service = stage('prod').services.get('storefront')!;
    const value = (name: string) => resources(service, 'AWS::SSM::Parameter').find(([, p]) => p.Properties.Name.endsWith(name))![1].Properties.Value;
    expect(value('load-balancer-full-name')).toEqual({ 'Fn::GetAtt': [only(service, 'AWS::ElasticLoadBalancingV2::LoadBalancer')[0], 'LoadBalancerFullName'] });
    expect(value('target-group-full-name')).toEqual({ 'Fn::GetAtt': [only(service, 'AWS::ElasticLoadBalancingV2::TargetGroup')[0], 'TargetGroupFullName'] });
    expect(value('service-name')).toEqual({ 'Fn::GetAtt': [only(service, 'AWS::ECS::Service')[0], 'Name'] });
    const data = stage('prod').data;
    const clusters = resources(data, 'AWS::RDS::DBCluster').map(([id]) => ({ Ref: id }));
    expect(resources(data, 'AWS::SSM::Parameter').filter(([, p]) => p.Properties.Name.endsWith('/cluster-identifier')).map(([, p]) => p.Properties.Value))
      .toEqual(expect.arrayContaining(clusters));
  });

  it.each(ENVIRONMENTS)('%s: has the dashboard <project>-<env> with every service, cluster and volume', (env) => {
    const [, dashboard] = only(stage(env).operations, 'AWS::CloudWatch::Dashboard');
    expect(dashboard.Properties.DashboardName).toBe(`purchase-direct-${env}`);
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const heading of ['Service storefront', 'Service orders-api', 'Service backoffice', 'Aurora catalog', 'Aurora orders', 'EFS media']) {
      expect(body, heading).toContain(heading);
    }
    for (const metric of ['RequestCount', 'HTTPCode_Target_4XX_Count', 'HTTPCode_Target_5XX_Count', 'TargetResponseTime', 'p50', 'p99',
      'HealthyHostCount', 'UnHealthyHostCount', 'RunningTaskCount', 'DesiredTaskCount', 'CPUUtilization', 'MemoryUtilization',
      'DatabaseConnections', 'FreeableMemory', 'Deadlocks', 'MeteredIOBytes', 'PermittedThroughput', 'PercentIOLimit', 'DataReadIOBytes']) {
      expect(body, metric).toContain(metric);
    }
    expect(body.includes('AuroraReplicaLagMaximum'), 'replica lag only with readers').toBe(env === 'prod');
    // Every service's and cluster's metrics read its own SSM parameter.
    for (const parameter of Object.keys(json(stage(env).operations).Parameters).filter((p) => p.startsWith('SsmParameterValue'))) {
      expect(body, parameter).toContain(`{"Ref":"${parameter}"}`);
    }
  });

  it.each([['dev', 1500, '111111111111'], ['prod', 8000, '222222222222']] as const)('%s: budgets %d USD a month for the environment tag, notifying the topic at 80 percent actual and 100 percent forecast', (env, amount, account) => {
    const [, budget] = only(stage(env).operations, 'AWS::Budgets::Budget');
    expect(budget.Properties.Budget).toEqual({
      BudgetName: `purchase-direct-${env}`,
      BudgetType: 'COST',
      TimeUnit: 'MONTHLY',
      BudgetLimit: { Amount: amount, Unit: 'USD' },
      CostFilters: { TagKeyValue: [`user:environment$${env}`] },
    });
    expect(budget.Properties.NotificationsWithSubscribers).toEqual([
      {
        Notification: { NotificationType: 'ACTUAL', ComparisonOperator: 'GREATER_THAN', Threshold: 80, ThresholdType: 'PERCENTAGE' },
        Subscribers: [{ SubscriptionType: 'SNS', Address: topicArn(env, account) }],
      },
      {
        Notification: { NotificationType: 'FORECASTED', ComparisonOperator: 'GREATER_THAN', Threshold: 100, ThresholdType: 'PERCENTAGE' },
        Subscribers: [{ SubscriptionType: 'SNS', Address: topicArn(env, account) }],
      },
    ]);
    expect(BUDGET_NOTIFICATIONS.map((n) => n.notificationType)).toEqual(['ACTUAL', 'FORECASTED']);
  });

  it('creates no budget when the environment has no budgetMonthlyUsd, and still a dashboard', () => {
    const built = synthesize(planFromYaml(MINIMAL_MANIFEST));
    const ops = built.template('solo-dev-operations');
    ops.resourceCountIs('AWS::Budgets::Budget', 0);
    ops.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    ops.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const alarms = Object.values<Json>(built.template('solo-dev-service-web').toJSON().Resources).filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
    expect(alarms).toHaveLength(6);
  });

  it('keeps every stack of the environments far below the 500-resource limit', () => {
    for (const s of [...platform.stages.values()].flatMap(stacksOf)) {
      expect(Object.keys(json(s).Resources).length, s.stackName).toBeLessThan(150);
    }
    expect(Template.fromStack(stage('prod').operations).toJSON().Resources).toBeDefined();
  });
});
