// What a cost analysis costs in CloudWatch before it runs, and whether the Tables view may run one in
// the background: the view's monthly budget for its own reads keeps a share for the day's analyses.
import { DEFAULT_DAYS_PER_MONTH, getMetricDataCostUsd } from '../metrics/cost';
import { buildMetricPlan } from '../metrics/metricQueries';
import type { TableModel } from '../tables/tableModel';

/** The window the Tables view and `dynamo-guard cost` analyse by default. */
export const DEFAULT_COST_DAYS = 14;

/**
 * Share of `dynamoGuard.metrics.monthlyBudgetUsd` kept for background cost analyses; the polling
 * interval is stretched within the rest, so both together stay within the budget.
 */
export const BACKGROUND_ANALYSIS_SHARE = 0.1;

/** The budget the metrics polling may spend once the analyses' share is set aside (0: no budget). */
export function pollingBudgetUsd(monthlyBudgetUsd: number): number {
  return monthlyBudgetUsd > 0 ? monthlyBudgetUsd * (1 - BACKGROUND_ANALYSIS_SHARE) : 0;
}

/** GetMetricData metrics one analysis of these tables requests when none is in the day's cache. */
export function analysisMetrics(tables: readonly TableModel[], days: number = DEFAULT_COST_DAYS): number {
  return tables.length === 0 ? 0 : buildMetricPlan(tables, { level: 'cost', minutes: days * 1440 }).queryCount;
}

export interface BackgroundDecision {
  allowed: boolean;
  metrics: number;
  /** The analysis repeated every working day for a month. */
  usdPerMonth: number;
  /** What the analyses may spend a month (undefined: no budget). */
  shareUsdPerMonth?: number;
}

/**
 * Whether analysing these tables once every working day fits the analyses' share of the budget.
 * The day's cache makes a second analysis the same day free, so once a day is what it costs.
 */
export function backgroundAnalysis(
  tables: readonly TableModel[],
  monthlyBudgetUsd: number,
  days: number = DEFAULT_COST_DAYS,
): BackgroundDecision {
  const metrics = analysisMetrics(tables, days);
  const usdPerMonth = getMetricDataCostUsd(metrics) * DEFAULT_DAYS_PER_MONTH;
  if (!(monthlyBudgetUsd > 0)) return { allowed: true, metrics, usdPerMonth };
  const shareUsdPerMonth = monthlyBudgetUsd * BACKGROUND_ANALYSIS_SHARE;
  return { allowed: usdPerMonth <= shareUsdPerMonth, metrics, usdPerMonth, shareUsdPerMonth };
}
