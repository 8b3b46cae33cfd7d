/**
 * Child of `npm run bench`: Portside's synthesis of a manifest with CDK's 500-resource stack check
 * and the validation plugins (cdk-nag, CloudFormation validate) turned off, so a manifest whose stacks go over
 * CloudFormation's limits still yields templates to measure. Prints each stack's limits as JSON.
 * Usage: tsx bench/synth-uncapped.ts <manifest> <outDir>
 */
import { readFileSync } from 'node:fs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp } from '../src/infra/app';
import { parseManifest } from '../src/manifest';
import { limitsOf } from '../src/reports/check/limits';

const [manifestFile, outdir] = process.argv.slice(2);
const loaded = parseManifest(readFileSync(manifestFile, 'utf8'), manifestFile);
const { app } = buildApp(loaded.plan, { outdir, manifestFile, compliance: process.env.BENCH_COMPLIANCE === '1', context: { '@aws-cdk/core:stackResourceLimit': 0 } });
let assembly: cxapi.CloudAssembly;
try {
  assembly = app.synth();
} catch (error) {
  // CDK's validation (CloudFormation Validate) throws after writing every template: measure those.
  process.stderr.write(`synthesis refused: ${(error as Error).message.split('\n')[0]}\n`);
  assembly = new cxapi.CloudAssembly(outdir);
}
const limits = assembly.stacksRecursively.map((artifact) => limitsOf({
  stack: artifact.hierarchicalId,
  stackName: artifact.stackName,
  environment: artifact.hierarchicalId.includes('/') ? artifact.hierarchicalId.split('/')[0] : undefined,
  template: artifact.template,
  templateBytes: Buffer.byteLength(JSON.stringify(artifact.template)),
}));
process.stdout.write(JSON.stringify(limits));
