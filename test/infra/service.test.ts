import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';
import { dependencyCycle, Json, only } from '../support/template-readers';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

const service = (env: string, name: string) => platform.template(`purchase-direct-${env}-service-${name}`);

describe('FargateWebService load balancer', () => {
  it('serves HTTPS with an ACM certificate, redirects HTTP and adds an alias record when the environment has a domain', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: 'storefront.purchasedirect.example',
      ValidationMethod: 'DNS',
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Protocol: 'HTTPS', Port: '443' }) })],
    });
    t.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'storefront.purchasedirect.example.', Type: 'A', HostedZoneId: 'Z0123456789ABCDEFGHIJ' });
  });

  it('serves plain HTTP without a domain (dev)', () => {
    const t = service('dev', 'storefront');
    t.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    t.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    t.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });

  it('drops invalid headers and writes access logs to the environment bucket under the service prefix', () => {
    service('dev', 'orders-api').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AlbAccessLogs') }) } },
        { Key: 'access_logs.s3.prefix', Value: 'orders-api' },
      ]),
    });
  });

  it('makes public services internet-facing and private ones internal, reachable by no one in the VPC unless a service calls them', () => {
    service('prod', 'storefront').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    const backoffice = service('prod', 'backoffice');
    backoffice.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const albGroups = Object.values(backoffice.findResources('AWS::EC2::SecurityGroup'))
      .filter((sg) => /load balancer/.test(sg.Properties.GroupDescription));
    expect(albGroups).toHaveLength(1);
    // Nothing in the reference manifest calls backoffice (test/infra/service-calls.test.ts covers callers).
    expect(albGroups[0]!.Properties.SecurityGroupIngress).toBeUndefined();
    backoffice.resourcePropertiesCountIs('AWS::EC2::SecurityGroupIngress', { FromPort: 443 }, 0);
  });

  it('enables deletion protection on load balancers in resilient environments only', () => {
    const attr = { Key: 'deletion_protection.enabled', Value: 'true' };
    service('prod', 'storefront').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([attr]),
    });
    service('dev', 'storefront').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([attr])),
    });
  });

  it('checks health on healthCheckPath fast enough for quick, safe rollouts', () => {
    service('prod', 'orders-api').hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckPath: '/healthz',
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 3,
      TargetType: 'ip',
      Port: 8080,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
  });
});

describe('FargateWebService tasks', () => {
  it('runs on the EFS-capable platform in private subnets over every AZ, rolling back on the circuit breaker and on alarms', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::ECS::Service', {
      PlatformVersion: 'LATEST',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: {
          Enable: true,
          Rollback: true,
          AlarmNames: ['purchase-direct-prod-service-storefront-deploy-5xx', 'purchase-direct-prod-service-storefront-deploy-unhealthy'],
        },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
      },
      HealthCheckGracePeriodSeconds: 60,
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
      AvailabilityZoneRebalancing: 'ENABLED',
    });
    const svc = Object.values(t.findResources('AWS::ECS::Service'))[0]!;
    const subnets = svc.Properties.NetworkConfiguration.AwsvpcConfiguration.Subnets;
    expect(subnets).toHaveLength(3);
    expect(JSON.stringify(subnets)).toMatch(/PrivateSubnet1.*PrivateSubnet2.*PrivateSubnet3/);
  });

  it('takes cpu, memory and architecture from the manifest', () => {
    service('prod', 'orders-api').hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      RequiresCompatibilities: ['FARGATE'],
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
    });
  });

  it('scales between desiredCount and maxCount on CPU and on requests per target (prod override: 3–20), between 0 and 0 without an image', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      ServiceNamespace: 'ecs',
      MinCapacity: { 'Fn::If': ['HasImage', 3, 0] },
      MaxCapacity: { 'Fn::If': ['HasImage', 20, 0] },
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      }),
    });
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({
        PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: 'ALBRequestCountPerTarget' }),
        TargetValue: 1000,
      }),
    });
    service('dev', 'storefront').hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: { 'Fn::If': ['HasImage', 2, 0] },
      MaxCapacity: { 'Fn::If': ['HasImage', 10, 0] },
    });
  });

  it('uses Fargate Spot beside one on-demand task in economy only', () => {
    service('dev', 'storefront').hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
      ],
    });
    service('prod', 'storefront').hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
    });
  });

  it('mounts EFS through the service access point with transit encryption and IAM', () => {
    const t = service('prod', 'backoffice');
    t.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [{ Name: 'tmp' }, {
        Name: 'media',
        EFSVolumeConfiguration: {
          FilesystemId: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('FileSystemmedia') }) },
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AccessPointbackoffice') }) }, IAM: 'ENABLED' },
        },
      }],
      ContainerDefinitions: [Match.objectLike({
        MountPoints: [{ SourceVolume: 'tmp', ContainerPath: '/tmp', ReadOnly: false }, { SourceVolume: 'media', ContainerPath: '/srv/media', ReadOnly: false }],
      })],
    });
  });

  it('injects database settings as variables and credentials and manifest secrets as secrets, never as plain values', () => {
    const t = service('prod', 'backoffice');
    const [container] = Object.values(t.findResources('AWS::ECS::TaskDefinition'))[0]!.Properties.ContainerDefinitions;
    const plain = Object.fromEntries(container.Environment.map((e: { Name: string; Value: unknown }) => [e.Name, e.Value]));
    expect(Object.keys(plain).sort()).toEqual([
      'CATALOG_DB_HOST', 'CATALOG_DB_NAME', 'CATALOG_DB_PORT', 'ORDERS_DB_HOST', 'ORDERS_DB_NAME', 'ORDERS_DB_PORT', 'PORT',
    ]);
    expect(plain).toMatchObject({ CATALOG_DB_PORT: '3306', ORDERS_DB_PORT: '5432', CATALOG_DB_NAME: 'catalog', PORT: '8000' });
    const secretNames = container.Secrets.map((s: { Name: string }) => s.Name).sort();
    expect(secretNames).toEqual(['CATALOG_DB_PASSWORD', 'CATALOG_DB_USER', 'ORDERS_DB_PASSWORD', 'ORDERS_DB_USER']);
    expect(JSON.stringify(container.Environment)).not.toMatch(/PASSWORD|secretsmanager/);

    const orders = service('prod', 'orders-api');
    orders.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Secrets: Match.arrayWith([{
          Name: 'PAYMENT_API_KEY',
          ValueFrom: 'arn:aws:secretsmanager:eu-west-2:222222222222:secret:payments-XyZ123:apiKey::',
        }]),
      })],
    });
  });

  it('writes logs to its own log group with an explicit retention', () => {
    for (const [env, days] of [['dev', 30], ['prod', 365]] as const) {
      const t = service(env, 'storefront');
      t.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: days });
      t.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({ LogConfiguration: Match.objectLike({ LogDriver: 'awslogs' }) })],
      });
    }
  });

  it('grants the task role EFS access only through its own access point', () => {
    service('prod', 'storefront').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
          Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': Match.anyValue() } },
        })]),
      },
    });
  });

  it('lets the execution role pull only this service\'s repository from the delivery account', () => {
    service('prod', 'storefront').hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
          Resource: 'arn:aws:ecr:eu-west-2:111111111111:repository/purchase-direct/storefront',
        })]),
      },
    });
  });
});

describe('FargateWebService deployment alarms', () => {
  const alarm = (t: Template, metricName: string) =>
    Object.entries<Json>(t.findResources('AWS::CloudWatch::Alarm', { Properties: { MetricName: metricName } }))[0]!;

  it('rolls a deployment back when the targets answer 5XX: Sum ≥ 5 in each of 2 one-minute periods, no traffic is no error', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'purchase-direct-prod-service-storefront-deploy-5xx',
      AlarmDescription: Match.stringLikeRegexp('^\\[critical\\] Rolls back ECS deployments of storefront'),
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      Threshold: 5,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  it('rolls a deployment back when a target stays unhealthy past the grace period: Maximum ≥ 1 for 3 one-minute periods (grace 60 s)', () => {
    service('prod', 'storefront').hasResourceProperties('AWS::CloudWatch::Alarm', {
      AlarmName: 'purchase-direct-prod-service-storefront-deploy-unhealthy',
      AlarmDescription: Match.stringLikeRegexp('^\\[critical\\] Rolls back ECS deployments of storefront'),
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'UnHealthyHostCount',
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 3,
      DatapointsToAlarm: 3,
      TreatMissingData: 'notBreaching',
    });
  });

  it('measures the service\'s own target group and load balancer', () => {
    const t = service('dev', 'orders-api');
    const targetGroup = only(t, 'AWS::ElasticLoadBalancingV2::TargetGroup').id;
    for (const metric of ['HTTPCode_Target_5XX_Count', 'UnHealthyHostCount']) {
      const [, a] = alarm(t, metric);
      const dimensions = Object.fromEntries(a.Properties.Dimensions.map((d: Json) => [d.Name, d.Value]));
      expect(Object.keys(dimensions).sort(), metric).toEqual(['LoadBalancer', 'TargetGroup']);
      expect(dimensions.TargetGroup, metric).toEqual({ 'Fn::GetAtt': [targetGroup, 'TargetGroupFullName'] });
    }
  });

  it('gives the service the names of exactly its two deployment alarms, and creates them before the service (no cycle)', () => {
    for (const env of ['dev', 'prod']) {
      for (const name of ['storefront', 'orders-api', 'backoffice']) {
        const t = service(env, name);
        const alarms = Object.entries<Json>(t.findResources('AWS::CloudWatch::Alarm')).filter(([, a]) => a.Properties.AlarmName.includes('-deploy-'));
        expect(alarms.map(([, a]) => a.Properties.AlarmName).sort()).toEqual([
          `purchase-direct-${env}-service-${name}-deploy-5xx`,
          `purchase-direct-${env}-service-${name}-deploy-unhealthy`,
        ]);
        const { resource: svc } = only(t, 'AWS::ECS::Service');
        expect([...svc.Properties.DeploymentConfiguration.Alarms.AlarmNames].sort()).toEqual(alarms.map(([, a]) => a.Properties.AlarmName).sort());
        expect(svc.DependsOn).toEqual(expect.arrayContaining(alarms.map(([id]) => id)));
        expect(dependencyCycle(t.toJSON()), `${env}/${name}`).toEqual([]);
        for (const [, a] of alarms) {
          expect(a.Properties.AlarmName.length).toBeLessThanOrEqual(255);
        }
      }
    }
  });

  it('the cycle check can fail', () => {
    expect(dependencyCycle({
      Resources: {
        A: { Type: 'X', Properties: { B: { Ref: 'B' } } },
        B: { Type: 'X', Properties: { A: { 'Fn::GetAtt': ['A', 'Arn'] } } },
      },
    })).toEqual(['A', 'B', 'A']);
  });

  it('waits out a longer grace period: the unhealthy-hosts window is the grace period plus 2 minutes', () => {
    const plan = planFromYaml(MINIMAL_MANIFEST.replace('    memoryMiB: 512\n', '    memoryMiB: 512\n    healthCheckGracePeriodSeconds: 300\n'));
    const { stages } = buildApp(plan, { compliance: false });
    const t = Template.fromStack(stages[0]!.services.get('web')!);
    t.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 300 });
    t.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: 'UnHealthyHostCount', EvaluationPeriods: 7, DatapointsToAlarm: 7 });
  });
});
