import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { referencePlan } from '../support/reference';

function templates(assembly: CloudAssembly): { name: string; template: { Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }> } }[] {
  return assembly.stacksRecursively.map((stack) => ({ name: stack.hierarchicalId, template: stack.template }));
}

describe('KMS keys', () => {
  it('every key, in every stack and environment, refuses grants that are not for an AWS resource or from an AWS service (CT.KMS.PR.3)', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const keys = templates(app.synth()).flatMap(({ name, template }) => Object.entries(template.Resources)
      .filter(([, resource]) => resource.Type === 'AWS::KMS::Key')
      .map(([id, resource]) => ({ key: `${name}/${id}`, statements: (resource.Properties!.KeyPolicy as { Statement: Record<string, unknown>[] }).Statement })));
    expect(keys.length).toBeGreaterThanOrEqual(8);
    for (const { key, statements } of keys) {
      expect(statements, key).toContainEqual({
        Sid: 'GrantsOnlyForAwsServices',
        Effect: 'Deny',
        Principal: { AWS: '*' },
        Action: 'kms:CreateGrant',
        Resource: '*',
        Condition: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
      });
    }
  });
});
