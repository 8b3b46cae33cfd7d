/**
 * The package as a user gets it: `npm pack`'s tarball installed into an empty git repository, then
 * `portside init` and every command there, offline and without AWS credentials.
 */
import { spawnSync, SpawnSyncReturns } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { packAndInstall } from '../../scripts/installed-repository';
import { REPO_ROOT } from '../support/reference';
import { uncommentExamples } from '../support/starter';

const NO_CREDENTIALS = { AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_SESSION_TOKEN: '', AWS_PROFILE: '', PORTSIDE_DEBUG: '' };
const TOOLING_ACCOUNT = '999999999999';

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, ...NO_CREDENTIALS } });
  if (result.error) throw result.error;
  return result;
}

/** Runs a command that must succeed; its output otherwise in the failure. */
function ok(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

let tarball: string;
let repo: string;
const version = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

beforeAll(() => {
  ({ tarball, repo } = packAndInstall(REPO_ROOT));
});

describe('the packed package', () => {
  it('holds the compiled CLI, the CDK app, type declarations, prebuilt Lambda bundles and docs, and no sources or tests', () => {
    const files = ok('tar', ['tzf', tarball], REPO_ROOT).split('\n').filter(Boolean).map((file) => file.replace(/^package\//, ''));
    expect(files).toEqual(expect.arrayContaining([
      'bin/portside.js', 'bin/portside-cdk-app.js', 'dist/bin/portside-cli.js', 'dist/bin/cdk-app.js',
      'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/lambda/database-users/bundle/index.js',
      'dist/src/reports/check/guard-pool.mjs', 'dist/src/infra/compliance/cloudformation-validation-worker.cjs',
      'portside.schema.json', 'CHANGELOG.md', 'README.md', 'docs/manifest.md', 'docs/api.md', 'docs/upgrading.md',
    ]));
    expect(files.filter((file) => /^(src|test|bench|scripts|examples)\//.test(file) || file.endsWith('.ts') && !file.endsWith('.d.ts'))).toEqual([]);
    expect(files).not.toContain('bin/typescript-loader.js');
  });

  it('installs without a TypeScript toolchain: no typescript, tsx or esbuild in the repository', () => {
    for (const tool of ['typescript', 'tsx', 'esbuild']) expect(existsSync(join(repo, 'node_modules', tool)), tool).toBe(false);
    expect(ok('npx', ['portside', '--version'], repo).trim()).toBe(version);
    expect(ok('npx', ['cdk', '--version'], repo)).toMatch(/^2\./);
  });
});

describe('a repository that installed it', () => {
  beforeAll(() => {
    ok('npx', ['portside', 'init', '--project', 'acme-shop', '--region', 'eu-west-1', '--account', '333333333333', '--prod-account', '444444444444'], repo);
    // Every example of the starter switched on: a database (and so the database-users Lambda), a worker, a queue, a tooling account.
    writeFileSync(join(repo, 'everything.yaml'), uncommentExamples(readFileSync(join(repo, 'portside.yaml'), 'utf8')));
  });

  it('validates and plans the starter manifest as written', () => {
    // npm init's failing placeholder test is gone: the platform pipeline runs `npm test` when defined.
    const { scripts } = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts).toMatchObject({ portside: 'portside' });
    expect(scripts.test).toBeUndefined();
    expect(ok('npx', ['portside', 'validate'], repo)).toContain('portside.yaml is valid');
    const plan = ok('npx', ['portside', 'plan'], repo);
    expect(plan).toMatch(/Environment staging — account 333333333333, eu-west-1/);
    expect(plan).toMatch(/Environment prod — account 444444444444, eu-west-1/);
  });

  it('synthesizes the same stacks and resources as this repository does, the prebuilt Lambda bundle with the same asset hash', () => {
    const installedOut = join(repo, 'cdk.out.everything');
    const sourceOut = join(repo, 'cdk.out.source');
    ok('npx', ['portside', 'plan', '--manifest', 'everything.yaml', '--out', installedOut], repo);
    ok(process.execPath, [join(REPO_ROOT, 'bin', 'portside.js'), 'plan', '--manifest', 'everything.yaml', '--out', sourceOut], repo);
    const shape = (out: string) => Object.fromEntries(templatesUnder(out).map((file) => {
      const resources = (JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string }> }).Resources;
      return [file.slice(out.length), Object.entries(resources).map(([id, resource]) => `${id} ${resource.Type}`).sort()];
    }));
    const installed = shape(installedOut);
    expect(Object.keys(installed).length).toBeGreaterThan(10);
    expect(installed).toEqual(shape(sourceOut));
    const assets = (out: string) => readdirSync(out).filter((name) => name.startsWith('asset.')).sort();
    expect(assets(installedOut).length).toBeGreaterThan(0);
    expect(assets(installedOut)).toEqual(assets(sourceOut));
  });

  it('runs check, cost, diagram and report', () => {
    expect(ok('npx', ['portside', 'check'], repo)).toContain('PASSED: no unacknowledged error');
    expect(ok('npx', ['portside', 'cost'], repo)).toMatch(/USD|\$/);
    expect(ok('npx', ['portside', 'diagram', '--dir', 'diagrams'], repo)).toContain('staging.svg');
    ok('npx', ['portside', 'report'], repo);
    expect(readFileSync(join(repo, 'portside-report.html'), 'utf8')).toContain('<svg');
  });

  it('puts every image repository, build and pipeline of a manifest it has not seen in its tooling account (npx cdk synth)', () => {
    const other = readFileSync(join(REPO_ROOT, 'examples', 'manifests', 'single-account.yaml'), 'utf8').replace('\nenvironments:', `\ndelivery:\n  account: "${TOOLING_ACCOUNT}"\n\nenvironments:`);
    writeFileSync(join(repo, 'other.yaml'), other);
    ok('npx', ['cdk', 'synth', '--quiet', '--no-notices', '-c', 'manifest=other.yaml', '--output', 'cdk.out.other'], repo);
    const delivered = ['AWS::ECR::Repository', 'AWS::CodePipeline::Pipeline', 'AWS::CodeBuild::Project'];
    const stacksWith = new Map<string, string>();
    for (const file of templatesUnder(join(repo, 'cdk.out.other'))) {
      const types = Object.values((JSON.parse(readFileSync(file, 'utf8')) as { Resources: Record<string, { Type: string }> }).Resources).map((r) => r.Type);
      if (types.some((type) => delivered.includes(type))) stacksWith.set(file, accountOf(file));
    }
    expect(stacksWith.size).toBeGreaterThan(2);
    expect([...new Set(stacksWith.values())]).toEqual([TOOLING_ACCOUNT]);
  });

  it('prints the deploy and bootstrap order offline (--dry-run), the environments trusting the tooling account', () => {
    const deploy = ok('npx', ['portside', 'deploy', '--dry-run', '--approve', 'prod', '--manifest', 'everything.yaml'], repo);
    expect(deploy).toMatch(/Dry run: \d+ steps, nothing deployed/);
    const bootstrap = ok('npx', ['portside', 'bootstrap', '--dry-run', '--manifest', 'everything.yaml'], repo);
    expect(bootstrap).toContain(`--trust ${TOOLING_ACCOUNT}`);
    expect(bootstrap).toContain('333333333333');
  });
});

/** Every template of a cloud assembly, nested stage assemblies included. */
function templatesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name.startsWith('assembly-') ? templatesUnder(path) : [];
    return entry.name.endsWith('.template.json') ? [path] : [];
  });
}

/** The account a template's stack deploys to, from its cloud assembly manifest. */
function accountOf(templateFile: string): string {
  const dir = templateFile.slice(0, templateFile.lastIndexOf('/'));
  const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { artifacts: Record<string, { type: string; environment?: string; properties?: { templateFile?: string } }> };
  const name = templateFile.slice(dir.length + 1);
  const artifact = Object.values(manifest.artifacts).find((candidate) => candidate.properties?.templateFile === name);
  return /^aws:\/\/(\d{12})\//.exec(artifact?.environment ?? '')?.[1] ?? 'unknown';
}
