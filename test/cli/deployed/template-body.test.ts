import { describe, expect, it } from 'vitest';
import { parseTemplateBody } from '../../../src/cli/deployed/template-body';

describe('parseTemplateBody', () => {
  it('reads a JSON body as it is', () => {
    const template = { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { TopicName: { 'Fn::Sub': '${AWS::StackName}-alarms' } } } } };
    expect(parseTemplateBody(JSON.stringify(template))).toEqual(template);
  });

  it('reads a YAML body with short-form functions as their JSON long forms', () => {
    const body = [
      'Resources:',
      '  Bucket:',
      '    Type: AWS::S3::Bucket',
      '    Properties:',
      '      BucketName: !Join [\'-\', [!Ref AWS::Region, !Select [0, !GetAZs \'\']]]',
      '      Arn: !GetAtt Key.Arn',
      '      Nested: !GetAtt [Stack, Outputs.Value]',
      '      Name: !Sub',
      '        - \'${Prefix}-data\'',
      '        - Prefix: !ImportValue shared-prefix',
      '    Condition: IsProd',
    ].join('\n');
    expect(parseTemplateBody(body).Resources.Bucket).toEqual({
      Type: 'AWS::S3::Bucket',
      Condition: 'IsProd',
      Properties: {
        BucketName: { 'Fn::Join': ['-', [{ Ref: 'AWS::Region' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }]] },
        Arn: { 'Fn::GetAtt': ['Key', 'Arn'] },
        Nested: { 'Fn::GetAtt': ['Stack', 'Outputs.Value'] },
        Name: { 'Fn::Sub': ['${Prefix}-data', { Prefix: { 'Fn::ImportValue': 'shared-prefix' } }] },
      },
    });
  });

  it('gives a template without resources an empty resource map, and refuses a body that is no template', () => {
    expect(parseTemplateBody('{"Description":"empty"}').Resources).toEqual({});
    expect(() => parseTemplateBody('- a\n- b\n')).toThrow(/not a JSON or YAML object/);
  });
});
