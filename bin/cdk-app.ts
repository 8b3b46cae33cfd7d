/**
 * Entry point for the CDK CLI (`cdk synth`, `cdk diff`, `cdk deploy`; see cdk.json).
 * The manifest comes from `-c manifest=FILE`, default `portside.yaml`.
 */
import { addEnvironments, createPortsideApp } from '../src/infra/app';
import { loadManifestOrExit, manifestPathInRepository } from './load-manifest';

const app = createPortsideApp();
const manifestFile: string = app.node.tryGetContext('manifest') ?? 'portside.yaml';
const { plan } = loadManifestOrExit(manifestFile);
addEnvironments(app, plan, { manifestFile: manifestPathInRepository(manifestFile) });
app.synth();
