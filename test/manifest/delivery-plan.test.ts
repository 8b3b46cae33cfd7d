import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeliveryPlan, ImagePipelinePlan, parseManifest } from '../../src/manifest';
import { referenceWithDr } from '../support/dr';
import { REPO_ROOT } from '../support/reference';

const REFERENCE = readFileSync(join(__dirname, '..', '..', 'portside.yaml'), 'utf8');

function delivery(text: string): DeliveryPlan {
  const { plan, warnings } = parseManifest(text, 'portside.yaml');
  expect(warnings).toEqual([]);
  return plan.delivery;
}

/** `storefront@dev → dev, prod (approval)`: a pipeline as one line, for comparing the whole list. */
function summary(pipeline: ImagePipelinePlan): string {
  const targets = pipeline.targets.map((target) => `${target.environment}${target.approval ? ' (approval)' : ''}`);
  return `${pipeline.service}@${pipeline.branch} → ${targets.join(', ')}`;
}

/** Three environments, two of which (qa and prod) deploy branch main; dev sits between them. */
const SHARED_BRANCH = `project: tiny
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@tiny.example
github:
  owner: tiny
environments:
  qa:
    account: "333333333333"
    region: eu-west-1
    branch: main
    profile: economy
  dev:
    account: "111111111111"
    branch: dev
    profile: economy
  prod:
    account: "222222222222"
    branch: main
    profile: resilient
    approval: true
    allowPlainHttp: true          # no domain: the delivery plan does not depend on one
services:
  web:
    repository: tiny/web
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
  api:
    repository: tiny/api
    dockerfile: docker/api.Dockerfile
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    architecture: x86_64
`;

describe('the delivery plan of the reference manifest (portside.yaml)', () => {
  const plan = delivery(REFERENCE);

  it('places the delivery stack in the first environment\'s account and region', () => {
    expect(plan).toMatchObject({ project: 'purchase-direct', account: '111111111111', region: 'eu-west-2', alertEmail: 'platform@purchase-direct.example' });
  });

  it('reads GitHub through the manifest\'s connection, and the infrastructure from the manifest\'s platform repository and branch', () => {
    expect(plan.github).toEqual({
      owner: 'purchase-direct',
      connectionArn: 'arn:aws:codeconnections:eu-west-2:111111111111:connection/0f1e2d3c-aaaa-bbbb-cccc-111122223333',
      platform: { repository: 'purchase-direct/platform', branch: 'main' },
    });
  });

  it('deploys the infrastructure to every environment in manifest order, prod after an approval', () => {
    expect(plan.environments).toEqual([
      { environment: 'dev', account: '111111111111', region: 'eu-west-2', branch: 'dev', approval: false, imageRegion: 'eu-west-2', wakeBeforeDeploy: [] },
      { environment: 'prod', account: '222222222222', region: 'eu-west-2', branch: 'main', approval: true, imageRegion: 'eu-west-2', wakeBeforeDeploy: [] },
    ]);
  });

  it('gives every service one image pipeline per branch: dev deploys to dev, main to prod after an approval', () => {
    expect(plan.pipelines.map(summary)).toEqual([
      'storefront@dev → dev',
      'storefront@main → prod (approval)',
      'orders-api@dev → dev',
      'orders-api@main → prod (approval)',
      'backoffice@dev → dev',
      'backoffice@main → prod (approval)',
      // The worker and the job get their pipelines exactly as services do.
      'order-events@dev → dev',
      'order-events@main → prod (approval)',
      'product-feeds@dev → dev',
      'product-feeds@main → prod (approval)',
    ]);
  });

  it('builds each image from the service\'s repository, Dockerfile and architecture, and deploys each target where it is', () => {
    const storefrontMain = plan.pipelines[1];
    expect(storefrontMain).toEqual({
      service: 'storefront',
      repository: 'purchase-direct/storefront',
      dockerfile: 'Dockerfile',
      architecture: 'arm64',
      branch: 'main',
      targets: [{ environment: 'prod', account: '222222222222', region: 'eu-west-2', branch: 'main', approval: true, imageRegion: 'eu-west-2', wakeBeforeDeploy: [] }],
    });
    expect(plan.pipelines.map((pipeline) => pipeline.repository)).toEqual([
      'purchase-direct/storefront', 'purchase-direct/storefront',
      'purchase-direct/orders-api', 'purchase-direct/orders-api',
      'purchase-direct/backoffice', 'purchase-direct/backoffice',
      'purchase-direct/order-events', 'purchase-direct/order-events',
      'purchase-direct/product-feeds', 'purchase-direct/product-feeds',
    ]);
  });

  it('is deeply frozen with the rest of the plan', () => {
    expect(Object.isFrozen(plan)).toBe(true);
    expect(Object.isFrozen(plan.pipelines[0]!.targets[0])).toBe(true);
    expect(Object.isFrozen(plan.github.platform)).toBe(true);
  });
});

describe('images for a DR environment', () => {
  const plan = delivery(referenceWithDr());

  it('replicates every image to drRegion, where the DR environment pulls it; the others pull from the delivery region', () => {
    expect(plan.replicaRegion).toBe('eu-west-1');
    expect(plan.environments.map((target) => [target.environment, target.region, target.imageRegion])).toEqual([
      ['dev', 'eu-west-2', 'eu-west-2'],
      ['prod', 'eu-west-2', 'eu-west-2'],
      ['dr', 'eu-west-1', 'eu-west-1'],
    ]);
    expect(plan.pipelines.find((pipeline) => pipeline.branch === 'main')!.targets.map((target) => target.imageRegion)).toEqual(['eu-west-2', 'eu-west-1']);
  });

  it('replicates even before a DR environment is declared, so one can be stood up while the delivery region is down', () => {
    expect(delivery(REFERENCE).replicaRegion).toBe('eu-west-1');
  });
});

describe('the delivery plan when environments share a branch', () => {
  const plan = delivery(SHARED_BRANCH);

  it('gives each service ONE pipeline per branch, deploying every environment of the branch in manifest order', () => {
    expect(plan.pipelines.map(summary)).toEqual([
      'web@main → qa, prod (approval)',
      'web@dev → dev',
      'api@main → qa, prod (approval)',
      'api@dev → dev',
    ]);
  });

  it('keeps each target\'s own account, region and approval', () => {
    expect(plan.pipelines[0]!.targets).toEqual([
      { environment: 'qa', account: '333333333333', region: 'eu-west-1', branch: 'main', approval: false, imageRegion: 'eu-west-1', wakeBeforeDeploy: [] },
      { environment: 'prod', account: '222222222222', region: 'eu-west-2', branch: 'main', approval: true, imageRegion: 'eu-west-1', wakeBeforeDeploy: [] },
    ]);
  });

  it('places the delivery stack with the first environment, wherever it is; in drRegion it replicates images nowhere', () => {
    expect(plan).toMatchObject({ account: '333333333333', region: 'eu-west-1' });
    expect(plan.replicaRegion).toBeUndefined();
    expect(plan.environments.map((environment) => environment.environment)).toEqual(['qa', 'dev', 'prod']);
  });

  it('builds each image from the service\'s own Dockerfile and architecture', () => {
    expect(plan.pipelines[2]).toMatchObject({ service: 'api', repository: 'tiny/api', dockerfile: 'docker/api.Dockerfile', architecture: 'x86_64' });
    expect(plan.pipelines[0]).toMatchObject({ service: 'web', dockerfile: 'Dockerfile', architecture: 'arm64' });
  });
});

describe('architecture in environment overrides', () => {
  it('accepts an override that repeats the service\'s architecture, written or default', () => {
    const text = SHARED_BRANCH.replace(
      '    approval: true\n',
      '    approval: true\n    overrides:\n      services:\n        web: { architecture: arm64 }\n        api: { architecture: x86_64, desiredCount: 3 }\n',
    );
    const { plan } = parseManifest(text, 'portside.yaml');
    const prod = plan.environments.find((environment) => environment.name === 'prod')!;
    expect(prod.services.map((service) => [service.name, service.architecture])).toEqual([['web', 'arm64'], ['api', 'x86_64']]);
    expect(plan.delivery.pipelines.map((pipeline) => pipeline.architecture)).toEqual(['arm64', 'arm64', 'x86_64', 'x86_64']);
  });
});

describe('deliveryPlan of a sleeping environment', () => {
  it('wakes its Aurora clusters before each deploy, by their identifiers; an environment awake around the clock has none', () => {
    const text = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8').replace('    profile: economy\n', '    profile: economy\n    schedule: { awake: "Mon-Fri 07:00-19:00" }\n')
      .replace('    schedule: "cron(30 1 * * ? *)"', '    schedule: "cron(30 8 ? * MON-FRI *)"');
    const { delivery } = parseManifest(text, 'portside.yaml').plan;
    expect(delivery.environments.map((target) => [target.environment, target.wakeBeforeDeploy])).toEqual([
      ['dev', ['purchase-direct-dev-catalog', 'purchase-direct-dev-orders']],
      ['prod', []],
    ]);
  });
});
