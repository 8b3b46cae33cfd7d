import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultDrRegion } from '../../src/cli/init/dr-region';
import { COMMERCIAL_REGIONS } from '../../src/manifest/regions';
import { parseManifest } from '../../src/manifest';
import { portside } from '../support/cli';
import { uncommentExamples } from '../support/starter';

const emptyRepository = () => mkdtempSync(join(tmpdir(), 'portside-init-'));
const read = (dir: string, file: string) => readFileSync(join(dir, file), 'utf8');

describe('portside init', () => {
  it('writes a starter manifest that validates as written, cdk.json on the installed package, .gitignore and npm scripts', () => {
    const dir = emptyRepository();
    const run = portside(['init', '--dir', dir, '--project', 'acme-shop', '--region', 'eu-west-1', '--account', '333333333333', '--prod-account', '444444444444']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(portside(['validate', '--manifest', join(dir, 'portside.yaml')]).stdout).toContain('is valid (0 warnings)');
    const plan = parseManifest(read(dir, 'portside.yaml'), 'portside.yaml').plan;
    expect(plan.project).toBe('acme-shop');
    expect(plan.environments.map((environment) => [environment.name, environment.account, environment.region])).toEqual([
      ['staging', '333333333333', 'eu-west-1'],
      ['prod', '444444444444', 'eu-west-1'],
    ]);
    expect(JSON.parse(read(dir, 'cdk.json')).app).toBe('node node_modules/portside/bin/portside-cdk-app.js');
    expect(read(dir, '.gitignore').split('\n')).toEqual(expect.arrayContaining(['node_modules/', 'cdk.out/', '.portside/']));
    expect(JSON.parse(read(dir, 'package.json'))).toMatchObject({ name: 'acme-shop', scripts: { portside: 'portside', check: 'portside check' } });
  });

  it('its commented-out examples (database, worker, queue, delivery account, platform repository) validate too once uncommented', () => {
    const dir = emptyRepository();
    expect(portside(['init', '--dir', dir]).status).toBe(0);
    const starter = read(dir, 'portside.yaml');
    const everything = uncommentExamples(starter);
    expect(everything).not.toBe(starter);
    const plan = parseManifest(everything, 'portside.yaml').plan;
    expect(plan.delivery.account).toBe('999999999999');
    expect(plan.environments[0]!.services.map((service) => service.name)).toEqual(['web', 'worker']);
    expect(plan.environments[0]!.databases.map((database) => database.name)).toEqual(['app']);
  });

  it('puts image repositories and pipelines in a tooling account with --delivery-account', () => {
    const dir = emptyRepository();
    expect(portside(['init', '--dir', dir, '--account', '333333333333', '--delivery-account', '555555555555']).status).toBe(0);
    expect(parseManifest(read(dir, 'portside.yaml'), 'portside.yaml').plan.delivery.account).toBe('555555555555');
  });

  it('never overwrites the manifest or cdk.json without --force, and writes nothing then', () => {
    const dir = emptyRepository();
    writeFileSync(join(dir, 'portside.yaml'), 'project: mine\n');
    const run = portside(['init', '--dir', dir]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('portside.yaml already exists');
    expect(run.stderr).toContain('--force');
    expect(read(dir, 'portside.yaml')).toBe('project: mine\n');
    expect(() => read(dir, 'cdk.json')).toThrow();
    expect(portside(['init', '--dir', dir, '--force']).status).toBe(0);
    expect(read(dir, 'portside.yaml')).toContain('# The manifest of');
  });

  it('completes an existing .gitignore and package.json, keeping what they say', () => {
    const dir = emptyRepository();
    writeFileSync(join(dir, '.gitignore'), 'dist\nnode_modules\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'platform', devDependencies: { portside: '^0.2.0' }, scripts: { test: 'vitest run', check: 'make check' } }));
    const run = portside(['init', '--dir', dir]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('Kept your own npm scripts check');
    const gitignore = read(dir, '.gitignore');
    expect(gitignore.startsWith('dist\nnode_modules\n')).toBe(true);
    expect(gitignore.match(/node_modules/g)).toHaveLength(1);
    expect(gitignore).toContain('cdk.out/');
    const json = JSON.parse(read(dir, 'package.json'));
    expect(json).toMatchObject({ name: 'platform', devDependencies: { portside: '^0.2.0' }, scripts: { test: 'vitest run', check: 'make check', portside: 'portside' } });
  });

  it('removes npm init\'s failing placeholder test script, which the platform pipeline would run', () => {
    const dir = emptyRepository();
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'platform', scripts: { test: 'echo "Error: no test specified" && exit 1' } }));
    const run = portside(['init', '--dir', dir]);
    expect(run.stdout).toContain('Removed npm init\'s placeholder test script');
    expect(JSON.parse(read(dir, 'package.json')).scripts.test).toBeUndefined();
  });

  it('names a neighbouring disaster-recovery region for every commercial region', () => {
    for (const region of COMMERCIAL_REGIONS) {
      const dr = defaultDrRegion(region);
      expect(dr).not.toBe(region);
      expect(COMMERCIAL_REGIONS.has(dr)).toBe(true);
    }
    expect(defaultDrRegion('eu-west-2')).toBe('eu-west-1');
  });
});
