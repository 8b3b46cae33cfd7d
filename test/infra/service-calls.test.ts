import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { planFromYaml, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** `web` (internet-facing) calls `api` (internal); `admin` (internal) is called by nobody. Dev has no domain, prod has one. */
const CALLS_MANIFEST = `project: shop
region: eu-west-2
drRegion: eu-west-1
alertEmail: ops@shop.example
github:
  owner: shop
environments:
  dev:
    account: "111111111111"
    branch: dev
    profile: economy
  prod:
    account: "222222222222"
    branch: main
    profile: resilient
    domain:
      name: shop.example
      hostedZoneId: Z0123456789ABC
services:
  web:
    repository: shop/web
    port: 3000
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    desiredCount: 2
    calls: [api]
  api:
    repository: shop/api
    port: 8080
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    desiredCount: 2
    public: false
  admin:
    repository: shop/admin
    port: 8000
    healthCheckPath: /health
    cpu: 256
    memoryMiB: 512
    desiredCount: 2
    public: false
`;

const resources = (json: Json, type: string): [string, Json][] => Object.entries<Json>(json.Resources).filter(([, r]) => r.Type === type);
/** Every ingress rule of the service's load balancer group: inline, and the separate resources CDK makes for group sources. */
function loadBalancerIngress(json: Json): Json[] {
  const [groupId, group] = resources(json, 'AWS::EC2::SecurityGroup').find(([id]) => id.startsWith('WebLoadBalancerSecurityGroup'))!;
  const separate = resources(json, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties)
    .filter((rule) => JSON.stringify(rule.GroupId) === JSON.stringify({ 'Fn::GetAtt': [groupId, 'GroupId'] }));
  return [...(group.Properties.SecurityGroupIngress ?? []), ...separate];
}
const callersOf = (env: string, callee: string) => ({
  'Fn::GetStackOutput': { StackName: `shop-${env}-network`, Region: 'eu-west-2', OutputName: expect.stringMatching(new RegExp(`^PublishOutputFnGetAttCallsCallersOf${callee}[0-9A-F]{8}GroupId`)) },
});

describe('calls between services', () => {
  let platform: SynthesizedPlatform;
  beforeAll(() => {
    platform = synthesize(planFromYaml(CALLS_MANIFEST));
  });
  const json = (stack: string) => platform.template(stack).toJSON();

  it('injects <CALLEE>_URL: the private name without a domain, the service\'s HTTPS name with one', () => {
    const url = (env: string) => resources(json(`shop-${env}-service-web`), 'AWS::ECS::TaskDefinition')[0]![1]
      .Properties.ContainerDefinitions[0].Environment.find((v: Json) => v.Name === 'API_URL')?.Value;
    expect(url('dev')).toBe('http://api.dev.shop.internal');
    expect(url('prod')).toBe('https://api.shop.example');
  });

  it('lets only the declared callers reach an internal load balancer: its group admits the callers group, never the VPC CIDR', () => {
    for (const [env, ports] of [['dev', [80]], ['prod', [80, 443]]] as const) {
      const ingress = loadBalancerIngress(json(`shop-${env}-service-api`));
      expect(ingress.map((rule: Json) => rule.FromPort)).toEqual(ports);
      for (const rule of ingress) {
        expect(rule.SourceSecurityGroupId).toEqual(callersOf(env, 'api'));
        expect(rule.CidrIp).toBeUndefined();
      }
      // The caller's tasks carry that group beside their own.
      const [, service] = resources(json(`shop-${env}-service-web`), 'AWS::ECS::Service')[0]!;
      expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toEqual([
        { 'Fn::GetAtt': [expect.stringMatching(/^WebSecurityGroup/), 'GroupId'] }, callersOf(env, 'api'),
      ]);
    }
  });

  it('admits nothing from inside the VPC to an internal load balancer nobody calls', () => {
    expect(loadBalancerIngress(json('shop-dev-service-admin'))).toEqual([]);
    const [, admin] = resources(json('shop-dev-service-admin'), 'AWS::ECS::Service')[0]!;
    expect(admin.Properties.NetworkConfiguration.AwsvpcConfiguration.SecurityGroups).toHaveLength(1);
  });

  it('names a called service in the environment\'s private zone only when the environment has no domain', () => {
    const devZones = resources(json('shop-dev-network'), 'AWS::Route53::HostedZone');
    expect(devZones.map(([, z]) => z.Properties.Name)).toEqual(['dev.shop.internal.']);
    expect(devZones[0]![1].Properties.VPCs).toHaveLength(1);
    expect(resources(json('shop-prod-network'), 'AWS::Route53::HostedZone')).toEqual([]);
    const records = resources(json('shop-dev-service-api'), 'AWS::Route53::RecordSet').map(([, r]) => r.Properties);
    expect(records).toEqual([expect.objectContaining({ Name: 'api.dev.shop.internal.', Type: 'A' })]);
    expect(resources(json('shop-dev-service-admin'), 'AWS::Route53::RecordSet')).toEqual([]);
  });

  it('keeps service stacks free of references to each other, so services may call each other', () => {
    const mutual = planFromYaml(CALLS_MANIFEST.replace('    public: false\n  admin:', '    public: false\n    calls: [web]\n  admin:'));
    const { app } = buildApp(mutual, { compliance: false });
    const assembly = app.synth();
    for (const stack of assembly.stacksRecursively.filter((s) => s.stackName.includes('-service-'))) {
      const text = JSON.stringify(stack.template);
      expect(text, stack.stackName).not.toMatch(/"StackName":"shop-(dev|prod)-service-/);
    }
  });

  it('stays cdk-nag clean (AwsSolutions and NIST 800-53 R5)', () => {
    const { app } = buildApp(planFromYaml(CALLS_MANIFEST), { compliance: false });
    for (const pack of [new AwsSolutionsChecks(), new NIST80053R5Checks()]) {
      const report = pack.validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    }
  });
});
