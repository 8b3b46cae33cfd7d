import { Match, Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { readAssembly } from '../../src/reports/assembly-reader';
import { referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';
import { differences, only, withParameters } from '../support/template-readers';

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

const service = (env: string, name: string) => platform.template(`purchase-direct-${env}-service-${name}`);

const IMAGE = '111111111111.dkr.ecr.eu-west-2.amazonaws.com/purchase-direct/storefront';

describe('ServiceStack image input', () => {
  it('takes the image as the ImageUri parameter and runs no task until one is set', () => {
    const template = service('dev', 'storefront');
    template.hasParameter('ImageUri', { Type: 'String', Default: '' });
    template.hasCondition('HasImage', { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'ImageUri' }, ''] }] });
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: { 'Fn::If': ['HasImage', { 'Fn::If': ['SetsTaskCount', 2, { Ref: 'AWS::NoValue' }] }, 0] },
    });
    template.hasParameter('SetTaskCount', { Type: 'String', Default: 'false', AllowedValues: ['true', 'false'] });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Image: { 'Fn::If': ['HasImage', { Ref: 'ImageUri' }, Match.stringLikeRegexp('busybox')] },
      })],
    });
  });

  it('changes nothing but the container image when a deploy changes only ImageUri: the running count and scaling bounds stay', () => {
    const template = service('prod', 'storefront').toJSON();
    const taskDefinition = only(template, 'AWS::ECS::TaskDefinition').id;
    const ecsService = only(template, 'AWS::ECS::Service').id;
    const scalableTarget = only(template, 'AWS::ApplicationAutoScaling::ScalableTarget').id;

    const first = withParameters(template, { ImageUri: `${IMAGE}:1111111` });
    const second = withParameters(template, { ImageUri: `${IMAGE}:2222222` });
    expect(differences(first, second)).toEqual([`${taskDefinition}.Properties.ContainerDefinitions.0.Image`]);
    for (const resolved of [first, second]) {
      // No DesiredCount in the update: CloudFormation leaves the count autoscaling chose.
      expect(resolved[ecsService].Properties).not.toHaveProperty('DesiredCount');
      expect(resolved[scalableTarget].Properties).toMatchObject({ MinCapacity: 3, MaxCapacity: 20 });
    }

    // The pipeline's first image sets the manifest's count, so ECS deploys it (circuit breaker, alarms).
    const firstImage = withParameters(template, { ImageUri: `${IMAGE}:1111111`, SetTaskCount: 'true' });
    expect(firstImage[ecsService].Properties.DesiredCount).toBe(3);

    // Before the first image: no task, and autoscaling may start none.
    const empty = withParameters(template, {});
    expect(empty[ecsService].Properties.DesiredCount).toBe(0);
    expect(empty[scalableTarget].Properties).toMatchObject({ MinCapacity: 0, MaxCapacity: 0 });
    expect(empty[taskDefinition].Properties.ContainerDefinitions[0].Image).toMatch(/busybox/);
  });

  it('is only a parameter: two synths given different image values produce identical templates', () => {
    // However an image value reaches synthesis (context, environment), the template must not change.
    const synth = (image: string) => {
      const previous = process.env.IMAGE_URI;
      process.env.IMAGE_URI = image;
      try {
        const { stages } = buildApp(referencePlan(), { compliance: false, context: { ImageUri: image, imageUri: image } });
        return Template.fromStack(stages.find((s) => s.stageName === 'dev')!.services.get('storefront')!).toJSON();
      } finally {
        if (previous === undefined) delete process.env.IMAGE_URI;
        else process.env.IMAGE_URI = previous;
      }
    };
    const first = synth(`${IMAGE}:first-build`);
    const second = synth(`${IMAGE}:second-build`);
    expect(differences(first, second)).toEqual([]);
    expect(JSON.stringify(first)).not.toContain('first-build');
  });

  it('keeps service stacks free of file and Docker assets, so CodePipeline can deploy their templates as they are', () => {
    const stacks = readAssembly(platform.app.synth());
    const serviceStacks = stacks.filter((s) => s.stackName.includes('-service-'));
    // Five workloads (three web services, a worker, a job) in two environments.
    expect(serviceStacks).toHaveLength(10);
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
