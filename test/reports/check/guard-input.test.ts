import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { guardInput, ProducerStack } from '../../../src/reports/check/guard-input';

const producer: ProducerStack = {
  stackName: 'shop-dev-network',
  account: '111111111111',
  region: 'eu-west-2',
  template: {
    Resources: { Key1: { Type: 'AWS::KMS::Key' }, Logs2: { Type: 'AWS::S3::Bucket' } },
    Outputs: {
      KeyArn: { Value: { 'Fn::GetAtt': ['Key1', 'Arn'] } },
      LogsName: { Value: { Ref: 'Logs2' } },
      Literal: { Value: 'alias/shop' },
    },
  },
};
const output = (name: string) => ({ 'Fn::GetStackOutput': { StackName: 'shop-dev-network', Region: 'eu-west-2', OutputName: name } });

describe('the templates the guard rules read', () => {
  it('replace each Fn::GetStackOutput by what it stands for, and record where', () => {
    const consumer = {
      templatePath: '/assembly/shop-dev-data.template.json',
      account: '111111111111',
      template: { Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: output('KeyArn'), Tags: [{ Key: 'a', Value: output('Literal') }] } }, Alb: { Type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', Properties: { LoadBalancerAttributes: [{ Key: 'access_logs.s3.bucket', Value: output('LogsName') }] } } } },
    };
    const input = guardInput([consumer], [producer]);
    try {
      const copy = JSON.parse(readFileSync(input.fileFor.get(consumer.templatePath)!, 'utf8'));
      expect(copy.Resources.Group.Properties.KmsKeyId).toBe('arn:aws:kms:eu-west-2:111111111111:key/shop-dev-network/Key1');
      expect(copy.Resources.Group.Properties.Tags[0].Value).toBe('alias/shop');
      expect(copy.Resources.Alb.Properties.LoadBalancerAttributes[0].Value).toBe('portside:shop-dev-network/Logs2');
      expect(input.resolved.map((reference) => [reference.logicalId, reference.output])).toEqual([
        ['Group', 'shop-dev-network.KeyArn'], ['Group', 'shop-dev-network.Literal'], ['Alb', 'shop-dev-network.LogsName'],
      ]);
    } finally {
      input.dispose();
    }
  });

  it('give a template without cross-stack references as it is', () => {
    const plain = { templatePath: '/assembly/plain.template.json', account: '111111111111', template: { Resources: { Topic: { Type: 'AWS::SNS::Topic', Properties: { KmsMasterKeyId: { Ref: 'Key' } } } } } };
    const input = guardInput([plain], [producer]);
    expect(input.fileFor.get(plain.templatePath)).toBe(plain.templatePath);
    expect(input.resolved).toEqual([]);
    input.dispose();
  });

  it('look the producer up in the consumer\'s account, or in the account of the role a cross-account reference names', () => {
    const other = { ...producer, account: '222222222222', template: { ...producer.template, Outputs: { KeyArn: { Value: 'arn:aws:kms:eu-west-2:222222222222:key/other' } } } };
    const inProd = { templatePath: '/assembly/p.template.json', account: '222222222222', template: { Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: output('KeyArn') } } } } };
    const crossAccount = { templatePath: '/assembly/c.template.json', account: '111111111111', template: { Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: { 'Fn::GetStackOutput': { ...output('KeyArn')['Fn::GetStackOutput'], RoleArn: 'arn:aws:iam::222222222222:role/cdk-hnb659fds-deploy-role-222222222222-eu-west-2' } } } } } } };
    const input = guardInput([inProd, crossAccount], [producer, other]);
    expect(input.resolved.map((reference) => reference.value)).toEqual(['arn:aws:kms:eu-west-2:222222222222:key/other', 'arn:aws:kms:eu-west-2:222222222222:key/other']);
    input.dispose();
  });

  it('name an output it cannot find as unresolved, never silently', () => {
    const consumer = { templatePath: '/assembly/x.template.json', account: '111111111111', template: { Resources: { Group: { Type: 'AWS::Logs::LogGroup', Properties: { KmsKeyId: output('Missing') } } } } };
    const input = guardInput([consumer], [producer]);
    expect(input.resolved[0]!.value).toBe('portside:unresolved:shop-dev-network.Missing');
    input.dispose();
  });
});
