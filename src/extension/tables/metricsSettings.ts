// Reads the `dynamoGuard.metrics.*` settings through inspect(), so that core can tell the user's value
// from a workspace's: a workspace may make polling cheaper but never dearer (package.json says so).
import * as vscode from 'vscode';
import { METRICS_SECTION, resolveMetricsSettings, type MetricsSettings } from '../../core/metrics/metricsSettings';

export function readMetricsSettings(): MetricsSettings {
  const c = vscode.workspace.getConfiguration(METRICS_SECTION);
  return resolveMetricsSettings((key) => c.inspect(key));
}

export function affectsMetrics(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(METRICS_SECTION);
}
