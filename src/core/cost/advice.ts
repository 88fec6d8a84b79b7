// Recommendations that would make a table cheaper, each with its monthly savings and the evidence:
// billing mode (from an auto-scaling replay), over-provisioned capacity, table class, unused GSIs.
import { HOURS_PER_MONTH } from '../pricing';
import type { TableModel } from '../tables/tableModel';
import {
  DEFAULT_TARGET_UTILIZATION,
  replayAutoScaling,
  type ReplayOptions,
  type ReplayResult,
} from './autoScalingReplay';
import {
  formatUnits,
  measuredMean,
  priceBook,
  SECONDS_PER_MONTH,
  storageUsd,
  tableCost,
  throughputUsd,
  windowDays,
  windowSeconds,
  type PriceOverride,
  type ResourceUsage,
  type TableCost,
  type TableUsage,
} from './costModel';
import { money } from './money';

export type RecommendationKind = 'billing-mode' | 'over-provisioned' | 'table-class' | 'unused-index';

export interface Recommendation {
  kind: RecommendationKind;
  /** What to do, in one sentence. */
  action: string;
  monthlySavingsUsd: number;
  /** Why, with the numbers. */
  evidence: string;
  /** The GSI the recommendation is about, when it is about one. */
  index?: string;
}

export interface AdviceOptions extends ReplayOptions {
  prices?: PriceOverride;
  /** Recommendations saving less than this a month are left out (default 1). */
  minMonthlySavings?: number;
  /** A provisioned table or GSI whose peak stays under this share of its capacity is over-provisioned (default 0.3). */
  overProvisionedPeak?: number;
}

export const DEFAULT_MIN_MONTHLY_SAVINGS = 1;
export const DEFAULT_OVER_PROVISIONED_PEAK = 0.3;
/** AWS's rule of thumb: Standard-IA pays off when storage is above about half the throughput cost (AWS-FACTS 5.1). */
export const IA_STORAGE_SHARE_HINT = 0.5;

export interface TableAdvice {
  cost: TableCost;
  recommendations: Recommendation[];
  /** The auto-scaling replay of the table and each GSI (for the dashboard's charts). */
  replay: { table: ReplayResult; indexes: Record<string, ReplayResult> };
}

const pct = (x: number) => `${Math.round(x * 100).toLocaleString('en-US')} %`;

function peakRate(series: readonly number[], periodSeconds: number): number {
  return series.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, v / periodSeconds) : m), 0);
}

function resources(
  table: TableModel,
  usage: TableUsage,
): { name: string | undefined; usage: ResourceUsage; provisioned: { read: number; write: number } | undefined }[] {
  const out: {
    name: string | undefined;
    usage: ResourceUsage;
    provisioned: { read: number; write: number } | undefined;
  }[] = [{ name: undefined, usage: usage.table, provisioned: table.provisioned }];
  for (const ix of table.indexes) {
    if (ix.kind !== 'GSI') continue;
    const u = usage.indexes[ix.name];
    if (u) out.push({ name: ix.name, usage: u, provisioned: ix.provisioned });
  }
  return out;
}

function billingModeAdvice(
  table: TableModel,
  usage: TableUsage,
  cost: TableCost,
  replay: TableAdvice['replay'],
  options: AdviceOptions,
): Recommendation | undefined {
  const book = priceBook(table.region, options.prices);
  const sheet = book.sheet(cost.tableClass);
  const w = usage.window;
  const monthFactor = SECONDS_PER_MONTH / windowSeconds(w);
  const target = options.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
  const throughput = throughputUsd(cost);
  const days = windowDays(w);
  if (table.billingMode === 'PAY_PER_REQUEST') {
    const runs = [replay.table, ...Object.values(replay.indexes)];
    const provisionedUsd = runs.reduce(
      (n, r) => n + (r.read.unitHours * sheet.rcuHour + r.write.unitHours * sheet.wcuHour) * monthFactor,
      0,
    );
    const throttled = runs.reduce((n, r) => n + r.read.throttledPeriods + r.write.throttledPeriods, 0);
    const savings = throughput - provisionedUsd;
    if (throttled > 0) return undefined;
    if (savings < (options.minMonthlySavings ?? DEFAULT_MIN_MONTHLY_SAVINGS)) return undefined;
    const t = replay.table;
    return {
      kind: 'billing-mode',
      action: `Switch to provisioned capacity with auto scaling at ${pct(target)} target utilization.`,
      monthlySavingsUsd: savings,
      evidence: `Replaying ${days} days of ${w.periodSeconds / 60}-minute consumption through auto scaling: ${money(provisionedUsd, cost.currency)} a month provisioned (reads peak ${formatUnits(t.read.peakCapacity)} RCU, writes ${formatUnits(t.write.peakCapacity)} WCU, ${t.scaleOuts} scale-outs, ${t.scaleIns} scale-ins) against ${money(throughput, cost.currency)} on-demand, with no throttled period.`,
    };
  }
  // Provisioned now: what the same consumption costs on-demand, which cannot throttle on capacity.
  const onDemandUsd = resources(table, usage).reduce(
    (n, r) =>
      n +
      ((r.usage.read.reduce((a, b) => a + b, 0) * sheet.readPerMillion +
        r.usage.write.reduce((a, b) => a + b, 0) * sheet.writePerMillion) /
        1_000_000) *
        monthFactor,
    0,
  );
  const savings = throughput - onDemandUsd;
  if (savings < (options.minMonthlySavings ?? DEFAULT_MIN_MONTHLY_SAVINGS)) return undefined;
  return {
    kind: 'billing-mode',
    action: 'Switch to on-demand capacity.',
    monthlySavingsUsd: savings,
    evidence: `The last ${days} days of consumption cost ${money(onDemandUsd, cost.currency)} a month on-demand against ${money(throughput, cost.currency)} for the provisioned capacity.`,
  };
}

function overProvisionedAdvice(
  table: TableModel,
  usage: TableUsage,
  options: AdviceOptions,
  currency: string,
): Recommendation[] {
  if (table.billingMode !== 'PROVISIONED') return [];
  const sheet = priceBook(table.region, options.prices).sheet(table.tableClass);
  const limit = options.overProvisionedPeak ?? DEFAULT_OVER_PROVISIONED_PEAK;
  const target = options.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;
  const p = usage.window.periodSeconds;
  const out: Recommendation[] = [];
  for (const r of resources(table, usage)) {
    const parts: string[] = [];
    const evidence: string[] = [];
    let savings = 0;
    for (const direction of ['read', 'write'] as const) {
      const provisioned =
        measuredMean(direction === 'read' ? r.usage.provisionedRead : r.usage.provisionedWrite) ??
        r.provisioned?.[direction];
      if (!provisioned) continue;
      const peak = peakRate(direction === 'read' ? r.usage.read : r.usage.write, p);
      if (peak >= limit * provisioned) continue;
      const next = Math.max(1, Math.ceil(peak / target - 1e-9));
      if (next >= provisioned) continue;
      const unit = direction === 'read' ? 'RCU' : 'WCU';
      savings += (provisioned - next) * HOURS_PER_MONTH * (direction === 'read' ? sheet.rcuHour : sheet.wcuHour);
      parts.push(`${direction} capacity from ${formatUnits(provisioned)} to ${next} ${unit}`);
      evidence.push(
        `${direction}s peaked at ${formatUnits(peak)} units/s, ${pct(peak / provisioned)} of ${formatUnits(provisioned)} ${unit}`,
      );
    }
    if (parts.length === 0 || savings < (options.minMonthlySavings ?? DEFAULT_MIN_MONTHLY_SAVINGS)) continue;
    out.push({
      kind: 'over-provisioned',
      action: `Lower ${r.name ? `index ${r.name}'s` : 'the'} ${parts.join(' and ')} (or let auto scaling track ${pct(target)}).`,
      monthlySavingsUsd: savings,
      evidence: `Over ${windowDays(usage.window)} days ${evidence.join('; ')} (${money(savings, currency)} a month of capacity never used).`,
      ...(r.name ? { index: r.name } : {}),
    });
  }
  return out;
}

function tableClassAdvice(
  table: TableModel,
  usage: TableUsage,
  cost: TableCost,
  options: AdviceOptions,
): Recommendation | undefined {
  const other = table.tableClass === 'STANDARD' ? 'STANDARD_INFREQUENT_ACCESS' : 'STANDARD';
  const alt = tableCost(table, usage, { ...(options.prices ? { prices: options.prices } : {}), tableClass: other });
  const savings = cost.total - alt.total;
  if (savings < (options.minMonthlySavings ?? DEFAULT_MIN_MONTHLY_SAVINGS)) return undefined;
  const storage = storageUsd(cost);
  const throughput = throughputUsd(cost);
  const share = throughput > 0 ? `${pct(storage / throughput)} of` : 'against no';
  return {
    kind: 'table-class',
    action:
      other === 'STANDARD_INFREQUENT_ACCESS'
        ? 'Change the table class to Standard-IA (at most twice in 30 days).'
        : 'Change the table class to Standard (at most twice in 30 days).',
    monthlySavingsUsd: savings,
    evidence: `Storage costs ${money(storage, cost.currency)} a month, ${share} the ${money(throughput, cost.currency)} of throughput (Standard-IA pays off above about ${pct(IA_STORAGE_SHARE_HINT)}): ${money(alt.total, cost.currency)} a month as ${other === 'STANDARD' ? 'Standard' : 'Standard-IA'} against ${money(cost.total, cost.currency)} now.`,
  };
}

function unusedIndexAdvice(usage: TableUsage, cost: TableCost, options: AdviceOptions): Recommendation[] {
  const out: Recommendation[] = [];
  for (const item of cost.indexes.items) {
    const u = usage.indexes[item.index];
    if (!u) continue;
    const reads = u.read.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    const writes = u.write.reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
    if (reads > 0 || writes <= 0) continue;
    if (item.total < (options.minMonthlySavings ?? DEFAULT_MIN_MONTHLY_SAVINGS)) continue;
    out.push({
      kind: 'unused-index',
      action: `Delete index ${item.index}, or read from it: it is written but never read.`,
      monthlySavingsUsd: item.total,
      evidence: `${formatUnits(writes)} write units and no read units in ${windowDays(usage.window)} days; the index costs ${money(item.total, cost.currency)} a month (writes ${money(item.writes.usd, cost.currency)}, reads ${money(item.reads.usd, cost.currency)}, storage ${money(item.storage.usd, cost.currency)}).`,
      index: item.index,
    });
  }
  return out;
}

/** The cost of one table now and what would make it cheaper, largest savings first. */
export function adviseTable(table: TableModel, usage: TableUsage, options: AdviceOptions = {}): TableAdvice {
  const cost = tableCost(table, usage, options.prices ? { prices: options.prices } : {});
  const base = { periodSeconds: usage.window.periodSeconds, startSec: usage.window.startSec };
  const replayOptions: ReplayOptions = {
    ...(options.targetUtilization !== undefined ? { targetUtilization: options.targetUtilization } : {}),
    ...(options.minCapacity !== undefined ? { minCapacity: options.minCapacity } : {}),
    ...(options.maxCapacity !== undefined ? { maxCapacity: options.maxCapacity } : {}),
  };
  const replay: TableAdvice['replay'] = {
    table: replayAutoScaling({ ...base, read: usage.table.read, write: usage.table.write }, replayOptions),
    indexes: {},
  };
  for (const [name, u] of Object.entries(usage.indexes))
    replay.indexes[name] = replayAutoScaling({ ...base, read: u.read, write: u.write }, replayOptions);
  const recommendations: Recommendation[] = [];
  const mode = billingModeAdvice(table, usage, cost, replay, options);
  if (mode) recommendations.push(mode);
  recommendations.push(...overProvisionedAdvice(table, usage, options, cost.currency));
  const tableClass = tableClassAdvice(table, usage, cost, options);
  if (tableClass) recommendations.push(tableClass);
  recommendations.push(...unusedIndexAdvice(usage, cost, options));
  recommendations.sort((a, b) => b.monthlySavingsUsd - a.monthlySavingsUsd);
  return { cost, recommendations, replay };
}

/** Why an on-demand table stays on-demand, for the text output and the dashboard (undefined when it would not throttle). */
export function throttleNote(advice: TableAdvice): string | undefined {
  if (advice.cost.billingMode !== 'PAY_PER_REQUEST') return undefined;
  const runs = [
    ['the table', advice.replay.table] as const,
    ...Object.entries(advice.replay.indexes).map(([n, r]) => [`index ${n}`, r] as const),
  ];
  const hit = runs.filter(([, r]) => r.read.throttledPeriods + r.write.throttledPeriods > 0);
  if (hit.length === 0) return undefined;
  return `Stays on-demand: auto scaling would have throttled ${hit.map(([n, r]) => `${n} in ${r.read.throttledPeriods + r.write.throttledPeriods} periods (${formatUnits(r.read.throttledUnits + r.write.throttledUnits)} units)`).join(', ')}.`;
}
