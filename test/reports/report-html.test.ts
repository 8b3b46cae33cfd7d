import { describe, expect, it } from 'vitest';
import type { EnvironmentSummary } from '../../src/reports/plan-summary';
import { escapeHtml, html, raw, renderReport, ReportInput, REPORT_SECTIONS } from '../../src/reports/html';

const HOSTILE = '<script>alert("x")</script>&';

function environment(name: string): EnvironmentSummary {
  return {
    environment: name, account: '111111111111', region: 'eu-west-2',
    stacks: [{ stackName: `${HOSTILE}-network`, resources: 12, templateBytes: 2048, terminationProtection: true }],
    resourcesByType: { 'AWS::EC2::VPC': 1 },
    availabilityZones: ['eu-west-2a', 'eu-west-2b'], natGateways: 1, interfaceEndpoints: [],
    services: [{ stackName: `shop-${name}-service-${HOSTILE}`, kind: 'web', sidecars: [], minTasks: 1, maxTasks: 2, cpu: '256', memoryMiB: '512', architecture: 'arm64', loadBalancer: 'internal', https: false, spot: true, deploySeconds: 85, rollbackSeconds: 165 }],
    databases: [],
    databaseUsers: [], fileSystems: 0, accessPoints: 0, buckets: [], queues: [],
  };
}

function input(overrides: Partial<ReportInput> = {}): ReportInput {
  return {
    project: HOSTILE,
    manifestFile: 'portside.yaml',
    plan: {
      environments: [environment('dev')],
      shared: [{ stackName: 'shop-delivery', account: '111111111111', region: 'eu-west-2', resources: 40, templateBytes: 9000, terminationProtection: false, pipelines: [{ name: 'shop-web-dev', source: `shop/web@${HOSTILE}`, steps: ['build', 'dev'] }] }],
      diff: { hasPrevious: true, stacks: [{ stackName: 'shop-dev-data', status: 'changed', added: [], removed: [], changed: [{ logicalId: 'Catalog', type: 'AWS::RDS::DBCluster', properties: ['DatabaseName'] }] }], statefulLosses: [{ stackName: 'shop-dev-data', logicalId: 'Catalog', type: 'AWS::RDS::DBCluster', kind: 'replaced', properties: ['DatabaseName'], deletionPolicy: 'Snapshot' }], strategySwitches: [] },
    },
    diagrams: [],
    cost: { available: false, reason: 'not built' },
    compliance: { available: true, text: `1 finding: ${HOSTILE}`, headline: '1 finding' },
    graphvizVersion: '16.1.0',
    ...overrides,
  };
}

describe('html', () => {
  it('escapes every inserted value and keeps only raw() markup', () => {
    expect(html`<p title="${'"a"'}">${HOSTILE}</p>`.value).toBe('<p title="&quot;a&quot;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;</p>');
    expect(html`<ul>${['<a>', raw('<li>b</li>'), 3, undefined, false]}</ul>`.value).toBe('<ul>&lt;a&gt;<li>b</li>3</ul>');
    expect(escapeHtml("it's")).toBe('it&#39;s');
  });
});

describe('renderReport', () => {
  it('escapes names from the manifest and the templates everywhere in the page', () => {
    const page = renderReport(input());
    expect(page).not.toContain('<script');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;');
  });

  it('has every section, in order, and the navigation to them', () => {
    const page = renderReport(input());
    const ids = [...page.matchAll(/<section id="([^"]+)">/g)].map((match) => match[1]);
    expect(ids).toEqual(REPORT_SECTIONS.map((section) => section.id));
    for (const section of REPORT_SECTIONS) expect(page).toContain(`<a href="#${section.id}">${section.title}</a>`);
  });

  it('says plainly when cost or compliance is not available, and shows their output when it is', () => {
    const page = renderReport(input());
    expect(page).toMatch(/<section id="cost">.*Not available yet:.*not built.*portside cost/s);
    expect(page).toMatch(/<section id="compliance"><h2>Compliance<\/h2><pre class="report-text">1 finding: &lt;script&gt;/);
  });

  it('calls out a stateful replacement loudly in the changes', () => {
    expect(renderReport(input())).toMatch(/<div class="danger" role="alert">.*1 stateful resource would be replaced or removed.*<strong>replaces<\/strong> AWS::RDS::DBCluster <code>Catalog<\/code>: DatabaseName changed/s);
  });

  it('loads nothing: no script, no external URL, and a policy that forbids any request', () => {
    const page = renderReport(input());
    expect(page).toContain('<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; style-src &#39;unsafe-inline&#39;; img-src data:">');
    expect(page).not.toMatch(/\b(?:src|href)="(?:https?:)?\/\//);
    expect(page).not.toMatch(/@import|url\(/);
  });
});
