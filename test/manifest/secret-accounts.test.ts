import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue, issuesOf } from './fixtures/issues';

/** A secret ARN in `account` (dev deploys to 111111111111, prod to 222222222222 in the base manifest). */
const secretIn = (account: string, name = 'payments', jsonKey = '') => `arn:aws:secretsmanager:eu-west-2:${account}:secret:${name}-AbCdEf${jsonKey}`;

/** The base manifest with a sidecar on web, so that secrets can be given to the service, its overrides and the sidecar. */
const MANIFEST = edit(['    environment:\n      NODE_ENV: production\n', `    environment:
      NODE_ENV: production
    sidecars:
      otel:
        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1
        cpu: 64
        memoryMiB: 128
`]);

const change = changerOf(MANIFEST, 'secret manifest');
const c = invalidCase;

const withServiceSecret = (arn: string, text = MANIFEST) => changerOf(text, 'secret manifest')('      NODE_ENV: production\n', `      NODE_ENV: production\n    secrets:\n      PAYMENT_API_KEY: ${arn}\n`);
const withProdOverride = (arn: string, text = MANIFEST) => changerOf(text, 'secret manifest')('web: { desiredCount: 3, maxCount: 12 }', `web: { desiredCount: 3, maxCount: 12, secrets: { PAYMENT_API_KEY: "${arn}" } }`);
const withSidecarSecret = (arn: string) => change('        memoryMiB: 128\n', `        memoryMiB: 128\n        secrets:\n          OTEL_TOKEN: ${arn}\n`);
/** A third environment, staging in account 333333333333, after prod. */
const withStaging = (text: string) => changerOf(text, 'secret manifest')('\ndatabases:\n', '\n  staging:\n    account: "333333333333"\n    branch: staging\n    profile: economy\ndatabases:\n');

const CASES: readonly InvalidCase[] = [
  c('refuses a service\'s secret in prod\'s account, which dev would read, at the ARN, with a dev override as the fix',
    withServiceSecret(secretIn('222222222222')), 'services.web.secrets.PAYMENT_API_KEY',
    /^got a secret in account 222222222222, the account of environment prod; environment dev \(account 111111111111\) would read it too, and one environment's tasks may not read another environment's secrets; set environments\.dev\.overrides\.services\.web\.secrets\.PAYMENT_API_KEY to a secret in account 111111111111$/,
    'PAYMENT_API_KEY: |arn'),
  c('refuses it with a JSON key too', withServiceSecret(secretIn('222222222222', 'payments', ':apiKey')), 'services.web.secrets.PAYMENT_API_KEY', /^got a secret in account 222222222222, the account of environment prod; environment dev/),
  c('refuses a service\'s secret in dev\'s account that prod would read, when prod does not override it',
    withServiceSecret(secretIn('111111111111')), 'services.web.secrets.PAYMENT_API_KEY',
    /^got a secret in account 111111111111, the account of environment dev; environment prod \(account 222222222222\) would read it too, .*; set environments\.prod\.overrides\.services\.web\.secrets\.PAYMENT_API_KEY to a secret in account 222222222222$/),
  c('names an override per environment that would read another\'s secret',
    withStaging(withServiceSecret(secretIn('111111111111'))), 'services.web.secrets.PAYMENT_API_KEY',
    /; environments prod \(account 222222222222\) and staging \(account 333333333333\) would read it too, .*; set environments\.prod\.overrides\.services\.web\.secrets\.PAYMENT_API_KEY to a secret in account 222222222222 and environments\.staging\.overrides\.services\.web\.secrets\.PAYMENT_API_KEY to one in account 333333333333$/),
  c('refuses an override that gives prod a secret of dev\'s account, at the override',
    withProdOverride(secretIn('111111111111')), 'environments.prod.overrides.services.web.secrets.PAYMENT_API_KEY',
    /^got a secret in account 111111111111, the account of environment dev; environment prod deploys to account 222222222222, and one environment's tasks may not read another environment's secrets; use a secret in account 222222222222$/,
    'secrets: { PAYMENT_API_KEY: |"arn'),
  c('refuses a sidecar\'s secret in prod\'s account, explaining that sidecars are the same everywhere',
    withSidecarSecret(secretIn('222222222222', 'otel')), 'services.web.sidecars.otel.secrets.OTEL_TOKEN',
    /^got a secret in account 222222222222, the account of environment prod; environment dev \(account 111111111111\) would read it too, .*; a sidecar's secrets are the same in every environment \(sidecars cannot be overridden\), so keep this one in a shared account that is no environment's, with a resource policy admitting every environment's account$/,
    'OTEL_TOKEN: |arn'),
];

describe('parseManifest on the accounts of secrets', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expectedIssue(testCase);
  });

  it('accepts a secret of dev\'s account for the service when prod overrides it with one of its own (the reference manifest\'s pattern)', () => {
    const text = withProdOverride(secretIn('222222222222', 'payments', ':apiKey'), withServiceSecret(secretIn('111111111111', 'payments', ':apiKey')));
    const { plan, warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings).toEqual([]);
    const secretOf = (environment: string) => plan.environments.find((candidate) => candidate.name === environment)!.services.find((service) => service.name === 'web')!.secrets.PAYMENT_API_KEY;
    expect(secretOf('dev')).toEqual({ secretArn: secretIn('111111111111'), jsonKey: 'apiKey' });
    expect(secretOf('prod')).toEqual({ secretArn: secretIn('222222222222'), jsonKey: 'apiKey' });
  });

  it('accepts one secret for environments that share an account', () => {
    const shared = withServiceSecret(secretIn('111111111111'), change('    account: "222222222222"', '    account: "111111111111"'));
    expect(parseManifest(shared, 'portside.yaml').warnings).toEqual([]);
  });

  it('accepts a sidecar\'s secret in a shared account, with the cross-account warning', () => {
    const { warnings } = parseManifest(withSidecarSecret(secretIn('444444444444', 'otel')), 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:secret-other-account', 'services.web.sidecars.otel.secrets.OTEL_TOKEN']]);
  });

  it('reports each secret once, however many environments read it', () => {
    const issues = issuesOf(withStaging(withServiceSecret(secretIn('111111111111'))));
    expect(issues.filter((issue) => issue.path === 'services.web.secrets.PAYMENT_API_KEY')).toHaveLength(1);
  });
});
