/** `portside cost` for people: one table per section, totals, the naive comparison, the assumptions. */
import { textTable } from '../text-table';
import { CATEGORY_ORDER, CostLine, num } from './estimate';
import type { CostReport, CostSection, NaiveComparison } from './report';

export function usd(value: number): string {
  const sign = value < 0 ? '-' : '';
  return `${sign}$${Math.abs(value).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}

/** A unit price: enough decimals to show the figure as the price table has it. */
export function unitPrice(value: number): string {
  const digits = value >= 1 ? 2 : value >= 0.01 ? 5 : 7;
  const text = value.toFixed(digits).replace(/(\.\d\d\d*?)0+$/, '$1');
  return `$${text}`;
}

/** A quantity as people read it: 2,143.3 GB-month, 456.25 vCPU-hour, 0.4932 GB-month. */
function quantity(value: number): string {
  const digits = value >= 1000 ? 1 : value >= 1 ? 2 : 4;
  return value.toLocaleString('en-US', { maximumFractionDigits: digits });
}

const padStart = (values: string[]) => {
  const width = Math.max(...values.map((v) => v.length));
  return values.map((v) => v.padStart(width));
};

function linesTable(lines: readonly CostLine[], totalUsd: number): string {
  const monthly = padStart([...lines.map((l) => usd(l.monthlyUsd)), usd(totalUsd)]);
  const prices = padStart(lines.map((l) => unitPrice(l.unitUsd)));
  const quantities = padStart(lines.map((l) => quantity(l.quantity)));
  let previous = '';
  const rows = lines.map((line, index) => {
    const category = line.category === previous ? '' : line.category;
    previous = line.category;
    return [category, line.item, line.resource, `${quantities[index]} ${line.unit}`, prices[index]!, monthly[index]!, line.standInFrom ? `${line.confidence}~` : line.confidence];
  });
  rows.push(['total', '', '', '', '', monthly[monthly.length - 1]!, '']);
  return textTable(['category', 'item', 'for', 'quantity', 'unit price', 'monthly', 'src'], rows);
}

function naiveText(naive: NaiveComparison, natGatewaysNaive: string): string {
  const verdict = naive.savingUsd >= 0
    ? `Portside saves ${usd(naive.savingUsd)} (${naive.savingPercent.toFixed(1)}%)`
    : `Portside costs ${usd(-naive.savingUsd)} more (${(-naive.savingPercent).toFixed(1)}%)`;
  const where = CATEGORY_ORDER.filter((c) => naive.byCategory[c] !== undefined)
    .map((c) => `${c} ${usd(Math.abs(naive.byCategory[c]!))} ${naive.byCategory[c]! >= 0 ? 'less' : 'more'}`);
  return `  naive CDK ecs-patterns defaults (x86 only, no Spot, ${natGatewaysNaive}, no VPC endpoints): ${usd(naive.totalUsd)} — ${verdict}` +
    (where.length > 0 ? `\n    where: ${where.join(', ')}` : '');
}

function sectionText(section: CostSection): string {
  const where = `account${section.accounts.length === 1 ? '' : 's'} ${section.accounts.join(', ')}` +
    (section.regions.length === 1 ? `, ${section.regions[0]}` : `; regions ${section.regions.join(', ')}`);
  const budget = section.budgetMonthlyUsd !== undefined
    ? ` (budget ${usd(section.budgetMonthlyUsd)}: ${((section.totalUsd / section.budgetMonthlyUsd) * 100).toFixed(0)}%)`
    : '';
  const title = section.kind === 'environment'
    ? `Environment ${section.name} — ${where}, ${section.profile}: ${usd(section.totalUsd)} a month${budget}`
    : `Shared by the environments (${section.stacks.length} stacks: delivery, per-account and DR stacks) — ${where}: ${usd(section.totalUsd)} a month`;
  const categories = CATEGORY_ORDER.filter((c) => section.byCategory[c] !== undefined).map((c) => `${c} ${usd(section.byCategory[c]!)}`);
  const out = [title, linesTable(section.lines, section.totalUsd), `  by category: ${categories.join(' · ')}`];
  if (section.byService) {
    const services = section.byService.services.map((s) => `${s.service} ${usd(s.usd)}`);
    out.push(`  by service (the service tag): ${[...services, `environment, shared ${usd(section.byService.environmentUsd)}`].join(' · ')}`);
  }
  if (section.fargateAtMaxCountUsd !== undefined) {
    out.push(`  Fargate at maxCount all month: ${usd(section.fargateAtMaxCountUsd)} (the table prices desiredCount)`);
  }
  if (section.naive) {
    const nat = section.naive.lines.find((l) => l.item === 'NAT gateway hours');
    out.push(naiveText(section.naive, nat ? `${num(nat.quantity / 730)} NAT gateways` : 'a NAT gateway per AZ'));
  }
  for (const type of section.unpricedTypes) {
    out.push(`  unpriced: ${type.type} ×${type.count} (${type.stacks.join(', ')}) — not in the total`);
  }
  for (const missing of section.missingPrices) {
    out.push(`  no price: ${missing.item} for ${missing.resource} (${missing.priceKey} in ${missing.region}) — not in the total`);
  }
  const standIns = section.lines.filter((l) => l.standInFrom !== undefined);
  for (const [pair, count] of countBy(standIns.map((l) => `${l.region}, priced at ${l.standInFrom}'s`))) {
    out.push(`  STAND-IN: ${count} line${count === 1 ? '' : 's'} (src ~) have no figure for ${pair.replace(/, priced/, ': priced')} prices`);
  }
  for (const note of section.notes) out.push(`  note: ${note}`);
  return out.join('\n');
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}

/** Which table priced the estimate, with the dates of its figures. */
function originText(report: CostReport): string {
  const { origin, regions } = report.prices;
  const dates = (list: typeof regions) => list.map((r) => `${r.region} ${r.oldest}…${r.newest}`).join('; ');
  const bundled = regions.filter((r) => !r.cached);
  const bundledText = `the bundled table (src/reports/cost/bundled; sources dated ${dates(bundled) || 'n/a'})`;
  if (origin.kind === 'bundled') return `prices from ${bundledText}`;
  const published = (origin.offers ?? []).map((o) => o.publicationDate.slice(0, 10)).sort();
  const cached = regions.filter((r) => r.cached).map((r) => r.region);
  return `prices from the AWS Price List cache ${origin.file} for ${cached.join(', ') || 'no region of this estimate'} ` +
    `(offer files published ${published[0] ?? '?'}…${published[published.length - 1] ?? '?'}), ${bundled.length > 0 ? `and ${bundledText} for the rest` : 'nothing from the bundled table'}`;
}

export function formatCostReport(report: CostReport, manifestFile: string): string {
  const parts = report.environments.map((e) => `${e.name} ${usd(e.totalUsd)}`);
  if (report.shared) parts.push(`shared ${usd(report.shared.totalUsd)}`);
  const naive = report.naive.savingUsd >= 0
    ? `naive ${usd(report.naive.totalUsd)}: Portside saves ${usd(report.naive.savingUsd)} (${report.naive.savingPercent.toFixed(1)}%)`
    : `naive ${usd(report.naive.totalUsd)}: Portside costs ${usd(-report.naive.savingUsd)} more`;
  const { standIns, standInLines } = report.prices;
  const header = [
    `Portside cost estimate of ${manifestFile} (${report.project}): USD a month at on-demand list prices, ${report.hoursPerMonth} h, before tax`,
    `An estimate, not a quote: ${originText(report)}; ` +
      `src: V verified, S secondary, U unverified, ~ another region's price — ${report.prices.unverifiedLines} of ${report.prices.lines} lines use an unverified price, ${report.prices.secondaryLines} a secondary one`,
    ...(standInLines > 0
      ? [`STAND-INS: ${standInLines} of ${report.prices.lines} lines are priced with another region's figure (no figure for their own region was found): ` +
        standIns.map((s) => `${s.region} from ${s.from} (${s.priceKeys.join(', ')})`).join('; ')]
      : []),
  ];
  const unpriced = report.unpricedTypes.length > 0
    ? [`Unpriced resource types (not in the totals): ${report.unpricedTypes.map((t) => `${t.type} ×${t.count}`).join(', ')}`]
    : [];
  return [
    ...header,
    '',
    ...[...report.environments, ...(report.shared ? [report.shared] : [])].flatMap((s) => [sectionText(s), '']),
    `Total: ${usd(report.totalUsd)} a month (${parts.join(' + ')}); ${naive}`,
    ...unpriced,
    '',
    'Assumptions (defaults; the manifest has no usage fields):',
    textTable(['', 'value', 'meaning'], report.assumptions.map((a) => [a.name, a.value, a.description])),
    '',
    `Not included: ${report.notIncluded.join('; ')}.`,
    '',
  ].join('\n');
}
