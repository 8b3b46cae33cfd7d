/**
 * `portside report` rendered in a real browser: Debian's chromium, driven by playwright-core.
 *
 * Without /usr/bin/chromium the test is skipped on a workstation, but it FAILS where a browser is
 * required: CI (`.ci/run` installs chromium and sets PORTSIDE_REQUIRE_CHROMIUM=1; most CI services
 * also set CI=true), so a machine without the browser can never pass the report unseen.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Browser, chromium, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportResult } from '../../src/cli/commands/report';
import { REPORT_SECTIONS } from '../../src/reports/html';
import { referencePlan, REPO_ROOT } from '../support/reference';

/** Debian's chromium; PORTSIDE_CHROMIUM points elsewhere (another system's Chromium build). */
const CHROMIUM = process.env.PORTSIDE_CHROMIUM || '/usr/bin/chromium';
const present = existsSync(CHROMIUM);
const required = process.env.PORTSIDE_REQUIRE_CHROMIUM === '1' || /^(1|true|yes)$/i.test(process.env.CI ?? '');
/** The screenshot the README shows: rewritten only by `npm run docs:images`, so a test run never dirties the tree. */
const README_SCREENSHOT = join(REPO_ROOT, 'docs', 'images', 'report.png');
const updateReadmeScreenshot = process.env.PORTSIDE_UPDATE_DOCS_IMAGES === '1';

describe.skipIf(!present && !required)('portside report in headless Chromium', () => {
  const dir = mkdtempSync(join(tmpdir(), 'portside-report-'));
  const file = join(dir, 'report.html');
  const plan = referencePlan();
  let cli: { status: number | null; stdout: string; stderr: string };
  let browser: Browser | undefined;
  let page: Page;
  const consoleErrors: string[] = [];
  const failedRequests: string[] = [];
  const requests: string[] = [];

  beforeAll(async () => {
    if (!present) {
      throw new Error(`${CHROMIUM} is missing, and this run requires it (CI or PORTSIDE_REQUIRE_CHROMIUM=1): install it with \`apt-get install -y chromium\` as .ci/run does`);
    }
    // The one synthesis of this file: the command itself.
    const result = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'portside.js'), 'report', '--manifest', 'portside.yaml', '--out', join(dir, 'cdk.out'), '--file', file, '--json'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      env: { ...process.env, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
    });
    cli = { status: result.status, stdout: result.stdout, stderr: result.stderr };
    browser = await chromium.launch({ executablePath: CHROMIUM });
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    page.on('requestfailed', (request) => failedRequests.push(`${request.url()}: ${request.failure()?.errorText}`));
    page.on('request', (request) => requests.push(request.url()));
    await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('writes the report file and names it (--json also lists the environments and sections)', () => {
    expect(cli.stderr).toBe('');
    expect(cli.status).toBe(0);
    const result = JSON.parse(cli.stdout) as ReportResult;
    expect(result.file).toBe(file);
    expect(result.environments).toEqual(['dev', 'prod']);
    expect(Object.keys(result.sections)).toEqual(['cost', 'compliance']);
    expect(statSync(file).size).toBeGreaterThan(50_000);
  });

  it('loads without a console error, a failed request, or any request but the page itself', () => {
    expect(consoleErrors).toEqual([]);
    expect(failedRequests).toEqual([]);
    expect(requests).toEqual([pathToFileURL(file).href]);
  });

  it('shows the project, every section in order, and a link to each', async () => {
    await expect(page.title()).resolves.toBe('Portside report — purchase-direct');
    expect(await page.locator('h1').allTextContents()).toEqual(['purchase-direct']);
    expect(await page.locator('main section > h2').allTextContents()).toEqual(
      ['Summary', 'Architecture', 'Plan', 'Changes since the previous synthesis', 'Cost', 'Compliance']);
    expect(await page.locator('nav a').allTextContents()).toEqual(REPORT_SECTIONS.map((section) => section.title));
    expect(await page.locator('script').count()).toBe(0);
  });

  it('draws each environment: an inline SVG with its services, databases and volumes, visible on the page', async () => {
    for (const environment of plan.environments) {
      const figure = page.locator(`#diagram-${environment.name}`);
      await expect(figure.locator('figcaption').textContent()).resolves.toContain(`${environment.name} — ${environment.services.length} services`);
      expect(await figure.locator('svg g.node.service').count()).toBe(environment.services.length);
      expect(await figure.locator('svg g.node.database').count()).toBe(environment.databases.length);
      expect(await figure.locator('svg g.node.file-system').count()).toBe(environment.fileSystems.length);
      const box = await figure.locator('svg').boundingBox();
      expect(box!.width).toBeGreaterThan(1000);
      expect(box!.height).toBeGreaterThan(200);
    }
  });

  it('shows a diagram at full size when asked, with no script', async () => {
    const svg = page.locator('#diagram-prod svg');
    const fitted = (await svg.boundingBox())!.width;
    await page.locator('#diagram-prod label').click();
    const full = (await svg.boundingBox())!.width;
    expect(full).toBeGreaterThan(fitted * 1.5);
    await page.locator('#diagram-prod label').click();
  });

  it('lists the plan: shared stacks and pipelines, then each environment with its stacks, services and databases', async () => {
    const planSection = page.locator('#plan');
    await expect(planSection.locator('#plan-shared').textContent()).resolves.toMatch(/purchase-direct-delivery.*purchase-direct-storefront-main.*build → approve → prod/s);
    for (const environment of plan.environments) {
      const text = (await planSection.locator(`#plan-${environment.name}`).textContent())!;
      expect(text).toContain(`Environment ${environment.name}`);
      for (const service of environment.services) expect(text).toContain(`${plan.project}-${environment.name}-service-${service.name}`);
      for (const database of environment.databases) expect(text).toContain(`${plan.project}-${environment.name}-${database.name}`);
    }
    await expect(page.locator('#changes').textContent()).resolves.toContain('No earlier synthesis in the output directory');
  });

  it('has the cost estimate and the compliance check of the same synthesis', async () => {
    const result = JSON.parse(cli.stdout) as ReportResult;
    expect(result.sections).toEqual({ cost: 'included', compliance: 'included' });
    await expect(page.locator('#cost pre.report-text').textContent()).resolves.toMatch(/naive/i);
    await expect(page.locator('#compliance pre.report-text').textContent()).resolves.toMatch(/AwsSolutions/);
    expect(await page.locator('.unavailable-note').count()).toBe(0);
  });

  it('gives every element a distinct id, even with two diagrams inline', async () => {
    const ids = await page.evaluate('[...document.querySelectorAll("[id]")].map((element) => element.id)') as string[];
    expect(ids.length).toBeGreaterThan(100);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
  });

  it('takes screenshots: the whole page and the first screen into the test directory (and the README\'s on request)', async () => {
    await page.screenshot({ path: join(dir, 'report-full.png'), fullPage: true });
    await page.screenshot({ path: join(dir, 'report.png') });
    expect(statSync(join(dir, 'report-full.png')).size).toBeGreaterThan(100_000);
    expect(statSync(join(dir, 'report.png')).size).toBeGreaterThan(50_000);
    if (updateReadmeScreenshot) {
      mkdirSync(join(REPO_ROOT, 'docs', 'images'), { recursive: true });
      await page.screenshot({ path: README_SCREENSHOT });
    }
  });
});

describe('portside report on a second manifest (no browser needed)', () => {
  it('writes a self-contained page for one environment of examples/manifests/single-account.yaml', () => {
    const dir = mkdtempSync(join(tmpdir(), 'portside-report-second-'));
    const file = join(dir, 'report.html');
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'portside.js'), 'report', '--manifest', 'examples/manifests/single-account.yaml',
      '--env', 'live', '--out', join(dir, 'cdk.out'), '--file', file, '--json'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ environments: ['live'], sections: { cost: 'included', compliance: 'included' } });
    const page = readFileSync(file, 'utf8');
    expect(page).toContain('acme-shop');
    expect(page).toContain('<svg');
    expect(page).not.toMatch(/<(script|link)\b[^>]*\b(src|href)=["']https?:/i);
  });
});
