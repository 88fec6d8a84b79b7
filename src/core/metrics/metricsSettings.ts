// The Tables view's metrics settings from each settings layer. Polling spends on the user's AWS
// account, so the user's own value (user or remote settings) decides how much, and a workspace's
// `.vscode/settings.json` (any cloned repository) may only make polling cheaper, never dearer.
import { DEFAULT_MONTHLY_BUDGET_USD, DEFAULT_VIEW_REFRESH_SECONDS } from './cost';
import { DEFAULT_WINDOW_MINUTES } from './metricQueries';

export interface MetricsSettings {
  enabled: boolean;
  /** Requested refresh interval; the budget may stretch it. */
  refreshSeconds: number;
  windowMinutes: number;
  /** 0 means no budget. */
  monthlyBudgetUsd: number;
}

/** One setting's value per layer, as VS Code's `WorkspaceConfiguration.inspect()` reports it. */
export interface SettingLayers {
  defaultValue?: unknown;
  globalValue?: unknown;
  workspaceValue?: unknown;
  workspaceFolderValue?: unknown;
}

export const METRICS_SECTION = 'dynamoGuard.metrics';
const MIN_REFRESH_SECONDS = 60;

/**
 * Settings that raise what the extension spends on the user's AWS account, point it at other
 * endpoints and credentials, or set the prices its advice rests on. package.json keeps each one out of untrusted workspaces
 * (`restrictedConfigurations`); a test holds the two lists together.
 */
export const GUARDED_SETTINGS = [
  'dynamoGuard.connections',
  'dynamoGuard.metrics.enabled',
  'dynamoGuard.metrics.refreshIntervalSeconds',
  'dynamoGuard.metrics.monthlyBudgetUsd',
  // Prices steer the cost advice (src/core/cost/priceOverride.ts).
  'dynamoGuard.cost.prices',
] as const;

function numberIn(min: number, max: number): (v: unknown) => number | undefined {
  return (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : undefined);
}

const boolean = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);

/**
 * The user's value (else the default, else `fallback`), then each workspace value only where
 * `cheaper` prefers it. With `cheaper` undefined the workspace value simply wins.
 */
function resolve<T>(
  layers: SettingLayers | undefined,
  parse: (v: unknown) => T | undefined,
  fallback: T,
  cheaper?: (user: T, workspace: T) => T,
): T {
  let value = parse(layers?.globalValue) ?? parse(layers?.defaultValue) ?? fallback;
  for (const raw of [layers?.workspaceValue, layers?.workspaceFolderValue]) {
    const w = parse(raw);
    if (w !== undefined) value = cheaper ? cheaper(value, w) : w;
  }
  return value;
}

/** A budget of 0 means none, so it is the dearest of all. */
function smallerBudget(a: number, b: number): number {
  if (a <= 0) return b;
  if (b <= 0) return a;
  return Math.min(a, b);
}

/** The settings in effect, from `inspect(key)` of each key under `dynamoGuard.metrics`. */
export function resolveMetricsSettings(inspect: (key: string) => SettingLayers | undefined): MetricsSettings {
  return {
    enabled: resolve(inspect('enabled'), boolean, true, (user, workspace) => user && workspace),
    refreshSeconds: resolve(
      inspect('refreshIntervalSeconds'),
      numberIn(MIN_REFRESH_SECONDS, 24 * 3600),
      DEFAULT_VIEW_REFRESH_SECONDS,
      Math.max,
    ),
    // The window length does not change what GetMetricData bills (per metric requested).
    windowMinutes: resolve(inspect('windowMinutes'), numberIn(5, 24 * 60), DEFAULT_WINDOW_MINUTES),
    monthlyBudgetUsd: resolve(
      inspect('monthlyBudgetUsd'),
      numberIn(0, 10_000),
      DEFAULT_MONTHLY_BUDGET_USD,
      smallerBudget,
    ),
  };
}
