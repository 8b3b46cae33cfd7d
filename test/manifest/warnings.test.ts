import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit, where } from './fixtures/base-manifest';

function withSecret(arn: string): string {
  return edit(['      NODE_ENV: production\n', `      NODE_ENV: production\n    secrets:\n      API_KEY: ${arn}\n`]);
}

describe('manifest warnings', () => {
  it('warns about a secret in an account no environment deploys to (a shared one), with a stable id', () => {
    const text = withSecret('arn:aws:secretsmanager:eu-west-2:333333333333:secret:web-AbCdEf');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings).toEqual([
      {
        file: 'portside.yaml',
        ...(([line, column]) => ({ line: Number(line), column: Number(column) }))(where(text, 'API_KEY: |arn').split(':')),
        path: 'services.web.secrets.API_KEY',
        id: 'portside/manifest:secret-other-account',
        message: expect.stringMatching(/^got a secret in account 333333333333, which no environment of this manifest deploys to; environments dev \(account 111111111111\) and prod \(account 222222222222\) read it across accounts, .*KMS key policy/),
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

  it('warns about a sidecar\'s secret in another region than the environment', () => {
    const text = edit(['      NODE_ENV: production\n', '      NODE_ENV: production\n    sidecars:\n      otel:\n        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1\n        cpu: 64\n        memoryMiB: 128\n        secrets:\n          OTEL_TOKEN: arn:aws:secretsmanager:us-east-1:333333333333:secret:otel-AbCdEf\n']);
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.filter((warning) => warning.id === 'portside/manifest:secret-other-region').map((warning) => warning.path)).toEqual(['services.web.sidecars.otel.secrets.OTEL_TOKEN', 'services.web.sidecars.otel.secrets.OTEL_TOKEN']);
  });

  it('does not block the plan', () => {
    const { plan } = parseManifest(withSecret('arn:aws:secretsmanager:eu-west-2:333333333333:secret:web-AbCdEf'), 'portside.yaml');
    expect(plan.environments).toHaveLength(2);
  });
});
