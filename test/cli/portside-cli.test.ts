import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { portside } from '../support/cli';
import { REPO_ROOT } from '../support/reference';

describe('portside plan', () => {
  it('synthesizes the reference manifest into the out directory and prints each environment', () => {
    const out = mkdtempSync(join(tmpdir(), 'portside-plan-'));
    const { status, stdout, stderr } = portside(['plan', '--out', out]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(stdout).toMatch(/Environment dev — account 111111111111, eu-west-2: 8 stacks/);
    expect(stdout).toMatch(/Environment prod — account 222222222222, eu-west-2: 8 stacks/);
    expect(stdout).toMatch(/3 AZs \(eu-west-2a, eu-west-2b, eu-west-2c\), 3 NAT gateways/);
    expect(stdout).toMatch(/purchase-direct-prod-catalog\s+aurora-mysql 8\.0\.mysql_aurora\.3\.10\.4\s+db\.r7g\.xlarge, db\.r7g\.xlarge\s+1/);
    expect(stdout).toMatch(/storefront\s+web\s+3–20/);
    // The worker reached through its queue, the job through its schedule.
    expect(stdout).toMatch(/order-events\s+worker\s+2–10\s+.*queue purchase-direct-prod-order-events/);
    // Runs of the job use Fargate Spot in the economy environment only (read from its RunTask step).
    const jobRows = stdout.split('\n').filter((line) => /^\s+product-feeds\s+job/.test(line));
    expect(jobRows).toHaveLength(2);
    expect(jobRows[0]).toMatch(/1 per run\s+.*cron\(30 1 \* \* \? \*\) Europe\/London\s+Fargate \+ Spot\s+the next run uses the new image/);
    expect(jobRows[1]).toMatch(/1 per run\s+.*cron\(30 1 \* \* \? \*\) Europe\/London\s+Fargate\s+the next run uses the new image/);
    // The shared delivery stack is listed with the resource count of the template it wrote.
    const resourcesOf = (template: string) => Object.keys(JSON.parse(readFileSync(join(out, template), 'utf8')).Resources).length;
    const deliveryResources = resourcesOf('Delivery.template.json');
    expect(deliveryResources).toBeGreaterThan(20);
    expect(stdout).toContain(`Shared purchase-direct-delivery — account 111111111111, eu-west-2: ${deliveryResources} resources`);
    // Each service's build and pipelines in a stack of its own.
    expect(stdout).toContain(`Shared purchase-direct-storefront-delivery — account 111111111111, eu-west-2: ${resourcesOf('Delivery-storefront.template.json')} resources`);
    // Each pipeline with its source and what follows: build once, approval before prod.
    expect(stdout).toMatch(/purchase-direct-storefront-main\s+purchase-direct\/storefront@main\s+build → approve → prod/);
    // Each environment planned against what is deployed first, with a review only when that puts data at risk.
    expect(stdout).toMatch(/purchase-direct-platform\s+purchase-direct\/platform@main\s+check → delivery → accounts → plan → review if at risk → dev → plan → review if at risk → approve → prod/);
    expect(readdirSync(out)).toContain('manifest.json');
    expect(stdout).toContain('Changes: no earlier synthesis in the output directory');
  });

  it('says what changed since the previous plan in the same directory, loudly when a database would be replaced', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-diff-'));
    const manifest = join(dir, 'portside.yaml');
    const reference = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8');
    writeFileSync(manifest, reference);
    expect(portside(['plan', '--manifest', manifest, '--out', join(dir, 'out'), '--env', 'dev']).status).toBe(0);
    writeFileSync(manifest, reference.replace('    databaseName: catalog\n', '    databaseName: products\n'));
    const { status, stdout, stderr } = portside(['plan', '--manifest', manifest, '--out', join(dir, 'out'), '--env', 'dev', '--json']);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { environments: { environment: string }[]; shared: unknown[]; diff: { statefulLosses: { stackName: string; type: string; properties: string[] }[] } };
    expect(result.environments.map((e) => e.environment)).toEqual(['dev']);
    expect(result.shared).toEqual([]);
    expect(result.diff.statefulLosses).toEqual([expect.objectContaining({
      stackName: 'purchase-direct-dev-data', type: 'AWS::RDS::DBCluster', properties: ['DatabaseName'],
    })]);
  });

  it('compares with the last plan only: cost, check, diagram and report in between never move that point', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-baseline-'));
    const manifest = join(dir, 'portside.yaml');
    const out = join(dir, 'out');
    const reference = readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8');
    writeFileSync(manifest, reference);
    expect(portside(['plan', '--manifest', manifest, '--out', out, '--env', 'dev']).status).toBe(0);
    expect(readdirSync(join(dir, '.portside', 'last-plan', 'out'))).toContain('manifest.json');
    // The database rename is synthesized by another command first: the next plan must still see it.
    writeFileSync(manifest, reference.replace('    databaseName: catalog\n', '    databaseName: products\n'));
    expect(portside(['cost', '--manifest', manifest, '--out', out, '--env', 'dev']).status).toBe(0);
    const { status, stdout } = portside(['plan', '--manifest', manifest, '--out', out, '--env', 'dev', '--json']);
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { diff: { statefulLosses: { stackName: string; type: string }[] } };
    expect(result.diff.statefulLosses).toEqual([expect.objectContaining({ stackName: 'purchase-direct-dev-data', type: 'AWS::RDS::DBCluster' })]);
  });

  it('plans the second example: two environments in one account, one foundation and DR vault for both', () => {
    const out = mkdtempSync(join(tmpdir(), 'portside-plan-second-'));
    const { status, stdout, stderr } = portside(['plan', '--manifest', 'examples/manifests/single-account.yaml', '--out', out]);
    expect(stderr).toBe('');
    expect(status).toBe(0);
    // Manifest order; no file system, so network, data, two services and operations.
    expect(stdout).toMatch(/Environment staging — account 333333333333, eu-west-1: 5 stacks[^]*Environment live — account 333333333333, eu-west-1: 5 stacks/);
    expect(stdout.match(/^Shared acme-shop-foundation /gm)).toHaveLength(1);
    expect(stdout).toMatch(/^Shared acme-shop-dr-vault — account 333333333333, eu-central-1/m);
    expect(stdout).toMatch(/^Shared acme-shop-image-replica — account 333333333333, eu-central-1/m);
    expect(stdout).toMatch(/api\s+web\s+2–10\s+1 vCPU \/ 2 GiB\s+-\s+x86_64\s+internal ALB, HTTP/);
  });

  it('refuses an environment the manifest does not have, in one line with a hint', () => {
    const { status, stdout, stderr } = portside(['plan', '--env', 'staging']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('portside: no environment "staging" in the manifest\nhint: --env takes one of: dev, prod\n');
  });

  it('prints every manifest problem and exits 2 without a stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-bad-'));
    const manifest = join(dir, 'bad.yaml');
    writeFileSync(manifest, 'project: X\nregion: eu-west-2\n');
    const { status, stdout, stderr } = portside(['plan', '--manifest', manifest, '--out', join(dir, 'out')]);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/bad\.yaml:1:\d+ project: got "X"/);
    expect(stderr).toMatch(/no stack was synthesized/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(dir)).not.toContain('out');
  });

  it('says clearly when the manifest file does not exist', () => {
    const { status, stderr } = portside(['plan', '--manifest', 'missing.yaml']);
    expect(status).toBe(2);
    expect(stderr).toMatch(/missing\.yaml: cannot read the manifest: no such file/);
  });
});

describe('portside validate', () => {
  it('passes the reference manifest and the second example, without synthesizing anything', () => {
    for (const manifest of ['portside.yaml', 'examples/manifests/single-account.yaml']) {
      const { status, stdout, stderr } = portside(['validate', '--manifest', manifest]);
      expect(stderr).toBe('');
      expect(status).toBe(0);
      expect(stdout).toBe(`${manifest} is valid (0 warnings)\n`);
    }
  });

  it('lists every error with its position and exits 2; --json gives the same as data', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-validate-'));
    const manifest = join(dir, 'bad.yaml');
    writeFileSync(manifest, readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8').replace('    cpu: 512\n', '    cpu: 300\n').replace('drRegion: eu-west-1', 'drRegion: eu-west-2'));
    const text = portside(['validate', '--manifest', manifest]);
    expect(text.status).toBe(2);
    expect(text.stdout).toMatch(/bad\.yaml:\d+:\d+ drRegion: got eu-west-2/);
    expect(text.stdout).toMatch(/bad\.yaml:\d+:\d+ services\.storefront\.cpu: got 300/);
    expect(text.stdout).toMatch(/2 problems in .*bad\.yaml \(0 warnings\); no stack can be synthesized from it\n$/);
    const json = portside(['validate', '--manifest', manifest, '--json']);
    expect(json.status).toBe(2);
    const result = JSON.parse(json.stdout) as { valid: boolean; errors: { path: string; line: number }[] };
    expect(result.valid).toBe(false);
    expect(result.errors.map((e) => e.path)).toEqual(['drRegion', 'services.storefront.cpu']);
    expect(result.errors.every((e) => e.line > 0)).toBe(true);
  });

  it('refuses what would break compliance at run time: another environment\'s secret, a credential in a plain variable of a resilient environment, a public production service without a domain', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-validate-'));
    const manifest = join(dir, 'unsafe.yaml');
    writeFileSync(manifest, readFileSync(join(REPO_ROOT, 'portside.yaml'), 'utf8')
      .replace('    domain:\n      name: purchasedirect.example\n      hostedZoneId: Z0123456789ABCDEFGHIJ\n', '')
      .replace('eu-west-2:111111111111:secret:payments-AbCdEf', 'eu-west-2:222222222222:secret:payments-AbCdEf')
      .replace('      NODE_ENV: production\n  orders-api:', '      NODE_ENV: production\n      STRIPE_SECRET_KEY: sk_live_51HxQmYKp0aBcDeFgHiJkLmNoP\n  orders-api:'));
    const { status, stdout } = portside(['validate', '--manifest', manifest, '--json']);
    expect(status).toBe(2);
    const result = JSON.parse(stdout) as { errors: { path: string; message: string }[] };
    expect(result.errors.map((e) => e.path)).toEqual(['environments.prod', 'services.storefront.environment.STRIPE_SECRET_KEY', 'services.orders-api.secrets.PAYMENT_API_KEY']);
    expect(result.errors[1]!.message).toMatch(/move the variable to services\.storefront\.secrets\.STRIPE_SECRET_KEY/);
    expect(result.errors[2]!.message).toMatch(/set environments\.dev\.overrides\.services\.orders-api\.secrets\.PAYMENT_API_KEY to a secret in account 111111111111/);
  });

  it('says clearly when the manifest file does not exist', () => {
    const { status, stdout, stderr } = portside(['validate', '--manifest', 'missing.yaml']);
    expect(status).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^missing\.yaml: cannot read the manifest: no such file/);
  });
});
