import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DiagramFile } from '../../src/cli/commands/diagram';
import { parseManifest, PortsidePlan } from '../../src/manifest';
import { readPreviousAssembly } from '../../src/reports/assembly-reader';
import { environmentDiagrams } from '../../src/reports/diagram';
import { REPO_ROOT } from '../support/reference';
import { byClass, parseXml, textOf, XmlElement } from '../support/xml';

interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the CLI without blocking, so the two manifests synthesize side by side. */
function portside(args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'portside.js'), ...args], {
      cwd: REPO_ROOT,
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const MANIFESTS = ['portside.yaml', 'examples/manifests/single-account.yaml'];
const dir = mkdtempSync(join(tmpdir(), 'portside-diagram-'));
const out = (manifest: string) => join(dir, manifest.replace(/\W+/g, '-'));
const runs = new Map<string, Run>();
const plans = new Map<string, PortsidePlan>();

beforeAll(async () => {
  // One synthesis per manifest: `portside diagram` itself, into a fresh output directory.
  const results = await Promise.all(MANIFESTS.map((manifest) =>
    portside(['diagram', '--manifest', manifest, '--out', join(out(manifest), 'cdk.out'), '--dir', join(out(manifest), 'svg'), '--json'])));
  MANIFESTS.forEach((manifest, index) => {
    runs.set(manifest, results[index]!);
    plans.set(manifest, parseManifest(readFileSync(join(REPO_ROOT, manifest), 'utf8'), manifest).plan);
  });
});

/** The edges of a Graphviz SVG as `tail->head`, read from their titles. */
function edges(svg: XmlElement): string[] {
  return byClass(svg, 'edge').map((edge) => textOf(edge.children.find((child) => child.name === 'title')!));
}

describe.each(MANIFESTS)('portside diagram --manifest %s', (manifest) => {
  it('writes <dir>/<env>.svg for every environment and lists them with --json', () => {
    const run = runs.get(manifest)!;
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const files = JSON.parse(run.stdout) as DiagramFile[];
    const plan = plans.get(manifest)!;
    expect(files.map((file) => file.environment)).toEqual(plan.environments.map((environment) => environment.name));
    for (const file of files) {
      expect(file.file).toBe(join(out(manifest), 'svg', `${file.environment}.svg`));
      expect(existsSync(file.file)).toBe(true);
    }
  });

  it('draws a well-formed SVG with a node per service, load balancer, Aurora cluster, EFS volume and NAT gateway of the plan', () => {
    for (const environment of plans.get(manifest)!.environments) {
      const svg = parseXml(readFileSync(join(out(manifest), 'svg', `${environment.name}.svg`), 'utf8'));
      expect(svg.name).toBe('svg');
      const ids = (kind: string) => byClass(svg, kind).map((node) => node.attributes.id).sort();
      const sorted = (names: string[]) => [...names].sort();
      expect(ids('service')).toEqual(sorted(environment.services.map((s) => `${environment.name}-service-${s.name}`)));
      // Only web services have a load balancer; workers and jobs are drawn without one.
      const web = environment.services.filter((s) => s.workload.kind === 'web');
      expect(ids('load-balancer')).toEqual(sorted(web.map((s) => `${environment.name}-alb-${s.name}`)));
      expect(ids('database')).toEqual(sorted(environment.databases.map((d) => `${environment.name}-database-${d.name}`)));
      expect(ids('file-system')).toEqual(sorted(environment.fileSystems.map((f) => `${environment.name}-volume-${f.name}`)));
      expect(ids('nat-gateway')).toHaveLength(environment.network.natGateways);
      // The VPC, its three tiers, and each tier's Availability Zones.
      const clusters = byClass(svg, 'cluster').map((cluster) => cluster.attributes.id);
      expect(clusters).toEqual(expect.arrayContaining(['vpc', 'public', 'private', 'isolated'].map((c) => `${environment.name}-cluster-${c}`)));
      for (const zone of environment.network.availabilityZones) {
        expect(clusters).toEqual(expect.arrayContaining(['public', 'private', 'isolated'].map((tier) => `${environment.name}-cluster-${tier}-${zone}`)));
      }
      // Each service: its ALB in front, the databases and volumes it uses behind, its image pipeline before.
      const drawn = edges(svg);
      for (const service of environment.services) {
        expect(drawn.includes(`alb-${service.name}->service-${service.name}`)).toBe(service.workload.kind === 'web');
        expect(drawn.includes(`internet->alb-${service.name}`)).toBe(service.workload.kind === 'web' && service.workload.public);
        expect(drawn).toContain(`registry-${service.name}->service-${service.name}`);
        for (const { database } of service.databases) expect(drawn).toContain(`service-${service.name}->database-${database}`);
        for (const mount of service.mounts) expect(drawn).toContain(`service-${service.name}->volume-${mount.fileSystem}`);
      }
      expect(drawn.filter((edge) => /^service-.*->database-/.test(edge))).toHaveLength(environment.services.reduce((sum, s) => sum + s.databases.length, 0));
    }
  });

  it('lays out the same SVG again from the same cloud assembly, in another process', async () => {
    const plan = plans.get(manifest)!;
    const templates = readPreviousAssembly(join(out(manifest), 'cdk.out'))!;
    const names = plan.environments.map((environment) => environment.name);
    const again = await environmentDiagrams(templates, plan, names);
    for (const diagram of again) {
      expect(diagram.svg).toBe(readFileSync(join(out(manifest), 'svg', `${diagram.environment}.svg`), 'utf8'));
    }
    // --env: one environment alone is drawn exactly as among all of them.
    const [last] = await environmentDiagrams(templates, plan, [names.at(-1)!]);
    expect(last!.svg).toBe(again.at(-1)!.svg);
  });
});

describe('portside diagram on the reference manifest', () => {
  it('labels services, load balancers and databases with what the templates say', () => {
    const prod = readFileSync(join(out('portside.yaml'), 'svg', 'prod.svg'), 'utf8');
    const svg = parseXml(prod);
    const node = (id: string) => textOf(byClass(svg, 'node').find((n) => n.attributes.id === id)!);
    expect(node('prod-service-storefront')).toMatch(/Fargate · 3–20 tasks · arm64.*0\.5 vCPU · 1 GiB per task/s);
    expect(node('prod-alb-storefront')).toMatch(/internet-facing · HTTPS · WAF.*storefront\.purchasedirect\.example/s);
    expect(node('prod-alb-backoffice')).toMatch(/internal · HTTPS/);
    expect(node('prod-database-catalog')).toMatch(/Aurora MySQL 3\.10\.4.*writer db\.r7g\.xlarge · eu-west-2a.*reader db\.r7g\.xlarge · eu-west-2b/s);
    expect(node('prod-endpoints')).toMatch(/interface: ecr\.api, ecr\.dkr, logs, secretsmanager.*gateway: s3/s);
    expect(node('prod-source-storefront')).toMatch(/purchase-direct\/storefront.*branch main/s);
    expect(textOf(svg)).toMatch(/a person approves each deployment to prod/);
  });

  it('refuses an environment the manifest does not have before synthesizing', async () => {
    const run = await portside(['diagram', '--env', 'staging', '--out', join(dir, 'never')]);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe('portside: no environment "staging" in the manifest\nhint: --env takes one of: dev, prod\n');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });
});
