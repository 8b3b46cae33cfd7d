import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import {
  bakedMinutes, CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES, estimatedDeploymentMinutes, linearBakedSteps,
} from '../../src/manifest/deployment-rules';
import { edit } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue } from './fixtures/issues';

/** The base manifest with a canary web service, a blue/green api (linear in prod) and a worker. */
const DEPLOYMENT_MANIFEST = edit(
  ['\nservices:\n', '\nqueues:\n  jobs: {}\nservices:\n'],
  ['        web: { desiredCount: 3, maxCount: 12 }\n', '        web: { desiredCount: 3, maxCount: 12 }\n        api: { deployment: { strategy: linear, stepPercent: 25, bakeMinutes: 4 } }\n'],
  ['    environment:\n      NODE_ENV: production\n', `    environment:
      NODE_ENV: production
    deployment:
      strategy: canary
      canaryPercent: 10
      bakeMinutes: 6
      smokeTest: /health/deep
`],
  ['    databases: [orders]\n', `    databases: [orders]
    deployment: { strategy: blue-green }
  events:
    kind: worker
    repository: shop-co/events
    queue: jobs
    cpu: 256
    memoryMiB: 512
`],
);

const change = changerOf(DEPLOYMENT_MANIFEST, 'deployment manifest');
const c = invalidCase;

const CASES: readonly InvalidCase[] = [
  c('rejects an unknown strategy, suggesting the likely one', change('strategy: canary', 'strategy: canery'), 'services.web.deployment.strategy', /^got "canery"; strategy is rolling, blue-green, canary or linear; did you mean "canary"\?$/, 'strategy: |canery'),
  c('rejects a canary percent below what ECS takes', change('canaryPercent: 10', 'canaryPercent: 0'), 'services.web.deployment.canaryPercent', /^got 0; canaryPercent is 0\.1–100 in steps of 0\.1/),
  c('rejects a canary percent above 100', change('canaryPercent: 10', 'canaryPercent: 150'), 'services.web.deployment.canaryPercent', /^got 150; canaryPercent is 0\.1–100/),
  c('rejects a canary percent finer than a tenth', change('canaryPercent: 10', 'canaryPercent: 10.25'), 'services.web.deployment.canaryPercent', /^got 10\.25; canaryPercent is 0\.1–100 in steps of 0\.1 \(what ECS accepts\); use 10\.3$/),
  c('rejects a linear step below 3 %', change('stepPercent: 25', 'stepPercent: 2'), 'environments.prod.overrides.services.api.deployment.stepPercent', /^got 2; stepPercent is 3–100 in steps of 0\.1/),
  c('rejects a bake time above 24 hours', change('bakeMinutes: 6', 'bakeMinutes: 1441'), 'services.web.deployment.bakeMinutes', /^got 1441; bakeMinutes is 0–1440 \(ECS's limit, 24 hours\)/),
  c('rejects a smoke test that is not a path', change('smokeTest: /health/deep', 'smokeTest: health/deep'), 'services.web.deployment.smokeTest', /^got "health\/deep"; expected a URL path starting with \/; write "\/health\/deep"$/),
  c('rejects an unknown deployment field, suggesting the likely one', change('bakeMinutes: 6', 'bakeMinute: 6'), 'services.web.deployment.bakeMinute', /^got unknown field "bakeMinute"; allowed fields: strategy, bakeMinutes, canaryPercent, stepPercent, smokeTest; did you mean "bakeMinutes"\?$/),
  c('rejects canaryPercent with another strategy', change('deployment: { strategy: blue-green }', 'deployment: { strategy: blue-green, canaryPercent: 10 }'), 'services.api.deployment.canaryPercent', /^got canaryPercent with strategy blue-green; canaryPercent is the share a canary deployment moves first; remove it, or set strategy: canary/, 'blue-green, |canaryPercent'),
  c('rejects stepPercent with canary', change('      canaryPercent: 10\n', '      canaryPercent: 10\n      stepPercent: 20\n'), 'services.web.deployment.stepPercent', /^got stepPercent with strategy canary; stepPercent is the share a linear deployment moves at each step; remove it, or set strategy: linear$/),
  c('rejects canaryPercent when no strategy is written (rolling)', change('deployment: { strategy: blue-green }', 'deployment: { canaryPercent: 10 }'), 'services.api.deployment.canaryPercent', /^got canaryPercent with strategy rolling; .*remove it, or set strategy: canary$/),
  c('rejects a bake time on a rolling deployment', change('deployment: { strategy: blue-green }', 'deployment: { strategy: rolling, bakeMinutes: 5 }'), 'services.api.deployment.bakeMinutes', /^got bakeMinutes with strategy rolling; a rolling deployment stops each old task as soon as its replacement is healthy, so nothing bakes; remove it, or set strategy: blue-green, canary or linear$/),
  c('rejects a smoke test on a rolling deployment: there is no test listener', change('deployment: { strategy: blue-green }', 'deployment: { smokeTest: /ready }'), 'services.api.deployment.smokeTest', /^got smokeTest with strategy rolling; a rolling deployment has no test listener/),
  c('rejects a deployment on a worker: it always rolls', change('    queue: jobs\n', '    queue: jobs\n    deployment: { strategy: canary }\n'), 'services.events.deployment', /^got deployment on a worker; a worker has no load balancer to move traffic on, so ECS always rolls it .*; remove it \(deployment is for web services\)$/, 'queue: jobs\n    |deployment: { strategy: canary'),
  c('rejects a deployment in a worker\'s override', change('        web: { desiredCount: 3, maxCount: 12 }\n', '        web: { desiredCount: 3, maxCount: 12 }\n        events: { deployment: { strategy: blue-green } }\n'), 'environments.prod.overrides.services.events.deployment', /^got deployment on a worker/),
  c('refuses a linear deployment whose bakes exceed CloudFormation\'s 33 hours', change('stepPercent: 25, bakeMinutes: 4', 'stepPercent: 3, bakeMinutes: 120'), 'environments.prod.overrides.services.api.deployment.bakeMinutes', /^got a linear deployment estimated at \d+ minutes \(\d+ of bakes\); CloudFormation stops a stack update after 36 hours and refuses ECS deployments whose bakes add up to more than 33 \(1980 minutes\); lower bakeMinutes to at most \d+, or raise stepPercent$/),
  c('refuses a canary deployment whose two bakes exceed 33 hours', change('bakeMinutes: 6', 'bakeMinutes: 1000'), 'services.web.deployment.bakeMinutes', /^got a canary deployment estimated at 2006 minutes \(2000 of bakes\); .*; lower bakeMinutes to at most 987$/),
];

describe('parseManifest on web service deployments', () => {
  it('accepts the deployment manifest and plans each strategy with its settings', () => {
    const { plan, warnings } = parseManifest(DEPLOYMENT_MANIFEST, 'portside.yaml');
    expect(warnings).toEqual([]);
    const web = (environment: string, service: string) => {
      const workload = plan.environments.find((e) => e.name === environment)!.services.find((s) => s.name === service)!.workload;
      return workload.kind === 'web' ? workload.deployment : undefined;
    };
    expect(web('dev', 'web')).toEqual({ strategy: 'canary', bakeMinutes: 6, canaryPercent: 10, smokeTest: '/health/deep' });
    // Blue/green bakes 5 minutes unless told; no percentage.
    expect(web('dev', 'api')).toEqual({ strategy: 'blue-green', bakeMinutes: 5 });
    // An environment's deployment replaces the service's whole.
    expect(web('prod', 'api')).toEqual({ strategy: 'linear', bakeMinutes: 4, stepPercent: 25 });
  });

  it('keeps rolling, with nothing to bake, when deployment is not written', () => {
    const text = change('    deployment: { strategy: blue-green }\n', '');
    const api = parseManifest(text, 'portside.yaml').plan.environments[0]!.services.find((s) => s.name === 'api')!;
    expect(api.workload).toMatchObject({ deployment: { strategy: 'rolling', bakeMinutes: 0 } });
  });

  it('takes ECS\'s own percentages when a canary or linear deployment names none', () => {
    const text = change('deployment: { strategy: blue-green }', 'deployment: { strategy: canary }')
      .replace('{ strategy: linear, stepPercent: 25, bakeMinutes: 4 }', '{ strategy: linear }');
    const environments = parseManifest(text, 'portside.yaml').plan.environments;
    expect(environments[0]!.services.find((s) => s.name === 'api')!.workload).toMatchObject({ deployment: { canaryPercent: 5, bakeMinutes: 5 } });
    expect(environments[1]!.services.find((s) => s.name === 'api')!.workload).toMatchObject({ deployment: { stepPercent: 10, bakeMinutes: 5 } });
  });

  it('warns when a canary bakes for less time than the 5XX alarm needs', () => {
    const { warnings } = parseManifest(change('bakeMinutes: 6', 'bakeMinutes: 1'), 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:bake-shorter-than-alarm', 'services.web.deployment.bakeMinutes']]);
  });

  it.each(CASES)('$name', (testCase) => {
    expectedIssue(testCase);
  });
});

describe('the deployment duration estimate', () => {
  it('counts linear steps as CloudFormation does: no bake after the last shift', () => {
    expect(linearBakedSteps(10)).toBe(9);
    expect(linearBakedSteps(25)).toBe(3);
    // 11 % does not divide 100: floor(9.09) = 9 bakes.
    expect(linearBakedSteps(11)).toBe(9);
    expect(linearBakedSteps(100)).toBe(0);
  });

  it('adds the final bake to the traffic steps\' bakes', () => {
    expect(bakedMinutes({ strategy: 'blue-green', bakeMinutes: 7 })).toBe(7);
    expect(bakedMinutes({ strategy: 'canary', bakeMinutes: 7, canaryPercent: 5 })).toBe(2 * 7);
    expect(bakedMinutes({ strategy: 'linear', bakeMinutes: 7, stepPercent: 25 })).toBe((1 + 3) * 7);
  });

  it('accepts the longest canary that fits, and refuses one minute more', () => {
    const base = { strategy: 'canary' as const, canaryPercent: 5, smokeTest: '/ready' };
    const longest = Math.floor((CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES - estimatedDeploymentMinutes({ ...base, bakeMinutes: 0 })) / 2);
    expect(estimatedDeploymentMinutes({ ...base, bakeMinutes: longest })).toBeLessThanOrEqual(CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES);
    expect(estimatedDeploymentMinutes({ ...base, bakeMinutes: longest + 1 })).toBeGreaterThan(CLOUDFORMATION_DEPLOYMENT_LIMIT_MINUTES);
  });
});
