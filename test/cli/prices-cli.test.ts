import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { OFFER_MAPPINGS } from '../../src/reports/cost/price-list/offer-dimensions';
import type { CostReport } from '../../src/reports/cost/report';
import { portside, portsideAsync } from '../support/cli';
import { FixtureServer, priceListRoutes, serve } from '../support/price-list-fixtures';

const dir = () => mkdtempSync(join(tmpdir(), 'portside-prices-cli-'));

/** A manifest in regions the bundled table had no prices for before 0.2 (a primary and a DR region). */
function manifest(region: string, drRegion: string): string {
  const file = join(dir(), 'portside.yaml');
  writeFileSync(file, `project: roam
region: ${region}
drRegion: ${drRegion}
alertEmail: ops@roam.example
github:
  owner: roam
environments:
  staging:
    account: "444444444444"
    branch: develop
    profile: economy
  live:
    account: "555555555555"
    branch: main
    profile: resilient
    domain:
      name: roam.example
      hostedZoneId: Z0123456789ABCDEFGHIJ
databases:
  trips:
    engine: aurora-postgresql
    databaseName: trips
fileSystems:
  uploads:
    infrequentAccessAfterDays: 30
services:
  api:
    repository: roam/api
    port: 8080
    healthCheckPath: /health
    cpu: 512
    memoryMiB: 1024
    desiredCount: 2
    maxCount: 4
    databases: [trips]
    mounts:
      uploads: /data
`);
  return file;
}

let server: FixtureServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('portside cost in regions without a full table, and portside prices update', () => {
  for (const [region, drRegion] of [['us-east-1', 'us-west-2'], ['ap-southeast-2', 'ap-southeast-4']] as const) {
    it(`prices every line of a manifest in ${region} with DR in ${drRegion}, naming the stand-ins`, () => {
      const noCache = join(dir(), 'none.json');
      const { status, stdout, stderr } = portside(['cost', '--manifest', manifest(region, drRegion), '--json', '--out', dir()], { PORTSIDE_PRICES_FILE: noCache });
      expect(stderr).toBe('');
      expect(status).toBe(0);
      const report = JSON.parse(stdout) as CostReport;
      expect(report.missingPrices).toEqual([]);
      expect(report.unpricedTypes).toEqual([]);
      expect(report.prices.origin.kind).toBe('bundled');
      const lines = [...report.environments.flatMap((e) => e.lines), ...(report.shared?.lines ?? [])];
      expect(lines.length).toBeGreaterThan(50);
      expect(lines.every((l) => l.monthlyUsd > 0)).toBe(true);
      expect(new Set(lines.map((l) => l.region))).toEqual(new Set([region, drRegion]));
      expect(report.prices.standInLines).toBe(lines.filter((l) => l.standInFrom !== undefined).length);
      expect(lines.filter((l) => l.standInFrom !== undefined).every((l) => l.confidence === 'U')).toBe(true);
    });
  }

  it('reads the Price List into the cache, and cost prices from it and says so', async () => {
    const cache = join(dir(), 'prices.json');
    server = await serve(priceListRoutes(OFFER_MAPPINGS.map((m) => m.offerCode), ['us-west-2', 'us-east-1']));
    const update = await portsideAsync(['prices', 'update', '--regions', 'us-west-2,us-east-1', '--offers-url', server.url], { PORTSIDE_PRICES_FILE: cache });
    expect(update.status).toBe(0);
    expect(update.stdout).toMatch(new RegExp(`^${cache.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: \\d+ figures from the AWS Price List for us-west-2, us-east-1$`, 'm'));
    const { status, stdout } = portside(['cost', '--manifest', manifest('us-west-2', 'us-east-1'), '--out', dir()], { PORTSIDE_PRICES_FILE: cache });
    expect(status).toBe(0);
    expect(stdout).toContain(`prices from the AWS Price List cache ${cache} for us-east-1, us-west-2 (offer files published 2026-11-20…2026-11-20)`);
    expect(stdout).toMatch(/Fargate ARM vCPU, on-demand +api .* V$/m);
  });

  it('fails an update in one line with a hint (exit 1) and keeps the previous cache', async () => {
    const cache = join(dir(), 'prices.json');
    writeFileSync(cache, 'previous');
    server = await serve(priceListRoutes(OFFER_MAPPINGS.map((m) => m.offerCode), ['us-west-2']));
    const { status, stdout, stderr } = await portsideAsync(['prices', 'update', '--regions', 'ap-southeast-4', '--offers-url', server.url], { PORTSIDE_PRICES_FILE: cache });
    expect(status).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/^portside: .+\nhint: .+\n$/);
    expect(readFileSync(cache, 'utf8')).toBe('previous');
  });

  it('refuses a broken cache in cost instead of ignoring it', () => {
    const cache = join(dir(), 'prices.json');
    writeFileSync(cache, '{"portsidePriceCache": 1}');
    const { status, stderr } = portside(['cost', '--manifest', manifest('us-west-2', 'us-east-1'), '--out', dir()], { PORTSIDE_PRICES_FILE: cache });
    expect(status).toBe(1);
    expect(stderr).toMatch(/^portside: .*prices\.json is not a Portside price cache: .*\nhint: run `portside prices update` to rewrite it, or delete .*prices\.json to use the bundled prices\n$/);
  });
});
