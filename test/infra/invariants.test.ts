import { describe, expect, it } from 'vitest';
import { INVARIANTS, violations } from '../support/invariants';
import { referencePlan, synthesize } from '../support/reference';

describe('platform invariants', () => {
  const platform = synthesize(referencePlan());
  const stackNames = [...platform.stages.values()].flatMap((stage) => [stage.network, stage.data, ...stage.services.values()].map((s) => s.stackName));

  it.each(stackNames)('%s keeps every invariant', (stackName) => {
    expect(violations(platform.template(stackName).toJSON() as Parameters<typeof violations>[0])).toEqual([]);
  });

  it('each invariant catches a template that breaks it (the checks can fail)', () => {
    const broken = {
      Resources: {
        Bucket: { Type: 'AWS::S3::Bucket', Properties: {} },
        Logs: { Type: 'AWS::Logs::LogGroup', Properties: {} },
        Key: { Type: 'AWS::KMS::Key', Properties: {} },
        Cluster: { Type: 'AWS::RDS::DBCluster', Properties: { StorageEncrypted: false }, DeletionPolicy: 'Delete' },
        Instance: { Type: 'AWS::RDS::DBInstance', Properties: { PubliclyAccessible: true } },
        Fs: { Type: 'AWS::EFS::FileSystem', Properties: { Encrypted: false } },
        Service: { Type: 'AWS::ECS::Service', Properties: { DeploymentConfiguration: {} } },
        Task: {
          Type: 'AWS::ECS::TaskDefinition',
          Properties: {
            ContainerDefinitions: [{ Name: 'app', Environment: [{ Name: 'DB_PASSWORD', Value: 'x' }] }],
            Volumes: [{ EFSVolumeConfiguration: { TransitEncryption: 'DISABLED' } }],
          },
        },
        Lb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: {} },
        Sg: { Type: 'AWS::EC2::SecurityGroup', Properties: { SecurityGroupIngress: [{ CidrIp: '0.0.0.0/0', FromPort: 22 }] } },
      },
    };
    for (const [name, check] of Object.entries(INVARIANTS)) {
      expect(check(broken), name).not.toEqual([]);
    }
  });
});
