import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as lambda from 'aws-cdk-lib/aws-lambda';

/** Where Portside's own Lambda handlers live (`src/lambda/<name>/index.ts`). */
const HANDLERS_ROOT = resolve(__dirname, '..', '..', 'lambda');

/** The Node.js runtime every Portside function runs on, and the target esbuild compiles for. */
export const PORTSIDE_NODE_RUNTIME = lambda.Runtime.NODEJS_24_X;
const ESBUILD_TARGET = 'node24';

/** One bundle per handler and process: every environment's stack stages the same directory. */
const bundles = new Map<string, string>();

/**
 * Bundles `src/lambda/<name>/index.ts` with its dependencies (the database drivers) into a directory
 * of its own, with esbuild in-process (about 0.2 s, no Docker). The AWS SDK is left out: the Lambda
 * Node.js runtime provides it. The directory lives until the process exits.
 *
 * Not CDK's asset bundling: that writes "Bundling asset …" to stderr on every synthesis, which the
 * CLI keeps clean. CDK copies the directory into the cloud assembly and hashes its content, so an
 * unchanged bundle never redeploys and a dependency upgrade that changes it does.
 */
function bundle(name: string): string {
  const existing = bundles.get(name);
  if (existing) {
    return existing;
  }
  const outdir = mkdtempSync(join(tmpdir(), `portside-${name}-`));
  process.once('exit', () => rmSync(outdir, { recursive: true, force: true }));
  // Loaded here, not at the top, so commands that never synthesize do not load esbuild.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild = require('esbuild') as typeof import('esbuild');
  esbuild.buildSync({
    entryPoints: [join(HANDLERS_ROOT, name, 'index.ts')],
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
  bundles.set(name, outdir);
  return outdir;
}

/** The code of one of Portside's own handlers, bundled (see `bundle`). */
export function bundledNodeCode(name: string): lambda.Code {
  return lambda.Code.fromAsset(bundle(name));
}
