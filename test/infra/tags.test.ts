import { CfnResource, Stack, Stage, TagManager } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { referencePlan } from '../support/reference';

/** Every taggable CloudFormation resource of a synthesized app, with the tags it will carry. */
function taggedResources() {
  const { app } = buildApp(referencePlan(), { compliance: false });
  app.synth(); // tags are applied by aspects during synthesis
  return app.node.findAll()
    .filter((c): c is CfnResource => CfnResource.isCfnResource(c) && TagManager.isTaggable(c))
    .map((resource) => ({
      path: resource.node.path,
      stage: Stage.of(resource) === app ? undefined : Stage.of(resource)!.stageName,
      stack: Stack.of(resource).stackName,
      values: (resource as unknown as { tags: TagManager }).tags.tagValues(),
    }));
}

describe('cost-allocation tags', () => {
  const resources = taggedResources();

  it('finds taggable resources in every stack (the check has something to check)', () => {
    expect(resources.length).toBeGreaterThan(150);
    expect(new Set(resources.map((r) => r.stack)).size).toBeGreaterThanOrEqual(11);
  });

  it('tags every taggable resource of every stack with the project and the manifest tags', () => {
    const missing = resources.filter((r) => r.values.project !== 'purchase-direct' || r.values.CostCentre !== 'ecommerce');
    expect(missing.map((r) => r.path)).toEqual([]);
  });

  it('tags every taggable resource of an environment with its environment, and of a service stack with its service', () => {
    const missing = resources.filter((r) => r.stage !== undefined && r.values.environment !== r.stage);
    expect(missing.map((r) => r.path)).toEqual([]);
    const services = resources.filter((r) => r.stack.includes('-service-'));
    expect(services.length).toBeGreaterThan(0);
    const untagged = services.filter((r) => r.values.service !== r.stack.replace(/^.*-service-/, ''));
    expect(untagged.map((r) => r.path)).toEqual([]);
  });
});
