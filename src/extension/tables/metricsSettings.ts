// Reads the `dynamoGuard.metrics.*` settings and the cost price override through inspect(), so that core
// can tell the user's value from a workspace's: a workspace may make polling cheaper but never dearer,
// and never sets prices (package.json says so).
import * as vscode from 'vscode';
import { METRICS_SECTION, resolveMetricsSettings, type MetricsSettings } from '../../core/metrics/metricsSettings';
import { COST_PRICES_SETTING, resolveCostPrices, type CostPricesSetting } from '../../core/cost/priceOverride';

export function readMetricsSettings(): MetricsSettings {
  const c = vscode.workspace.getConfiguration(METRICS_SECTION);
  return resolveMetricsSettings((key) => c.inspect(key));
}

export function affectsMetrics(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(METRICS_SECTION);
}

/** `dynamoGuard.cost.prices`: the user's price override for the cost analyses (never a workspace's). */
export function readCostPrices(): CostPricesSetting {
  return resolveCostPrices(vscode.workspace.getConfiguration().inspect(COST_PRICES_SETTING));
}

export function affectsCostPrices(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(COST_PRICES_SETTING);
}
