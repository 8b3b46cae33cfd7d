/**
 * `portside cost` as data: a section per environment (with the naive comparison) and one for the
 * stacks the environments share, totals, the assumptions and the price table's provenance.
 */
import type { PortsidePlan, Profile } from '../../manifest/plan';
import type { SynthesizedStack } from '../assembly-reader';
import { costByService, CostByService } from './by-service';
import { AssumptionLine, CostAssumptions, DEFAULT_ASSUMPTIONS, describeAssumptions } from './assumptions';
import { CATEGORY_ORDER, CostCategory, CostLine, estimate, Estimate, fargateAtMaxUsd, MissingPrice, UnpricedType } from './estimate';
import { BUNDLED_TABLE, PriceTable, PriceTableOrigin } from './prices';

export interface NaiveComparison {
  /** What the same services cost built the CDK ecs-patterns way. */
  readonly totalUsd: number;
  /** naive − Portside: positive when Portside is cheaper. */
  readonly savingUsd: number;
  readonly savingPercent: number;
  /** naive − Portside per category, only where they differ. */
  readonly byCategory: Readonly<Partial<Record<CostCategory, number>>>;
  readonly lines: readonly CostLine[];
}

export interface CostSection {
  /** The environment's name, or `shared`. */
  readonly name: string;
  readonly kind: 'environment' | 'shared';
  readonly accounts: readonly string[];
  readonly regions: readonly string[];
  readonly profile?: Profile;
  readonly budgetMonthlyUsd?: number;
  readonly stacks: readonly string[];
  readonly lines: readonly CostLine[];
  readonly totalUsd: number;
  readonly byCategory: Readonly<Partial<Record<CostCategory, number>>>;
  readonly missingPrices: readonly MissingPrice[];
  readonly unpricedTypes: readonly UnpricedType[];
  readonly notes: readonly string[];
  /** Environments only. */
  readonly naive?: NaiveComparison;
  /** Environments only: Fargate if every service ran at its maxCount all month. */
  readonly fargateAtMaxCountUsd?: number;
  /** Environments only: the total split by the `service` cost-allocation tag, as Cost Explorer splits the bill. */
  readonly byService?: CostByService;
}

export interface CostReport {
  readonly project: string;
  readonly currency: 'USD';
  readonly hoursPerMonth: number;
  readonly environments: readonly CostSection[];
  /** The stacks every environment shares (delivery, per-account stacks); absent with `--env`. */
  readonly shared?: CostSection;
  /** Environments plus shared (when included). Unpriced lines and types are not in it. */
  readonly totalUsd: number;
  readonly naive: { readonly totalUsd: number; readonly savingUsd: number; readonly savingPercent: number };
  readonly assumptions: readonly AssumptionLine[];
  readonly prices: {
    /** Which table priced the estimate: the bundled one, or a Price List cache over it. */
    readonly origin: PriceTableOrigin;
    /** Regions priced, each with the dates of its own figures and whether the cache holds it. */
    readonly regions: readonly { readonly region: string; readonly oldest: string; readonly newest: string; readonly cached: boolean }[];
    /** Lines priced with secondary (S) or unverified (U) figures. */
    readonly lines: number;
    readonly secondaryLines: number;
    readonly unverifiedLines: number;
    /** Lines priced with a stand-in region's figure (a subset of the unverified ones). */
    readonly standInLines: number;
    /** Each region priced from a stand-in: which region stood in for which keys. */
    readonly standIns: readonly { readonly region: string; readonly from: string; readonly priceKeys: readonly string[] }[];
  };
  readonly unpricedTypes: readonly UnpricedType[];
  readonly missingPrices: readonly MissingPrice[];
  /** What the estimate never includes. */
  readonly notIncluded: readonly string[];
}

export const NOT_INCLUDED: readonly string[] = [
  'data transfer to the internet and between AZs',
  'taxes (VAT), support plans, Savings Plans, reserved instances and credits',
  'free-tier allowances (CloudWatch, CodeBuild, CodePipeline, KMS requests…): not deducted, so small accounts pay less',
  'per-request charges of KMS, Secrets Manager, S3 and CloudWatch APIs; SNS notifications',
  'autoscaling above desiredCount (shown separately as Fargate at maxCount)',
  'RDS Enhanced Monitoring and Performance Insights data; the first full copy of each backup to the DR region',
];

const sum = (lines: readonly CostLine[]) => lines.reduce((total, line) => total + line.monthlyUsd, 0);

function byCategory(lines: readonly CostLine[]): Partial<Record<CostCategory, number>> {
  const totals: Partial<Record<CostCategory, number>> = {};
  for (const category of CATEGORY_ORDER) {
    const inCategory = lines.filter((line) => line.category === category);
    if (inCategory.length > 0) totals[category] = sum(inCategory);
  }
  return totals;
}

function sortLines(lines: readonly CostLine[]): CostLine[] {
  return [...lines].sort((a, b) => CATEGORY_ORDER.indexOf(a.category) - CATEGORY_ORDER.indexOf(b.category));
}

function section(name: string, kind: CostSection['kind'], stacks: readonly SynthesizedStack[], result: Estimate): Omit<CostSection, 'profile' | 'budgetMonthlyUsd' | 'naive' | 'fargateAtMaxCountUsd'> {
  const lines = sortLines(result.lines);
  return {
    name,
    kind,
    accounts: [...new Set(stacks.map((s) => s.account))],
    regions: [...new Set(stacks.map((s) => s.region))].sort(),
    stacks: stacks.map((s) => s.stackName),
    lines,
    totalUsd: sum(lines),
    byCategory: byCategory(lines),
    missingPrices: result.missingPrices,
    unpricedTypes: result.unpricedTypes,
    notes: result.notes,
  };
}

function mergeUnpriced(sections: readonly CostSection[]): UnpricedType[] {
  const merged = new Map<string, { count: number; stacks: Set<string> }>();
  for (const entry of sections.flatMap((s) => s.unpricedTypes)) {
    const into = merged.get(entry.type) ?? { count: 0, stacks: new Set<string>() };
    into.count += entry.count;
    entry.stacks.forEach((stack) => into.stacks.add(stack));
    merged.set(entry.type, into);
  }
  return [...merged].sort(([a], [b]) => a.localeCompare(b)).map(([type, e]) => ({ type, count: e.count, stacks: [...e.stacks].sort() }));
}

export interface CostReportInput {
  readonly plan: PortsidePlan;
  readonly templates: readonly SynthesizedStack[];
  /** Environments to report on (all of them when `--env` is absent). */
  readonly environments: readonly string[];
  /** Whether the shared section is included (not with `--env`). */
  readonly includeShared: boolean;
  readonly assumptions?: CostAssumptions;
  /** The price table (the bundled one when absent). */
  readonly prices?: PriceTable;
}

/** Which stand-in region priced which keys of which region, over all lines. */
function standInsOf(lines: readonly CostLine[], table: PriceTable): CostReport['prices']['standIns'] {
  const byPair = new Map<string, { region: string; from: string; keys: Set<string> }>();
  for (const line of lines.filter((l) => l.standInFrom !== undefined)) {
    for (const key of line.priceKeys) {
      const from = table.lookup(line.region, key)?.standInFrom;
      if (from === undefined) continue;
      const entry = byPair.get(`${line.region}<${from}`) ?? { region: line.region, from, keys: new Set<string>() };
      entry.keys.add(key);
      byPair.set(`${line.region}<${from}`, entry);
    }
  }
  return [...byPair.values()].sort((a, b) => a.region.localeCompare(b.region) || a.from.localeCompare(b.from))
    .map((e) => ({ region: e.region, from: e.from, priceKeys: [...e.keys].sort() }));
}

export function buildCostReport(input: CostReportInput): CostReport {
  const assumptions = input.assumptions ?? DEFAULT_ASSUMPTIONS;
  const table = input.prices ?? BUNDLED_TABLE;
  const environments = input.environments.map((name): CostSection => {
    const environment = input.plan.environments.find((e) => e.name === name)!;
    const stacks = input.templates.filter((s) => s.environment === name);
    const base = { stacks, plan: input.plan, environment, assumptions, prices: table };
    const portside = section(name, 'environment', stacks, estimate({ ...base, mode: 'portside' }));
    const naiveLines = sortLines(estimate({ ...base, mode: 'naive' }).lines);
    const naiveTotal = sum(naiveLines);
    const naiveByCategory = byCategory(naiveLines);
    const difference: Partial<Record<CostCategory, number>> = {};
    for (const category of CATEGORY_ORDER) {
      const delta = (naiveByCategory[category] ?? 0) - (portside.byCategory[category] ?? 0);
      if (Math.abs(delta) >= 0.005) difference[category] = delta;
    }
    const saving = naiveTotal - portside.totalUsd;
    const atMax = fargateAtMaxUsd({ ...base, mode: 'portside' });
    return {
      ...portside,
      profile: environment.profile,
      ...(environment.budgetMonthlyUsd !== undefined ? { budgetMonthlyUsd: environment.budgetMonthlyUsd } : {}),
      naive: { totalUsd: naiveTotal, savingUsd: saving, savingPercent: naiveTotal > 0 ? (saving / naiveTotal) * 100 : 0, byCategory: difference, lines: naiveLines },
      ...(atMax !== undefined ? { fargateAtMaxCountUsd: atMax } : {}),
      byService: costByService(portside.lines, stacks, environment.services.map((service) => service.name)),
    };
  });
  const sharedStacks = input.templates.filter((s) => s.environment === undefined);
  const shared = input.includeShared && sharedStacks.length > 0
    ? section('shared', 'shared', sharedStacks, estimate({ stacks: sharedStacks, plan: input.plan, assumptions, mode: 'portside', prices: table }))
    : undefined;
  const sections = shared ? [...environments, shared] : environments;
  const totalUsd = sections.reduce((total, s) => total + s.totalUsd, 0);
  const naiveTotal = environments.reduce((total, s) => total + s.naive!.totalUsd, 0) + (shared?.totalUsd ?? 0);
  const lines = sections.flatMap((s) => s.lines);
  const regions = [...new Set(lines.map((l) => l.region))].sort();
  const cached = new Set(table.origin.cachedRegions ?? []);
  return {
    project: input.plan.project,
    currency: 'USD',
    hoursPerMonth: assumptions.hoursPerMonth,
    environments,
    ...(shared ? { shared } : {}),
    totalUsd,
    naive: { totalUsd: naiveTotal, savingUsd: naiveTotal - totalUsd, savingPercent: naiveTotal > 0 ? ((naiveTotal - totalUsd) / naiveTotal) * 100 : 0 },
    assumptions: describeAssumptions(assumptions),
    prices: {
      origin: table.origin,
      regions: regions.map((region) => ({ region, ...table.dates(region), cached: cached.has(region) })),
      lines: lines.length,
      secondaryLines: lines.filter((l) => l.confidence === 'S').length,
      unverifiedLines: lines.filter((l) => l.confidence === 'U').length,
      standInLines: lines.filter((l) => l.standInFrom !== undefined).length,
      standIns: standInsOf(lines, table),
    },
    unpricedTypes: mergeUnpriced(sections),
    missingPrices: sections.flatMap((s) => s.missingPrices),
    notIncluded: NOT_INCLUDED,
  };
}
