/**
 * Child of `npm run bench`: Portside's synthesis of a manifest with CDK's 500-resource stack check
 * and cdk-nag turned off (CDK's CloudFormation validation runs in-process; its errors are caught), so a manifest whose stacks go over
 * CloudFormation's limits still yields templates to measure. Prints each stack's limits as JSON.
 * Usage: tsx bench/synth-uncapped.ts <manifest> <outDir>
 */
import { readFileSync } from 'node:fs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { buildApp } from '../src/infra/app';
import { parseManifest } from '../src/manifest';
import { readAssembly } from '../src/reports/assembly-reader';
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
// The template files as the CDK CLI uploads them (what CloudFormation's 1 MB applies to).
const ids = assembly.stacksRecursively.map((artifact) => artifact.hierarchicalId);
const limits = readAssembly(assembly).map((stack, index) => limitsOf({ ...stack, stack: ids[index]! }));
process.stdout.write(JSON.stringify(limits));
