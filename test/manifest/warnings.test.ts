import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit, where } from './fixtures/base-manifest';

function withSecret(arn: string): string {
  return edit(['      NODE_ENV: production\n', `      NODE_ENV: production\n    secrets:\n      API_KEY: ${arn}\n`]);
}

describe('manifest warnings', () => {
  it('warns about a secret in another account than the environment, with a stable id', () => {
    const text = withSecret('arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-AbCdEf');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings).toEqual([
      {
        file: 'portside.yaml',
        ...(([line, column]) => ({ line: Number(line), column: Number(column) }))(where(text, 'API_KEY: |arn').split(':')),
        path: 'services.web.secrets.API_KEY',
        id: 'portside/manifest:secret-other-account',
        message: expect.stringMatching(/^got a secret in account 111111111111; environment prod deploys to account 222222222222; .*KMS key policy/),
      },
    ]);
  });

  it('warns about a secret in another region than the environment', () => {
    const text = edit(['      NODE_ENV: production\n', '      NODE_ENV: production\n    secrets:\n      API_KEY: arn:aws:secretsmanager:us-east-1:111111111111:secret:web-AbCdEf\n'], ['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, secrets: { API_KEY: "arn:aws:secretsmanager:eu-west-2:222222222222:secret:web-AbCdEf:key" } }']);
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:secret-other-region', 'services.web.secrets.API_KEY']]);
    expect(warnings[0]?.message).toMatch(/^got a secret in region us-east-1; environment dev runs in eu-west-2; .*replicate the secret to eu-west-2/);
  });

  it('points a warning about an overridden secret at the override', () => {
    const text = edit(['web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, secrets: { API_KEY: "arn:aws:secretsmanager:eu-west-2:333333333333:secret:web-AbCdEf" } }']);
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => warning.path)).toEqual(['environments.prod.overrides.services.web.secrets.API_KEY']);
  });

  it('does not block the plan', () => {
    const { plan } = parseManifest(withSecret('arn:aws:secretsmanager:eu-west-2:111111111111:secret:web-AbCdEf'), 'portside.yaml');
    expect(plan.environments).toHaveLength(2);
  });
});
