// The days behind a table's cost, for its dashboard: throttle events by cause (the table's and each
// GSI's) and per-operation latency at 5-minute periods, read through the metrics planner in calls
// that never page. Consumption comes from the cost analysis (and its day's cache), not from here.
import type { ConnectionOptions } from '../aws/clients';
import { getMetricDataCostUsd } from '../metrics/cost';
import { fetchMetrics } from '../metrics/fetchMetrics';
import { buildMetricPlan, type ThrottleReasonMetric } from '../metrics/metricQueries';
import type { TableModel } from '../tables/tableModel';
import { DEFAULT_COST_DAYS } from './analysisBudget';

export interface HistorySeries {
  /** Per period of the window; missing periods are 0 for events, NaN for latency (no request). */
  values: number[];
}

export interface TableHistory {
  window: { startSec: number; periodSeconds: number; periods: number };
  /** Throttle events per cause; `index` set for a GSI's. */
  throttles: { metric: ThrottleReasonMetric; index?: string; values: number[] }[];
  /** Average SuccessfulRequestLatency per operation, in ms. */
  latency: { operation: string; values: number[] }[];
  /** Why the history could not be read (the charts that need it say so), one sentence. */
  error?: string;
  cloudWatch: { getMetricDataCalls: number; metricsRequested: number; estimatedCostUsd: number };
}

export async function readTableHistory(
  conn: ConnectionOptions,
  table: TableModel,
  options: { days?: number; now?: Date; signal?: AbortSignal } = {},
): Promise<TableHistory> {
  const days = options.days ?? DEFAULT_COST_DAYS;
  const plan = buildMetricPlan([table], {
    level: 'history',
    minutes: days * 1440,
    ...(options.now ? { now: options.now } : {}),
  });
  const w = plan.window;
  const startSec = w.start.getTime() / 1000;
  const periods = Math.round((w.end.getTime() - w.start.getTime()) / 1000 / w.periodSeconds);
  const fetched = await fetchMetrics(conn, plan, {
    deadlineMs: 60_000,
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const dense = (id: string, missing: number) => {
    const out = new Array<number>(periods).fill(missing);
    for (const [t, v] of fetched.series.get(id) ?? []) {
      const i = (t - startSec) / w.periodSeconds;
      if (Number.isInteger(i) && i >= 0 && i < periods) out[i] = v;
    }
    return out;
  };
  const history: TableHistory = {
    window: { startSec, periodSeconds: w.periodSeconds, periods },
    throttles: [],
    latency: [],
    cloudWatch: {
      getMetricDataCalls: fetched.stats.getMetricDataCalls,
      metricsRequested: fetched.stats.metricsRequested,
      estimatedCostUsd: getMetricDataCostUsd(fetched.stats.metricsRequested),
    },
  };
  const error = fetched.tableErrors.get(0);
  if (error) return { ...history, error };
  for (const q of plan.queriesByTable[0] ?? []) {
    // DynamoDB sends throttle metrics only when non-zero (AWS-FACTS 1.1): a missing period had none.
    if (q.role.kind === 'throttleReason')
      history.throttles.push({ metric: q.role.metric, ...(q.index ? { index: q.index } : {}), values: dense(q.id, 0) });
    else if (q.role.kind === 'latency')
      history.latency.push({ operation: q.role.operation, values: dense(q.id, Number.NaN) });
  }
  return history;
}
