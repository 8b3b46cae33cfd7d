import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Stack } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { bootstrapArguments, bootstrapTargets, deployArguments, deploySteps } from '../../src/cli/deploy/deployment-steps';
import { actionPrefix } from '../../src/cli/deploy/execution-policy';
import { buildApp } from '../../src/infra/app';
import { portside } from '../support/cli';
import { referencePlan } from '../support/reference';

/** A stand-in for the CDK CLI: records each invocation, and fails (as the CDK CLI reports a failed stack) when its arguments match FAIL_ON. */
function stubCdk(dir: string): { env: NodeJS.ProcessEnv; calls: () => string[][] } {
  const log = join(dir, 'calls.jsonl');
  const script = join(dir, 'cdk-stub.js');
  writeFileSync(log, '');
  writeFileSync(script, `
const { appendFileSync } = require('node:fs');
const args = process.argv.slice(2);
appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
if (process.env.FAIL_ON && args.join(' ').includes(process.env.FAIL_ON)) {
  console.log(' ❌  purchase-direct-dev-data failed: Resource handler returned message: "DB cluster already exists" (HandlerErrorCode: AlreadyExists)');
  process.exit(1);
}
console.log(' ✅  done');
`);
  return {
    env: { PORTSIDE_CDK: script },
    calls: () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line) as string[]),
  };
}

describe('the deployment order', () => {
  const plan = referencePlan();
  const { app } = buildApp(plan, { compliance: false });
  const ids = app.node.children.filter((child) => Stack.isStack(child)).map((child) => child.node.id);

  it('deploys delivery, then the account stacks, then each environment in manifest order, prod with its approval', () => {
    expect(deploySteps(plan, ids).map((step) => [step.stacks.join(' '), step.approval])).toEqual([
      ['Delivery Delivery-*', undefined],
      ['Foundation-* DrVault-* CostAnomaly-*', undefined],
      ['dev/*', undefined],
      ['prod/*', 'prod'],
    ]);
    expect(deployArguments(deploySteps(plan, ids)[2]!, 'portside.yaml')).toEqual(['deploy', 'dev/*', '--context', 'manifest=portside.yaml', '--require-approval', 'never', '--progress', 'events']);
    // One environment: the shared stacks it needs first.
    expect(deploySteps(plan, ids, 'prod').map((step) => step.stacks.join(' '))).toEqual(['Delivery Delivery-*', 'Foundation-* DrVault-* CostAnomaly-*', 'prod/*']);
  });

  it('bootstraps every account and region that holds a stack, the environment accounts trusting the delivery account', () => {
    const stacks = app.node.findAll().filter((construct): construct is Stack => Stack.isStack(construct));
    const targets = bootstrapTargets(plan, stacks);
    expect(targets.map((t) => `${t.account}/${t.region}${t.trust ? ` trusts ${t.trust}` : ''}`)).toEqual([
      '111111111111/eu-west-2', '111111111111/eu-west-1', '111111111111/us-east-1',
      '222222222222/eu-west-2 trusts 111111111111', '222222222222/eu-west-1 trusts 111111111111', '222222222222/us-east-1 trusts 111111111111',
    ]);
    // Every stack of the app is in a bootstrapped place.
    for (const stack of stacks) expect(targets.some((t) => t.account === stack.account && t.region === stack.region), stack.stackName).toBe(true);
    expect(bootstrapArguments(targets[3]!, 'arn:aws:iam::222222222222:policy/portside-execution')).toEqual([
      'bootstrap', 'aws://222222222222/eu-west-2', '--trust', '111111111111', '--trust-for-lookup', '111111111111',
      '--cloudformation-execution-policies', 'arn:aws:iam::222222222222:policy/portside-execution',
    ]);
  });

  it('names IAM action prefixes of CloudFormation types, odd ones included', () => {
    expect(['AWS::ECS::Service', 'AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::StepFunctions::StateMachine', 'AWS::EFS::FileSystem', 'Custom::DatabaseUser'].map(actionPrefix))
      .toEqual(['ecs', 'elasticloadbalancing', 'states', 'elasticfilesystem', undefined]);
  });
});

describe('portside deploy and bootstrap against a stubbed CDK CLI', () => {
  it('runs each step through the CDK CLI in order and stops before prod without its approval', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-deploy-'));
    const cdk = stubCdk(dir);
    const { status, stdout } = portside(['deploy'], cdk.env);
    expect(status).toBe(0);
    expect(cdk.calls().map((args) => args.slice(0, args.indexOf('--context')).join(' '))).toEqual([
      'deploy Delivery Delivery-*', 'deploy Foundation-* DrVault-* CostAnomaly-*', 'deploy dev/*',
    ]);
    expect(stdout).toContain('[4/4] environment prod (222222222222, eu-west-2): stopped — prod needs an approval');
  });

  it('deploys prod when approved, and runs nothing on --dry-run', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-deploy-'));
    const cdk = stubCdk(dir);
    expect(portside(['deploy', '--env', 'prod', '--approve', 'prod'], cdk.env).status).toBe(0);
    expect(cdk.calls().map((args) => args[1])).toEqual(['Delivery', 'Foundation-*', 'prod/*']);
    const dry = stubCdk(mkdtempSync(join(tmpdir(), 'portside-deploy-')));
    const { status, stdout } = portside(['deploy', '--dry-run'], dry.env);
    expect(status).toBe(0);
    expect(dry.calls()).toEqual([]);
    expect(stdout).toContain("cdk deploy 'dev/*' --context manifest=portside.yaml");
  });

  it('stops at the first failure, naming the step, the stack and CloudFormation\'s reason', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-deploy-'));
    const cdk = stubCdk(dir);
    const { status, stderr } = portside(['deploy', '--approve', 'prod'], { ...cdk.env, FAIL_ON: 'dev/*' });
    expect(status).toBe(1);
    expect(stderr).toContain('portside: deploy stopped at step 3 of 4 (dev/*): purchase-direct-dev-data failed: Resource handler returned message: "DB cluster already exists"');
    expect(cdk.calls().map((args) => args[1])).toEqual(['Delivery', 'Foundation-*', 'dev/*']);
  });

  it('bootstraps every account and region with the given execution policy', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-bootstrap-'));
    const cdk = stubCdk(dir);
    expect(portside(['bootstrap', '--execution-policy', 'arn:aws:iam::111111111111:policy/portside'], cdk.env).status).toBe(0);
    const calls = cdk.calls();
    expect(calls).toHaveLength(6);
    for (const args of calls) expect(args.slice(-2)).toEqual(['--cloudformation-execution-policies', 'arn:aws:iam::111111111111:policy/portside']);
  });

  it('prints a narrower execution policy: only the services of the templates, no IAM wildcard over everything', () => {
    const { status, stdout } = portside(['bootstrap', '--print-policy']);
    expect(status).toBe(0);
    const policy = JSON.parse(stdout) as { Statement: { Action: string | string[] }[] };
    const actions = policy.Statement.flatMap((statement) => [statement.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['ecs:*', 'rds:*', 'elasticfilesystem:*', 'codepipeline:*']));
    expect(actions).not.toContain('*');
  });
});
