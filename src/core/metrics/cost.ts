// What the extension's own monitoring costs in CloudWatch: GetMetricData bills every metric requested,
// $0.01 per 1,000 (AWS-FACTS 2.2), whatever the window length or the number of datapoints.

export const USD_PER_METRIC_REQUESTED = 0.01 / 1000;

/**
 * Defaults that keep 20 watched tables with a GSI each under $1 a month (proved in
 * test/unit/metrics/cost.test.ts): the `watch` plan (4 series per table + 2 per GSI, so 6 here) every
 * 16 minutes, 10 working hours a day, 22 days a month. Every 5 minutes the same watch would cost about
 * $3.17 a month, every 15 minutes about $1.06. The editor asks for 5 minutes and stretches it with
 * `budgetedRefresh`, from the real series count, to stay inside the budget.
 */
export const DEFAULT_REFRESH_SECONDS = 960;
/** The Tables view's requested refresh interval (its setting's default). */
export const DEFAULT_VIEW_REFRESH_SECONDS = 300;
/** The Tables view's default monthly budget for its own CloudWatch reads. */
export const DEFAULT_MONTHLY_BUDGET_USD = 1;
export const DEFAULT_HOURS_PER_DAY = 10;
export const DEFAULT_DAYS_PER_MONTH = 22;

export function getMetricDataCostUsd(metricsRequested: number): number {
  // Dividing by the exact integer keeps 132 metrics at $0.00132 instead of a binary-float tail.
  return metricsRequested / 100_000;
}

export interface MonitoringProjectionInput {
  tables: number;
  /** Series one refresh asks for per table, its GSIs' series included (plan.queryCount / tables). */
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
  const activeSeconds =
    (input.hoursPerDay ?? DEFAULT_HOURS_PER_DAY) * 3600 * (input.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH);
  const refreshesPerMonth = Math.floor(activeSeconds / refreshSeconds);
  const metricsPerMonth = refreshesPerMonth * input.tables * input.metricsPerTable;
  return { refreshesPerMonth, metricsPerMonth, usdPerMonth: getMetricDataCostUsd(metricsPerMonth) };
}

export interface RefreshBudgetInput {
  /** Metrics one refresh requests (the watch plan with its GSI series, plus any detail being shown). */
  metricsPerRefresh: number;
  /** The interval the user asked for, in seconds. */
  requestedSeconds: number;
  /** Monthly budget in USD; undefined or 0 means no budget. */
  budgetUsdPerMonth?: number;
  hoursPerDay?: number;
  daysPerMonth?: number;
}

export interface RefreshBudget {
  /** The interval to use: the requested one, or longer (whole minutes) when the budget needs it. */
  seconds: number;
  /** True when the budget made the interval longer than requested. */
  stretched: boolean;
  /** What polling at `seconds` costs a month over the working hours. */
  usdPerMonth: number;
}

/** The refresh interval that keeps polling under the monthly budget (never shorter than asked). */
export function budgetedRefresh(input: RefreshBudgetInput): RefreshBudget {
  const requested = Math.max(1, input.requestedSeconds);
  const activeSeconds =
    (input.hoursPerDay ?? DEFAULT_HOURS_PER_DAY) * 3600 * (input.daysPerMonth ?? DEFAULT_DAYS_PER_MONTH);
  const project = (seconds: number) =>
    getMetricDataCostUsd(Math.floor(activeSeconds / seconds) * input.metricsPerRefresh);
  const budget = input.budgetUsdPerMonth;
  if (!budget || budget <= 0 || input.metricsPerRefresh <= 0 || project(requested) <= budget) {
    return { seconds: requested, stretched: false, usdPerMonth: project(requested) };
  }
  // Refreshes the budget pays for, then the whole-minute interval that fits them.
  const refreshes = Math.floor(budget / getMetricDataCostUsd(input.metricsPerRefresh));
  let seconds = refreshes > 0 ? Math.ceil(activeSeconds / refreshes / 60) * 60 : activeSeconds;
  while (project(seconds) > budget) seconds += 60;
  return { seconds: Math.max(seconds, requested), stretched: true, usdPerMonth: project(seconds) };
}
