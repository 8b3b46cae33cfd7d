import { Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { MANAGED_RULE_GROUPS } from '../../src/infra/service/web-firewall';
import { referencePlan, synthesize, SynthesizedPlatform } from '../support/reference';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let platform: SynthesizedPlatform;
beforeAll(() => {
  platform = synthesize(referencePlan());
});

const stackName = (env: string, service: string) => `purchase-direct-${env}-service-${service}`;
const resourcesOf = (template: Template, type: string): [string, Json][] =>
  Object.entries<Json>(template.toJSON().Resources).filter(([, r]) => r.Type === type);

describe('the web application firewall', () => {
  it('screens the internet-facing services of the resilient environment, and nothing else', () => {
    const firewalled = ['dev', 'prod'].flatMap((env) => ['storefront', 'orders-api', 'backoffice']
      .filter((service) => resourcesOf(platform.template(stackName(env, service)), 'AWS::WAFv2::WebACL').length > 0)
      .map((service) => `${env}/${service}`));
    // storefront and orders-api are public; backoffice is internal; dev is economy.
    expect(firewalled).toEqual(['prod/storefront', 'prod/orders-api']);
  });

  it('runs the AWS managed rule groups in order, allowing by default, with oversized bodies only counted', () => {
    const [[, acl]] = resourcesOf(platform.template(stackName('prod', 'storefront')), 'AWS::WAFv2::WebACL') as [[string, Json]];
    expect(acl.Properties).toMatchObject({
      Name: stackName('prod', 'storefront'),
      Scope: 'REGIONAL',
      DefaultAction: { Allow: {} },
      VisibilityConfig: { CloudWatchMetricsEnabled: true, SampledRequestsEnabled: true },
    });
    const rules = acl.Properties.Rules as Json[];
    expect(rules.map((r) => [r.Priority, r.Statement.ManagedRuleGroupStatement.VendorName, r.Statement.ManagedRuleGroupStatement.Name, r.OverrideAction])).toEqual([
      [0, 'AWS', 'AWSManagedRulesAmazonIpReputationList', { None: {} }],
      [1, 'AWS', 'AWSManagedRulesKnownBadInputsRuleSet', { None: {} }],
      [2, 'AWS', 'AWSManagedRulesCommonRuleSet', { None: {} }],
    ]);
    expect(rules.map((r) => r.Statement.ManagedRuleGroupStatement.RuleActionOverrides)).toEqual([
      undefined, undefined, [{ Name: 'SizeRestrictions_BODY', ActionToUse: { Count: {} } }],
    ]);
    expect(rules.length).toBe(MANAGED_RULE_GROUPS.length);
  });

  it('is attached to the service\'s own load balancer', () => {
    const template = platform.template(stackName('prod', 'storefront'));
    const [[aclId]] = resourcesOf(template, 'AWS::WAFv2::WebACL');
    const [[lbId]] = resourcesOf(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer');
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      ResourceArn: { Ref: lbId },
      WebACLArn: { 'Fn::GetAtt': [aclId, 'Arn'] },
    });
  });

  it('logs every request to an encrypted aws-waf-logs- log group, without credentials or cookies', () => {
    const template = platform.template(stackName('prod', 'storefront'));
    const [[aclId]] = resourcesOf(template, 'AWS::WAFv2::WebACL');
    const logGroups = resourcesOf(template, 'AWS::Logs::LogGroup').filter(([, r]) => String(r.Properties.LogGroupName).startsWith('aws-waf-logs-'));
    expect(logGroups).toHaveLength(1);
    const [logGroupId, logGroup] = logGroups[0]!;
    expect(logGroup.Properties.LogGroupName).toBe(`aws-waf-logs-${stackName('prod', 'storefront')}`);
    expect(logGroup.Properties.KmsKeyId).toBeDefined();
    expect(logGroup.Properties.RetentionInDays).toBeGreaterThan(0);
    expect(logGroup.DeletionPolicy).toBe('Retain');
    const [[, logging]] = resourcesOf(template, 'AWS::WAFv2::LoggingConfiguration') as [[string, Json]];
    expect(logging.Properties.ResourceArn).toEqual({ 'Fn::GetAtt': [aclId, 'Arn'] });
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).toContain(`:log-group:aws-waf-logs-${stackName('prod', 'storefront')}`);
    expect(JSON.stringify(logging.Properties.LogDestinationConfigs)).not.toContain(':*');
    expect(logging.Properties.RedactedFields).toEqual([{ SingleHeader: { Name: 'authorization' } }, { SingleHeader: { Name: 'cookie' } }]);
    expect(logging.DependsOn).toContain(logGroupId);
  });

  it('acknowledges the missing firewall exactly on the load balancers that have none', () => {
    for (const stage of platform.stages.values()) {
      for (const stack of [...stage.services.values()].filter((candidate) => candidate.web)) {
        const acknowledged = stack.web!.loadBalancer.node.metadata
          .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
          .some((m) => 'Annotation::NIST.800.53.R5-ALBWAFEnabled' in (m.data as object));
        expect(acknowledged, stack.stackName).toBe(stack.firewall === undefined);
      }
    }
  });
});
