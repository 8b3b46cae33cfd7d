import { describe, expect, it } from 'vitest';
import type { SynthesizedStack } from '../../src/reports/assembly-reader';
import { deployTimeFunctions } from '../../src/reports/cost/deploy-time-functions';

function stack(stackName: string, resources: Record<string, unknown>, outputs: Record<string, unknown> = {}): SynthesizedStack {
  return {
    environment: 'dev', stackName, account: '111111111111', region: 'eu-west-2', templateBytes: 0, terminationProtection: false, assetCount: 0,
    template: { Resources: resources, Outputs: outputs } as unknown as SynthesizedStack['template'],
  };
}

describe('deployTimeFunctions', () => {
  const data = stack('data', {
    Framework: { Type: 'AWS::Lambda::Function', Properties: { Environment: { Variables: { USER_ON_EVENT_FUNCTION_ARN: { 'Fn::GetAtt': ['Handler', 'Arn'] } } } } },
    Handler: { Type: 'AWS::Lambda::Function', Properties: {} },
    Busy: { Type: 'AWS::Lambda::Function', Properties: {} },
    Local: { Type: 'AWS::Lambda::Function', Properties: {} },
    LocalResource: { Type: 'Custom::Thing', Properties: { ServiceToken: { 'Fn::GetAtt': ['Local', 'Arn'] } } },
  }, {
    TokenOut: { Value: { 'Fn::GetAtt': ['Framework', 'Arn'] } },
    HandlerOut: { Value: { 'Fn::GetAtt': ['Handler', 'Arn'] } },
  });
  const output = (name: string) => ({ 'Fn::GetStackOutput': { StackName: 'data', Region: 'eu-west-2', OutputName: name } });

  it('finds functions invoked by a custom resource or a rotation, in their stack or through another stack\'s output, and the handler a framework names', () => {
    const service = stack('service', {
      User: { Type: 'Custom::DatabaseUser', Properties: { ServiceToken: output('TokenOut') } },
      Rotation: { Type: 'AWS::SecretsManager::RotationSchedule', Properties: { RotationLambdaARN: output('HandlerOut') } },
    });
    expect([...deployTimeFunctions([data, service])].sort()).toEqual(['data/Framework', 'data/Handler', 'data/Local']);
  });

  it('leaves out a function nothing invokes at deploy or rotation time (the estimate reports it as unpriced)', () => {
    expect(deployTimeFunctions([data])).not.toContain('data/Busy');
    expect(deployTimeFunctions([data])).not.toContain('data/Framework');
  });
});
