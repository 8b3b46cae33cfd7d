import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { App, DefaultStackSynthesizer, IPolicyValidationContext, IPolicyValidationPlugin, Stack, Stage, Validations } from 'aws-cdk-lib';
import * as cxapi from 'aws-cdk-lib/cx-api';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3assets from 'aws-cdk-lib/aws-s3-assets';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/infra/app';
import { BackgroundCloudFormationValidation, TemplateHandoverSynthesizer } from '../../src/infra/compliance/background-cloudformation-validation';
import { lastReportStatistics, startBackgroundValidation, stopBackgroundValidation, templatesHandedOver } from '../../src/infra/compliance/validation-thread';
import { PORTSIDE_RESOURCE_TYPES } from '../../src/infra/compliance/resource-types';
import { planFromYaml, referencePlan } from '../support/reference';
import { referenceWithDr } from '../support/dr';

const ENV = { account: '111111111111', region: 'eu-west-2' };

/** A resource type Portside never synthesizes (SQS queues it now does): the thread must build its engine again for it. */
const TYPE_NOT_WARMED_UP = 'AWS::Logs::LogStream';

/**
 * Stacks in two stages and at the app root with CloudFormation Validate warnings (hard-coded zones,
 * W3010), a resource of a type the thread's engine was not built for, and an error if asked.
 */
function addStacksWithFindings(app: App, withError: boolean): void {
  for (const name of ['dev', 'prod']) {
    const stage = new Stage(app, name, { env: ENV });
    for (const id of ['A', 'B']) {
      const stack = new Stack(stage, id);
      const vpc = new ec2.CfnVPC(stack, 'Vpc', { cidrBlock: '10.0.0.0/16' });
      new ec2.CfnSubnet(stack, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.0.0.0/24', availabilityZone: 'eu-west-2a' });
    }
  }
  const top = new Stack(app, 'Top', { env: ENV });
  const vpc = new ec2.CfnVPC(top, 'Vpc', { cidrBlock: '10.1.0.0/16' });
  new ec2.CfnSubnet(top, 'Subnet', { vpcId: vpc.ref, cidrBlock: '10.1.0.0/24', availabilityZone: 'eu-west-2b' });
  new logs.CfnLogStream(top, 'Stream', { logGroupName: 'portside-test' });
  if (withError) new s3.CfnBucket(top, 'Bucket', { bucketName: 'Not_A_Valid_Bucket_Name' });
}

type Outcome = { report?: unknown; error?: string };

/** Synthesizes into a fresh directory: the validation report, or the error synthesis ended with. */
function synthesizeApp(build: (outdir: string) => App): Outcome {
  const outdir = mkdtempSync(join(tmpdir(), 'portside-background-validation-'));
  try {
    build(outdir).synth();
    const report = join(outdir, 'validation-report.json');
    return existsSync(report) ? { report: JSON.parse(readFileSync(report, 'utf8')) } : {};
  } catch (error) {
    return { error: (error as Error).message.replaceAll(basename(outdir), 'OUT') };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** CDK's built-in validation (nothing registered), or Portside's in the background thread. */
function validatedBy(validator: 'cdk' | 'background', withError: boolean): Outcome {
  if (validator === 'background') startBackgroundValidation();
  return synthesizeApp((outdir) => {
    const background = validator === 'background';
    const app = new App({ outdir, context: { '@aws-cdk/core:validateAgainstDefaultRules': true }, defaultStackSynthesizer: background ? new TemplateHandoverSynthesizer() : undefined });
    addStacksWithFindings(app, withError);
    if (background) Validations.of(app).addPlugins(new BackgroundCloudFormationValidation());
    return app;
  });
}

/** The synthetic app as Portside validates it: handover synthesizer and the background plugin. */
function validatedByPortside(): Outcome {
  return synthesizeApp((outdir) => {
    const app = new App({ outdir, defaultStackSynthesizer: new TemplateHandoverSynthesizer() });
    addStacksWithFindings(app, false);
    Validations.of(app).addPlugins(new BackgroundCloudFormationValidation());
    return app;
  });
}

function resourceTypesIn(app: App): Set<string> {
  const outdir = app.synth().directory;
  const types = new Set<string>();
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(join(dir, entry.name));
      else if (entry.name.endsWith('.template.json')) {
        const template = JSON.parse(readFileSync(join(dir, entry.name), 'utf8')) as { Resources?: Record<string, { Type: string }> };
        for (const resource of Object.values(template.Resources ?? {})) types.add(resource.Type);
      }
    }
  };
  walk(outdir);
  return types;
}

describe('CloudFormation validation in a background thread', () => {
  afterEach(() => stopBackgroundValidation());

  for (const [findings, withError] of [['warnings', false], ['an error that fails synthesis', true]] as const) {
    it(`reports exactly what CDK's built-in validation reports (${findings})`, () => {
      const [builtin, background] = (['cdk', 'background'] as const).map((validator) => validatedBy(validator, withError)) as [Outcome, Outcome];
      expect(background).toEqual(builtin);
      expect(JSON.stringify(builtin)).toContain('W3010');
      expect(PORTSIDE_RESOURCE_TYPES).not.toContain(TYPE_NOT_WARMED_UP);
      if (withError) expect(builtin.error).toMatch(/BucketName: .*\(CloudFormation Validate\)/);
      else expect(builtin.report).toBeDefined();
    });
  }

  it('validates in-process, with the same report, when no thread was started', () => {
    // One call site for both, so the construct traces in the two reports are the same.
    const [inProcess, inThread] = [false, true].map((thread) => {
      if (thread) startBackgroundValidation();
      return synthesizeApp((outdir) => buildApp(referencePlan(), { outdir }).app);
    });
    expect(inProcess!.error).toBeUndefined();
    expect(inProcess!.report).toBeDefined();
    expect(inThread).toEqual(inProcess);
  });

  it('validates every template of the reference manifest as it is written, none again when the report is asked for', () => {
    startBackgroundValidation();
    const outcome = synthesizeApp((outdir) => buildApp(referencePlan(), { outdir }).app);
    expect(outcome.error).toBeUndefined();
    const statistics = lastReportStatistics()!;
    expect(statistics.templates).toBeGreaterThan(20);
    expect(statistics).toEqual({ templates: statistics.templates, handedOver: statistics.templates, late: 0 });
  });

  it('hands templates over before any validation plugin runs, only from stacks with the handover synthesizer', () => {
    const handedOverWhenPluginsRun = (synthesizer: TemplateHandoverSynthesizer | undefined) => {
      let seen = -1;
      const probe: IPolicyValidationPlugin = {
        name: 'probe',
        validate: (_context: IPolicyValidationContext) => {
          seen = templatesHandedOver();
          return { success: true, violations: [] };
        },
      };
      const outcome = synthesizeApp((outdir) => {
        const app = new App({ outdir, defaultStackSynthesizer: synthesizer });
        addStacksWithFindings(app, false);
        Validations.of(app).addPlugins(probe, new BackgroundCloudFormationValidation());
        return app;
      });
      expect(outcome.error).toBeUndefined();
      return { seen, late: lastReportStatistics()?.late };
    };
    startBackgroundValidation();
    expect(handedOverWhenPluginsRun(new TemplateHandoverSynthesizer())).toEqual({ seen: 5, late: 0 });
    expect(handedOverWhenPluginsRun(undefined)).toEqual({ seen: 0, late: 5 });
    expect(templatesHandedOver()).toBe(0);
  });

  it('gives each stack an asset manifest of its own (CDK\'s shared app-level synthesizer lists the other stacks\' templates too)', () => {
    const filesPerStack = (synthesizer: DefaultStackSynthesizer) => {
      const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'portside-handover-assets-')), defaultStackSynthesizer: synthesizer });
      // The first stack has a file asset (as the network stack has its custom resource's code).
      for (const id of ['First', 'Second', 'Third']) {
        const stack = new Stack(app, id, { env: ENV });
        new sqs.CfnQueue(stack, 'Queue');
        if (id === 'First') new s3assets.Asset(stack, 'Code', { path: __filename });
      }
      const assembly = app.synth();
      try {
        return assembly.artifacts.filter((artifact) => artifact instanceof cxapi.AssetManifestArtifact)
          .map((manifest) => Object.keys((JSON.parse(readFileSync(manifest.file, 'utf8')) as { files?: object }).files ?? {}).length);
      } finally {
        rmSync(assembly.directory, { recursive: true, force: true });
      }
    };
    expect(filesPerStack(new TemplateHandoverSynthesizer())).toEqual([2, 1, 1]); // each its template, the first also its code
    expect(filesPerStack(new DefaultStackSynthesizer())).toEqual([2, 2, 2]); // aws/aws-cdk#29071: the code in every stack's manifest
  });

  for (const [when, body] of [
    ['fails to start', "throw new Error('no engine here');"],
    ['dies while the report is asked for', "require('node:worker_threads').parentPort.on('message', (m) => { if (m.type === 'report') process.exit(3); });"],
  ] as const) {
    it(`validates in-process, with the same report, when the thread ${when}`, () => {
      const dir = mkdtempSync(join(tmpdir(), 'portside-dying-worker-'));
      const workerFile = join(dir, 'worker.cjs');
      // The real worker's first act: tell the main thread through shared memory when it is gone.
      writeFileSync(workerFile, `const { workerData } = require('node:worker_threads');
process.on('exit', () => { Atomics.store(workerData.liveness, 0, 1); Atomics.notify(workerData.liveness, 0); });
${body}`);
      try {
        const [inProcess, withDyingThread] = [false, true].map((thread) => {
          if (thread) startBackgroundValidation(workerFile);
          const started = Date.now();
          return { ...validatedByPortside(), seconds: (Date.now() - started) / 1000 };
        });
        expect(withDyingThread!.report).toEqual(inProcess!.report);
        expect(withDyingThread!.seconds).toBeLessThan(60); // not the 10-minute deadline
        expect(lastReportStatistics()).toBeUndefined();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }

  it('stays off where CDK\'s own validation is off (CDK_VALIDATION=false, as `cdk synth --no-validation` sets, or the app prop)', () => {
    const withInvalidBucket = (builtinCloudFormationValidation?: boolean) => (outdir: string) => {
      const { app, delivery } = buildApp(referencePlan(), { outdir, compliance: false, builtinCloudFormationValidation });
      new s3.CfnBucket(delivery, 'Invalid', { bucketName: 'Not_A_Valid_Bucket_Name' });
      return app;
    };
    expect(synthesizeApp(withInvalidBucket()).error).toMatch(/BucketName: .*\(CloudFormation Validate\)/);
    expect(synthesizeApp(withInvalidBucket(false)).error).toBeUndefined();
    process.env.CDK_VALIDATION = 'false';
    try {
      expect(synthesizeApp(withInvalidBucket()).error).toBeUndefined();
    } finally {
      delete process.env.CDK_VALIDATION;
    }
  });

  it('warms its engine up with every resource type Portside synthesizes (reference and DR manifests)', () => {
    const listed = new Set(PORTSIDE_RESOURCE_TYPES);
    for (const plan of [referencePlan(), planFromYaml(referenceWithDr())]) {
      const missing = [...resourceTypesIn(buildApp(plan, { compliance: false }).app)].filter((type) => !listed.has(type));
      expect(missing, 'add these to PORTSIDE_RESOURCE_TYPES (src/infra/compliance/resource-types.ts)').toEqual([]);
    }
  });

  it('sets a V8 flag this Node accepts (an unknown flag would only print an error)', () => {
    const worker = readFileSync(join(__dirname, '../../src/infra/compliance/cloudformation-validation-worker.cjs'), 'utf8');
    const [, flag] = /setFlagsFromString\('([^']+)'\)/.exec(worker) ?? [];
    expect(flag).toMatch(/^--wasm-tiering-budget=\d+$/);
    const run = spawnSync(process.execPath, ['-e', `require('node:v8').setFlagsFromString('${flag}')`], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const unknown = spawnSync(process.execPath, ['-e', "require('node:v8').setFlagsFromString('--no-such-flag-here')"], { encoding: 'utf8' });
    expect(unknown.stderr).toMatch(/unrecognized flag/);
  });
});
