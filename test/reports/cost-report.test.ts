import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { costOf, formatCost } from '../../src/cli/commands/cost';
import { UserError } from '../../src/cli/errors';
import { synthesize, Synthesis } from '../../src/cli/synthesis';
import type { CostReport, CostSection } from '../../src/reports/cost/report';
import { BUNDLED_TABLE } from '../../src/reports/cost/prices';
import { referencePlan } from '../support/reference';

// The reference manifest, synthesized once: the estimate reads exactly these templates.
let synthesis: Synthesis;
let report: CostReport;

beforeAll(() => {
  synthesis = synthesize(referencePlan(), { outDir: mkdtempSync(join(tmpdir(), 'portside-cost-')), compliance: false });
  report = costOf(synthesis);
});

const env = (name: string): CostSection => report.environments.find((e) => e.name === name)!;
const items = (section: CostSection, pattern: RegExp) => section.lines.filter((l) => pattern.test(l.item));

describe('costOf on the reference manifest', () => {
  it('prices every resource type of every template, or knows it is free', () => {
    expect(report.unpricedTypes).toEqual([]);
    expect(report.missingPrices).toEqual([]);
  });

  it('has a section per environment and one for the shared stacks, and totals them', () => {
    expect(report.environments.map((e) => e.name)).toEqual(['dev', 'prod']);
    expect(report.shared?.stacks).toEqual(expect.arrayContaining(['purchase-direct-delivery', 'purchase-direct-foundation', 'purchase-direct-dr-vault', 'purchase-direct-cost-anomaly', 'purchase-direct-image-replica']));
    const sum = (section: CostSection) => section.lines.reduce((total, line) => total + line.monthlyUsd, 0);
    for (const section of [...report.environments, report.shared!]) expect(section.totalUsd).toBeCloseTo(sum(section), 6);
    expect(report.totalUsd).toBeCloseTo(env('dev').totalUsd + env('prod').totalUsd + report.shared!.totalUsd, 6);
  });

  it('reads the economy profile from the templates: ARM on Spot beside a base task, one NAT gateway, no interface endpoints', () => {
    const dev = env('dev');
    expect(items(dev, /Spot/).map((l) => l.resource).sort()).toEqual(['backoffice', 'backoffice', 'orders-api', 'orders-api', 'storefront', 'storefront']);
    expect(items(dev, /x86/)).toEqual([]);
    expect(items(dev, /^NAT gateway hours$/)[0]!.quantity).toBe(730);
    expect(items(dev, /^interface endpoint /)).toEqual([]);
    expect(items(dev, /^Aurora db\./).map((l) => l.item)).toEqual(['Aurora db.t4g.medium', 'Aurora db.t4g.medium']);
  });

  it('reads the resilient profile: on-demand only, a NAT gateway per AZ, four interface endpoints in three AZs, readers, the catalog override', () => {
    const prod = env('prod');
    expect(items(prod, /Spot/)).toEqual([]);
    expect(items(prod, /^NAT gateway hours$/)[0]!.quantity).toBe(3 * 730);
    expect(items(prod, /^interface endpoint (?!data)/).map((l) => [l.item, l.quantity])).toEqual([
      ['interface endpoint ecr.api', 2190], ['interface endpoint ecr.dkr', 2190], ['interface endpoint logs', 2190], ['interface endpoint secretsmanager', 2190],
    ]);
    expect(items(prod, /^Aurora db\./).map((l) => `${l.resource}: ${l.item}`)).toEqual([
      'catalog writer: Aurora db.r7g.xlarge', 'catalog reader: Aurora db.r7g.xlarge', 'orders writer: Aurora db.r7g.large', 'orders reader: Aurora db.r7g.large',
    ]);
    // storefront runs 3 tasks in prod (override): 3 × 0.5 vCPU × 730 h
    expect(prod.lines.find((l) => l.item === 'Fargate ARM vCPU, on-demand' && l.resource === 'storefront')!.quantity).toBe(1095);
    expect(items(prod, /^WAF web ACL$/).map((l) => l.resource)).toEqual(['orders-api', 'storefront']);
  });

  it('compares each environment with the naive CDK defaults: x86, no Spot, a NAT gateway per AZ, no endpoints, same databases', () => {
    for (const section of report.environments) {
      const naive = section.naive!;
      expect(naive.lines.some((l) => /ARM|Spot|interface endpoint/.test(l.item))).toBe(false);
      expect(naive.lines.find((l) => l.item === 'NAT gateway hours')!.quantity).toBe(referencePlan().environments.find((e) => e.name === section.name)!.network.availabilityZones.length * 730);
      expect(naive.byCategory.database).toBeUndefined();
      expect(naive.savingUsd).toBeCloseTo(naive.totalUsd - section.totalUsd, 6);
    }
    // dev saves on compute (ARM, Spot) and network (one NAT gateway instead of two)
    expect(env('dev').naive!.byCategory.compute).toBeGreaterThan(0);
    expect(env('dev').naive!.byCategory.network).toBeGreaterThan(0);
    expect(report.naive.totalUsd).toBeCloseTo(env('dev').naive!.totalUsd + env('prod').naive!.totalUsd + report.shared!.totalUsd, 6);
  });

  it('prices each line at the product of its price-table entries', () => {
    for (const line of [...report.environments.flatMap((e) => e.lines), ...report.shared!.lines]) {
      // the region's own figure, or the stand-in region's the line names
      const resolved = line.priceKeys.map((key) => BUNDLED_TABLE.lookup(line.region, key)!);
      expect(resolved.find((r) => r.standInFrom !== undefined)?.standInFrom, line.item).toBe(line.standInFrom);
      const unit = resolved.reduce((product, r) => product * r.price.usd, 1);
      expect(line.unitUsd, line.item).toBeCloseTo(unit, 10);
      expect(line.monthlyUsd, line.item).toBeCloseTo(line.quantity * unit, 8);
    }
  });

  it('splits each environment by the service tag, as Cost Explorer would: each service its own stack, the rest the environment\'s', () => {
    for (const section of report.environments) {
      const split = section.byService!;
      expect(split.services.map((s) => s.service)).toEqual(['storefront', 'orders-api', 'backoffice', 'order-events', 'product-feeds']);
      const parts = split.services.reduce((total, s) => total + s.usd, split.environmentUsd);
      expect(parts).toBeCloseTo(section.totalUsd, 6);
      const own = (service: string) => section.lines.filter((l) => l.stackName === `purchase-direct-${section.name}-service-${service}`);
      for (const { service, usd } of split.services) expect(usd, `${section.name} ${service}`).toBeCloseTo(own(service).reduce((t, l) => t + l.monthlyUsd, 0), 6);
      // A web service pays for its load balancer; the databases are the environment's.
      expect(own('storefront').some((l) => l.category === 'load balancing')).toBe(true);
      expect(section.lines.filter((l) => l.category === 'database').every((l) => !l.stackName.includes('-service-'))).toBe(true);
    }
    expect(formatCost(report)).toMatch(/ {2}by service \(the service tag\): storefront \$[\d,.]+ · orders-api \$[\d,.]+ · .* · environment, shared \$[\d,.]+\n/);
  });

  it('limits the estimate to one environment with --env, without the shared stacks', () => {
    const prod = costOf(synthesis, 'prod');
    expect(prod.environments.map((e) => e.name)).toEqual(['prod']);
    expect(prod.shared).toBeUndefined();
    expect(prod.totalUsd).toBeCloseTo(env('prod').totalUsd, 6);
    expect(() => costOf(synthesis, 'stage')).toThrow(UserError);
  });

  it('prints tables, the comparison, the assumptions and what is not included', () => {
    const text = formatCost(report, 'portside.yaml');
    expect(text).toMatch(/^Environment dev — account 111111111111, eu-west-2, economy: \$[\d,]+\.\d\d a month \(budget \$1,500\.00: \d+%\)$/m);
    expect(text).toMatch(/^ {2}naive CDK ecs-patterns defaults \(x86 only, no Spot, 3 NAT gateways, no VPC endpoints\): \$[\d,.]+ — Portside (saves|costs)/m);
    expect(text).toMatch(/^Shared by the environments/m);
    expect(text).toMatch(/^Total: \$[\d,.]+ a month \(dev \$[\d,.]+ \+ prod \$[\d,.]+ \+ shared \$[\d,.]+\)/m);
    expect(text).toContain('Assumptions (defaults; the manifest has no usage fields):');
    expect(text).toContain('Not included: data transfer to the internet');
  });
});
