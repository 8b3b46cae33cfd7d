import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { planFromYaml, synthesize, SynthesizedPlatform } from '../support/reference';
import { violations } from '../support/invariants';
import { portside } from '../support/cli';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * A manifest written for this test only (not the reference), using every workload and container
 * field of MANIFEST.md version 2: the three kinds, a FIFO queue, a rate schedule, calls from a job,
 * command, user, readonlyRootFilesystem and a sidecar with variables and a secret.
 */
const MANIFEST = `project: tidy
region: eu-west-1
drRegion: eu-central-1
alertEmail: ops@tidy.example
github: { owner: tidy-co }
environments:
  test:
    account: "444444444444"
    branch: main
    profile: economy
buckets:
  exports: { expireAfterDays: 30 }
queues:
  jobs:
    fifo: true
    visibilityTimeoutSeconds: 300
    maxReceiveCount: 3
services:
  api:
    repository: tidy-co/api
    port: 9000
    healthCheckPath: /ready
    cpu: 1024
    memoryMiB: 2048
    public: false
    command: ["/app/server", "--port", "9000"]
    permissions:
      queues: { jobs: send }
    sidecars:
      otel:
        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1
        cpu: 128
        memoryMiB: 256
        essential: true
        environment: { AOT_CONFIG_CONTENT: "receivers: {}" }
        secrets:
          API_TOKEN: arn:aws:secretsmanager:eu-west-1:444444444444:secret:otel-token-AbCdEf
  runner:
    kind: worker
    repository: tidy-co/runner
    queue: jobs
    scaling: { messagesPerTask: 20, cpuPercent: 70 }
    cpu: 512
    memoryMiB: 1024
    maxCount: 6
    command: ["/app/runner"]
    user: "1000:1000"
  sweeper:
    kind: job
    repository: tidy-co/sweeper
    schedule: "rate(6 hours)"
    timezone: America/New_York
    timeoutMinutes: 20
    retries: 1
    cpu: 256
    memoryMiB: 512
    readonlyRootFilesystem: false
    calls: [api]
    permissions:
      buckets: { exports: read-write }
`;

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(planFromYaml(MANIFEST));
});

const stack = (service: string) => platform.template(`tidy-test-service-${service}`);
const containersOf = (service: string): Json[] => Object.values<Json>(stack(service).findResources('AWS::ECS::TaskDefinition'))[0].Properties.ContainerDefinitions;

describe('a manifest using every v2 workload field', () => {
  it('plans cdk-nag clean (AwsSolutions and NIST 800-53 rev 5) and keeps every invariant', () => {
    const { app } = buildApp(planFromYaml(MANIFEST), { compliance: false });
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
      const report = pack.validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`)).toEqual([]);
    }
    for (const service of ['api', 'runner', 'sweeper']) {
      expect(violations(stack(service).toJSON() as Parameters<typeof violations>[0]), service).toEqual([]);
    }
  });

  it('hardens every container of every kind: a user that is not root, a memory hard limit, a writable task-local /tmp', () => {
    for (const service of ['api', 'runner', 'sweeper']) {
      for (const container of containersOf(service)) {
        expect(container.User, `${service}/${container.Name}`).toMatch(/^[1-9]\d*:\d+$/);
        expect(container.Memory, `${service}/${container.Name}`).toBeGreaterThan(0);
        expect(container.MountPoints).toEqual(expect.arrayContaining([expect.objectContaining({ ContainerPath: '/tmp', ReadOnly: false })]));
      }
    }
    // Read-only unless the manifest says otherwise (the job does).
    expect(containersOf('api').map((c) => c.ReadonlyRootFilesystem)).toEqual([true, true]);
    expect(containersOf('runner')[0].ReadonlyRootFilesystem).toBe(true);
    expect(containersOf('sweeper')[0].ReadonlyRootFilesystem).toBe(false);
    // The written user, and the service's own uid otherwise.
    expect(containersOf('runner')[0].User).toBe('1000:1000');
    expect(containersOf('api')[0].User).toBe(containersOf('api')[1].User);
  });

  it('runs the written command', () => {
    expect(containersOf('api')[0].Command).toEqual(['/app/server', '--port', '9000']);
    expect(containersOf('runner')[0].Command).toEqual(['/app/runner']);
    expect(containersOf('sweeper')[0].Command).toBeUndefined();
  });

  it('fits the sidecar inside the task: its share out of the service container, essential as written, its own log stream and secret', () => {
    const [app, otel] = containersOf('api');
    expect(app).toMatchObject({ Name: 'App', Cpu: 1024 - 128, Memory: 2048 - 256, Essential: true });
    expect(otel).toMatchObject({
      Name: 'otel', Image: 'public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1', Cpu: 128, Memory: 256, Essential: true,
      Environment: [{ Name: 'AOT_CONFIG_CONTENT', Value: 'receivers: {}' }],
    });
    expect(otel.Secrets).toEqual([{ Name: 'API_TOKEN', ValueFrom: 'arn:aws:secretsmanager:eu-west-1:444444444444:secret:otel-token-AbCdEf' }]);
    // Same log group, a stream of its own (<prefix>/<container>/<task id>).
    expect(otel.LogConfiguration.Options['awslogs-group']).toEqual(app.LogConfiguration.Options['awslogs-group']);
    expect(otel.LogConfiguration.Options['awslogs-stream-prefix']).toBe('api');
    // The execution role may read the sidecar's secret and decrypt it through Secrets Manager only.
    const statements = Object.values<Json>(stack('api').findResources('AWS::IAM::Policy')).flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(statements)).toContain('otel-token-AbCdEf');
    const decrypt = statements.find((s: Json) => s.Sid === 'DecryptManifestSecrets');
    expect(decrypt.Condition.StringEquals['kms:EncryptionContext:SecretARN']).toEqual(['arn:aws:secretsmanager:eu-west-1:444444444444:secret:otel-token-AbCdEf']);
  });

  it('scales the worker on its FIFO queue\'s backlog per task and on CPU', () => {
    const policies = Object.values<Json>(stack('runner').findResources('AWS::ApplicationAutoScaling::ScalingPolicy')).map((p) => p.Properties.TargetTrackingScalingPolicyConfiguration);
    const backlog = policies.find((c) => c.CustomizedMetricSpecification)!;
    expect(backlog.TargetValue).toBe(20);
    expect(backlog.CustomizedMetricSpecification.Metrics[0].MetricStat.Metric.Dimensions).toEqual([{ Name: 'QueueName', Value: 'tidy-test-jobs.fifo' }]);
    expect(policies.find((c) => c.PredefinedMetricSpecification)!.TargetValue).toBe(70);
  });

  it('runs the job on its rate schedule in its time zone, stopping a run after 20 minutes, retrying once', () => {
    const [schedule] = Object.values<Json>(stack('sweeper').findResources('AWS::Scheduler::Schedule'));
    expect(schedule.Properties).toMatchObject({ ScheduleExpression: 'rate(6 hours)', ScheduleExpressionTimezone: 'America/New_York' });
    const [machine] = Object.values<Json>(stack('sweeper').findResources('AWS::StepFunctions::StateMachine'));
    const text = (machine.Properties.DefinitionString['Fn::Join'][1] as unknown[]).filter((part) => typeof part === 'string').join('');
    expect(text).toContain('"TimeoutSeconds":1200');
    expect(text).toContain('"MaxAttempts":1');
  });

  it('lets the job call the internal api: its runs carry the api\'s caller group, which the api\'s load balancer admits', () => {
    const [machine] = Object.values<Json>(stack('sweeper').findResources('AWS::StepFunctions::StateMachine'));
    const definition = JSON.stringify(machine.Properties.DefinitionString);
    const callers = /"OutputName":"(PublishOutput[^"]*CallersOfapi[^"]*)"/.exec(definition)?.[1];
    expect(callers).toBeDefined();
    const variables = containersOf('sweeper')[0].Environment.map((v: Json) => v.Name);
    expect(variables).toEqual(expect.arrayContaining(['API_URL', 'EXPORTS_BUCKET_NAME']));
    const ingress = Object.values<Json>(stack('api').findResources('AWS::EC2::SecurityGroupIngress')).map((rule) => rule.Properties);
    const fromCallers = ingress.filter((rule) => rule.SourceSecurityGroupId?.['Fn::GetStackOutput']?.OutputName === callers);
    expect(fromCallers.map((rule) => [rule.FromPort, rule.ToPort])).toEqual([[80, 80]]);
    // The internal load balancer admits nothing else from the VPC: no CIDR rule anywhere in the stack.
    expect(JSON.stringify(stack('api').toJSON())).not.toMatch(/"CidrIp":"10\./);
  });

  it.each([
    ['a worker with a port', MANIFEST.replace('    kind: worker\n', '    kind: worker\n    port: 8080\n'), 'services.runner.port'],
    ['a job without a schedule', MANIFEST.replace('    schedule: "rate(6 hours)"\n', ''), 'services.sweeper'],
    ['sidecars that do not fit', MANIFEST.replace('        memoryMiB: 256\n', '        memoryMiB: 2000\n'), 'services.api.sidecars'],
    ['a call to the worker', MANIFEST.replace('    calls: [api]', '    calls: [runner]'), 'services.sweeper.calls[0]'],
  ])('refuses %s: exit 2 with the field path', (_name, yaml, path) => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-workloads-'));
    const file = join(dir, 'portside.yaml');
    writeFileSync(file, yaml);
    const { status, stdout, stderr } = portside(['plan', '--manifest', file, '--out', join(dir, 'out')]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(` ${path}: `);
  });
});
