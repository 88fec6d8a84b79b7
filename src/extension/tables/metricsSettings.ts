// Typed reader of the `dynamoGuard.metrics.*` settings (package.json declares them with the same defaults).
import * as vscode from 'vscode';
import { DEFAULT_MONTHLY_BUDGET_USD, DEFAULT_VIEW_REFRESH_SECONDS } from '../../core/metrics/cost';
import { DEFAULT_WINDOW_MINUTES } from '../../core/metrics/metricQueries';

export interface MetricsSettings {
  enabled: boolean;
  /** Requested refresh interval; the budget may stretch it. */
  refreshSeconds: number;
  windowMinutes: number;
  /** 0 means no budget. */
  monthlyBudgetUsd: number;
}

export const METRICS_SECTION = 'dynamoGuard.metrics';
export const MIN_REFRESH_SECONDS = 60;

export function readMetricsSettings(): MetricsSettings {
  const c = vscode.workspace.getConfiguration(METRICS_SECTION);
  const num = (key: string, fallback: number, min: number, max: number) => {
    const v = c.get<number>(key, fallback);
    return typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : fallback;
  };
  return {
    enabled: c.get<boolean>('enabled', true) !== false,
    refreshSeconds: num('refreshIntervalSeconds', DEFAULT_VIEW_REFRESH_SECONDS, MIN_REFRESH_SECONDS, 24 * 3600),
    windowMinutes: num('windowMinutes', DEFAULT_WINDOW_MINUTES, 5, 24 * 60),
    monthlyBudgetUsd: num('monthlyBudgetUsd', DEFAULT_MONTHLY_BUDGET_USD, 0, 10_000),
  };
}

export function affectsMetrics(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(METRICS_SECTION);
}
