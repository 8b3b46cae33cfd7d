import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../src/infra/app';
import type { EnvironmentStage } from '../../src/infra/stacks/environment-stage';
import { parseManifest, PortsidePlan } from '../../src/manifest';

export const REPO_ROOT = join(__dirname, '..', '..');

export function referencePlan(): PortsidePlan {
  const file = join(REPO_ROOT, 'portside.yaml');
  return parseManifest(readFileSync(file, 'utf8'), 'portside.yaml').plan;
}

/** The smallest useful manifest: one economy environment, one service; tests edit it with `replace`. */
export const MINIMAL_MANIFEST = `project: solo
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@solo.example
github:
  owner: solo
environments:
  dev:
    account: "111111111111"
    branch: dev
    profile: economy
services:
  web:
    repository: solo/web
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
`;

export function planFromYaml(yaml: string): PortsidePlan {
  return parseManifest(yaml, 'test.yaml').plan;
}

export interface SynthesizedPlatform {
  readonly app: App;
  readonly stages: Map<string, EnvironmentStage>;
  /** Template of a stack by its contract name, e.g. `purchase-direct-prod-data`. */
  template(stackName: string): Template;
}

/** Synthesizes a whole plan once (without cdk-nag; compliance has its own test). */
export function synthesize(plan: PortsidePlan): SynthesizedPlatform {
  const { app, stages } = buildApp(plan, { compliance: false });
  const byName = new Map(stages.flatMap((stage) => stage.stacks.map((s) => [s.stackName, s] as const)));
  const cache = new Map<string, Template>();
  return {
    app,
    stages: new Map(stages.map((s) => [s.stageName, s])),
    template(stackName: string) {
      const stack = byName.get(stackName);
      if (!stack) throw new Error(`no stack ${stackName}; have ${[...byName.keys()].join(', ')}`);
      if (!cache.has(stackName)) cache.set(stackName, Template.fromStack(stack));
      return cache.get(stackName)!;
    },
  };
}
