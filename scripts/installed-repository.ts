/**
 * The package as a user gets it: `npm pack` of this repository (which builds dist/), installed into
 * a new, empty git repository. Used by the installed-package tests and the entry-point benchmark.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface InstalledRepository {
  /** The packed tarball. */
  readonly tarball: string;
  /** The repository that installed it. */
  readonly repo: string;
}

function runOrThrow(command: string, args: readonly string[], cwd: string): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status}) in ${cwd}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

function versionIn(root: string, name: string): string {
  return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/**
 * Packs `root` and installs the tarball with `npm install --save-dev` into an empty git repository.
 * The peers (aws-cdk-lib, constructs) are installed at the versions `root` is tested with, so what
 * the installed package synthesizes can be compared exactly with what `root` does.
 */
export function packAndInstall(root: string): InstalledRepository {
  const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
  const packed = mkdtempSync(join(tmpdir(), 'portside-pack-'));
  runOrThrow('npm', ['pack', '--silent', '--pack-destination', packed], root);
  const tarball = join(packed, `portside-${version}.tgz`);
  const repo = mkdtempSync(join(tmpdir(), 'portside-user-'));
  runOrThrow('git', ['init', '--quiet'], repo);
  runOrThrow('npm', ['init', '--yes'], repo);
  const peers = ['aws-cdk-lib', 'constructs'].map((name) => `${name}@${versionIn(root, name)}`);
  runOrThrow('npm', ['install', '--save-dev', '--prefer-offline', '--no-audit', '--no-fund', tarball, ...peers], repo);
  return { tarball, repo };
}
