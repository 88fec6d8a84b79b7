// What a finding costs, in words and numbers for a hover: a Scan's full pass over the live table
// (items, size, read units and dollars at its billing mode and region, passes a day at the current
// read rate), or a single-value key's per-partition limits and the throttling seen on that table.
import type { Finding } from './analyzer/finding';
import { markdownCode as code, markdownText as text } from './markdownText';
import type { KeyContributor, TopKeys } from './metrics/contributorInsights';
import type { ResourceHealth, TableHealth } from './metrics/health';
import { priceBook, type PriceOverride } from './cost/costModel';
import { formatUsd, fullScanEstimate, passesAtReadRate, pricesFor } from './pricing';
import type { TableModel } from './tables/tableModel';

/** One partition (one partition-key value) serves at most this much per second (AWS-FACTS 5.3). */
export const PARTITION_WCU = 1000;
export const PARTITION_RCU = 3000;
/** Contributor Insights' per-minute maximum for one key: 60 s × 3 × 1,000 WRU (or 3,000 RRU) (AWS-FACTS 4.3). */
const KEY_UNITS_PER_MINUTE_MAX = 180_000;

export interface CostContext {
  /** DescribeTable of the finding's table, when a configured connection has it. */
  table?: TableModel;
  /** Where the table was found, e.g. `DynamoDB Local, us-east-1` (plain text). */
  tableSource?: string;
  /** Why there is no `table`, as one sentence of plain text. */
  tableProblem?: string;
  /** The latest CloudWatch health the Tables view read for the table. */
  health?: TableHealth;
  /** Contributor Insights keys for the table (or the finding's index), when read. */
  topKeys?: TopKeys;
  /** The user's negotiated or other-currency rates (`dynamoGuard.cost.prices`), used instead of the public ones. */
  prices?: PriceOverride;
}

const count = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const decimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/**
 * Markdown for the finding's hover; undefined for findings that cost nothing by themselves. Every
 * name and value in it (from code, DescribeTable, CloudWatch) is escaped: it never adds Markdown.
 */
export function findingCostMarkdown(finding: Finding, context: CostContext): string | undefined {
  switch (finding.rule) {
    case 'scan':
      return scanCost(finding, context);
    case 'single-value-partition-key':
      return partitionCost(finding, context);
    case 'unused-suppression':
    case 'analysis-error':
    case 'hot-key-read':
      return undefined;
  }
}

// Lists follow their heading line without a blank line: hovers are short on height.
const SCAN_TITLE = '**Dynamo Guard: what this Scan costs.**';
const PARTITION_TITLE = '**Dynamo Guard: one partition for every call.**';

function scanCost(finding: Finding, context: CostContext): string {
  const { table } = context;
  if (!table) {
    return `${SCAN_TITLE} ${context.tableProblem !== undefined ? text(context.tableProblem) : `Table ${code(finding.table ?? 'unknown')} is not known on any configured connection, so the cost of a pass cannot be read.`}`;
  }
  const index = finding.data?.index ? table.indexes.find((i) => i.name === finding.data?.index) : undefined;
  const target = index ? `Index ${code(index.name)} of table ${code(table.name)}` : `Table ${code(table.name)}`;
  const sized = index
    ? { itemCount: index.itemCount, sizeBytes: index.sizeBytes }
    : { itemCount: table.itemCount, sizeBytes: table.sizeBytes };
  const lines = [
    `${SCAN_TITLE} ${target}${context.tableSource ? ` (${text(context.tableSource)})` : ''}, ${billingWords(table)}:`,
  ];
  lines.push(
    `- ${sized.itemCount !== undefined ? `${count.format(sized.itemCount)} items` : 'item count not reported'}, ${sized.sizeBytes !== undefined ? bytes(sized.sizeBytes) : 'size not reported'} (DescribeTable; DynamoDB updates both about every 6 hours)`,
  );
  const consistent = finding.data?.consistentRead === true;
  const book = context.prices ? priceBook(table.region, context.prices) : undefined;
  const estimate = fullScanEstimate(
    { ...table, sizeBytes: sized.sizeBytes },
    { consistent, ...(book ? { prices: book.sheet(table.tableClass) } : {}) },
  );
  const amount = (value: number): string => priceText(value, book?.currency ?? 'USD');
  const pages = `${count.format(estimate.pages)} ${estimate.pages === 1 ? 'page' : 'pages'} of up to 1 MB`;
  const where = book ? 'your prices (setting dynamoGuard.cost.prices)' : undefined;
  const price =
    table.billingMode === 'PAY_PER_REQUEST'
      ? `${amount(estimate.costUsd)} at ${where ?? `on-demand prices ${priceRegionWords(table.region)}`}`
      : `${amount(estimate.costUsd)} as its share of provisioned capacity ${where ? `at ${where}` : priceRegionWords(table.region)}`;
  lines.push(
    `- One full pass reads **${decimal.format(estimate.readUnits)} read units** (${consistent ? 'strongly' : 'eventually'} consistent) in ${pages}: **${price}**`,
  );
  const provisionedRead = index ? index.provisioned?.read : table.provisioned?.read;
  if (table.billingMode === 'PROVISIONED' && provisionedRead) {
    lines.push(
      `- On its ${count.format(provisionedRead)} provisioned RCU one pass takes the whole read capacity for ${duration(estimate.readUnits / provisionedRead)}; other reads throttle meanwhile`,
    );
  }
  const health = resourceHealth(context.health, finding.data?.index);
  if (health && context.health) {
    // The read rate as full passes: an upper bound on how often this Scan can be running.
    const { passesPerDay, usdPerDay } = passesAtReadRate(estimate, health.read.consumedPerSecond);
    lines.push(
      `- Current reads, ${decimal.format(health.read.consumedPerSecond)} RCU/s (last ${windowMinutes(context.health)} min), equal **${(passesPerDay >= 10 ? count : decimal).format(passesPerDay)} full passes a day**: ${amount(usdPerDay)} a day`,
    );
  } else {
    lines.push("- Current read rate: not known yet (the Tables view has not read this table's CloudWatch metrics)");
  }
  return lines.join('\n');
}

/** An amount in dollars as `formatUsd` writes it, or in another currency as `0.52 EUR`. */
function priceText(value: number, currency: string): string {
  const usd = formatUsd(value);
  return currency === 'USD' ? usd : `${usd.slice(1)} ${text(currency)}`;
}

/** Where the prices come from: the table's region, or us-east-1's when the price table lacks it. */
function priceRegionWords(region: string | undefined): string {
  const lookup = pricesFor(region);
  if (lookup.exact) return `in ${text(lookup.region)}`;
  return region ? `of ${lookup.region} (no price table for ${text(region)})` : `of ${lookup.region}`;
}

function partitionCost(finding: Finding, context: CostContext): string {
  const data = finding.data ?? {};
  const where = `${data.index ? `index ${code(data.index)} of ` : ''}table ${code(finding.table ?? 'unknown')}`;
  const lines = [
    `${PARTITION_TITLE} ${code(`${data.keyAttribute ?? 'partition key'} = ${JSON.stringify(data.keyValue ?? '')}`)} on ${where} always addresses the same partition, which serves at most **${count.format(PARTITION_WCU)} WCU and ${count.format(PARTITION_RCU)} RCU per second** (one WCU writes up to 1 KB); adaptive capacity and burst do not raise that limit.`,
  ];
  const health = resourceHealth(context.health, data.index);
  if (health && context.health) {
    const minutes = windowMinutes(context.health);
    const keyRange =
      (health.throttleEvents.byReason.WriteKeyRangeThroughputThrottleEvents ?? 0) +
      (health.throttleEvents.byReason.ReadKeyRangeThroughputThrottleEvents ?? 0);
    const total = health.throttleEvents.read + health.throttleEvents.write;
    if (keyRange > 0) {
      lines.push(
        `- **Hot partition throttling in the last ${minutes} minutes: ${count.format(health.throttleEvents.byReason.WriteKeyRangeThroughputThrottleEvents ?? 0)} write and ${count.format(health.throttleEvents.byReason.ReadKeyRangeThroughputThrottleEvents ?? 0)} read events** throttled by partition limits (Write/ReadKeyRangeThroughputThrottleEvents), of ${count.format(total)} throttle events in all`,
      );
    } else if (total > 0) {
      lines.push(
        `- ${count.format(total)} throttle events in the last ${minutes} minutes, none attributed to partition limits`,
      );
    } else {
      lines.push(`- No throttling in the last ${minutes} minutes`);
    }
    lines.push(
      `- Peak load on the ${data.index ? 'index' : 'table'}: ${decimal.format(health.write.peakPerSecond)} writes and ${decimal.format(health.read.peakPerSecond)} reads (units per second, busiest minute)`,
    );
  } else {
    lines.push('- Throttling on this table: not known yet (the Tables view has not read its CloudWatch metrics)');
  }
  const key = data.keyValue;
  if (key === undefined) return lines.join('\n');
  const throttled = contributor(context.topKeys?.throttled, key);
  const accessed = contributor(context.topKeys?.accessed, key);
  if (throttled) {
    lines.push(
      `- **Observed in production:** Contributor Insights lists ${code(key)} among the most throttled keys (peak ${count.format(throttled.maxValue)} throttled requests a minute)`,
    );
  }
  if (accessed) {
    const share = accessed.maxValue / KEY_UNITS_PER_MINUTE_MAX;
    lines.push(
      `- **Observed in production:** Contributor Insights lists ${code(key)} among the most accessed keys (peak ${count.format(accessed.maxValue)} units a minute, ${Math.round(share * 100)}% of one key's maximum)`,
    );
  }
  return lines.join('\n');
}

function contributor(list: readonly KeyContributor[] | undefined, key: string): KeyContributor | undefined {
  return list?.find((c) => c.keys[0] === key);
}

function resourceHealth(health: TableHealth | undefined, index: string | undefined): ResourceHealth | undefined {
  if (!health || health.status === 'error') return undefined;
  return index ? health.indexes.find((i) => i.index === index) : health;
}

function windowMinutes(health: TableHealth): number {
  return health.sparkline.read.length;
}

function billingWords(table: TableModel): string {
  return table.billingMode === 'PAY_PER_REQUEST'
    ? 'on-demand'
    : `provisioned${table.provisioned ? ` ${count.format(table.provisioned.read)} RCU / ${count.format(table.provisioned.write)} WCU` : ''}`;
}

export function bytes(n: number): string {
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let unit = '';
  for (const u of units) {
    if (v < 1024) break;
    v /= 1024;
    unit = u;
  }
  return unit
    ? `${count.format(n)} bytes (${decimal.format(Math.round(v * 10) / 10)} ${unit})`
    : `${count.format(n)} bytes`;
}

function duration(seconds: number): string {
  if (seconds < 120) return `${decimal.format(Math.round(seconds * 10) / 10)} s`;
  if (seconds < 7200) return `${decimal.format(Math.round(seconds / 6) / 10)} min`;
  return `${decimal.format(Math.round(seconds / 360) / 10)} h`;
}
