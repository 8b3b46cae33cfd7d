import { describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/manifest';
import { callUrlVariable } from '../../src/manifest/call-variables';
import { edit, where } from './fixtures/base-manifest';
import { issuesOf } from './fixtures/issues';

const withCalls = (calls: string) => edit(['    databases: [catalog]\n', `    databases: [catalog]\n    calls: ${calls}\n`]);

describe('services.<name>.calls', () => {
  it('gives the caller the services it calls, in every environment', () => {
    const { plan } = parseManifest(withCalls('[api]'), 'portside.yaml');
    for (const environment of plan.environments) {
      expect(environment.services.find((s) => s.name === 'web')!.calls).toEqual(['api']);
      expect(environment.services.find((s) => s.name === 'api')!.calls).toEqual([]);
    }
  });

  it('names the injected variable after the callee: orders-api → ORDERS_API_URL', () => {
    expect(callUrlVariable('orders-api')).toBe('ORDERS_API_URL');
    expect(callUrlVariable('web')).toBe('WEB_URL');
  });

  const cases: [name: string, yaml: string, path: string, message: RegExp, marked?: string][] = [
    ['an undeclared service, suggesting the likely one', withCalls('[apl]'), 'services.web.calls[0]',
      /^got undeclared service "apl"; declared services: api; did you mean "api"\?$/, 'calls: [|apl]'],
    ['a service that calls itself', withCalls('[web]'), 'services.web.calls[0]',
      /^got "web", the service itself; a service calls other services; it reaches itself without the platform; remove web from its own calls$/, 'calls: [|web]'],
    ['a service listed twice', withCalls('[api, api]'), 'services.web.calls[1]',
      /^got "api" twice \(first at services\.web\.calls\[0\]\); list each service once; remove the repeated entry$/, 'calls: [api, |api]'],
    ['a callee that is not a valid service name', withCalls('[Api]'), 'services.web.calls[0]', /rename it to "api"/],
    ['calls that is not a list', withCalls('api'), 'services.web.calls', /^got "api" \(a string\); expected a list/],
    ['a variable Portside injects for a call', withCalls('[api]').replace('      NODE_ENV: production', '      API_URL: http://localhost'), 'services.web.environment.API_URL',
      /^got variable API_URL; Portside sets API_URL to the URL of api, which this service calls; rename the variable or remove it$/],
    ['calls in a per-environment override', edit(['web: { desiredCount: 3', 'web: { calls: [api], desiredCount: 3']), 'environments.prod.overrides.services.web.calls',
      /^got calls in an override; calls cannot be overridden per environment: a service calls the same services in every environment/],
  ];
  it.each(cases)('rejects %s, with its position and a fix', (_name, yaml, path, message, marked) => {
    const issues = issuesOf(yaml);
    const issue = issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(issues)).toBeDefined();
    expect(issue!.message).toMatch(message);
    if (marked) expect(`${issue!.line}:${issue!.column}`).toBe(where(yaml, marked));
  });
});
