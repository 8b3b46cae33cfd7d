import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CheckReport } from '../../src/cli/commands/check';
import { portside } from '../support/cli';

const templatesIn = (dir: string): number => readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.template.json')).length;

describe('portside check', () => {
  it('gives the whole report as JSON for the second example manifest: nothing undecided, exit 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'portside-check-single-'));
    const { status, stdout, stderr } = portside(['check', '--manifest', 'examples/manifests/single-account.yaml', '--out', out, '--json']);
    expect(stderr).toBe('');
    const report = JSON.parse(stdout) as CheckReport;
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, staleAcknowledgements: 0, passed: true });
    expect(status).toBe(0);
    expect(report.guard.failOn).toBe('MEDIUM');
    expect(report.sharedStacksIncluded).toBe(true);
    expect(report.stacks).toHaveLength(templatesIn(out));
    expect(report.limits.map((l) => l.stack)).toEqual(report.stacks);
    expect(report.guard.rulesRun).toBeGreaterThan(0);
    expect(report.guard.templates).toBe(report.stacks.length);
    expect(report.acknowledgements.length).toBeGreaterThan(0);
    for (const ack of report.acknowledgements) expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(20);
    expect(report.acknowledgements).toContainEqual(expect.objectContaining({ id: 'NIST.800.53.R5-IAMNoInlinePolicy', path: '' }));
    for (const finding of report.findings) {
      expect(finding.fix.length, finding.ruleId).toBeGreaterThan(10);
      expect(finding.resource.stack, finding.ruleId).toBeTruthy();
    }
  });

  it('checks one environment of the reference manifest as tables, saying the shared stacks are left out', () => {
    const out = mkdtempSync(join(tmpdir(), 'portside-check-dev-'));
    const { status, stdout, stderr } = portside(['check', '--env', 'dev', '--out', out]);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Portside check: \d+ stacks, environment dev only \(the shared stacks, delivery and per-account, are not included/);
    expect(stdout).toMatch(/ {2}cdk-nag AwsSolutions +\d+ +\d+ +\d+ +\d+ +yes\n/);
    expect(stdout).toMatch(/ {2}Control Tower: \d+ of the \d+ rules name a resource type of these \d+ templates; cfn-guard 3\.\d+\.\d+ ran \d+ rule × template pairs/);
    expect(stdout).toContain('ACKNOWLEDGED: accepted on purpose, each with its reason');
    expect(stdout).toMatch(/\n {2}dev\/Data +purchase-direct-dev-data +\d+ \(\d+ %\)/);
    expect(stdout).toMatch(/ {2}Control Tower guard rules +\d+ +0 +0 +\d+ +yes \(MEDIUM and above: --guard-fail-on\)\n/);
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^PASSED: no unacknowledged error. 0 warnings/);
    expect(status).toBe(0);
  });

  it('refuses an unknown environment or severity in one line with a hint, before synthesizing', () => {
    const env = portside(['check', '--env', 'staging']);
    expect(env.status).toBe(2);
    expect(env.stderr).toBe('portside: no environment "staging" in the manifest\nhint: --env takes one of: dev, prod\n');
    const severity = portside(['check', '--guard-fail-on', 'severe']);
    expect(severity.status).toBe(2);
    expect(severity.stderr).toBe('portside: --guard-fail-on takes a Control Tower severity, got "severe"\nhint: use one of: none, low, medium, high, critical\n');
  });
});
