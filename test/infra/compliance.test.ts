import { Stack, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, NIST80053R5Checks } from 'cdk-nag';
import { describe, expect, it } from 'vitest';
import { acknowledge } from '../../src/infra/compliance/acknowledge';
import { buildApp } from '../../src/infra/app';
import { referencePlan } from '../support/reference';

describe('cdk-nag AwsSolutions over the whole app', () => {
  it('finds no unacknowledged error or warning in any stack of the reference manifest', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const report = new AwsSolutionsChecks().validateScope(app);
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.locations?.join('/') ?? r.resourceLogicalId).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('fails synthesis when a resource breaks a rule (the check can fail)', () => {
    const { app, stages } = buildApp(referencePlan());
    new s3.Bucket(stages[0]!.data, 'UnloggedBucket', { enforceSSL: false });
    expect(() => app.synth()).toThrow(/[Vv]alidation/);
  });

  it('records every acknowledgement with a reason in the construct metadata', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const acknowledgements = app.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ id, reason }))));
    expect(acknowledgements.map((a) => a.id)).toEqual(expect.arrayContaining(['Annotation::AwsSolutions-EC23', 'Annotation::AwsSolutions-ECS2', 'Annotation::AwsSolutions-IAM5[Resource::*]']));
    for (const ack of acknowledgements) {
      expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(20);
    }
  });
});

describe('cdk-nag NIST 800-53 rev 5 over the whole app', () => {
  it('finds no unacknowledged finding in any stack of the reference manifest', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const report = new NIST80053R5Checks().validateScope(app);
    const findings = report.violations.map((v) => `${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath ?? r.resourceLogicalId).join(', ')}`);
    expect(findings).toEqual([]);
  });

  it('runs during synthesis beside AwsSolutions, so a NIST-only finding fails it (the check can fail)', () => {
    const { app, stages } = buildApp(referencePlan());
    // A versioned, logged, TLS-only bucket satisfies AwsSolutions; NIST also wants SSE-KMS and replication.
    const logs = new s3.Bucket(stages[0]!.data, 'NistOnlyLogs', { enforceSSL: true });
    new s3.Bucket(stages[0]!.data, 'NistOnlyBucket', { enforceSSL: true, versioned: true, serverAccessLogsBucket: logs });
    expect(() => app.synth()).toThrow(/NIST\.800\.53\.R5-S3/);
  });

  it('acknowledges inline role policies once, at the app, for CDK\'s DefaultPolicy', () => {
    const { app } = buildApp(referencePlan(), { compliance: false });
    const holders = app.node.findAll().filter((c) => c.node.metadata.some((m) =>
      m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY && 'Annotation::NIST.800.53.R5-IAMNoInlinePolicy' in (m.data as object)));
    expect(holders.map((c) => c.node.path)).toEqual(['']);
  });
});

describe('cdk-nag in the delivery stacks', () => {
  const acknowledgedIn = (scope: { node: { findAll(): { node: { metadata: { type: string; data: unknown }[] } }[] } }) =>
    scope.node.findAll().flatMap((c) => c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.keys(m.data as Record<string, string>)));

  it('acknowledges wildcard findings one by one, never the whole IAM5 rule', () => {
    const { delivery, serviceDeliveries } = buildApp(referencePlan(), { compliance: false });
    const ids = [delivery, ...serviceDeliveries].flatMap(acknowledgedIn);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids).not.toContain('Annotation::AwsSolutions-IAM5');
    expect(ids.filter((id) => id.includes('IAM5')).every((id) => /IAM5\[(Action|Resource)::.+\]$/.test(id))).toBe(true);
  });

  it('still reports a wildcard the pipeline grants do not explain (the check can fail)', () => {
    const { app, serviceDeliveries } = buildApp(referencePlan(), { compliance: false });
    const build = serviceDeliveries[0]!.build.project.role as iam.Role;
    build.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:*'], resources: ['*'] }));
    const report = new AwsSolutionsChecks().validateScope(app);
    expect(report.violations.map((v) => v.ruleName)).toContain('AwsSolutions-IAM5[Action::ecr:*]');
  });
});

describe('acknowledge', () => {
  it('refuses a reason too short to say why', () => {
    const stack = new Stack();
    expect(() => acknowledge(stack, { id: 'AwsSolutions-S1', reason: 'not needed' })).toThrow(/specific reason/);
  });
});
