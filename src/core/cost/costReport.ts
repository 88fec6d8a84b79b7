// One cost analysis end to end: days of capacity per table from the day's cache or from CloudWatch
// (the metrics query planner and fetcher, packed so no call pages), then cost, advice and alarms,
// and what the analysis itself cost in CloudWatch.
import type { ConnectionOptions } from '../aws/clients';
import { forEachConcurrently } from '../concurrency';
import { getMetricDataCostUsd } from '../metrics/cost';
import { fetchMetrics, type FetchOptions, type FetchResult } from '../metrics/fetchMetrics';
import { buildMetricPlan, COST_PERIOD_SECONDS, MAX_COST_DAYS, type MetricPlan } from '../metrics/metricQueries';
import type { TableModel } from '../tables/tableModel';
import { adviseTable, type AdviceOptions, type TableAdvice } from './advice';
import { DEFAULT_COST_DAYS } from './analysisBudget';
import { describeTableAlarms, suggestAlarms, type TableAlarm } from './alarms';
import { utcDay, type CostCache } from './costCache';
import type { ResourceUsage, TableUsage } from './costModel';

export interface CostReportOptions
  extends AdviceOptions, Pick<FetchOptions, 'signal' | 'concurrency' | 'retry' | 'deadlineMs'> {
  days?: number;
  now?: Date;
  /** The day's cache; none means every run asks CloudWatch. */
  cache?: CostCache;
  /** Identifies the connection in cache keys (profile, region, endpoints). */
  connectionKey?: string;
  /** Look up existing alarms with DescribeAlarmsForMetric (default true). */
  alarms?: boolean;
}

export interface TableCostReport {
  table: TableModel;
  /** Absent when the table's metrics could not be read (see `error`). */
  advice?: TableAdvice;
  /** The series the advice rests on (the dashboard charts them). */
  usage?: TableUsage;
  alarms: TableAlarm[];
  /** Why the cost could not be worked out, in one sentence. */
  error?: string;
  /** Why existing alarms could not be listed (suggestions are still given). */
  alarmsError?: string;
  /** True when the series came from today's cache. */
  cached: boolean;
}

export interface CostAnalysisUsage {
  getMetricDataCalls: number;
  metricsRequested: number;
  estimatedCostUsd: number;
  describeAlarmsCalls: number;
  cachedTables: number;
}

export interface CostReport {
  window: { start: string; end: string; days: number; periodSeconds: number };
  tables: TableCostReport[];
  cloudWatch: CostAnalysisUsage;
}

/** The series of one table in a fetched cost plan, as dense per-period arrays (missing: 0, or NaN for provisioned). */
export function usageFromFetch(plan: MetricPlan, fetched: Pick<FetchResult, 'series'>, tableIndex: number): TableUsage {
  const w = plan.window;
  const startSec = w.start.getTime() / 1000;
  const periods = Math.round((w.end.getTime() - w.start.getTime()) / 1000 / w.periodSeconds);
  const blank = (): ResourceUsage & { provisionedRead?: number[]; provisionedWrite?: number[] } => ({
    read: new Array<number>(periods).fill(0),
    write: new Array<number>(periods).fill(0),
  });
  const table = blank();
  const indexes: Record<string, ReturnType<typeof blank>> = {};
  for (const q of plan.queriesByTable[tableIndex] ?? []) {
    const target = q.index === undefined ? table : (indexes[q.index] ??= blank());
    const role = q.role;
    if (role.kind !== 'consumed' && role.kind !== 'provisioned') continue;
    let arr: number[];
    if (role.kind === 'consumed')
      arr = role.direction === 'read' ? (target.read as number[]) : (target.write as number[]);
    else {
      arr = new Array<number>(periods).fill(Number.NaN);
      if (role.direction === 'read') target.provisionedRead = arr;
      else target.provisionedWrite = arr;
    }
    for (const [t, v] of fetched.series.get(q.id) ?? []) {
      const i = (t - startSec) / w.periodSeconds;
      if (Number.isInteger(i) && i >= 0 && i < periods) arr[i] = v;
    }
  }
  return { window: { startSec, periodSeconds: w.periodSeconds, periods }, table, indexes };
}

function shapeOf(table: TableModel, days: number): string {
  return [
    days,
    COST_PERIOD_SECONDS,
    table.billingMode,
    ...table.indexes.filter((ix) => ix.kind === 'GSI').map((ix) => ix.name),
  ].join('|');
}

export async function analyzeCosts(
  conn: ConnectionOptions,
  tables: readonly TableModel[],
  options: CostReportOptions = {},
): Promise<CostReport> {
  const days = options.days ?? DEFAULT_COST_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_COST_DAYS)
    throw new RangeError(`days must be a whole number from 1 to ${MAX_COST_DAYS}, got ${days}`);
  const now = options.now ?? new Date();
  const day = utcDay(now);
  const key = (t: TableModel) => ({
    connection: options.connectionKey ?? '',
    table: t.name,
    shape: shapeOf(t, days),
    day,
  });
  const usages = new Array<TableUsage | undefined>(tables.length);
  const errors = new Map<number, string>();
  const cached = new Set<number>();
  tables.forEach((t, i) => {
    const hit = options.cache?.read(key(t));
    if (hit) {
      usages[i] = hit;
      cached.add(i);
    }
  });
  const missing = tables.map((_, i) => i).filter((i) => !cached.has(i));
  const plan = buildMetricPlan(
    missing.map((i) => tables[i] as TableModel),
    { level: 'cost', minutes: days * 1440, now },
  );
  const usage: CostAnalysisUsage = {
    getMetricDataCalls: 0,
    metricsRequested: 0,
    estimatedCostUsd: 0,
    describeAlarmsCalls: 0,
    cachedTables: cached.size,
  };
  if (missing.length > 0) {
    const fetched = await fetchMetrics(conn, plan, { deadlineMs: 120_000, ...pickFetch(options) });
    usage.getMetricDataCalls = fetched.stats.getMetricDataCalls;
    usage.metricsRequested = fetched.stats.metricsRequested;
    missing.forEach((tableIndex, k) => {
      const err = fetched.tableErrors.get(k);
      if (err) {
        errors.set(tableIndex, err);
        return;
      }
      const u = usageFromFetch(plan, fetched, k);
      usages[tableIndex] = u;
      options.cache?.write(key(tables[tableIndex] as TableModel), u);
    });
  }
  usage.estimatedCostUsd = getMetricDataCostUsd(usage.metricsRequested);

  const reports: TableCostReport[] = tables.map((table, i) => {
    const u = usages[i];
    const err = errors.get(i);
    return {
      table,
      ...(u ? { advice: adviseTable(table, u, options), usage: u } : {}),
      alarms: [],
      ...(err ? { error: err } : {}),
      cached: cached.has(i),
    };
  });
  if (options.alarms ?? true) {
    await forEachConcurrently(reports, 2, async (r) => {
      const found = await describeTableAlarms(conn, r.table, options.signal);
      usage.describeAlarmsCalls += found.calls;
      r.alarms = [...found.alarms, ...suggestAlarms(r.table, found.alarms)];
      if (found.error) r.alarmsError = found.error;
    });
  } else {
    for (const r of reports) r.alarms = suggestAlarms(r.table, []);
  }
  return {
    window: {
      start: plan.window.start.toISOString(),
      end: plan.window.end.toISOString(),
      days,
      periodSeconds: plan.window.periodSeconds,
    },
    tables: reports,
    cloudWatch: usage,
  };
}

function pickFetch(o: CostReportOptions): FetchOptions {
  return {
    ...(o.signal ? { signal: o.signal } : {}),
    ...(o.concurrency ? { concurrency: o.concurrency } : {}),
    ...(o.retry ? { retry: o.retry } : {}),
    ...(o.deadlineMs ? { deadlineMs: o.deadlineMs } : {}),
  };
}
