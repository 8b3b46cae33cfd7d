import { App, CfnResource, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { assertWithinCloudFormationLimits, CLOUDFORMATION_LIMITS, CloudFormationLimitError, limitFindings, limitsOf } from '../../../src/reports/check/limits';

/** A stack synthesized by CDK with `count` resources (wait condition handles have no properties). */
function stackOf(count: number) {
  const stack = new Stack(new App(), 'Synthetic', { stackName: 'synthetic' });
  for (let i = 0; i < count; i++) new CfnResource(stack, `Handle${i}`, { type: 'AWS::CloudFormation::WaitConditionHandle' });
  const template = Template.fromStack(stack).toJSON() as Parameters<typeof limitsOf>[0]['template'];
  return { stack: 'Synthetic', stackName: 'synthetic', environment: undefined, template, templateBytes: JSON.stringify(template, null, 1).length };
}

describe('CloudFormation limits', () => {
  it('are the quotas of the CloudFormation User Guide, with 1 MB for templates uploaded to S3', () => {
    expect(Object.fromEntries(Object.entries(CLOUDFORMATION_LIMITS).map(([name, limit]) => [name, limit.max]))).toEqual({
      resources: 500, templateBytes: 1_000_000, outputs: 200, parameters: 200, mappings: 200, dynamicReferences: 60,
    });
  });

  it('reports count, limit and share for every limit of a stack', () => {
    const Resources = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`Handle${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
    const limits = limitsOf({ stack: 'Small', stackName: 'small', environment: 'dev', template: { Resources }, templateBytes: 9_000 });
    expect(limits.usages.map((u) => u.limit)).toEqual(['resources', 'templateBytes', 'outputs', 'parameters', 'mappings', 'dynamicReferences']);
    expect(limits.usages.find((u) => u.limit === 'resources')).toEqual({ limit: 'resources', count: 100, max: 500, percent: 20 });
    expect(limitFindings(limits)).toEqual([]);
  });

  it('warns above 80 % of a limit, on a stack CDK synthesized', () => {
    const findings = limitFindings(limitsOf(stackOf(410)));
    expect(findings).toEqual([expect.objectContaining({
      ruleId: 'limits:resources', outcome: 'warning', message: expect.stringMatching(/^410 resources: 82 % of CloudFormation's limit of 500/),
      resource: expect.objectContaining({ stack: 'Synthetic', logicalId: undefined }),
    })]);
    const Resources = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [`Handle${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
    expect(limitFindings(limitsOf({ stack: 'Edge', stackName: 'edge', environment: undefined, template: { Resources }, templateBytes: 9_000 }))).toEqual([]); // exactly 80 %: not above
  });

  it('fails above a limit, because the deploy would', () => {
    // CDK itself refuses to synthesize a stack of more than 500 resources (TooManyResourcesInStack): a raw template.
    const Resources = Object.fromEntries(Array.from({ length: 501 }, (_, i) => [`Handle${i}`, { Type: 'AWS::CloudFormation::WaitConditionHandle' }]));
    const findings = limitFindings(limitsOf({ stack: 'Big', stackName: 'big', environment: undefined, template: { Resources }, templateBytes: 40_000 }));
    expect(findings).toEqual([expect.objectContaining({ ruleId: 'limits:resources', outcome: 'error', message: expect.stringMatching(/over CloudFormation's limit of 500, the deploy would fail/) })]);
    expect(findings[0]!.fix).toMatch(/another stack/);
  });

  it('counts template bytes, outputs, parameters, mappings and dynamic references', () => {
    const template = {
      Resources: { Secret: { Type: 'AWS::CloudFormation::WaitConditionHandle', Properties: { A: '{{resolve:secretsmanager:s:SecretString:password}}', B: '{{resolve:ssm:/p}}' } } },
      Outputs: Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`O${i}`, { Value: 'x' }])),
      Parameters: Object.fromEntries(Array.from({ length: 170 }, (_, i) => [`P${i}`, { Type: 'String' }])),
      Mappings: { M: {} },
    };
    const limits = limitsOf({ stack: 's', stackName: 's', environment: 'dev', template, templateBytes: 900_000 });
    const by = Object.fromEntries(limits.usages.map((u) => [u.limit, u.count]));
    expect(by).toEqual({ resources: 1, templateBytes: 900_000, outputs: 201, parameters: 170, mappings: 1, dynamicReferences: 2 });
    expect(limitFindings(limits).map((f) => [f.ruleId, f.outcome])).toEqual([
      ['limits:templateBytes', 'warning'], ['limits:outputs', 'error'], ['limits:parameters', 'warning'],
    ]);
  });
});

describe('CloudFormation limits at synthesis', () => {
  const template = (resources: number, outputs = 0) => ({
    stack: 'prod/Data', stackName: 'shop-prod-data', environment: 'prod', templateBytes: 1_000,
    template: {
      Resources: Object.fromEntries(Array.from({ length: resources }, (_, i) => [`R${i}`, { Type: 'AWS::SNS::Topic' }])),
      Outputs: Object.fromEntries(Array.from({ length: outputs }, (_, i) => [`O${i}`, { Value: 'x' }])),
    },
  });

  it('lets a synthesis within every limit through, however close', () => {
    expect(() => assertWithinCloudFormationLimits([template(500, 200)])).not.toThrow();
  });

  it('fails one over a limit, naming the stack, the count, the limit and the fix, one line per limit', () => {
    expect(() => assertWithinCloudFormationLimits([template(501, 201)])).toThrow(CloudFormationLimitError);
    try {
      assertWithinCloudFormationLimits([template(501, 201)]);
    } catch (error) {
      expect((error as Error).message.split('\n')).toEqual([
        expect.stringMatching(/^stack shop-prod-data has 501 resources; CloudFormation allows 500: move resources to another stack/),
        expect.stringMatching(/^stack shop-prod-data has 201 outputs; CloudFormation allows 200: /),
      ]);
    }
  });
});
