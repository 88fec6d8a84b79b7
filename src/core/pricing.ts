// Capacity-unit math (AWS-FACTS 5.2) and the region price table used to put a dollar figure on
// consumed capacity and on the estimate a Scan confirmation shows.
import type { BillingMode, TableModel } from './tables/tableModel';

export type TableClass = TableModel['tableClass'];

export interface RegionPrices {
  /** On-demand, USD per million read request units. */
  readPerMillion: number;
  /** On-demand, USD per million write request units. */
  writePerMillion: number;
  /** Provisioned, USD per RCU-hour. */
  rcuHour: number;
  /** Provisioned, USD per WCU-hour. */
  wcuHour: number;
  /** Storage, USD per GB-month. */
  storageGbMonth: number;
}

/**
 * Standard table class prices. us-east-1 is the published rate (AWS-FACTS 5.1; on-demand halved
 * in Nov 2024). The other regions are DERIVED: their published pre-Nov-2024 on-demand rates halved
 * (the cut applied to every region), and provisioned/storage rates as last published; treat them
 * as estimates to within a few percent, not as a bill.
 */
const STANDARD: Readonly<Record<string, RegionPrices>> = {
  'us-east-1': {
    readPerMillion: 0.125,
    writePerMillion: 0.625,
    rcuHour: 0.00013,
    wcuHour: 0.00065,
    storageGbMonth: 0.25,
  },
  'us-east-2': {
    readPerMillion: 0.125,
    writePerMillion: 0.625,
    rcuHour: 0.00013,
    wcuHour: 0.00065,
    storageGbMonth: 0.25,
  },
  'us-west-2': {
    readPerMillion: 0.125,
    writePerMillion: 0.625,
    rcuHour: 0.00013,
    wcuHour: 0.00065,
    storageGbMonth: 0.25,
  },
  'us-west-1': {
    readPerMillion: 0.1397,
    writePerMillion: 0.6985,
    rcuHour: 0.000145,
    wcuHour: 0.000725,
    storageGbMonth: 0.28,
  },
  'ca-central-1': {
    readPerMillion: 0.1375,
    writePerMillion: 0.6875,
    rcuHour: 0.000143,
    wcuHour: 0.000715,
    storageGbMonth: 0.275,
  },
  'eu-west-1': {
    readPerMillion: 0.1415,
    writePerMillion: 0.7068,
    rcuHour: 0.0001471,
    wcuHour: 0.000735,
    storageGbMonth: 0.283,
  },
  'eu-west-2': {
    readPerMillion: 0.1484,
    writePerMillion: 0.7423,
    rcuHour: 0.000154,
    wcuHour: 0.000772,
    storageGbMonth: 0.29715,
  },
  'eu-central-1': {
    readPerMillion: 0.1525,
    writePerMillion: 0.7625,
    rcuHour: 0.0001586,
    wcuHour: 0.000793,
    storageGbMonth: 0.306,
  },
  'ap-northeast-1': {
    readPerMillion: 0.1425,
    writePerMillion: 0.7135,
    rcuHour: 0.0001484,
    wcuHour: 0.000742,
    storageGbMonth: 0.285,
  },
  'ap-southeast-1': {
    readPerMillion: 0.1425,
    writePerMillion: 0.7125,
    rcuHour: 0.000148,
    wcuHour: 0.00074,
    storageGbMonth: 0.285,
  },
  'ap-southeast-2': {
    readPerMillion: 0.1425,
    writePerMillion: 0.7135,
    rcuHour: 0.000148,
    wcuHour: 0.00074,
    storageGbMonth: 0.285,
  },
  'ap-south-1': {
    readPerMillion: 0.1425,
    writePerMillion: 0.7113,
    rcuHour: 0.000148,
    wcuHour: 0.00074,
    storageGbMonth: 0.285,
  },
  'sa-east-1': {
    readPerMillion: 0.1875,
    writePerMillion: 0.9375,
    rcuHour: 0.000195,
    wcuHour: 0.000975,
    storageGbMonth: 0.375,
  },
};

/**
 * Standard-IA is DERIVED from Standard everywhere: requests +25 %, storage -60 % (AWS-FACTS 5.1). In
 * us-east-1 that gives $0.15625 / $0.78125 per million on-demand reads / writes, $0.0001625 / $0.0008125
 * per provisioned RCU-/WCU-hour and $0.10 per GB-month: the rates AWS-FACTS 5.1 lists for Standard-IA, and
 * the same +25 % ratio as the published China Region prices (https://www.amazonaws.cn/en/dynamodb/pricing/).
 */
export const IA_REQUEST_FACTOR = 1.25;
export const IA_STORAGE_FACTOR = 0.4;

/**
 * Continuous backups (PITR), USD per GB-month of table size: $0.20 in us-east-1 (AWS pricing page,
 * third-party copies agree; unverified like the rest of AWS-FACTS 5.1). Other regions are DERIVED as the
 * same share of their storage price (0.20 / 0.25 = 0.8).
 */
export const PITR_TO_STORAGE_RATIO = 0.8;

/** AWS prices a month of provisioned capacity as 730 hours. */
export const HOURS_PER_MONTH = 730;
/** DynamoDB bills storage per GB-month; AWS counts a GB as 2^30 bytes. */
export const BYTES_PER_GB = 1024 ** 3;

/** A table class's rates from the Standard ones (pure, so a price override gets the same derivation). */
export function withTableClass(base: RegionPrices, tableClass: TableClass): RegionPrices {
  return tableClass === 'STANDARD_INFREQUENT_ACCESS'
    ? {
        readPerMillion: base.readPerMillion * IA_REQUEST_FACTOR,
        writePerMillion: base.writePerMillion * IA_REQUEST_FACTOR,
        rcuHour: base.rcuHour * IA_REQUEST_FACTOR,
        wcuHour: base.wcuHour * IA_REQUEST_FACTOR,
        storageGbMonth: base.storageGbMonth * IA_STORAGE_FACTOR,
      }
    : { ...base };
}

export const DEFAULT_PRICE_REGION = 'us-east-1';

export interface PriceLookup {
  prices: RegionPrices;
  /** The region whose prices were used (us-east-1 when the asked region is not in the table). */
  region: string;
  /** False when the region was unknown and us-east-1 prices stood in. */
  exact: boolean;
}

export function pricesFor(region: string | undefined, tableClass: TableClass = 'STANDARD'): PriceLookup {
  const known = region !== undefined && region in STANDARD;
  const used = known ? region : DEFAULT_PRICE_REGION;
  const base = STANDARD[used] as RegionPrices;
  return { prices: withTableClass(base, tableClass), region: used, exact: known };
}

export const READ_UNIT_BYTES = 4096;
/** Query and Scan stop each page at 1 MB of evaluated data. */
export const PAGE_BYTES = 1024 * 1024;

function readFactor(consistent: boolean): number {
  return consistent ? 1 : 0.5;
}

/** GetItem: the item rounded up to 4 KB; a missing item still costs the minimum of one 4 KB unit. */
export function readUnitsForItemBytes(bytes: number, consistent: boolean): number {
  return Math.max(1, Math.ceil(Math.max(0, bytes) / READ_UNIT_BYTES)) * readFactor(consistent);
}

/** Query: the TOTAL size of the returned items is rounded up to 4 KB once, not per item. */
export function queryReadUnits(totalBytes: number, consistent: boolean): number {
  return readUnitsForItemBytes(totalBytes, consistent);
}

/** Scan: like Query, but over the bytes evaluated (before any filter), not the bytes returned. */
export function scanReadUnits(evaluatedBytes: number, consistent: boolean): number {
  return readUnitsForItemBytes(evaluatedBytes, consistent);
}

export interface ConsumedUnits {
  read?: number;
  write?: number;
}

/**
 * Dollar cost of capacity a request consumed.
 * - On-demand: units x the per-million request price.
 * - Provisioned: the marginal price of those units, i.e. their share of one provisioned unit-hour:
 *   units / 3600 x the RCU-hour (WCU-hour) price. That is what the units would cost if the table
 *   were provisioned exactly for them for one second; the real bill is the provisioned capacity
 *   whether used or not, so this figure is the request's share, not an extra charge.
 */
export function costOfConsumedCapacity(
  consumed: ConsumedUnits,
  billingMode: BillingMode,
  region: string | undefined,
  tableClass: TableClass = 'STANDARD',
): number {
  return costAtPrices(consumed, billingMode, pricesFor(region, tableClass).prices);
}

/** costOfConsumedCapacity at given rates (a price override's sheet for the table's class). */
export function costAtPrices(consumed: ConsumedUnits, billingMode: BillingMode, prices: RegionPrices): number {
  const read = consumed.read ?? 0;
  const write = consumed.write ?? 0;
  switch (billingMode) {
    case 'PAY_PER_REQUEST':
      return (read * prices.readPerMillion + write * prices.writePerMillion) / 1_000_000;
    case 'PROVISIONED':
      return (read * prices.rcuHour + write * prices.wcuHour) / 3600;
  }
}

export interface ScanEstimate {
  readUnits: number;
  costUsd: number;
  /** 1 MB pages a full pass takes. */
  pages: number;
  /** Table size the estimate rests on, bytes. */
  sizeBytes: number;
  /** Always present: DescribeTable sizes lag by up to about six hours. */
  staleNote: string;
}

/** What one full Scan pass would read and cost, from DescribeTable's TableSizeBytes. */
export function fullScanEstimate(
  table: Pick<TableModel, 'sizeBytes' | 'billingMode' | 'tableClass' | 'region'>,
  options: {
    consistent: boolean;
    region?: string;
    /** Rates of the table's class instead of the region's public ones. */ prices?: RegionPrices;
  },
): ScanEstimate {
  const sizeBytes = table.sizeBytes ?? 0;
  const readUnits = scanReadUnits(sizeBytes, options.consistent);
  const region = options.region ?? table.region;
  return {
    readUnits,
    costUsd: options.prices
      ? costAtPrices({ read: readUnits }, table.billingMode, options.prices)
      : costOfConsumedCapacity({ read: readUnits }, table.billingMode, region, table.tableClass),
    pages: Math.max(1, Math.ceil(sizeBytes / PAGE_BYTES)),
    sizeBytes,
    staleNote:
      'Based on the table size DynamoDB reports, which it updates about every six hours; recent writes may be missing.',
  };
}

export const SECONDS_PER_DAY = 86_400;

export interface PassesAtRate {
  /** Full passes the read rate would allow if every read were this Scan: an upper bound. */
  passesPerDay: number;
  usdPerDay: number;
  passesPerMonth: number;
  usdPerMonth: number;
}

/**
 * A read rate (units per second) as full passes of a Scan: how often the Scan can at most be running,
 * and what that many passes cost, a day and a 730-hour month.
 */
export function passesAtReadRate(
  pass: Pick<ScanEstimate, 'readUnits' | 'costUsd'>,
  readUnitsPerSecond: number,
): PassesAtRate {
  const perSecond = pass.readUnits > 0 ? Math.max(0, readUnitsPerSecond) / pass.readUnits : 0;
  const perDay = perSecond * SECONDS_PER_DAY;
  const perMonth = perSecond * HOURS_PER_MONTH * 3600;
  return {
    passesPerDay: perDay,
    usdPerDay: perDay * pass.costUsd,
    passesPerMonth: perMonth,
    usdPerMonth: perMonth * pass.costUsd,
  };
}

/** Dollars for people, never in exponent notation: a tiny read costs `$0.000000063`, not `$6.3e-8`. */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (usd >= 0.01) return `$${usd.toFixed(4)}`;
  return `$${usd.toLocaleString('en-US', { maximumSignificantDigits: 2, maximumFractionDigits: 20 })}`;
}
