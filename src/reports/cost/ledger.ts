/**
 * The lines of a cost estimate and the ledger that prices them: each charge is a quantity of price
 * table keys (their product is the unit price), its working, and the weakest confidence involved.
 */
import type { SynthesizedStack } from '../assembly-reader';
import { BUNDLED_TABLE, Confidence, PriceKey, PriceTable } from './prices';

export type CostCategory =
  | 'compute' | 'load balancing' | 'network' | 'database' | 'storage' | 'backup' | 'observability' | 'security' | 'delivery';

export const CATEGORY_ORDER: readonly CostCategory[] = [
  'compute', 'load balancing', 'network', 'database', 'storage', 'backup', 'observability', 'security', 'delivery',
];

export interface CostLine {
  readonly category: CostCategory;
  /** What is billed: `Fargate ARM vCPU, on-demand`. */
  readonly item: string;
  /** Which resource: a service, database, volume, or stack. */
  readonly resource: string;
  readonly stackName: string;
  /** Region whose price applies (a backup copy is priced in its DR region). */
  readonly region: string;
  readonly quantity: number;
  /** Unit of the quantity and the unit price: `vCPU-hour`. */
  readonly unit: string;
  readonly unitUsd: number;
  readonly monthlyUsd: number;
  /** Price-table keys; several when the unit price is their product (Spot). */
  readonly priceKeys: readonly PriceKey[];
  /** The weakest confidence of the prices used (see price-types.ts); `U` when a stand-in region's price is used. */
  readonly confidence: Confidence;
  /** The region whose price stands in, when `region` has no figure of its own for a key of the line. */
  readonly standInFrom?: string;
  /** How the quantity was reached: `2 tasks × 0.5 vCPU × 730 h`. */
  readonly working: string;
}

/** A line that could not be priced: the price table has no figure for it in that region. */
export interface MissingPrice {
  readonly priceKey: string;
  readonly region: string;
  readonly item: string;
  readonly resource: string;
  readonly stackName: string;
}

/** Resource types in the templates that are neither priced nor known to be free. */
export interface UnpricedType {
  readonly type: string;
  readonly count: number;
  readonly stacks: readonly string[];
}

export interface Estimate {
  readonly lines: readonly CostLine[];
  readonly missingPrices: readonly MissingPrice[];
  readonly unpricedTypes: readonly UnpricedType[];
  /** Facts a reader should know about lines that came out at zero or were simplified. */
  readonly notes: readonly string[];
}

/**
 * `portside`: what the templates say. `naive`: the same services the way CDK's ecs-patterns
 * defaults build them: x86 only, no Spot, one NAT gateway (and its public IPv4) per AZ, no VPC
 * endpoints at all, so image pulls and logs go through NAT. Databases and everything else: as is.
 */
const CONFIDENCE_RANK: Readonly<Record<Confidence, number>> = { V: 0, S: 1, U: 2 };

function weakest(...levels: Confidence[]): Confidence {
  return levels.reduce((worst, level) => (CONFIDENCE_RANK[level] > CONFIDENCE_RANK[worst] ? level : worst), 'V' as Confidence);
}

/** Numbers in workings: at most 4 decimals, no trailing zeros. */
export function num(value: number): string {
  return Number(value.toFixed(4)).toLocaleString('en-US', { maximumFractionDigits: 4 });
}

export interface Charge {
  readonly category: CostCategory;
  readonly item: string;
  readonly resource: string;
  readonly stack: SynthesizedStack;
  /** Defaults to the stack's region. */
  readonly region?: string;
  readonly keys: PriceKey | readonly PriceKey[];
  readonly quantity: number;
  readonly working: string;
  /** Lowers the confidence below the prices' own (an assumption the price does not cover). */
  readonly confidence?: Confidence;
}

/** Collects the priced lines of an estimate, and the dimensions the price table has no figure for. */
export class Ledger {
  readonly lines: CostLine[] = [];
  readonly missing: MissingPrice[] = [];
  readonly notes: string[] = [];

  constructor(private readonly prices: PriceTable = BUNDLED_TABLE) {}

  charge(charge: Charge): void {
    const region = charge.region ?? charge.stack.region;
    const keys = typeof charge.keys === 'string' ? [charge.keys] : charge.keys;
    const resolved = keys.map((key) => this.prices.lookup(region, key));
    if (charge.quantity <= 0) return;
    const missingKey = keys.find((_, index) => resolved[index] === undefined);
    if (missingKey !== undefined) {
      this.missing.push({ priceKey: missingKey, region, item: charge.item, resource: charge.resource, stackName: charge.stack.stackName });
      return;
    }
    const found = resolved.map((entry) => entry!.price);
    const standInFrom = resolved.find((entry) => entry!.standInFrom !== undefined)?.standInFrom;
    const unitUsd = found.reduce((product, price) => product * price.usd, 1);
    this.lines.push({
      category: charge.category,
      item: charge.item,
      resource: charge.resource,
      stackName: charge.stack.stackName,
      region,
      quantity: charge.quantity,
      unit: found[0]!.unit,
      unitUsd,
      monthlyUsd: charge.quantity * unitUsd,
      priceKeys: keys,
      confidence: weakest(...found.map((price) => price.confidence), charge.confidence ?? 'V'),
      working: charge.working,
      ...(standInFrom !== undefined ? { standInFrom } : {}),
    });
  }

  /** A dimension the price table cannot price at all (no key exists for it). */
  unpriceable(priceKey: string, item: string, resource: string, stack: SynthesizedStack): void {
    this.missing.push({ priceKey, region: stack.region, item, resource, stackName: stack.stackName });
  }
}

