import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validations } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, HIPAASecurityChecks, NIST80053R5Checks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkExitCode, checkOf, CheckReport, formatCheck } from '../../../src/cli/commands/check';
import { synthesize, Synthesis } from '../../../src/cli/synthesis';
import { buildApp } from '../../../src/infra/app';
import { readAssembly } from '../../../src/reports/assembly-reader';
import { acknowledgementsIn } from '../../../src/reports/check/acknowledgements';
import { runNagPacks } from '../../../src/reports/check/nag';
import { MINIMAL_MANIFEST, planFromYaml, referencePlan } from '../../support/reference';

/** A whole synthesis and every check of it (cfn-guard alone takes 10–40 s on two busy cores). */
const CHECK_SETUP_MS = 300_000;

const outDir = (name: string) => mkdtempSync(join(tmpdir(), `portside-check-${name}-`));

describe('checkOf on the reference manifest', () => {
  let synthesis: Synthesis;
  let report: CheckReport;
  beforeAll(() => {
    synthesis = synthesize(referencePlan(), { outDir: outDir('reference'), compliance: false });
    report = checkOf(synthesis);
  }, CHECK_SETUP_MS);

  it('checks every stack of the assembly, the shared ones included', () => {
    expect(report.sharedStacksIncluded).toBe(true);
    expect(report.stacks).toHaveLength(synthesis.assembly.stacksRecursively.length);
    expect(report.stacks).toEqual(expect.arrayContaining(['Delivery', 'dev/Data', 'prod/Network', 'Foundation-222222222222']));
  });

  it('lists every acknowledgement of the app with its reason and where it applies', () => {
    const inApp = acknowledgementsIn(synthesis.app).map((ack) => `${ack.path} ${ack.id}`);
    expect(report.acknowledgements.map((ack) => `${ack.path} ${ack.id}`).sort()).toEqual(inApp.sort());
    expect(report.acknowledgements.length).toBeGreaterThan(50);
    for (const ack of report.acknowledgements) expect(ack.reason.length, ack.id).toBeGreaterThanOrEqual(20);
    expect(report.acknowledgements).toContainEqual(expect.objectContaining({
      id: 'NIST.800.53.R5-IAMNoInlinePolicy', path: '', ruleKnown: true, findings: expect.any(Number),
    }));
    const text = formatCheck(report);
    for (const ack of report.acknowledgements) expect(text).toContain(`reason: ${ack.reason}`);
    expect(text).toMatch(/NIST\.800\.53\.R5-IAMNoInlinePolicy {2}\(\d+ findings and \d+ HIPAA\.Security by the same rule\)\n {4}reason: CDK grants land/);
  });

  it('says which acknowledged findings each acknowledgement accepts', () => {
    const accepted = report.findings.filter((f) => f.outcome === 'acknowledged');
    expect(accepted.length).toBeGreaterThan(100);
    for (const finding of accepted) {
      expect(report.acknowledgements.some((ack) => ack.id === finding.acknowledgedBy!.id && ack.path === finding.acknowledgedBy!.path)).toBe(true);
    }
    const sum = report.acknowledgements.reduce((total, ack) => total + ack.findings + ack.hipaaFindings, 0);
    expect(sum).toBe(accepted.length);
  });

  it('reports a HIPAA finding as acknowledged through the NIST acknowledgement of the same rule on the same resource, or by one of that HIPAA rule itself', () => {
    const hipaa = report.findings.filter((f) => f.source === 'HIPAA.Security');
    expect(hipaa.some((f) => f.outcome === 'acknowledged' && f.acknowledgedBy!.via)).toBe(true);
    for (const finding of hipaa.filter((f) => f.outcome === 'acknowledged')) {
      const via = finding.acknowledgedBy!.via;
      if (via === undefined) {
        expect(finding.acknowledgedBy!.id).toBe(finding.ruleId);
        continue;
      }
      expect(via).toBe(finding.ruleId.replace('HIPAA.Security-', 'NIST.800.53.R5-'));
      expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: via, outcome: 'acknowledged', resource: finding.resource }));
    }
    expect(hipaa.filter((f) => f.outcome !== 'acknowledged').every((f) => f.outcome === 'warning')).toBe(true);
  });

  it('leaves no finding undecided in any pack: each is fixed or acknowledged, so the check passes', () => {
    expect(report.findings.filter((f) => f.outcome !== 'acknowledged').map((f) => `${f.ruleId} ${f.resource.constructPath}`)).toEqual([]);
    expect(report.summary).toMatchObject({ errors: 0, warnings: 0, passed: true });
    expect(checkExitCode(report)).toBe(0);
  });

  it('fails on AwsSolutions, NIST and limit errors and, by default, on Control Tower MEDIUM and above; HIPAA is advice', () => {
    expect(report.guard.failOn).toBe('MEDIUM');
    expect(report.packs.map((p) => [p.pack, p.failsCheck])).toEqual([
      ['CloudFormationLimits', true], ['AwsSolutions', true], ['NIST.800.53.R5', true], ['ControlTower', true], ['HIPAA.Security', false],
    ]);
  });

  it('reports the same unacknowledged cdk-nag findings as the packs themselves', () => {
    const results = runNagPacks(synthesis.app).results;
    const ours = results.filter((r) => !r.acknowledgedBy && !r.viaNist).map((r) => `${r.ruleId} ${r.resource.node.path}`);
    const theirs = [new AwsSolutionsChecks(), new NIST80053R5Checks(), new HIPAASecurityChecks()].flatMap((pack) =>
      pack.validateScope(synthesis.app).violations.flatMap((v) => v.violatingResources.map((r) => `${v.ruleName} ${r.constructPath}`)));
    // HIPAA findings covered by a NIST acknowledgement are ours only: cdk-nag reports them unacknowledged.
    const inherited = results.filter((r) => r.viaNist).map((r) => `${r.ruleId} ${r.resource.node.path}`);
    expect(ours.sort()).toEqual(theirs.filter((t) => !inherited.includes(t)).sort());
  });

  it('has a limits row for every stack, with the share of each limit', () => {
    expect(report.limits.map((l) => l.stack)).toEqual(report.stacks);
    for (const stack of report.limits) {
      expect(stack.usages).toHaveLength(6);
      const resources = stack.usages.find((u) => u.limit === 'resources')!;
      expect(resources.max).toBe(500);
      expect(resources.count).toBeGreaterThan(0);
    }
    const text = formatCheck(report);
    for (const stack of report.limits) expect(text).toMatch(new RegExp(`\\n  ${stack.stack.replace(/[-/]/g, '\\$&')} +${stack.stackName} +\\d+ \\(`));
  });

  it('ran the Control Tower guard rules over every template, with resource and fix for each failure', () => {
    expect(report.guard.rulesRun).toBeGreaterThan(50);
    expect(report.guard.rulesShipped).toBeGreaterThanOrEqual(report.guard.rulesRun);
    expect(report.guard.templates).toBe(report.stacks.length);
    expect(report.guard.passed).toBeGreaterThan(0);
    const guard = report.findings.filter((f) => f.source === 'ControlTower');
    expect(guard.length).toBe(report.packs.find((p) => p.pack === 'ControlTower')!.warnings + report.packs.find((p) => p.pack === 'ControlTower')!.acknowledged);
    for (const finding of guard) {
      expect(finding.ruleId).toMatch(/^CT\.[A-Z0-9-]+\.PR\.\d+$/);
      expect(finding.resource.logicalId).toBeDefined();
      expect(finding.resource.constructPath).toMatch(new RegExp(`^${finding.resource.stack}/`));
      expect(finding.fix.length).toBeGreaterThan(10);
    }
  });

  it('gives the guard rules cross-stack references resolved: a log group encrypted, an ALB logging through another stack\'s key or bucket passes', () => {
    const resolved = report.guard.resolvedReferences;
    expect(resolved.length).toBeGreaterThan(10);
    for (const reference of resolved) expect(reference.value).not.toMatch(/^portside:unresolved/);
    expect(resolved.some((reference) => /^arn:aws:kms:eu-west-2:\d{12}:key\//.test(reference.value))).toBe(true);
    const failing = new Set(report.findings.filter((f) => f.source === 'ControlTower').map((f) => f.ruleId));
    // Both failed on Portside's own reference style before: the rules cannot follow Fn::GetStackOutput.
    expect(failing.has('CT.CLOUDWATCH.PR.3')).toBe(false);
    expect(failing.has('CT.ELASTICLOADBALANCING.PR.6')).toBe(false);
    expect(formatCheck(report)).toMatch(/The rules read \d+ cross-stack references \(Fn::GetStackOutput/);
  });

  it('accepts HIPAA\'s source-URL rule on CodeBuild projects only because their source is the pipeline (no URL to hold a credential)', () => {
    const sourceUrl = report.findings.filter((f) => f.ruleId === 'HIPAA.Security-CodeBuildProjectSourceRepoUrl');
    expect(sourceUrl.length).toBeGreaterThanOrEqual(5);
    expect(sourceUrl.filter((f) => f.outcome !== 'acknowledged')).toEqual([]);
  });

  it('has no acknowledgement that matches no finding: each is conditional on what it accepts, so none goes stale', () => {
    const stale = report.acknowledgements.filter((ack) => ack.ruleKnown && ack.findings === 0 && ack.hipaaFindings === 0);
    expect(stale.map((ack) => `${ack.id} on ${ack.path}`)).toEqual([]);
    expect(report.summary.staleAcknowledgements).toBe(0);
  });

  it('prints the acknowledgements, the limits and a verdict, and no error or warning section when there is none', () => {
    const text = formatCheck(report);
    const order = ['Portside check: ', 'ACKNOWLEDGED: accepted on purpose', 'CloudFormation limits per stack'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text).not.toMatch(/ERRORS: fail the check|WARNINGS: do not fail the check/);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^PASSED: no unacknowledged error. 0 warnings, \d+ acknowledged findings;/);
  });
});

describe('checkOf on a resource that breaks the rules', () => {
  let synthesis: Synthesis;
  let report: CheckReport;
  beforeAll(() => {
    // A small app (one service) with a second environment the check of dev must leave out.
    const plan = planFromYaml(MINIMAL_MANIFEST.replace('    profile: economy\n', '    profile: economy\n  qa:\n    account: "111111111111"\n    branch: qa\n    profile: economy\n'));
    const built = buildApp(plan, { compliance: false, outdir: outDir('injected') });
    const data = built.stages.find((stage) => stage.stageName === 'dev')!.data;
    // GIVEN a raw bucket: no encryption, logging, public access block or TLS-only policy
    const bucket = new s3.CfnBucket(data, 'Unprotected');
    // and one Control Tower finding on it acknowledged with the same mechanism as cdk-nag's
    Validations.of(bucket).acknowledge({ id: 'CT.S3.PR.9', reason: 'object lock is not wanted on this test bucket' });
    const assembly = built.app.synth();
    synthesis = { plan, app: built.app, stacks: built, assembly, templates: readAssembly(assembly), synthSeconds: 0 };
    report = checkOf(synthesis, 'dev');
  });

  it('reports unacknowledged errors with rule, resource and fix, and exits 1', () => {
    const errors = report.findings.filter((f) => f.outcome === 'error' && f.resource.constructPath === 'dev/Data/Unprotected');
    expect(errors.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['AwsSolutions-S1', 'AwsSolutions-S10', 'NIST.800.53.R5-S3BucketLoggingEnabled']));
    expect(errors.find((f) => f.ruleId === 'AwsSolutions-S1')).toMatchObject({
      level: 'error',
      message: 'The S3 Bucket has server access logs disabled.',
      fix: expect.stringMatching(/serverAccessLogsBucket/),
      resource: { stack: 'dev/Data', stackName: 'solo-dev-data', environment: 'dev', logicalId: 'Unprotected', type: 'AWS::S3::Bucket' },
    });
    expect(report.summary.passed).toBe(false);
    expect(checkExitCode(report)).toBe(1);
    expect(formatCheck(report)).toMatch(/ {2}AwsSolutions-S1 {2}\(cdk-nag error, \d+ resources?\)\n.*\n {4}fix: set serverAccessLogsBucket.*\n(.*\n)*? {6}dev\/Data +Unprotected +dev\/Data\/Unprotected/);
  });

  it('maps Control Tower failures to the construct, and honours their acknowledgements', () => {
    const guard = report.findings.filter((f) => f.source === 'ControlTower' && f.resource.constructPath === 'dev/Data/Unprotected');
    expect(guard.map((f) => f.ruleId)).toEqual(expect.arrayContaining(['CT.S3.PR.1', 'CT.S3.PR.2']));
    expect(guard.find((f) => f.ruleId === 'CT.S3.PR.2')).toMatchObject({ outcome: 'error', level: 'MEDIUM', fix: expect.stringMatching(/LoggingConfiguration/) });
    expect(guard.find((f) => f.ruleId === 'CT.S3.PR.9')).toMatchObject({
      outcome: 'acknowledged', acknowledgedBy: { id: 'CT.S3.PR.9', path: 'dev/Data/Unprotected', reason: 'object lock is not wanted on this test bucket' },
    });
  });

  it('prints errors, warnings and acknowledgements in that order, then the limits and a FAILED verdict', () => {
    const text = formatCheck(report);
    const order = ['Portside check: ', 'ERRORS: fail the check', 'WARNINGS: do not fail the check', 'ACKNOWLEDGED: accepted on purpose', 'CloudFormation limits per stack'].map((s) => text.indexOf(s));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^FAILED: \d+ unacknowledged errors \(exit 1\)/);
  });

  it('checks only the environment asked for, and says the shared stacks are left out', () => {
    expect(report.environment).toBe('dev');
    expect(report.sharedStacksIncluded).toBe(false);
    expect(report.stacks.every((stack) => stack.startsWith('dev/'))).toBe(true);
    expect(report.stacks).toContain('dev/Data');
    expect(report.findings.every((f) => f.resource.environment === 'dev')).toBe(true);
    expect(report.acknowledgements.every((ack) => ack.path === '' || ack.path.startsWith('dev/'))).toBe(true);
    expect(formatCheck(report)).toMatch(new RegExp(`^Portside check: ${report.stacks.length} stacks, environment dev only \\(the shared stacks, delivery and per-account, are not included`));
  });

  it('fails on Control Tower findings at or above the severity --guard-fail-on names (MEDIUM unless told)', () => {
    for (const strict of [report, checkOf(synthesis, 'dev', { guardFailOn: 'MEDIUM' })]) {
      const onBucket = strict.findings.filter((f) => f.source === 'ControlTower' && f.resource.constructPath === 'dev/Data/Unprotected');
      expect(onBucket.find((f) => f.ruleId === 'CT.S3.PR.2')).toMatchObject({ level: 'MEDIUM', outcome: 'error' });
      expect(onBucket.find((f) => f.ruleId === 'CT.S3.PR.9')).toMatchObject({ outcome: 'acknowledged' });
      expect(strict.findings.filter((f) => f.source === 'ControlTower' && f.level === 'LOW').every((f) => f.outcome !== 'error')).toBe(true);
      expect(strict.packs.find((p) => p.pack === 'ControlTower')!.failsCheck).toBe(true);
      expect(formatCheck(strict)).toMatch(/Control Tower guard rules .* yes \(MEDIUM and above: --guard-fail-on\)/);
    }
    const high = checkOf(synthesis, 'dev', { guardFailOn: 'HIGH' });
    expect(high.findings.find((f) => f.ruleId === 'CT.S3.PR.2' && f.resource.constructPath === 'dev/Data/Unprotected')).toMatchObject({ outcome: 'warning' });
    const none = checkOf(synthesis, 'dev', { guardFailOn: 'NONE' });
    expect(none.findings.filter((f) => f.source === 'ControlTower' && f.outcome === 'error')).toEqual([]);
    expect(none.packs.find((p) => p.pack === 'ControlTower')!.failsCheck).toBe(false);
  });
});
