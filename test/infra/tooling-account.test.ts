import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { planFromYaml } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** A manifest written for this test: two environment accounts and a separate tooling account for delivery. */
const MANIFEST = `project: north
region: eu-west-1
drRegion: eu-central-1
alertEmail: ops@north.example
github: { owner: north-co }
delivery:
  account: "999999999999"
environments:
  staging:
    account: "555555555555"
    branch: main
    profile: economy
  live:
    account: "666666666666"
    branch: main
    profile: resilient
    approval: true
    allowPlainHttp: true    # no domain: this test is about the delivery account
services:
  web:
    repository: north-co/web
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
  nightly:
    kind: job
    repository: north-co/nightly
    schedule: "rate(1 day)"
    cpu: 256
    memoryMiB: 512
`;

describe('a separate delivery (tooling) account', () => {
  const plan = planFromYaml(MANIFEST);
  const built = buildApp(plan, { compliance: false });
  const deliveryStacks = [built.delivery, ...built.serviceDeliveries, ...(built.imageReplica ? [built.imageReplica] : [])];
  const all = built.app.node.findAll().filter((c): c is Stack => c instanceof Stack);

  it('plans the delivery stack in the tooling account, in the first environment\'s region by default', () => {
    expect(plan.delivery).toMatchObject({ account: '999999999999', region: 'eu-west-1', replicaRegion: 'eu-central-1' });
    expect(plan.delivery.environments.map((target) => [target.environment, target.account, target.imageRegion])).toEqual([
      ['staging', '555555555555', 'eu-west-1'], ['live', '666666666666', 'eu-west-1'],
    ]);
  });

  it('puts every image repository and pipeline there, and none in an environment account', () => {
    for (const stack of deliveryStacks) expect(stack.account, stack.stackName).toBe('999999999999');
    const where = (type: string) => all.filter((stack) => Object.keys(Template.fromStack(stack).findResources(type)).length > 0).map((stack) => stack.account);
    expect(new Set(where('AWS::ECR::Repository'))).toEqual(new Set(['999999999999']));
    expect(new Set(where('AWS::CodePipeline::Pipeline'))).toEqual(new Set(['999999999999']));
    expect(new Set(where('AWS::CodeBuild::Project'))).toEqual(new Set(['999999999999']));
    // Two repositories (a web service and a job), one pipeline each on main, plus the platform pipeline.
    expect(Object.keys(Template.fromStack(built.delivery).findResources('AWS::ECR::Repository'))).toHaveLength(2);
  });

  it('lets exactly the environment accounts pull, and the environments pull from the tooling account', () => {
    const repositories = Object.values<Json>(Template.fromStack(built.delivery).findResources('AWS::ECR::Repository'));
    const principals = JSON.stringify(repositories.map((repository) => repository.Properties.RepositoryPolicyText));
    expect(principals).toContain('555555555555');
    expect(principals).toContain('666666666666');
    const web = built.stages.find((stage) => stage.stageName === 'live')!.services.get('web')!;
    const pull = JSON.stringify(Template.fromStack(web).findResources('AWS::IAM::Policy'));
    expect(pull).toContain('arn:');
    expect(pull).toMatch(/999999999999:repository\/north\/web/);
  });

  it('adds no per-account stack to the tooling account (it hosts no environment)', () => {
    const accountStacks = [...built.foundations, ...built.drVaults, ...built.costAnomalies];
    expect(new Set(accountStacks.map((stack) => stack.account))).toEqual(new Set(['555555555555', '666666666666']));
  });
});
