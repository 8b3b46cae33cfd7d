import { describe, expect, it } from 'vitest';
import { costOf } from '../../src/cli/commands/cost';
import { UserError } from '../../src/cli/errors';
import type { Synthesis } from '../../src/cli/synthesis';
import type { CfnResource, SynthesizedStack } from '../../src/reports/assembly-reader';
import { DEFAULT_ASSUMPTIONS } from '../../src/reports/cost/assumptions';
import { CostLine, estimate, EstimateMode, scheduleIntervalDays, splitTasks } from '../../src/reports/cost/estimate';
import { formatCostReport } from '../../src/reports/cost/format';
import { COMMERCIAL_REGIONS } from '../../src/manifest/regions';
import { BUNDLED_TABLE, PriceKey, PRICES } from '../../src/reports/cost/prices';
import { STAND_IN_ORDER } from '../../src/reports/cost/stand-ins';
import { buildCostReport } from '../../src/reports/cost/report';
import { planFromYaml } from '../support/reference';

// Pure arithmetic: hand-built templates, no synthesis. Every expected figure is a literal worked
// out by hand from the price table (eu-west-2 unless a test says otherwise) and the default
// assumptions (730 h; economy: 1M requests/service, 20 GB databases and volumes, 40 deploys).

const PLAN = planFromYaml(`project: shop
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
services:
  web:
    repository: shop/web
    port: 8080
    healthCheckPath: /health
    cpu: 512
    memoryMiB: 1024
    desiredCount: 2
    maxCount: 4
`);
const DEV = PLAN.environments[0]!;

function stack(stackName: string, resources: Record<string, CfnResource>, options: { region?: string; environment?: string | null } = {}): SynthesizedStack {
  return {
    environment: options.environment === null ? undefined : (options.environment ?? 'dev'),
    stackName,
    account: '111111111111',
    region: options.region ?? 'eu-west-2',
    template: { Resources: resources },
    templateBytes: 0,
    terminationProtection: false,
    assetCount: 0,
  };
}

/** The `web` service as the service stack writes it: 2 tasks of 0.5 vCPU / 1 GB on ARM, Spot where allowed. */
function serviceStack(extra: Record<string, CfnResource> = {}, region = 'eu-west-2'): SynthesizedStack {
  return stack('shop-dev-service-web', {
    Task: {
      Type: 'AWS::ECS::TaskDefinition',
      Properties: {
        Cpu: '512', Memory: '1024', RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        ContainerDefinitions: [{ Name: 'App', LogConfiguration: { LogDriver: 'awslogs', Options: { 'awslogs-group': { Ref: 'Logs' } } } }],
      },
    },
    Service: {
      Type: 'AWS::ECS::Service',
      Properties: {
        TaskDefinition: { Ref: 'Task' },
        DesiredCount: { 'Fn::If': ['HasImage', 2, 0] },
        CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 1, Weight: 1 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 3 }],
        Tags: [{ Key: 'service', Value: 'web' }],
      },
    },
    Logs: { Type: 'AWS::Logs::LogGroup', Properties: { RetentionInDays: 30 } },
    ...extra,
  }, { region });
}

function run(stacks: SynthesizedStack[], mode: EstimateMode = 'portside') {
  return estimate({ stacks, plan: PLAN, environment: DEV, assumptions: DEFAULT_ASSUMPTIONS, mode });
}

function line(lines: readonly CostLine[], item: string | RegExp): CostLine {
  const found = lines.filter((l) => (typeof item === 'string' ? l.item === item : item.test(l.item)));
  expect(found, `exactly one line "${String(item)}" in ${lines.map((l) => l.item).join(' | ')}`).toHaveLength(1);
  return found[0]!;
}

describe('estimate', () => {
  describe('Fargate', () => {
    it('splits tasks over the capacity provider strategy: base first, the rest by weight', () => {
      // FARGATE base 1 weight 1, FARGATE_SPOT weight 3, 2 tasks: 1 + (2 − 1) × 1/4 = 1.25 on-demand, 0.75 Spot
      expect(splitTasks(2, [{ provider: 'FARGATE', base: 1, weight: 1 }, { provider: 'FARGATE_SPOT', base: 0, weight: 3 }])).toEqual({ onDemand: 1.25, spot: 0.75 });
      expect(splitTasks(3, [{ provider: 'FARGATE', base: 0, weight: 1 }])).toEqual({ onDemand: 3, spot: 0 });
    });

    it('prices ARM vCPU and memory, on-demand and Spot, from the task definition and the plan\'s task count', () => {
      const { lines } = run([serviceStack()]);
      // 1.25 tasks × 0.5 vCPU × 730 h = 456.25 vCPU-h × $0.03725 = $16.9953
      expect(line(lines, 'Fargate ARM vCPU, on-demand').quantity).toBeCloseTo(456.25, 6);
      expect(line(lines, 'Fargate ARM vCPU, on-demand').monthlyUsd).toBeCloseTo(16.9953, 4);
      // 1.25 tasks × 1 GB × 730 h = 912.5 GB-h × $0.00409 = $3.7321
      expect(line(lines, 'Fargate ARM memory, on-demand').monthlyUsd).toBeCloseTo(3.7321, 4);
      // 0.75 tasks × 0.5 vCPU × 730 h = 273.75 vCPU-h × $0.03725 × 0.30 (Spot share) = $3.0592
      expect(line(lines, 'Fargate ARM vCPU, Spot').monthlyUsd).toBeCloseTo(3.0592, 4);
      // 0.75 × 1 GB × 730 h = 547.5 GB-h × $0.00409 × 0.30 = $0.6718
      expect(line(lines, 'Fargate ARM memory, Spot').monthlyUsd).toBeCloseTo(0.6718, 4);
      // ARM Spot assumes x86's Spot share: unverified
      expect(line(lines, 'Fargate ARM vCPU, Spot').confidence).toBe('U');
    });

    it('prices the naive variant as x86, on-demand only', () => {
      const { lines } = run([serviceStack()], 'naive');
      // 2 tasks × 0.5 vCPU × 730 h = 730 vCPU-h × $0.04656 = $33.9888
      expect(line(lines, 'Fargate x86 vCPU, on-demand').monthlyUsd).toBeCloseTo(33.9888, 4);
      // 2 tasks × 1 GB × 730 h = 1,460 GB-h × $0.00511 = $7.4606
      expect(line(lines, 'Fargate x86 memory, on-demand').monthlyUsd).toBeCloseTo(7.4606, 4);
      expect(lines.filter((l) => /Spot|ARM/.test(l.item))).toEqual([]);
    });
  });

  describe('sidecars and jobs', () => {
    it('prices a sidecar\'s share of the task on lines of its own, the service\'s container the rest, the task whole', () => {
      const withSidecar = serviceStack();
      const task = withSidecar.template.Resources.Task!.Properties as { ContainerDefinitions: unknown[] };
      task.ContainerDefinitions.push({ Name: 'otel', Cpu: 128, Memory: 256 });
      const { lines } = run([withSidecar]);
      // 1.25 on-demand tasks × 0.125 vCPU × 730 h = 114.0625 vCPU-h; the service's container has 0.375 vCPU: 342.1875
      expect(line(lines, 'Fargate ARM vCPU, on-demand (sidecar otel)').quantity).toBeCloseTo(114.0625, 6);
      expect(line(lines, 'Fargate ARM vCPU, on-demand').quantity).toBeCloseTo(342.1875, 6);
      // 0.25 GB of 1 GB: 228.125 and 684.375 GB-h
      expect(line(lines, 'Fargate ARM memory, on-demand (sidecar otel)').quantity).toBeCloseTo(228.125, 6);
      expect(line(lines, 'Fargate ARM memory, on-demand').quantity).toBeCloseTo(684.375, 6);
      // Together exactly what the task alone costs.
      const vcpu = lines.filter((l) => l.item.startsWith('Fargate ARM vCPU, on-demand')).reduce((sum, l) => sum + l.quantity, 0);
      expect(vcpu).toBeCloseTo(456.25, 6);
    });

    it('prices a job per run at its timeout, with its Scheduler invocations and Step Functions transitions', () => {
      const plan = planFromYaml(`project: shop
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@shop.example
github: { owner: shop }
environments:
  dev: { account: "111111111111", branch: dev, profile: economy }
services:
  nightly:
    kind: job
    repository: shop/nightly
    schedule: "cron(0 2 * * ? *)"
    timeoutMinutes: 30
    retries: 1
    cpu: 1024
    memoryMiB: 2048
`);
      const jobStack = stack('shop-dev-service-nightly', {
        Task: { Type: 'AWS::ECS::TaskDefinition', Properties: { Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'ARM64' }, ContainerDefinitions: [{ Name: 'App' }] } },
        Schedule: { Type: 'AWS::Scheduler::Schedule', Properties: { ScheduleExpression: 'cron(0 2 * * ? *)', ScheduleExpressionTimezone: 'UTC' } },
      });
      const { lines } = estimate({ stacks: [jobStack], plan, environment: plan.environments[0]!, assumptions: DEFAULT_ASSUMPTIONS, mode: 'portside' });
      // 365.25 / 12 = 30.4375 runs × 0.5 h × 1 vCPU = 15.21875 vCPU-h; × 2 GB = 30.4375 GB-h
      expect(line(lines, 'Fargate ARM vCPU, job runs').quantity).toBeCloseTo(15.21875, 6);
      expect(line(lines, 'Fargate ARM memory, job runs').quantity).toBeCloseTo(30.4375, 6);
      expect(line(lines, 'EventBridge Scheduler invocations').quantity).toBeCloseTo(30.4375 / 1e6, 12);
      // Up to 2 + 2 × 2 attempts = 6 transitions a run
      expect(line(lines, 'Step Functions state transitions').quantity).toBeCloseTo((30.4375 * 6) / 1000, 9);
    });
  });

  describe('load balancing and WAF', () => {
    const lb = {
      LB: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Type: 'application', Scheme: 'internet-facing', Subnets: ['a', 'b'] } },
      Acl: { Type: 'AWS::WAFv2::WebACL', Properties: { Rules: [{ Name: 'A' }, { Name: 'B' }, { Name: 'C' }] } },
      AclLink: { Type: 'AWS::WAFv2::WebACLAssociation', Properties: { WebACLArn: { 'Fn::GetAtt': ['Acl', 'Arn'] }, ResourceArn: { Ref: 'LB' } } },
    };

    it('prices ALB hours, LCUs from requests and bytes, and a public IPv4 per AZ', () => {
      const { lines } = run([serviceStack(lb)]);
      // 1 ALB × 730 h × $0.02646 = $19.3158
      expect(line(lines, 'ALB hours').monthlyUsd).toBeCloseTo(19.3158, 4);
      // 1M requests × 50 KB = 50 GB / 730 h = 0.0685 GB/h (above 0.38 new connections/s ÷ 25 = 0.0152)
      // → 0.0685 LCU × 730 h = 50 LCU-h × $0.0084 = $0.42
      expect(line(lines, 'ALB LCU-hours').quantity).toBeCloseTo(50, 6);
      expect(line(lines, 'ALB LCU-hours').monthlyUsd).toBeCloseTo(0.42, 4);
      // 2 AZs × 730 h × $0.005 = $7.30
      expect(line(lines, 'public IPv4 (internet-facing ALB)').monthlyUsd).toBeCloseTo(7.3, 4);
    });

    it('prices a web ACL, its rules and the requests of the load balancer it protects', () => {
      const { lines } = run([serviceStack(lb)]);
      expect(line(lines, 'WAF web ACL').monthlyUsd).toBeCloseTo(5, 6); // 1 × $5
      expect(line(lines, 'WAF rules').monthlyUsd).toBeCloseTo(3, 6); // 3 rules × $1
      expect(line(lines, 'WAF requests').monthlyUsd).toBeCloseTo(0.6, 6); // 1M requests × $0.60 per million
    });

    it('gives an internal load balancer no public address', () => {
      const { lines } = run([serviceStack({ LB: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal', Subnets: ['a', 'b'] } } })]);
      expect(lines.filter((l) => /IPv4/.test(l.item))).toEqual([]);
    });
  });

  describe('network', () => {
    const network = stack('shop-dev-network', {
      Nat: { Type: 'AWS::EC2::NatGateway', Properties: {} },
      Eip: { Type: 'AWS::EC2::EIP', Properties: {} },
      S3: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Gateway', ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] } } },
      LogsEndpoint: { Type: 'AWS::EC2::VPCEndpoint', Properties: { VpcEndpointType: 'Interface', ServiceName: 'com.amazonaws.eu-west-2.logs', SubnetIds: ['a', 'b'] } },
    });

    it('prices NAT hours, Elastic IPs, interface endpoints per AZ, and routes each flow through NAT or an endpoint', () => {
      const { lines } = run([network, serviceStack()]);
      expect(line(lines, 'NAT gateway hours').monthlyUsd).toBeCloseTo(36.5, 6); // 1 × 730 h × $0.05
      expect(line(lines, 'public IPv4 (Elastic IPs)').monthlyUsd).toBeCloseTo(3.65, 6); // 1 × 730 h × $0.005
      expect(line(lines, 'interface endpoint logs').monthlyUsd).toBeCloseTo(16.06, 6); // 2 AZs × 730 h × $0.011
      // logs: 2 tasks × 1 GB = 2 GB through the logs endpoint × $0.01 = $0.02
      expect(line(lines, 'interface endpoint data processed').monthlyUsd).toBeCloseTo(0.02, 6);
      // NAT: egress 2 tasks × 2 GB = 4 GB × $0.05 = $0.20; image layers go through the S3 gateway endpoint (free)
      expect(line(lines, 'NAT data processed').quantity).toBeCloseTo(4, 6);
      expect(line(lines, 'NAT data processed').monthlyUsd).toBeCloseTo(0.2, 6);
      expect(lines.filter((l) => /gateway endpoint|s3/.test(l.item))).toEqual([]);
    });

    it('prices the naive network: a NAT gateway and address per AZ, no endpoints, every flow through NAT', () => {
      const { lines } = run([network, serviceStack()], 'naive');
      expect(line(lines, 'NAT gateway hours').monthlyUsd).toBeCloseTo(73, 6); // 2 AZs × 730 h × $0.05
      expect(line(lines, 'public IPv4 (NAT gateways)').monthlyUsd).toBeCloseTo(7.3, 6); // 2 × 730 h × $0.005
      // egress 4 GB + logs 2 GB + image pulls 2 tasks × 40 deploys × 0.3 GB = 24 GB → 30 GB × $0.05 = $1.50
      expect(line(lines, 'NAT data processed').quantity).toBeCloseTo(30, 6);
      expect(line(lines, 'NAT data processed').monthlyUsd).toBeCloseTo(1.5, 6);
      expect(lines.filter((l) => /endpoint/.test(l.item))).toEqual([]);
    });
  });

  describe('databases and storage', () => {
    const data = stack('shop-dev-data', {
      Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-postgresql', DBClusterIdentifier: 'shop-dev-orders', BackupRetentionPeriod: 7, ManageMasterUserPassword: true } },
      Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.r7g.large', Engine: 'aurora-postgresql' } },
      Volume: { Type: 'AWS::EFS::FileSystem', Properties: { LifecyclePolicies: [{ TransitionToIA: 'AFTER_30_DAYS' }], ThroughputMode: 'elastic' } },
      Key: { Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } },
    }, { region: 'us-east-1' });

    it('prices Aurora instances by class, storage, I/O, backups beyond the free size and the managed secret', () => {
      const { lines } = run([data]);
      // 730 h × $0.276 (db.r7g.large, us-east-1) = $201.48
      expect(line(lines, 'Aurora db.r7g.large').monthlyUsd).toBeCloseTo(201.48, 4);
      expect(line(lines, 'Aurora db.r7g.large').resource).toBe('orders writer');
      expect(line(lines, 'Aurora storage').monthlyUsd).toBeCloseTo(2, 6); // 20 GB × $0.10
      expect(line(lines, 'Aurora I/O').monthlyUsd).toBeCloseTo(1, 6); // 5M × $0.20 per million
      // 20 GB × 2% a day × 7 days = 2.8 GB × $0.021 = $0.0588
      expect(line(lines, 'Aurora backups beyond the free volume-size').monthlyUsd).toBeCloseTo(0.0588, 6);
      expect(line(lines, 'Secrets Manager secret (master user)').monthlyUsd).toBeCloseTo(0.4, 6);
      expect(line(lines, 'KMS key').monthlyUsd).toBeCloseTo(1, 6);
    });

    it('prices EFS Standard and Infrequent Access by the lifecycle policy, and Elastic Throughput', () => {
      const { lines } = run([data]);
      expect(line(lines, 'EFS Standard').monthlyUsd).toBeCloseTo(2.4, 6); // 20 GB × 40% = 8 GB × $0.30
      expect(line(lines, 'EFS Infrequent Access').monthlyUsd).toBeCloseTo(0.192, 6); // 20 GB × 60% = 12 GB × $0.016
      expect(line(lines, 'EFS Elastic Throughput reads').monthlyUsd).toBeCloseTo(0.3, 6); // 10 GB × $0.03
      expect(line(lines, 'EFS Elastic Throughput writes').monthlyUsd).toBeCloseTo(0.3, 6); // 5 GB × $0.06
    });

    it('prices S3 buckets by the stored-data assumption, standalone secrets, and advanced parameters only', () => {
      const { lines } = run([stack('shop-dev-operations', {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Secret: { Type: 'AWS::SecretsManager::Secret', Properties: { Name: 'shop/api-key' } },
        Standard: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x' } },
        Advanced: { Type: 'AWS::SSM::Parameter', Properties: { Type: 'String', Value: 'x', Tier: 'Advanced' } },
      })]);
      expect(line(lines, 'S3 Standard storage').monthlyUsd).toBeCloseTo(0.12, 6); // 5 GB × $0.024
      expect(line(lines, 'Secrets Manager secret').monthlyUsd).toBeCloseTo(0.4, 6); // 1 × $0.40
      expect(line(lines, 'SSM advanced parameter').monthlyUsd).toBeCloseTo(0.05, 6); // 1 × $0.05; the standard one is free
    });

    it('leaves the same databases in the naive variant', () => {
      const naive = run([data], 'naive').lines.filter((l) => l.category === 'database');
      expect(naive.map((l) => l.monthlyUsd)).toEqual(run([data]).lines.filter((l) => l.category === 'database').map((l) => l.monthlyUsd));
    });
  });

  describe('AWS Backup', () => {
    it('reads the schedule of a rule as days between recovery points', () => {
      expect(scheduleIntervalDays('cron(0 5 * * ? *)')).toBe(1);
      expect(scheduleIntervalDays('cron(0 5 ? * SUN *)')).toBe(7);
      expect(scheduleIntervalDays('cron(0 5 1 * ? *)')).toBe(30);
    });

    it('prices recovery points of the selected resources, their copies in the DR region, and the copy transfer', () => {
      const { lines } = run([stack('shop-dev-data', {
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql', BackupRetentionPeriod: 1 } },
        Volume: { Type: 'AWS::EFS::FileSystem', Properties: {} },
        Plan: {
          Type: 'AWS::Backup::BackupPlan',
          Properties: { BackupPlan: { BackupPlanRule: [{ RuleName: 'daily', ScheduleExpression: 'cron(0 5 * * ? *)', Lifecycle: { DeleteAfterDays: 7 }, CopyActions: [{ DestinationBackupVaultArn: 'arn:aws:backup:eu-west-1:111111111111:backup-vault:shop-dr' }] }] } },
        },
        Selection: {
          Type: 'AWS::Backup::BackupSelection',
          Properties: { BackupPlanId: { 'Fn::GetAtt': ['Plan', 'BackupPlanId'] }, BackupSelection: { Resources: [{ 'Fn::Join': ['', ['arn:aws:rds:eu-west-2:111111111111:cluster:', { Ref: 'Cluster' }]] }, { 'Fn::Join': ['', ['arn:', { Ref: 'Volume' }]] }] } },
        },
      })]);
      // daily, 7 kept: one full copy + 6 × 2% changes = 1.12 × 20 GB = 22.4 GB
      expect(line(lines, 'AWS Backup recovery points, Aurora').monthlyUsd).toBeCloseTo(0.4928, 6); // 22.4 GB × $0.022
      expect(line(lines, 'AWS Backup recovery points, EFS').monthlyUsd).toBeCloseTo(1.12, 6); // 22.4 GB × $0.05
      // the copies in eu-west-1 are as large; eu-west-1 has no Aurora backup figure, so its nearest
      // stand-in, eu-west-2, prices them: 22.4 GB × $0.022, marked U and named
      const copy = line(lines, 'AWS Backup copies in eu-west-1, Aurora');
      expect(copy.region).toBe('eu-west-1');
      expect(copy.monthlyUsd).toBeCloseTo(0.4928, 6);
      expect([copy.confidence, copy.standInFrom]).toEqual(['U', 'eu-west-2']);
      // each daily point sends its changes: 30.4167 points × 20 GB × 2% = 12.1667 GB per resource × 2 = 24.3333 GB × $0.02
      expect(line(lines, 'copy transfer to eu-west-1').quantity).toBeCloseTo(24.3333, 4);
      expect(line(lines, 'copy transfer to eu-west-1').monthlyUsd).toBeCloseTo(0.4867, 4);
    });
  });

  describe('observability', () => {
    it('prices log ingestion by writer and storage for the retention', () => {
      const { lines } = run([serviceStack({ WafLogs: { Type: 'AWS::Logs::LogGroup', Properties: { LogGroupName: 'aws-waf-logs-shop-dev-web', RetentionInDays: 365 } } })]);
      // application logs: 2 tasks × 1 GB = 2 GB × $0.5985 = $1.197
      expect(line(lines, 'log ingestion, application logs').monthlyUsd).toBeCloseTo(1.197, 6);
      // kept 30 days = 30 × 24 / 730 = 0.9863 months → 1.9726 GB-month × $0.0315 = $0.0621
      expect(line(lines, 'log storage, application logs').monthlyUsd).toBeCloseTo(0.0621, 4);
      // WAF: 1M requests × 1.5 KB = 1.5 GB × $0.5985 = $0.8978; kept 365 days = 12 months → 18 GB-month × $0.0315 = $0.567
      expect(line(lines, 'log ingestion, WAF logs').monthlyUsd).toBeCloseTo(0.8978, 4);
      expect(line(lines, 'log storage, WAF logs').monthlyUsd).toBeCloseTo(0.567, 6);
    });

    it('prices alarms per metric (anomaly detection counts 3, under 60 s is high resolution), dashboards, composite alarms and always-on metric filters', () => {
      const { lines } = run([stack('shop-dev-operations', {
        A: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'CPU', Period: 60 } },
        B: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Memory', Period: 300 } },
        Anomaly: { Type: 'AWS::CloudWatch::Alarm', Properties: { ThresholdMetricId: 'band', Metrics: [{ Id: 'm', MetricStat: { Period: 300 } }, { Id: 'band', Expression: 'ANOMALY_DETECTION_BAND(m)' }] } },
        Fast: { Type: 'AWS::CloudWatch::Alarm', Properties: { MetricName: 'Errors', Period: 10 } },
        Board: { Type: 'AWS::CloudWatch::Dashboard', Properties: {} },
        Both: { Type: 'AWS::CloudWatch::CompositeAlarm', Properties: {} },
        Filter: { Type: 'AWS::Logs::MetricFilter', Properties: { MetricTransformations: [{ MetricName: 'Errors', DefaultValue: 0 }] } },
        Rare: { Type: 'AWS::Logs::MetricFilter', Properties: { MetricTransformations: [{ MetricName: 'RootLogin' }] } },
      })]);
      expect(line(lines, 'alarms').quantity).toBe(5); // 2 standard + 3 for the anomaly alarm
      expect(line(lines, 'alarms').monthlyUsd).toBeCloseTo(0.5, 6); // 5 × $0.10
      expect(line(lines, 'high-resolution alarms').monthlyUsd).toBeCloseTo(0.3, 6); // 1 × $0.30
      expect(line(lines, 'dashboards').monthlyUsd).toBeCloseTo(3, 6); // 1 × $3
      expect(line(lines, 'composite alarms').monthlyUsd).toBeCloseTo(0.5, 6); // 1 × $0.50
      expect(line(lines, 'custom metrics from metric filters').monthlyUsd).toBeCloseTo(0.3, 6); // 1 with a default value × $0.30
    });

    it('prices Container Insights as custom metrics and performance-log ingestion', () => {
      const { lines } = run([
        stack('shop-dev-network', { Cluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } } }),
        serviceStack(),
      ]);
      // 13 per cluster + 1 service × (15 + 10) = 38 metrics × $0.30 = $11.40
      expect(line(lines, 'Container Insights metrics').monthlyUsd).toBeCloseTo(11.4, 6);
      // 2 tasks × 0.1 GB = 0.2 GB × $0.5985 = $0.1197
      expect(line(lines, 'Container Insights performance logs').monthlyUsd).toBeCloseTo(0.1197, 6);
    });
  });

  describe('delivery', () => {
    it('prices CodePipeline V2 action-minutes and CodeBuild minutes per project, ECR storage and replication', () => {
      const delivery = stack('shop-delivery', {
        Repo: { Type: 'AWS::ECR::Repository', Properties: { RepositoryName: 'shop/web' } },
        Replication: { Type: 'AWS::ECR::ReplicationConfiguration', Properties: { ReplicationConfiguration: { Rules: [{ Destinations: [{ Region: 'eu-west-1' }] }] } } },
        Image: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { Type: 'ARM_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL' } } },
        Deploy: { Type: 'AWS::CodeBuild::Project', Properties: { Environment: { Type: 'LINUX_CONTAINER', ComputeType: 'BUILD_GENERAL1_SMALL' } } },
        Pipeline: {
          Type: 'AWS::CodePipeline::Pipeline',
          Properties: {
            Name: 'shop-web-dev', PipelineType: 'V2',
            Stages: [
              { Name: 'Source', Actions: [{ ActionTypeId: { Category: 'Source', Provider: 'CodeStarSourceConnection' } }] },
              { Name: 'Build', Actions: [{ ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' }, Configuration: { ProjectName: { Ref: 'Image' } } }] },
              { Name: 'Deploy-dev', Actions: [
                { ActionTypeId: { Category: 'Approval', Provider: 'Manual' } },
                { ActionTypeId: { Category: 'Build', Provider: 'CodeBuild' }, Configuration: { ProjectName: { Ref: 'Deploy' } } },
              ] },
            ],
          },
        },
      }, { environment: null });
      const { lines } = estimate({ stacks: [delivery], plan: PLAN, assumptions: DEFAULT_ASSUMPTIONS, mode: 'portside' });
      // 40 runs × (1 min source + 10 min build + 8 min deploy; the approval is free) = 760 action-minutes × $0.002 = $1.52
      expect(line(lines, 'CodePipeline V2 action-minutes').monthlyUsd).toBeCloseTo(1.52, 6);
      // 40 runs × 10 min = 400 ARM small minutes × $0.005 = $2.00; 40 × 8 = 320 Linux small minutes × $0.005 = $1.60
      expect(line(lines, 'CodeBuild ARM small').monthlyUsd).toBeCloseTo(2, 6);
      expect(line(lines, 'CodeBuild Linux x86 small').monthlyUsd).toBeCloseTo(1.6, 6);
      expect(line(lines, 'ECR image storage').monthlyUsd).toBeCloseTo(0.5, 6); // 5 GB × $0.10
      expect(line(lines, 'ECR replica storage in eu-west-1').monthlyUsd).toBeCloseTo(0.5, 6); // 1 repository × 5 GB × $0.10
      // 1 image pipeline × 40 commits × 0.1 GB = 4 GB × $0.02 = $0.08
      expect(line(lines, 'ECR replication transfer to eu-west-1').monthlyUsd).toBeCloseTo(0.08, 6);
    });
  });

  describe('coverage', () => {
    it('reports a resource type it neither prices nor knows to be free, instead of pricing it at zero', () => {
      const known = run([serviceStack()]);
      const withUnknown = run([serviceStack({
        Foo1: { Type: 'AWS::Foo::Bar', Properties: {} },
        Foo2: { Type: 'AWS::Foo::Bar', Properties: {} },
        Worker: { Type: 'AWS::Lambda::Function', Properties: {} },
      })]);
      expect(known.unpricedTypes).toEqual([]);
      expect(withUnknown.unpricedTypes).toEqual([
        { type: 'AWS::Foo::Bar', count: 2, stacks: ['shop-dev-service-web'] },
        { type: 'AWS::Lambda::Function', count: 1, stacks: ['shop-dev-service-web'] },
      ]);
      expect(withUnknown.lines).toEqual(known.lines);

      const report = buildCostReport({ plan: PLAN, templates: [serviceStack({ Foo1: { Type: 'AWS::Foo::Bar' }, Foo2: { Type: 'AWS::Foo::Bar' } })], environments: ['dev'], includeShared: false });
      expect(report.unpricedTypes).toEqual([{ type: 'AWS::Foo::Bar', count: 2, stacks: ['shop-dev-service-web'] }]);
      const text = formatCostReport(report, 'shop.yaml');
      expect(text).toContain('unpriced: AWS::Foo::Bar ×2 (shop-dev-service-web) — not in the total');
      expect(text).toContain('Unpriced resource types (not in the totals): AWS::Foo::Bar ×2');
    });

    it('treats a Lambda function behind a custom resource as free', () => {
      const { unpricedTypes } = run([stack('shop-dev-network', {
        Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
        Restrict: { Type: 'Custom::VpcRestrictDefaultSG', Properties: { ServiceToken: { 'Fn::GetAtt': ['Handler', 'Arn'] } } },
      })]);
      expect(unpricedTypes).toEqual([]);
    });

    it('prices a dimension the region has no figure for from its nearest stand-in region, marked U and named', () => {
      const { lines, missingPrices } = run([serviceStack({ LB: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Scheme: 'internal' } } }, 'eu-central-1')]);
      // Frankfurt has no ALB figure of its own: London's (its first stand-in) prices it
      expect(missingPrices).toEqual([]);
      const alb = line(lines, 'ALB hours');
      expect([alb.region, alb.standInFrom, alb.confidence, alb.unitUsd]).toEqual(['eu-central-1', 'eu-west-2', 'U', 0.02646]);
      // its ARM price is its own x86 price less 20% (derived, unverified), not a stand-in
      const arm = line(lines, 'Fargate ARM vCPU, on-demand');
      expect([arm.standInFrom, arm.confidence, arm.unitUsd]).toEqual([undefined, 'U', 0.037248]);
      // its own x86 figure is not a stand-in
      expect(run([serviceStack({}, 'eu-central-1')], 'naive').lines.filter((l) => l.item.startsWith('Fargate x86')).every((l) => l.standInFrom === undefined)).toBe(true);
    });

    it('reports an Aurora class no region has a price for instead of leaving it out silently', () => {
      const { lines, missingPrices } = run([stack('shop-dev-data', {
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { Engine: 'aurora-mysql' } },
        Writer: { Type: 'AWS::RDS::DBInstance', Properties: { DBClusterIdentifier: { Ref: 'Cluster' }, DBInstanceClass: 'db.x2g.large', Engine: 'aurora-mysql' } },
      })]);
      expect(missingPrices).toEqual([expect.objectContaining({ priceKey: 'aurora.instance.db.x2g.large', region: 'eu-west-2' })]);
      expect(lines.some((l) => l.item === 'Aurora db.x2g.large')).toBe(false);
    });
  });

  describe('costOf', () => {
    it('prices a region with few figures of its own, every line priced, the stand-ins named in the report and its text', () => {
      const synthesis = { plan: PLAN, templates: [serviceStack({ LB: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { Subnets: ['a', 'b'] } } }, 'ap-southeast-4')] } as unknown as Synthesis;
      const report = costOf(synthesis);
      expect(report.missingPrices).toEqual([]);
      const lines = report.environments[0]!.lines;
      // Melbourne has only the prices AWS charges everywhere: Sydney (its first stand-in) prices the rest
      expect(lines.find((l) => l.item === 'Fargate ARM vCPU, on-demand')!.standInFrom).toBe('ap-southeast-2');
      expect(lines.find((l) => l.item === 'public IPv4 (internet-facing ALB)')!.standInFrom).toBeUndefined();
      expect(report.prices.standInLines).toBe(lines.filter((l) => l.standInFrom !== undefined).length);
      expect(report.prices.standIns.map((s) => `${s.region}<${s.from}`)).toContain('ap-southeast-4<ap-southeast-2');
      const text = formatCostReport(report, 'shop.yaml');
      expect(text).toMatch(/^STAND-INS: \d+ of \d+ lines are priced with another region's figure .*ap-southeast-4 from ap-southeast-2 \(/m);
      expect(text).toMatch(/Fargate ARM vCPU, on-demand .* U~$/m);
      expect(text).toContain('STAND-IN: ');
      expect(() => costOf(synthesis, 'stage')).toThrow(UserError);
    });
  });

  describe('the price table', () => {
    it('gives every figure a source URL, a date and a confidence, and explains every unverified one', () => {
      for (const [region, prices] of Object.entries(PRICES)) {
        for (const [key, price] of Object.entries(prices)) {
          expect(price!.usd, `${region} ${key}`).toBeGreaterThan(0);
          expect(price!.source.url, `${region} ${key}`).toMatch(/^https:\/\//);
          expect(price!.source.date, `${region} ${key}`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
          if (price!.confidence === 'U') expect(price!.note, `${region} ${key}`).toBeTruthy();
        }
      }
      expect(Object.keys(PRICES)).toEqual(expect.arrayContaining(['eu-west-2', 'eu-west-1', 'us-east-1']));
    });

    it('covers every commercial region: each has a stand-in order, and every dimension resolves in each, its own or a named stand-in', () => {
      expect(Object.keys(PRICES).sort()).toEqual([...COMMERCIAL_REGIONS].sort());
      expect(Object.keys(STAND_IN_ORDER).sort()).toEqual([...COMMERCIAL_REGIONS].sort());
      const keys = [...new Set(Object.values(PRICES).flatMap((prices) => Object.keys(prices)))] as PriceKey[];
      for (const region of COMMERCIAL_REGIONS) {
        for (const key of keys) {
          const resolved = BUNDLED_TABLE.lookup(region, key);
          expect(resolved, `${region} ${key}`).toBeDefined();
          if (resolved!.standInFrom !== undefined) {
            expect(PRICES[region]![key], `${region} ${key}`).toBeUndefined();
            expect(resolved!.price.confidence).toBe('U');
            expect(resolved!.price.note).toMatch(new RegExp(`^no ${region} figure: the ${resolved!.standInFrom} price stands in`));
          }
        }
      }
      // nearest first: Melbourne's Aurora from Sydney's, not from us-east-1
      expect(BUNDLED_TABLE.lookup('ap-southeast-4', 'aurora.instance.db.r6g.large')!.standInFrom).toBe('ap-southeast-2');
    });
  });
});
