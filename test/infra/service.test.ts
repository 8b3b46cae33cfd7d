import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { readAssembly } from '../../src/reports/assembly-reader';
import { referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

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

  it('makes public services internet-facing and private ones internal, reachable from the VPC only', () => {
    service('prod', 'storefront').hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    const backoffice = service('prod', 'backoffice');
    backoffice.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const albGroups = Object.values(backoffice.findResources('AWS::EC2::SecurityGroup'))
      .filter((sg) => /load balancer/.test(sg.Properties.GroupDescription));
    expect(albGroups).toHaveLength(1);
    expect(albGroups[0]!.Properties.SecurityGroupIngress.map((r: { CidrIp: string }) => r.CidrIp)).toEqual(['10.0.0.0/16', '10.0.0.0/16']);
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
  it('runs on the EFS-capable platform in private subnets over every AZ, with a rollback circuit breaker', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::ECS::Service', {
      PlatformVersion: 'LATEST',
      DeploymentConfiguration: {
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
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

  it('scales between desiredCount and maxCount on CPU and on requests per target (prod override: 3–20)', () => {
    const t = service('prod', 'storefront');
    t.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 3, MaxCapacity: 20 });
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
    service('dev', 'storefront').hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 10 });
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
      Volumes: [{
        Name: 'media',
        EFSVolumeConfiguration: {
          FilesystemId: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('FileSystemmedia') }) },
          TransitEncryption: 'ENABLED',
          AuthorizationConfig: { AccessPointId: { 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('AccessPointbackoffice') }) }, IAM: 'ENABLED' },
        },
      }],
      ContainerDefinitions: [Match.objectLike({ MountPoints: [{ SourceVolume: 'media', ContainerPath: '/srv/media', ReadOnly: false }] })],
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

describe('ServiceStack image input', () => {
  it('takes the image as the ImageUri parameter and runs no task until one is set', () => {
    const template = service('dev', 'storefront');
    template.hasParameter('ImageUri', { Type: 'String', Default: '' });
    template.hasCondition('HasImage', { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ImageUri' }, ''] }] });
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: { 'Fn::If': ['HasImage', 2, 0] } });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Image: { 'Fn::If': ['HasImage', { Ref: 'ImageUri' }, Match.stringLikeRegexp('busybox')] },
      })],
    });
  });

  it('keeps service stacks free of file and Docker assets, so CodePipeline can deploy their templates as they are', () => {
    const stacks = readAssembly(platform.app.synth());
    const serviceStacks = stacks.filter((s) => s.stackName.includes('-service-'));
    expect(serviceStacks).toHaveLength(6);
    for (const s of serviceStacks) {
      expect(s.assetCount, s.stackName).toBe(0);
    }
    // The check can fail: the network stack carries the default-security-group custom resource's code.
    expect(stacks.find((s) => s.stackName === 'purchase-direct-dev-network')!.assetCount).toBeGreaterThan(0);
  });
});

describe('ContainerImageInput', () => {
  const pattern = () => new RegExp(service('dev', 'storefront').toJSON().Parameters.ImageUri.AllowedPattern);

  it.each([
    '',
    '111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront:3f2a9c1e',
    `111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront@sha256:${'a'.repeat(64)}`,
    'registry.example.com:5000/team/app:v1.2.3',
  ])('accepts %j', (uri) => {
    expect(pattern().test(uri)).toBe(true);
  });

  it.each([
    '111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront',
    'storefront:latest',
    `111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront@sha256:${'a'.repeat(63)}`,
    ' 111111111111.dkr.ecr.eu-west-2.amazonaws.com/x:1',
  ])('refuses %j (no tag or digest, no registry, bad digest, stray space)', (uri) => {
    expect(pattern().test(uri)).toBe(false);
  });
});
