// What one table costs a month at its billing mode, table class and region, from its consumed (and
// provisioned) capacity over a window, split into reads, writes, storage, GSIs and backups, each
// figure saying whether it rests on measurements or on an assumption.
import {
  BYTES_PER_GB,
  HOURS_PER_MONTH,
  PITR_TO_STORAGE_RATIO,
  pricesFor,
  withTableClass,
  type RegionPrices,
  type TableClass,
} from '../pricing';
import type { BillingMode, IndexModel, TableModel } from '../tables/tableModel';

export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3600;

/** Consumed capacity of a table or GSI, one value per period of the window (missing periods are 0). */
export interface ResourceUsage {
  /** Consumed read units in each period (the CloudWatch Sum of ConsumedReadCapacityUnits). */
  read: readonly number[];
  write: readonly number[];
  /** Average provisioned units in each period when CloudWatch had them (NaN where it had none). */
  provisionedRead?: readonly number[];
  provisionedWrite?: readonly number[];
}

export interface UsageWindow {
  /** Epoch seconds of the first period's start. */
  startSec: number;
  periodSeconds: number;
  periods: number;
}

export interface TableUsage {
  window: UsageWindow;
  table: ResourceUsage;
  /** Per GSI name. A GSI with no entry has no measurements. */
  indexes: Readonly<Record<string, ResourceUsage>>;
}

/** Rates of one table class, plus continuous backups. */
export interface PriceSheet extends RegionPrices {
  /** Continuous backups (PITR), per GB-month of table size. */
  pitrGbMonth: number;
}

/**
 * Negotiated or other-currency prices. `standard` replaces any of the region's Standard rates;
 * Standard-IA is derived from it the way the public prices are, unless `standardIa` says otherwise.
 */
export interface PriceOverride {
  currency?: string;
  standard?: Partial<PriceSheet>;
  standardIa?: Partial<PriceSheet>;
}

export interface PriceBook {
  currency: string;
  /** Region whose public prices were the base (us-east-1 when the table's region is unknown). */
  region: string;
  /** False when the region's prices are not in the table and us-east-1 stood in. */
  exactRegion: boolean;
  overridden: boolean;
  sheet(tableClass: TableClass): PriceSheet;
}

export function priceBook(region: string | undefined, override: PriceOverride = {}): PriceBook {
  const lookup = pricesFor(region, 'STANDARD');
  const baseStandard: PriceSheet = {
    ...lookup.prices,
    pitrGbMonth: lookup.prices.storageGbMonth * PITR_TO_STORAGE_RATIO,
    ...override.standard,
  };
  return {
    currency: override.currency ?? 'USD',
    region: lookup.region,
    exactRegion: lookup.exact,
    overridden: Boolean(override.standard || override.standardIa || override.currency),
    sheet(tableClass) {
      if (tableClass === 'STANDARD') return baseStandard;
      // PITR is priced the same for both classes; only requests and storage change.
      return {
        ...withTableClass(baseStandard, tableClass),
        pitrGbMonth: baseStandard.pitrGbMonth,
        ...override.standardIa,
      };
    },
  };
}

export type Basis = 'measured' | 'assumed';

export interface CostLine {
  usd: number;
  basis: Basis;
  /** One sentence: where the figure comes from. */
  note: string;
}

export interface IndexCost {
  index: string;
  reads: CostLine;
  writes: CostLine;
  storage: CostLine;
  total: number;
}

export interface TableCost {
  table: string;
  region: string | undefined;
  billingMode: BillingMode;
  tableClass: TableClass;
  currency: string;
  reads: CostLine;
  writes: CostLine;
  storage: CostLine;
  indexes: { usd: number; basis: Basis; items: IndexCost[] };
  backups: CostLine;
  total: number;
  /** Assumptions behind the whole figure, one sentence each. */
  assumptions: string[];
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);

/** Seconds the window covers. */
export function windowSeconds(w: UsageWindow): number {
  return w.periods * w.periodSeconds;
}

/** Units consumed over the window, projected to a 730-hour month. */
export function monthlyUnits(series: readonly number[], w: UsageWindow): number {
  const seconds = windowSeconds(w);
  return seconds > 0 ? (sum(series) * SECONDS_PER_MONTH) / seconds : 0;
}

/** Mean of the periods CloudWatch had a provisioned value for; undefined when it had none. */
export function measuredMean(series: readonly number[] | undefined): number | undefined {
  const present = (series ?? []).filter((v) => Number.isFinite(v));
  return present.length > 0 ? sum(present) / present.length : undefined;
}

type Direction = 'read' | 'write';

function capacityLine(
  direction: Direction,
  billingMode: BillingMode,
  usage: ResourceUsage | undefined,
  described: number | undefined,
  w: UsageWindow,
  sheet: PriceSheet,
): CostLine {
  const label = direction === 'read' ? 'read' : 'write';
  if (billingMode === 'PAY_PER_REQUEST') {
    if (!usage)
      return { usd: 0, basis: 'assumed', note: `No consumed ${label} capacity in CloudWatch; counted as none.` };
    const units = monthlyUnits(direction === 'read' ? usage.read : usage.write, w);
    const perMillion = direction === 'read' ? sheet.readPerMillion : sheet.writePerMillion;
    return {
      usd: (units / 1_000_000) * perMillion,
      basis: 'measured',
      note: `${formatUnits(units)} ${label} request units a month at the ${windowDays(w)}-day rate.`,
    };
  }
  const hourly = direction === 'read' ? sheet.rcuHour : sheet.wcuHour;
  const unit = direction === 'read' ? 'RCU' : 'WCU';
  const measured = measuredMean(direction === 'read' ? usage?.provisionedRead : usage?.provisionedWrite);
  if (measured !== undefined) {
    return {
      usd: measured * HOURS_PER_MONTH * hourly,
      basis: 'measured',
      note: `${formatUnits(measured)} ${unit} provisioned on average over the window, 730 hours.`,
    };
  }
  const units = described ?? 0;
  return {
    usd: units * HOURS_PER_MONTH * hourly,
    basis: 'assumed',
    note: `${formatUnits(units)} ${unit} as DescribeTable reports them now, assumed for the whole month.`,
  };
}

function storageLine(sizeBytes: number | undefined, sheet: PriceSheet, what: string): CostLine {
  if (sizeBytes === undefined)
    return { usd: 0, basis: 'assumed', note: `DescribeTable reported no size for ${what}; counted as empty.` };
  const gb = sizeBytes / BYTES_PER_GB;
  return {
    usd: gb * sheet.storageGbMonth,
    basis: 'measured',
    note: `${formatGb(gb)} as DescribeTable reports it (updated about every six hours).`,
  };
}

function indexCost(ix: IndexModel, billingMode: BillingMode, usage: TableUsage, sheet: PriceSheet): IndexCost {
  const u = usage.indexes[ix.name];
  const reads = capacityLine('read', billingMode, u, ix.provisioned?.read, usage.window, sheet);
  const writes = capacityLine('write', billingMode, u, ix.provisioned?.write, usage.window, sheet);
  const storage = storageLine(ix.sizeBytes, sheet, `index ${ix.name}`);
  return { index: ix.name, reads, writes, storage, total: reads.usd + writes.usd + storage.usd };
}

export interface CostOptions {
  prices?: PriceOverride;
  /** Price the table as if it had this class (for the table-class advice); default its own. */
  tableClass?: TableClass;
}

/** Monthly cost of the table now, at its billing mode, table class and region. */
export function tableCost(table: TableModel, usage: TableUsage, options: CostOptions = {}): TableCost {
  const book = priceBook(table.region, options.prices);
  const tableClass = options.tableClass ?? table.tableClass;
  const sheet = book.sheet(tableClass);
  const w = usage.window;
  const reads = capacityLine('read', table.billingMode, usage.table, table.provisioned?.read, w, sheet);
  const writes = capacityLine('write', table.billingMode, usage.table, table.provisioned?.write, w, sheet);
  const storage = storageLine(table.sizeBytes, sheet, 'the table');
  const items = table.indexes
    .filter((ix) => ix.kind === 'GSI')
    .map((ix) => indexCost(ix, table.billingMode, usage, sheet));
  const indexUsd = items.reduce((n, i) => n + i.total, 0);
  const indexBasis: Basis = items.every((i) => [i.reads, i.writes, i.storage].every((l) => l.basis === 'measured'))
    ? 'measured'
    : 'assumed';
  const pitrOn = table.pointInTimeRecovery?.status === 'ENABLED';
  const backups: CostLine = pitrOn
    ? {
        usd: ((table.sizeBytes ?? 0) / BYTES_PER_GB) * sheet.pitrGbMonth,
        basis: 'assumed',
        note: 'Point-in-time recovery is on: priced on the table size (AWS bills the size of the table and its LSIs).',
      }
    : {
        usd: 0,
        basis: 'assumed',
        note: 'Point-in-time recovery is off or unknown; on-demand backups are not visible here.',
      };
  const assumptions = [
    `Prices: ${book.overridden ? 'your price override' : `public ${book.region} rates`}${book.exactRegion || book.overridden ? '' : ` (no prices for ${table.region ?? 'an unknown region'}; us-east-1 used)`}, in ${book.currency}.`,
    `A month is 730 hours; consumption over the ${windowDays(w)}-day window is projected to it.`,
    'Free tier, reserved capacity, global-table replication, streams and data transfer are not included.',
  ];
  return {
    table: table.name,
    region: table.region,
    billingMode: table.billingMode,
    tableClass,
    currency: book.currency,
    reads,
    writes,
    storage,
    indexes: { usd: indexUsd, basis: indexBasis, items },
    backups,
    total: reads.usd + writes.usd + storage.usd + indexUsd + backups.usd,
    assumptions,
  };
}

/** Throughput part of the cost (reads, writes and the GSIs' reads and writes). */
export function throughputUsd(cost: TableCost): number {
  return cost.reads.usd + cost.writes.usd + cost.indexes.items.reduce((n, i) => n + i.reads.usd + i.writes.usd, 0);
}

/** Storage part of the cost (the table's and the GSIs'). */
export function storageUsd(cost: TableCost): number {
  return cost.storage.usd + cost.indexes.items.reduce((n, i) => n + i.storage.usd, 0);
}

export function windowDays(w: UsageWindow): number {
  return Math.round((windowSeconds(w) / 86_400) * 10) / 10;
}

const unitFormat = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

export function formatUnits(n: number): string {
  return unitFormat.format(n);
}

function formatGb(gb: number): string {
  return `${new Intl.NumberFormat('en-US', { maximumFractionDigits: gb < 10 ? 2 : 0 }).format(gb)} GB`;
}
