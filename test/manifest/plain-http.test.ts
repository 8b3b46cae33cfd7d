import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { BASE_MANIFEST, where } from './fixtures/base-manifest';
import { changerOf, InvalidCase, invalidCase } from './fixtures/cases';
import { expectedIssue } from './fixtures/issues';

const DOMAIN = '    domain:\n      name: shop.example\n      hostedZoneId: Z0123456789ABC\n';

/** The base manifest without prod's domain: prod is resilient, web and api are public (the default). */
const NO_DOMAIN = changerOf(BASE_MANIFEST, 'base manifest')(DOMAIN, '');

const change = changerOf(NO_DOMAIN, 'manifest without a domain');
const c = invalidCase;

/** prod's settings with `line` added after its profile. */
const prodWith = (line: string, text = NO_DOMAIN) => changerOf(text, 'manifest')('    profile: resilient\n', `    profile: resilient\n    ${line}\n`);
const internal = (service: 'web' | 'api', text = NO_DOMAIN) =>
  changerOf(text, 'manifest')(service === 'web' ? '    healthCheckPath: /health\n' : '    healthCheckPath: /healthz\n', `${service === 'web' ? '    healthCheckPath: /health\n' : '    healthCheckPath: /healthz\n'}    public: false\n`);

const CASES: readonly InvalidCase[] = [
  c('refuses a resilient environment with public services and no domain, at its name',
    NO_DOMAIN, 'environments.prod',
    /^got a resilient environment with public services web and api and no domain; without a domain their load balancers answer on plain HTTP only, so what users send \(logins, card details, sessions\) crosses the internet unencrypted; add domain: \{ name, hostedZoneId \} under environments\.prod for HTTPS, set public: false where a service needs no internet traffic, or write allowPlainHttp: true under environments\.prod to accept plain HTTP on purpose$/,
    '  |prod:'),
  c('names only the public services', internal('api'), 'environments.prod', /^got a resilient environment with public service web and no domain; without a domain its load balancer answers on plain HTTP only/),
  c('counts a service an override makes public in that environment', change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, public: true }').replace('    healthCheckPath: /health\n', '    healthCheckPath: /health\n    public: false\n').replace('    healthCheckPath: /healthz\n', '    healthCheckPath: /healthz\n    public: false\n'),
    'environments.prod', /^got a resilient environment with public service web and no domain/),
  c('points at allowPlainHttp: false when it is written', prodWith('allowPlainHttp: false'), 'environments.prod.allowPlainHttp', /^got a resilient environment with public services web and api and no domain/, 'allowPlainHttp: |false'),
  c('refuses allowPlainHttp that is not true or false', prodWith('allowPlainHttp: "yes"'), 'environments.prod.allowPlainHttp', /^got "yes" \(a string\); expected true or false/),
];

describe('parseManifest on HTTPS in resilient environments', () => {
  it.each(CASES.map((testCase) => [testCase.name, testCase] as const))('%s', (_name, testCase) => {
    expectedIssue(testCase);
  });

  it('accepts plain HTTP in a resilient environment that says so with allowPlainHttp: true, without a warning', () => {
    const { plan, warnings } = parseManifest(prodWith('allowPlainHttp: true   # a DR copy before its traffic moves'), 'portside.yaml');
    expect(warnings).toEqual([]);
    expect(plan.environments.find((environment) => environment.name === 'prod')!.domain).toBeUndefined();
  });

  it('accepts a resilient environment without a domain when no web service is public there', () => {
    expect(parseManifest(internal('web', internal('api')), 'portside.yaml').warnings).toEqual([]);
    const overridden = change('web: { desiredCount: 3, maxCount: 12 }', 'web: { desiredCount: 3, maxCount: 12, public: false }\n        api: { public: false }');
    expect(parseManifest(overridden, 'portside.yaml').warnings).toEqual([]);
  });

  it('does not check economy environments: dev has public services and no domain', () => {
    expect(parseManifest(BASE_MANIFEST, 'portside.yaml').warnings).toEqual([]);
  });

  it.each([
    ['with a domain', prodWith('allowPlainHttp: true', BASE_MANIFEST), 'prod', /^got allowPlainHttp: true; environment prod has a domain, so its services are served over HTTPS; remove it, so the manifest claims no exception it does not use$/],
    ['in an economy environment', changerOf(BASE_MANIFEST, 'base manifest')('    profile: economy\n', '    profile: economy\n    allowPlainHttp: true\n'), 'dev', /^got allowPlainHttp: true; environment dev uses profile economy, where plain HTTP needs no permission; remove it/],
    ['where no web service is public', prodWith('allowPlainHttp: true', internal('web', internal('api'))), 'prod', /^got allowPlainHttp: true; environment prod has no public web service; remove it/],
  ])('warns about allowPlainHttp: true that changes nothing: %s', (_case, text, environment, message) => {
    const { warnings } = parseManifest(text, 'portside.yaml');
    expect(warnings.map((warning) => [warning.id, warning.path, `${warning.line}:${warning.column}`])).toEqual([
      ['portside/manifest:plain-http-unused', `environments.${environment}.allowPlainHttp`, where(text, 'allowPlainHttp: |true')],
    ]);
    expect(warnings[0]!.message).toMatch(message);
  });
});
