import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { planFromYaml, synthesize, SynthesizedPlatform } from '../support/reference';
import { DEPLOYMENT_ALARMS } from '../../src/infra/service/deployment-alarms';
import { ALARM_DETECTION_MINUTES } from '../../src/manifest/deployment-rules';

/** A manifest written for this test: a smoke-tested canary shop and a blue/green internal api, economy (HTTP) and resilient (HTTPS). */
const MANIFEST = readFileSync(join(__dirname, 'fixtures', 'progressive-delivery.yaml'), 'utf8');

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(planFromYaml(MANIFEST));
});
const stack = (env: string, name: string) => platform.template(`tidewater-${env}-service-${name}`);

describe('progressive delivery (issue 19)', () => {
  it.each(['dev', 'prod'])('synthesizes the canary with its percentage, bake time, rollback and smoke test hook (%s)', (env) => {
    stack(env, 'shop').hasResourceProperties('AWS::ECS::Service', {
      DeploymentController: Match.absent(),
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'CANARY',
        BakeTimeInMinutes: 6,
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 6 },
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: { AlarmNames: [`tidewater-${env}-service-shop-deploy-5xx`, `tidewater-${env}-service-shop-deploy-unhealthy`], Enable: true, Rollback: true },
        LifecycleHooks: [Match.objectLike({
          LifecycleStages: ['POST_TEST_TRAFFIC_SHIFT'],
          HookDetails: Match.objectLike({ path: '/health/deep', protocol: env === 'prod' ? 'https' : 'http', port: env === 'prod' ? 8443 : 8080 }),
        })],
      }),
      LoadBalancers: [Match.objectLike({
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: Match.stringLikeRegexp('AlternateTargetGroup') },
          ProductionListenerRule: { Ref: Match.stringLikeRegexp('ProductionRule') },
          TestListenerRule: { Ref: Match.stringLikeRegexp('TestRule') },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('DeploymentRole'), 'Arn'] },
        },
      })],
    });
  });

  it.each(['dev', 'prod'])('synthesizes blue/green with its bake time and alternate target group, without a hook (%s)', (env) => {
    const api = stack(env, 'api');
    api.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Strategy: 'BLUE_GREEN', BakeTimeInMinutes: 10, LifecycleHooks: Match.absent(), CanaryConfiguration: Match.absent() }),
    });
    api.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    api.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
  });

  it('opens the test listener to the VPC only, HTTPS with the certificate where there is a domain', () => {
    for (const [env, port, protocol] of [['dev', 8080, 'HTTP'], ['prod', 8443, 'HTTPS']] as const) {
      const shop = stack(env, 'shop');
      shop.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: port, Protocol: protocol });
      const ingress = Object.values<{ Type: string; Properties: { SecurityGroupIngress?: { FromPort: number; CidrIp?: string }[] } }>(shop.toJSON().Resources)
        .filter((r) => r.Type === 'AWS::EC2::SecurityGroup')
        .flatMap((r) => r.Properties.SecurityGroupIngress ?? [])
        .filter((rule) => rule.FromPort === port);
      expect(ingress).toEqual([expect.objectContaining({ CidrIp: '10.0.0.0/16' })]);
    }
  });

  it('lets ECS move traffic only on this service\'s groups, listeners and rules', () => {
    const policies = Object.values<{ Type: string; Properties: { PolicyDocument: { Statement: { Sid?: string; Resource: unknown }[] } } }>(stack('prod', 'shop').toJSON().Resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties.PolicyDocument.Statement);
    const bySid = (sid: string) => policies.find((statement) => statement.Sid === sid)!;
    expect(bySid('RegisterTasks').Resource).toHaveLength(2);
    expect(bySid('MoveTraffic').Resource).toHaveLength(4);
    expect(JSON.stringify(bySid('MoveTraffic').Resource)).not.toContain('*');
  });

  it('creates the smoke test function in the network stack only where a service has a smoke test', () => {
    platform.template('tidewater-prod-network').hasResourceProperties('AWS::Lambda::Function', { FunctionName: 'tidewater-prod-smoke-test' });
  });

  it('keeps the image an input and the first deploy free of tasks', () => {
    const service = stack('prod', 'shop').toJSON();
    expect(service.Parameters.ImageUri.Default).toBe('');
    const ecsService = Object.values<{ Type: string; Properties: { DesiredCount: unknown } }>(service.Resources).find((r) => r.Type === 'AWS::ECS::Service')!;
    expect(JSON.stringify(ecsService.Properties.DesiredCount)).toContain('HasImage');
  });
});

describe('the manifest\'s deployment estimates', () => {
  it('count the 5XX alarm\'s minutes as the deployment alarm has them, plus CloudWatch\'s minute', () => {
    expect(ALARM_DETECTION_MINUTES).toBe(DEPLOYMENT_ALARMS.target5xx.evaluationPeriods * DEPLOYMENT_ALARMS.target5xx.period.toMinutes() + 1);
  });
});
