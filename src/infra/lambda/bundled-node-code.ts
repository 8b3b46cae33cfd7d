import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledge } from '../compliance/acknowledge';

/** Where Portside's own Lambda handlers live (`src/lambda/<name>/index.ts`; in the package, `dist/src/lambda`). */
const HANDLERS_ROOT = resolve(__dirname, '..', '..', 'lambda');

/** The Node.js runtime every Portside function runs on, and the target esbuild compiles for. */
export const PORTSIDE_NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** Whether `runtime` is the newest Node.js runtime the installed aws-cdk-lib knows (what cdk-nag's AwsSolutions-L1 asks for). */
export function isNewestNodeRuntime(runtime: lambda.Runtime): boolean {
  const newest = Math.max(...Object.values(lambda.Runtime)
    .filter((candidate): candidate is lambda.Runtime => candidate instanceof lambda.Runtime && candidate.family === lambda.RuntimeFamily.NODEJS)
    .map((candidate) => nodeMajor(candidate.name)));
  return nodeMajor(runtime.name) >= newest;
}

/**
 * Whether the installed aws-cdk-lib knows a newer Node.js Lambda runtime than the one Portside pins:
 * then cdk-nag's AwsSolutions-L1 fires on Portside's functions, and is acknowledged (only then).
 */
export function newerNodeRuntimeKnown(): boolean {
  return !isNewestNodeRuntime(PORTSIDE_NODE_RUNTIME);
}

/**
 * Acknowledges AwsSolutions-L1 on a function of a Portside bundle, only when it fires: when the
 * aws-cdk-lib of the repository that installed Portside knows a newer runtime than Portside pins.
 * `testedOn` says what was tested on the pinned runtime.
 */
export function acknowledgePinnedNodeRuntime(fn: lambda.Function, testedOn: string): void {
  if (!newerNodeRuntimeKnown()) return;
  acknowledge(fn, {
    id: 'AwsSolutions-L1',
    reason: `pinned to ${PORTSIDE_NODE_RUNTIME.name}, the runtime its bundle is compiled for and ${testedOn}; a Portside release moves it after testing, never an aws-cdk-lib upgrade in the repository that installed Portside`,
  });
}

function nodeMajor(name: string): number {
  return Number(/^nodejs(\d+)\.x$/.exec(name)?.[1] ?? 0);
}

/** The directory of a handler's prebuilt bundle: written by `npm run build`, shipped in the package. */
export function prebuiltBundleDirectory(name: string, handlersRoot = HANDLERS_ROOT): string {
  return join(handlersRoot, name, 'bundle');
}

/**
 * Bundles `src/lambda/<name>/index.ts` with its dependencies (the database drivers) into `outdir`,
 * with esbuild in-process (about 0.2 s, no Docker). The AWS SDK is left out: the Lambda Node.js
 * runtime provides it. The same options at build time and at synthesis give byte-identical output,
 * so an installed package and this repository stage the same asset (the same hash).
 */
export function bundleHandler(sourceFile: string, outdir: string): void {
  // Loaded here, not at the top: commands that never synthesize, and the installed package (which
  // ships prebuilt bundles and not esbuild), never load it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [sourceFile],
    outfile: join(outdir, 'index.js'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: ESBUILD_TARGET,
    external: ['@aws-sdk/*', 'pg-native'],
    minify: true,
    legalComments: 'eof',
    logLevel: 'error',
  });
}

/** One bundle per handler and process: every environment's stack stages the same directory. */
const bundles = new Map<string, string>();

/**
 * The directory holding a handler's bundle: the package's prebuilt one, or in a checkout of this
 * repository one bundled now into a temporary directory that lives until the process exits.
 *
 * Not CDK's asset bundling: that writes "Bundling asset …" to stderr on every synthesis, which the
 * CLI keeps clean. CDK copies the directory into the cloud assembly and hashes its content, so an
 * unchanged bundle never redeploys and a dependency upgrade that changes it does.
 */
function bundle(name: string): string {
  const prebuilt = prebuiltBundleDirectory(name);
  if (existsSync(join(prebuilt, 'index.js'))) return prebuilt;
  const existing = bundles.get(name);
  if (existing) return existing;
  const outdir = mkdtempSync(join(tmpdir(), `portside-${name}-`));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  bundleHandler(join(HANDLERS_ROOT, name, 'index.ts'), outdir);
  bundles.set(name, outdir);
  return outdir;
}

/** The code of one of Portside's own handlers, bundled (see `bundle`). */
export function bundledNodeCode(name: string): lambda.Code {
  return lambda.Code.fromAsset(bundle(name));
}
