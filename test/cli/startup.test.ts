import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/reference';

/** The package a file in node_modules belongs to (the innermost node_modules). */
function packageOf(file: string): string {
  const [scopeOrName, name] = file.split(`${sep}node_modules${sep}`).pop()!.split(sep);
  return scopeOrName!.startsWith('@') ? `${scopeOrName}/${name}` : scopeOrName!;
}

/** The packages whose files a `portside` run loaded. */
function loadedBy(args: string[]): { status: number | null; packages: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'portside-startup-'));
  const report = join(dir, 'loaded.json');
  // Preloaded before the launcher: at exit, every module file in require's cache.
  const preload = join(dir, 'record.cjs');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(report)}, JSON.stringify(Object.keys(require.cache))));`);
  try {
    const run = spawnSync(process.execPath, ['--require', preload, join(REPO_ROOT, 'bin', 'portside.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8' });
    const files = JSON.parse(readFileSync(report, 'utf8')) as string[];
    const packages = [...new Set(files.filter((file) => file.includes(`${sep}node_modules${sep}`)).map(packageOf))];
    return { status: run.status, packages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** What `plan --deployed` reads CloudFormation with. */
const AWS_SDK = ['@aws-sdk/client-cloudformation', '@aws-sdk/credential-providers'];

describe('portside start-up', () => {
  for (const args of [['--help'], ['validate']]) {
    it(`loads neither the CDK nor cdk-nag nor Graphviz for \`portside ${args.join(' ')}\``, () => {
      const run = loadedBy(args);
      expect(run.status).toBe(0);
      expect(run.packages).toContain('commander'); // the check can fail: the recorder sees packages
      for (const heavy of ['aws-cdk-lib', 'cdk-nag', 'cdk-monitoring-constructs', '@hpcc-js/wasm-graphviz', ...AWS_SDK]) expect(run.packages).not.toContain(heavy);
    });
  }

  it('loads them for `portside plan`, where they are needed', () => {
    const out = mkdtempSync(join(tmpdir(), 'portside-startup-plan-'));
    try {
      const run = loadedBy(['plan', '--out', out]);
      expect(run.status).toBe(0);
      expect(run.packages).toEqual(expect.arrayContaining(['aws-cdk-lib', 'cdk-nag', 'cdk-monitoring-constructs']));
      // The AWS SDK only for `plan --deployed`, which reads from AWS.
      for (const sdk of AWS_SDK) expect(run.packages).not.toContain(sdk);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
