/**
 * Entry point for the CDK CLI (`cdk synth`, `cdk diff`, `cdk deploy`; see cdk.json).
 * The manifest comes from `-c manifest=FILE`, default `portside.yaml`.
 */
import { addEnvironments, createPortsideApp } from '../src/infra/app';
import { startBackgroundValidation } from '../src/infra/compliance/validation-thread';
import { assertWithinCloudFormationLimits } from '../src/reports/check/limits';
import { readAssembly } from '../src/reports/assembly-reader';
import { loadManifestOrExit, manifestPathInRepository } from './load-manifest';

// CDK's template validation engine starts now, in its own thread, while the app is built.
startBackgroundValidation();
const app = createPortsideApp();
const manifestFile: string = app.node.tryGetContext('manifest') ?? 'portside.yaml';
const { plan } = loadManifestOrExit(manifestFile);
addEnvironments(app, plan, { manifestFile: manifestPathInRepository(manifestFile) });
const templates = readAssembly(app.synth());
// CloudFormation would refuse these templates at deploy time: say which stack and count now.
assertWithinCloudFormationLimits(templates);
