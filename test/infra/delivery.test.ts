import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { violations } from '../support/invariants';
import { referencePlan } from '../support/reference';

describe('DeliveryStack', () => {
  const { delivery, stages } = buildApp(referencePlan(), { compliance: false });
  const template = Template.fromStack(delivery);

  it('lives in the first environment\'s account and region under the contract name <project>-delivery', () => {
    expect(delivery.stackName).toBe('purchase-direct-delivery');
    expect(delivery.account).toBe('111111111111');
    expect(delivery.region).toBe('eu-west-2');
  });

  it('holds one repository per service, named as the service stacks pull it', () => {
    template.resourceCountIs('AWS::ECR::Repository', 3);
    for (const service of ['storefront', 'orders-api', 'backoffice']) {
      template.hasResourceProperties('AWS::ECR::Repository', { RepositoryName: `purchase-direct/${service}` });
    }
    const pulled = JSON.stringify(Template.fromStack(stages[1]!.services.get('storefront')!).toJSON());
    expect(pulled).toContain('arn:aws:ecr:eu-west-2:111111111111:repository/purchase-direct/storefront');
  });

  it('makes tags immutable, scans on push, expires untagged layers and keeps the newest 50 builds, and is retained on delete', () => {
    const repositories = Object.values(template.findResources('AWS::ECR::Repository'));
    for (const repository of repositories) {
      expect(repository.Properties).toMatchObject({
        ImageTagMutability: 'IMMUTABLE',
        ImageScanningConfiguration: { ScanOnPush: true },
      });
      expect(repository.DeletionPolicy).toBe('Retain');
      const rules = JSON.parse(repository.Properties.LifecyclePolicy.LifecyclePolicyText).rules;
      expect(rules).toEqual([
        expect.objectContaining({ selection: expect.objectContaining({ tagStatus: 'untagged', countType: 'sinceImagePushed', countNumber: 7 }) }),
        expect.objectContaining({ selection: expect.objectContaining({ tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 50 }) }),
      ]);
    }
  });

  it('lets the other environments\' accounts pull, and only pull', () => {
    const policy = Object.values(template.findResources('AWS::ECR::Repository'))[0]!.Properties.RepositoryPolicyText;
    expect(policy.Statement).toEqual([{
      Sid: 'EnvironmentAccountsPull',
      Effect: 'Allow',
      Principal: { AWS: 'arn:aws:iam::222222222222:root' },
      Action: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    }]);
  });

  it('keeps the platform invariants', () => {
    expect(violations(template.toJSON() as Parameters<typeof violations>[0])).toEqual([]);
  });
});
