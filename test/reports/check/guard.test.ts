import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../../src/cli/errors';
import { runGuard } from '../../../src/reports/check/guard';
import { resourcesReached } from '../../../src/reports/check/guard-output';
import { applicableRules, guardBinary, guardPackage } from '../../../src/reports/check/guard-rules';

/** A template with one compliant and one failing resource per rule under test. */
const TEMPLATE = {
  Resources: {
    InsightsCluster: { Type: 'AWS::ECS::Cluster', Properties: { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] } },
    PlainCluster: { Type: 'AWS::ECS::Cluster', Properties: {} },
    ImmutableRepository: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'IMMUTABLE' } },
    MutableRepository: { Type: 'AWS::ECR::Repository', Properties: { ImageTagMutability: 'MUTABLE' } },
  },
};

describe('the Control Tower rules of @cdklabs/cdk-validator-cfnguard', () => {
  const guard = guardPackage();

  it('are read with their control id, guard rule name, severity and fix', () => {
    expect(guard.rules.length).toBeGreaterThanOrEqual(200);
    expect(new Set(guard.rules.map((rule) => rule.ruleName)).size).toBe(guard.rules.length);
    const insights = guard.rules.find((rule) => rule.id === 'CT.ECS.PR.2')!;
    expect(insights).toMatchObject({ ruleName: 'ecs_container_insights_enabled_check', severity: 'MEDIUM', resourceTypes: ['AWS::ECS::Cluster'] });
    expect(insights.fix).toMatch(/^Enable container insights/);
    for (const rule of guard.rules) {
      expect(rule.fix.length, rule.id).toBeGreaterThan(10);
      expect(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'], rule.id).toContain(rule.severity);
    }
  });

  it('keeps only the rules that name a resource type present', () => {
    const rules = applicableRules(guard.rules, new Set(['AWS::ECS::Cluster']));
    expect(rules.map((rule) => rule.id)).toContain('CT.ECS.PR.2');
    expect(rules.map((rule) => rule.id)).not.toContain('CT.S3.PR.1');
  });
});

describe('runGuard', () => {
  it('runs cfn-guard on each template with its rules and names each failed rule with the resources that failed it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-guard-'));
    const template = join(dir, 'Fixture.template.json');
    writeFileSync(template, JSON.stringify(TEMPLATE));
    const empty = join(dir, 'Empty.template.json');
    writeFileSync(empty, JSON.stringify({ Resources: { Handle: { Type: 'AWS::CloudFormation::WaitConditionHandle' } } }));
    const rules = guardPackage().rules.filter((rule) => ['CT.ECS.PR.2', 'CT.ECR.PR.3', 'CT.S3.PR.1'].includes(rule.id));
    const templates = [template, empty].map((path) => ({ path, resourceTypes: new Set(['AWS::ECS::Cluster', 'AWS::ECR::Repository']) }));
    const run = runGuard({ binary: guardPackage().binary, rules, templates, parallel: 2 });
    expect(run.failures.map((f) => [f.ruleName, f.logicalIds]).sort()).toEqual([
      ['ecr_private_tag_immutability_enabled_check', ['MutableRepository']],
      ['ecs_container_insights_enabled_check', ['PlainCluster']],
    ]);
    expect(run.failures.every((f) => f.template === template)).toBe(true);
    expect(run.passed.get(empty)?.size).toBe(0);
    expect(run.processes).toBe(2);
    expect(run.evaluations).toBe(4); // CT.S3.PR.1 names no type of these templates: it does not run
    expect(run.rules.map((rule) => rule.id).sort()).toEqual(['CT.ECR.PR.3', 'CT.ECS.PR.2']);
  });

  it('finds logical ids wherever a check reached, resolved or not', () => {
    expect(resourcesReached({ checks: [
      { Clause: { Unary: { check: { UnResolved: { value: { traversed_to: { path: '/Resources/A/Properties', value: {} } } } } } } },
      { Clause: { Binary: { check: { Resolved: { from: { path: '/Resources/B/Properties/X', value: 1 }, to: { path: '', value: 2 } } } } } },
    ] })).toEqual(['A', 'B']);
  });
});

describe('guardBinary', () => {
  it('picks the bundled binary by platform and architecture', () => {
    expect(guardBinary('/pkg', 'linux', 'arm64')).toBe(join('/pkg', 'bin', 'ubuntu', 'aarch64', 'cfn-guard'));
    expect(guardBinary('/pkg', 'darwin', 'x64')).toBe(join('/pkg', 'bin', 'macos', 'x86_64', 'cfn-guard'));
  });

  it('refuses a platform without a binary in one line with a hint', () => {
    expect(() => guardBinary('/pkg', 'win32', 'x64')).toThrow(UserError);
    expect(() => guardBinary('/pkg', 'win32', 'x64')).toThrow(/cannot run on win32\/x64/);
  });
});
