import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

/** The reference manifest (Purchase Direct): dev is economy, prod is resilient with a domain and overrides. */
let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

/** The web services; the reference also has a worker (order-events) and a job (product-feeds), without load balancers. */
const SERVICES = ['storefront', 'orders-api', 'backoffice'];
const ALL_WORKLOADS = [...SERVICES, 'order-events', 'product-feeds'];
const ENVIRONMENTS = ['dev', 'prod'];
const stack = (env: string, part: string) => `purchase-direct-${env}-${part}`;

describe('EnvironmentStage stacks', () => {
  it('names every stack by the contract <project>-<env>-<part>', () => {
    for (const env of ENVIRONMENTS) {
      const stage = platform.stages.get(env)!;
      expect([stage.network, stage.data, ...stage.services.values()].map((s) => s.stackName).sort()).toEqual(
        [stack(env, 'data'), stack(env, 'network'), ...ALL_WORKLOADS.map((s) => stack(env, `service-${s}`))].sort(),
      );
    }
  });

  it('gives every service its own Application Load Balancer', () => {
    for (const env of ENVIRONMENTS) {
      for (const service of SERVICES) {
        platform.template(stack(env, `service-${service}`)).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
      }
      platform.template(stack(env, 'network')).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
      platform.template(stack(env, 'data')).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    }
  });

  it('keeps every stack far below CloudFormation limits (500 resources, 1 MB, 200 outputs/parameters)', () => {
    for (const stage of platform.stages.values()) {
      for (const s of [stage.network, stage.data, ...stage.services.values()]) {
        const template = platform.template(s.stackName).toJSON();
        expect(Object.keys(template.Resources).length, s.stackName).toBeLessThan(150);
        expect(JSON.stringify(template).length, s.stackName).toBeLessThan(200_000);
        expect(Object.keys(template.Outputs ?? {}).length, s.stackName).toBeLessThan(60);
        expect(Object.keys(template.Parameters ?? {}).length, s.stackName).toBeLessThan(10);
      }
    }
  });

  it('protects prod stateful stacks from termination, not dev', () => {
    const prod = platform.stages.get('prod')!;
    const dev = platform.stages.get('dev')!;
    expect(prod.data.terminationProtection).toBe(true);
    expect(prod.network.terminationProtection).toBe(true);
    expect(dev.data.terminationProtection).toBe(false);
  });
});

describe('network by profile', () => {
  it('economy (dev): 2 AZs, one NAT gateway, no interface endpoints, S3 gateway endpoint, flow logs', () => {
    const t = platform.template(stack('dev', 'network'));
    t.resourceCountIs('AWS::EC2::Subnet', 6);
    t.resourceCountIs('AWS::EC2::NatGateway', 1);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface' }, 0);
    t.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway' });
    t.hasResourceProperties('AWS::EC2::FlowLog', { TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    t.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-2a' });
    t.hasResourceProperties('AWS::EC2::Subnet', { AvailabilityZone: 'eu-west-2b' });
  });

  it('resilient (prod): 3 AZs, a NAT gateway per AZ, ECR/Logs/Secrets Manager endpoints', () => {
    const t = platform.template(stack('prod', 'network'));
    t.resourceCountIs('AWS::EC2::Subnet', 9);
    t.resourceCountIs('AWS::EC2::NatGateway', 3);
    t.resourcePropertiesCountIs('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Interface', PrivateDnsEnabled: true }, 4);
    for (const service of ['ecr.api', 'ecr.dkr', 'logs', 'secretsmanager']) {
      t.hasResourceProperties('AWS::EC2::VPCEndpoint', { ServiceName: `com.amazonaws.eu-west-2.${service}` });
    }
  });

  it('restricts the default security group and never auto-assigns public IPs', () => {
    const t = platform.template(stack('prod', 'network'));
    t.resourceCountIs('Custom::VpcRestrictDefaultSG', 1);
    t.resourcePropertiesCountIs('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true }, 0);
  });

  it('runs one ECS cluster per environment with Container Insights and Fargate capacity providers', () => {
    const t = platform.template(stack('dev', 'network'));
    t.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    t.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });
});

describe('Aurora clusters', () => {
  it('runs both engines Multi-AZ in prod: a writer and a reader in different AZs', () => {
    const t = platform.template(stack('prod', 'data'));
    for (const engine of ['aurora-mysql', 'aurora-postgresql']) {
      t.hasResourceProperties('AWS::RDS::DBCluster', { Engine: engine });
    }
    const clusters = t.findResources('AWS::RDS::DBCluster');
    const instances = Object.values(t.findResources('AWS::RDS::DBInstance'));
    for (const logicalId of Object.keys(clusters)) {
      const members = instances.filter((i) => i.Properties.DBClusterIdentifier.Ref === logicalId);
      expect(members).toHaveLength(2);
      expect(new Set(members.map((m) => m.Properties.AvailabilityZone)).size).toBe(2);
    }
  });

  it('encrypts with the environment key, uses IAM auth, managed secrets, log exports, isolated subnets', () => {
    const t = platform.template(stack('prod', 'data'));
    const clusters = Object.values(t.findResources('AWS::RDS::DBCluster'));
    expect(clusters).toHaveLength(2);
    for (const cluster of clusters) {
      expect(cluster.Properties).toMatchObject({
        StorageEncrypted: true,
        KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] },
        EnableIAMDatabaseAuthentication: true,
        ManageMasterUserPassword: true,
        MasterUserSecret: { KmsKeyId: { 'Fn::GetAtt': [expect.stringMatching(/^DataKey/), 'Arn'] } },
        BackupRetentionPeriod: 35,
        DeletionProtection: true,
        CopyTagsToSnapshot: true,
      });
      expect(cluster.Properties.MasterUserPassword).toBeUndefined();
      expect(cluster.Properties.EnableCloudwatchLogsExports.length).toBeGreaterThan(0);
      expect(cluster.DeletionPolicy).toBe('Snapshot');
      expect(cluster.UpdateReplacePolicy).toBe('Snapshot');
    }
    t.hasResourceProperties('AWS::RDS::DBSubnetGroup', {
      SubnetIds: Match.arrayWith([{ 'Fn::GetStackOutput': Match.objectLike({ OutputName: Match.stringLikeRegexp('IsolatedSubnet') }) }]),
    });
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { PubliclyAccessible: false }, 4);
    t.hasResourceProperties('AWS::KMS::Key', { EnableKeyRotation: true });
  });

  it('requires TLS on both engines through the cluster parameter group', () => {
    const t = platform.template(stack('dev', 'data'));
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: Match.objectLike({ require_secure_transport: 'ON' }) });
    t.hasResourceProperties('AWS::RDS::DBClusterParameterGroup', { Parameters: Match.objectLike({ 'rds.force_ssl': '1' }) });
  });

  it('keeps economy (dev) small: no readers, 7-day backups, no deletion protection, still snapshot on delete', () => {
    const t = platform.template(stack('dev', 'data'));
    t.resourceCountIs('AWS::RDS::DBInstance', 2);
    t.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.t4g.medium' }, 2);
    for (const cluster of Object.values(t.findResources('AWS::RDS::DBCluster'))) {
      expect(cluster.Properties.BackupRetentionPeriod).toBe(7);
      expect(cluster.Properties.DeletionProtection).toBeFalsy();
      expect(cluster.DeletionPolicy).toBe('Snapshot');
    }
  });

  it('applies the prod override of the catalog instance class only in prod', () => {
    const prod = platform.template(stack('prod', 'data'));
    prod.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.xlarge' }, 2);
    prod.resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.large' }, 2);
    platform.template(stack('dev', 'data')).resourcePropertiesCountIs('AWS::RDS::DBInstance', { DBInstanceClass: 'db.r7g.xlarge' }, 0);
  });

  it('gives each cluster its log groups a retention before the cluster exports to them', () => {
    const t = platform.template(stack('prod', 'data'));
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/purchase-direct-prod-catalog/audit', RetentionInDays: 365 });
    t.hasResourceProperties('AWS::Logs::LogGroup', { LogGroupName: '/aws/rds/cluster/purchase-direct-prod-orders/postgresql' });
  });
});

describe('EFS volumes', () => {
  it('encrypts the media volume with the environment key, with a mount target per AZ, backed up by the data stack\'s plan only', () => {
    for (const [env, azs] of [['dev', 2], ['prod', 3]] as const) {
      const t = platform.template(stack(env, 'data'));
      t.hasResourceProperties('AWS::EFS::FileSystem', {
        Encrypted: true,
        KmsKeyId: Match.anyValue(),
        // EFS automatic backups off: the AWS Backup plan (test/infra/backup.test.ts) is the one backup.
        BackupPolicy: { Status: 'DISABLED' },
        LifecyclePolicies: Match.arrayWith([{ TransitionToIA: 'AFTER_30_DAYS' }]),
      });
      t.resourceCountIs('AWS::EFS::MountTarget', azs);
    }
  });

  it('denies unencrypted transport and mounts outside access points in the file system policy', () => {
    platform.template(stack('prod', 'data')).hasResourceProperties('AWS::EFS::FileSystem', {
      FileSystemPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
          Match.objectLike({ Effect: 'Deny', Condition: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } } }),
        ]),
      },
    });
  });

  it('creates one access point per mounting service, each with its own POSIX user and the shared group', () => {
    const t = platform.template(stack('prod', 'data'));
    const accessPoints = Object.values(t.findResources('AWS::EFS::AccessPoint')).map((r) => r.Properties);
    expect(accessPoints).toHaveLength(2); // storefront and backoffice mount media; orders-api does not
    const uids = new Set(accessPoints.map((p) => p.PosixUser.Uid));
    const gids = new Set(accessPoints.map((p) => p.PosixUser.Gid));
    expect(uids.size).toBe(2);
    expect(gids.size).toBe(1);
    for (const p of accessPoints) {
      expect(p.RootDirectory).toMatchObject({ Path: '/media', CreationInfo: { Permissions: '2775' } });
    }
  });
});

describe('security group reachability', () => {
  /** Ingress rules (in any stack of the environment) whose target group id imports the given SG. */
  function ingressInto(env: string, securityGroupPattern: RegExp) {
    return SERVICES.flatMap((service) => {
      const rules = platform.template(stack(env, `service-${service}`)).findResources('AWS::EC2::SecurityGroupIngress');
      return Object.values(rules)
        .filter((rule) => securityGroupPattern.test(JSON.stringify(rule.Properties.GroupId)))
        .map((rule) => ({ service, port: rule.Properties.FromPort, toPort: rule.Properties.ToPort }));
    });
  }

  it('lets only the services that declare a database reach it, on its port alone', () => {
    for (const env of ENVIRONMENTS) {
      expect(ingressInto(env, /Databasecatalog/).sort((a, b) => a.service.localeCompare(b.service))).toEqual([
        { service: 'backoffice', port: 3306, toPort: 3306 },
        { service: 'storefront', port: 3306, toPort: 3306 },
      ]);
      expect(ingressInto(env, /Databaseorders/).sort((a, b) => a.service.localeCompare(b.service))).toEqual([
        { service: 'backoffice', port: 5432, toPort: 5432 },
        { service: 'orders-api', port: 5432, toPort: 5432 },
        { service: 'storefront', port: 5432, toPort: 5432 },
      ]);
    }
  });

  it('lets only the services that mount a volume reach NFS', () => {
    expect(ingressInto('prod', /FileSystemmedia/).map((r) => r.service).sort()).toEqual(['backoffice', 'storefront']);
    expect(ingressInto('prod', /FileSystemmedia/).every((r) => r.port === 2049 && r.toPort === 2049)).toBe(true);
  });

  it('opens no ingress on the data security groups from the data stack itself, except for the database user function', () => {
    const t = platform.template(stack('prod', 'data'));
    const [functionGroup] = Object.keys(t.findResources('AWS::EC2::SecurityGroup', { Properties: { GroupDescription: Match.stringLikeRegexp('database user provisioning') } }));
    const ingress = Object.values(t.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress).toHaveLength(2);
    for (const rule of ingress) {
      expect(rule.Properties.SourceSecurityGroupId).toEqual({ 'Fn::GetAtt': [functionGroup, 'GroupId'] });
      expect([3306, 5432]).toContain(rule.Properties.FromPort);
    }
    for (const sg of Object.values(t.findResources('AWS::EC2::SecurityGroup'))) {
      expect(sg.Properties.SecurityGroupIngress ?? []).toEqual([]);
    }
  });
});

describe('cross-stack references', () => {
  it('reads other stacks\' outputs with Fn::GetStackOutput: no exports, so removing a reference never deadlocks a deploy', () => {
    for (const stage of platform.stages.values()) {
      for (const s of [stage.network, stage.data, ...stage.services.values()]) {
        const template = platform.template(s.stackName).toJSON();
        const text = JSON.stringify(template);
        expect(text, s.stackName).not.toContain('Fn::ImportValue');
        expect(Object.values(template.Outputs ?? {}).filter((o) => (o as { Export?: unknown }).Export), s.stackName).toEqual([]);
      }
      const service = JSON.stringify(platform.template(stage.services.get('storefront')!.stackName).toJSON());
      expect(service).toContain('"Fn::GetStackOutput"');
    }
  });
});
