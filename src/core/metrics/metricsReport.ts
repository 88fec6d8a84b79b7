// One metrics refresh end to end: plan -> GetMetricData -> health, plus what the refresh itself cost;
// a `watch` refresh re-asks at `full` detail only for the tables it found throttled (through a GSI too),
// so the cause is named.
import type { ConnectionOptions } from '../aws/clients';
import type { TableModel } from '../tables/tableModel';
import { getMetricDataCostUsd } from './cost';
import { fetchMetrics, type FetchOptions, type FetchStats } from './fetchMetrics';
import { healthOf, type TableHealth } from './health';
import { buildMetricPlan, type PlanLevel, type PlanOptions } from './metricQueries';

export interface CloudWatchUsage extends FetchStats {
  estimatedCostUsd: number;
}

export interface MetricsReport {
  window: { start: string; end: string; periodSeconds: number };
  tables: TableHealth[];
  cloudWatch: CloudWatchUsage;
}

export interface MetricsReportOptions extends FetchOptions, Omit<PlanOptions, 'level'> {
  level?: PlanLevel;
  /** After a `watch` refresh, fetch `full` detail for throttled tables (default true). */
  drillDown?: boolean;
}

export async function readTableMetrics(
  conn: ConnectionOptions,
  tables: readonly TableModel[],
  options: MetricsReportOptions = {},
): Promise<MetricsReport> {
  const level = options.level ?? 'full';
  const now = options.now ?? new Date();
  const plan = buildMetricPlan(tables, { ...options, level, now });
  const fetched = await fetchMetrics(conn, plan, options);
  const health = healthOf(fetched);
  const stats = { ...fetched.stats };
  if (level === 'watch' && (options.drillDown ?? true)) {
    const throttled = health.map((h, i) => (h.status === 'throttled' ? i : -1)).filter((i) => i >= 0);
    if (throttled.length > 0) {
      const detail = await fetchMetrics(
        conn,
        buildMetricPlan(
          throttled.map((i) => tables[i] as TableModel),
          { ...options, level: 'full', now },
        ),
        options,
      );
      healthOf(detail).forEach((h, k) => {
        // Keep the watch result when the detail call failed: it still says the table throttled.
        if (h.status !== 'error') health[throttled[k] as number] = h;
      });
      stats.getMetricDataCalls += detail.stats.getMetricDataCalls;
      stats.metricsRequested += detail.stats.metricsRequested;
      stats.retries += detail.stats.retries;
    }
  }
  return {
    window: {
      start: plan.window.start.toISOString(),
      end: plan.window.end.toISOString(),
      periodSeconds: plan.window.periodSeconds,
    },
    tables: health,
    cloudWatch: { ...stats, estimatedCostUsd: getMetricDataCostUsd(stats.metricsRequested) },
  };
}
