import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { edit, where } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue, issuesOf } from './fixtures/issues';

/** Made-up credentials, assembled here so that no line of this file has the shape of a real one. */
const STRIPE_LIVE_KEY = ['sk', 'live', 'a1B2c3D4e5F6g7H8i9J0k1L2'].join('_');
const JWT = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJvdGVsLWNvbGxlY3RvciJ9', 'q9XkP2vLw8RzT4mN7bYc1dHs6fJ3gAe0uKoWiZx5'].join('.');

/** The base manifest (dev economy, prod resilient) with a sidecar on web and an override section for dev. */
const MANIFEST = edit(
  ['    environment:\n      NODE_ENV: production\n', `    environment:
      NODE_ENV: production
    sidecars:
      otel:
        image: public.ecr.aws/aws-observability/aws-otel-collector:v0.43.1
        cpu: 64
        memoryMiB: 128
        environment:
          OTEL_SERVICE_NAME: web
`],
  ['    profile: economy\n', '    profile: economy\n    overrides:\n      services:\n        api: { desiredCount: 1 }\n'],
);

const change = changerOf(MANIFEST, 'credential manifest');
const c = invalidCase;

const withWebVariable = (line: string) => change('      NODE_ENV: production\n', `      NODE_ENV: production\n      ${line}\n`);
const withSidecarVariable = (line: string) => change('          OTEL_SERVICE_NAME: web\n', `          OTEL_SERVICE_NAME: web\n          ${line}\n`);
const withOverride = (environment: 'dev' | 'prod', variables: string) =>
  environment === 'dev'
    ? change('api: { desiredCount: 1 }', `api: { desiredCount: 1, environment: { ${variables} } }`)
    : change('web: { desiredCount: 3, maxCount: 12 }', `web: { desiredCount: 3, maxCount: 12, environment: { ${variables} } }`);

const FIX = /store it in Secrets Manager, move the variable to (\S+) as the secret's ARN, and rotate the credential: this file has held it$/;

const CASES: readonly InvalidCase[] = [
  c('refuses a Stripe live key in a service\'s plain variable, which reaches the resilient prod, at the value',
    withWebVariable(`STRIPE_SECRET_KEY: ${STRIPE_LIVE_KEY}`), 'services.web.environment.STRIPE_SECRET_KEY',
    /^got a plain value that looks like a credential: the value looks like a Stripe live secret key; a plain variable is readable by anyone who can read this file, the CloudFormation template or the task definition; environment prod uses profile resilient, which refuses credentials in plain variables; store it in Secrets Manager, move the variable to services\.web\.secrets\.STRIPE_SECRET_KEY as the secret's ARN, and rotate the credential: this file has held it$/,
    'STRIPE_SECRET_KEY: |sk_'),
  c('refuses a password given away by its name, at the name', withWebVariable('DB_PASSWORD: hunter2'), 'services.web.environment.DB_PASSWORD',
    /^got a plain value that looks like a credential: the name DB_PASSWORD says it holds a password; .*environment prod uses profile resilient/, '      |DB_PASSWORD: hunter2'),
  c('refuses a database URL with a password in it', change('    databases: [orders]\n', '    databases: [orders]\n    environment:\n      REPORTS_DB_URL: postgres://reports:n0t-real@reports.internal:5432/reports\n'),
    'services.api.environment.REPORTS_DB_URL', /^got a plain value that looks like a credential: the value is a URL with a password in it; .*move the variable to services\.api\.secrets\.REPORTS_DB_URL/, 'REPORTS_DB_URL: |postgres'),
  c('refuses a token in a resilient environment\'s override, with the override\'s secrets as the fix', withOverride('prod', 'API_TOKEN: tk-4471-x'),
    'environments.prod.overrides.services.web.environment.API_TOKEN', /environment prod uses profile resilient, .*move the variable to environments\.prod\.overrides\.services\.web\.secrets\.API_TOKEN as the secret's ARN/, 'environment: { |API_TOKEN'),
  c('refuses a token in a sidecar\'s plain variable, with the sidecar\'s secrets as the fix', withSidecarVariable(`OTEL_EXPORTER_OTLP_HEADERS: Authorization=Bearer ${JWT}`),
    'services.web.sidecars.otel.environment.OTEL_EXPORTER_OTLP_HEADERS', /^got a plain value that looks like a credential: the value looks like a JSON Web Token; .*move the variable to services\.web\.sidecars\.otel\.secrets\.OTEL_EXPORTER_OTLP_HEADERS/,
    'OTEL_EXPORTER_OTLP_HEADERS: |Authorization'),
  c('names every resilient environment the value reaches', edit(
    ['\ndatabases:\n', '\n  live:\n    account: "333333333333"\n    branch: main\n    profile: resilient\n    domain: { name: live.shop.example, hostedZoneId: Z0123456789ABC }\ndatabases:\n'],
    ['      NODE_ENV: production\n', '      NODE_ENV: production\n      SESSION_SECRET: s3ss10n-k3y\n'],
  ), 'services.web.environment.SESSION_SECRET', /; environments prod and live use profile resilient, which refuses credentials in plain variables;/),
];

describe('parseManifest on credentials in plain variables', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    const { match } = expectedIssue(testCase);
    expect(match.message).toMatch(FIX);
  });

  it('never repeats the credential in its message', () => {
    for (const issue of issuesOf(withWebVariable(`STRIPE_SECRET_KEY: ${STRIPE_LIVE_KEY}`))) {
      expect(issue.message).not.toContain(STRIPE_LIVE_KEY);
    }
  });

  it('warns, without refusing, about a credential in an economy environment\'s override', () => {
    const text = withOverride('dev', 'GITHUB_TOKEN: gh-dev-77');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path, `${warning.line}:${warning.column}`])).toEqual([
      ['portside/manifest:plain-credential', 'environments.dev.overrides.services.api.environment.GITHUB_TOKEN', where(text, 'environment: { |GITHUB_TOKEN')],
    ]);
    expect(warnings[0]!.message).toMatch(/the name GITHUB_TOKEN says it holds a token; .*; a resilient environment would refuse it; .*environments\.dev\.overrides\.services\.api\.secrets\.GITHUB_TOKEN/);
  });

  it('warns about a service\'s credential that only economy environments get, when prod overrides it', () => {
    const text = withOverride('prod', 'PAYMENT_TOKEN: disabled').replace('      NODE_ENV: production\n', '      NODE_ENV: production\n      PAYMENT_TOKEN: pt-sandbox-991\n');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:plain-credential', 'services.web.environment.PAYMENT_TOKEN']]);
  });

  it('warns about a Stripe key in a manifest with economy environments only: validate passes, with the warning', () => {
    const economyOnly = edit(
      ['  prod:\n    account: "222222222222"\n    branch: main\n    profile: resilient\n', '  prod:\n    account: "222222222222"\n    branch: main\n    profile: economy\n'],
      ['      NODE_ENV: production\n', `      NODE_ENV: production\n      STRIPE_SECRET_KEY: ${STRIPE_LIVE_KEY}\n`],
    );
    const { warnings } = parseManifest(economyOnly, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path])).toEqual([['portside/manifest:plain-credential', 'services.web.environment.STRIPE_SECRET_KEY']]);
  });

  it('accepts plain variables that describe credentials or hold harmless values, in services, overrides and sidecars', () => {
    const text = withSidecarVariable('OTEL_EXPORTER_OTLP_ENDPOINT: http://localhost:4317')
      .replace('      NODE_ENV: production\n', [
        '      NODE_ENV: production',
        '      TOKEN_URL: https://auth.shop.example/oauth/token',
        '      PASSWORD_MIN_LENGTH: "12"',
        '      SECRET_NAME: prod/payments',
        '      DB_PASSWORD_ARN: arn:aws:secretsmanager:eu-west-2:222222222222:secret:db-AbCdEf',
        '      API_KEY_HEADER: X-Api-Key',
        '      CACHE_URL: redis://cache.internal:6379',
        '      FEATURE_TOKENS_ENABLED: "true"',
        '      AUTH_TOKEN: ""',
        '',
      ].join('\n'))
      .replace('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, environment: { SIGNING_KEY: "${SIGNING_KEY}" } }');
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings).toEqual([]);
  });
});
