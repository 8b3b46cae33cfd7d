import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CostReport } from '../../src/reports/cost/report';
import { portside } from '../support/cli';

const out = () => mkdtempSync(join(tmpdir(), 'portside-cost-'));

describe('portside cost', () => {
  it('estimates the reference manifest per environment, shared and in total, beside the naive defaults', () => {
    const { status, stdout, stderr } = portside(['cost', '--out', out()]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/^Environment dev — account 111111111111, eu-west-2, economy: \$[\d,.]+ a month/m);
    expect(stdout).toMatch(/^Environment prod — account 222222222222, eu-west-2, resilient: \$[\d,.]+ a month/m);
    expect(stdout).toMatch(/Fargate ARM vCPU, Spot\s+storefront/);
    expect(stdout).toMatch(/Aurora db\.r7g\.xlarge\s+catalog writer/);
    expect(stdout).toMatch(/^Shared by the environments/m);
    expect(stdout).toMatch(/CodePipeline V2 action-minutes\s+purchase-direct-platform/);
    expect(stdout).toMatch(/^Total: \$[\d,.]+ a month/m);
    expect(stdout).not.toMatch(/unpriced:/);
  });

  it('estimates one environment of the single-account example as JSON: x86 and ARM, one database, its own DR region, no shared stacks', () => {
    const { status, stdout, stderr } = portside(['cost', '--manifest', 'examples/manifests/single-account.yaml', '--env', 'live', '--json', '--out', out()]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const report = JSON.parse(stdout) as CostReport;
    expect(report.project).toBe('acme-shop');
    expect(report.environments.map((e) => [e.name, e.regions])).toEqual([['live', ['eu-west-1']]]);
    expect(report.shared).toBeUndefined();
    const live = report.environments[0]!;
    expect(live.lines.filter((l) => l.category === 'compute').map((l) => `${l.resource} ${l.item}`)).toEqual([
      'api Fargate x86 vCPU, on-demand', 'api Fargate x86 memory, on-demand', 'web Fargate ARM vCPU, on-demand', 'web Fargate ARM memory, on-demand',
    ]);
    expect(live.lines.filter((l) => /^Aurora db\./.test(l.item)).map((l) => l.resource)).toEqual(['shop writer', 'shop reader']);
    expect(live.lines.some((l) => l.item === 'AWS Backup copies in eu-central-1, Aurora' && l.region === 'eu-central-1')).toBe(true);
    expect(report.totalUsd).toBeCloseTo(live.totalUsd, 6);
    expect(report.unpricedTypes).toEqual([]);
    expect(report.missingPrices).toEqual([]);
    expect(report.assumptions.map((a) => a.name)).toContain('requests');
  });

  it('refuses an environment the manifest does not have, in one line with a hint', () => {
    const { status, stdout, stderr } = portside(['cost', '--env', 'staging']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('portside: no environment "staging" in the manifest\nhint: --env takes one of: dev, prod\n');
  });
});
