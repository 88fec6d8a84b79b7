// What the extension's own monitoring costs in CloudWatch: GetMetricData bills every metric requested,
// $0.01 per 1,000 (AWS-FACTS 2.2), whatever the window length or the number of datapoints.

export const USD_PER_METRIC_REQUESTED = 0.01 / 1000;

/**
 * Defaults that keep 20 watched tables under $1 a month (proved in test/unit/metrics/cost.test.ts):
 * the `watch` plan (4 series per table) every 15 minutes, 10 working hours a day, 22 days a month.
 * Every 5 minutes the same watch would cost about $2.11 a month, every 10 minutes about $1.06.
 */
export const DEFAULT_REFRESH_SECONDS = 900;
export const DEFAULT_HOURS_PER_DAY = 10;
export const DEFAULT_DAYS_PER_MONTH = 22;

export function getMetricDataCostUsd(metricsRequested: number): number {
  // Dividing by the exact integer keeps 132 metrics at $0.00132 instead of a binary-float tail.
  return metricsRequested / 100_000;
}

export interface MonitoringProjectionInput {
  tables: number;
  /** Series one refresh asks for per table (plan.queryCount / tables). */
  metricsPerTable: number;
  refreshSeconds?: number;
  hoursPerDay?: number;
  daysPerMonth?: number;
}

export interface MonitoringProjection {
  refreshesPerMonth: number;
  metricsPerMonth: number;
  usdPerMonth: number;
}

export function monthlyMonitoringCost(input: MonitoringProjectionInput): MonitoringProjection {
  const refreshSeconds = input.refreshSeconds ?? DEFAULT_REFRESH_SECONDS;
  if (!(refreshSeconds > 0)) throw new RangeError(`refreshSeconds must be positive, got ${refreshSeconds}`);
  const activeSeconds = (input.hoursPerDay ?? DEFAULT_HOURS_PER_DAY) * 3600 * (input.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH);
  const refreshesPerMonth = Math.floor(activeSeconds / refreshSeconds);
  const metricsPerMonth = refreshesPerMonth * input.tables * input.metricsPerTable;
  return { refreshesPerMonth, metricsPerMonth, usdPerMonth: getMetricDataCostUsd(metricsPerMonth) };
}
