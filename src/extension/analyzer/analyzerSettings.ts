// Typed reader of the `dynamoGuard.analyzer.*` settings: workspace-wide analysis on/off, per-rule
// severities (which override dynamo-guard.config.json), and extra ignore globs.
import * as vscode from 'vscode';
import type { RuleId, SeverityOption } from '../../core/analyzer/finding';

const SECTION = 'dynamoGuard.analyzer';
export const CONFIGURABLE_RULES = ['scan', 'single-value-partition-key', 'unused-suppression'] as const satisfies readonly RuleId[];
export type ConfigurableRule = (typeof CONFIGURABLE_RULES)[number];
const SEVERITIES: readonly SeverityOption[] = ['error', 'warning', 'info', 'off'];

export interface AnalyzerSettings {
  /** Analyze every JS/TS file of the workspace in the background, not only open ones. */
  workspace: boolean;
  /** Severities set in settings; a rule left at `default` is absent (config file or built-in default applies). */
  severities: Partial<Record<ConfigurableRule, SeverityOption>>;
  /** Gitignore-style globs, relative to the workspace folder, never analyzed. */
  ignore: string[];
}

/** The settings as they apply to a file (or the window, without one). */
export function readAnalyzerSettings(scope?: vscode.Uri): AnalyzerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const severities: AnalyzerSettings['severities'] = {};
  for (const rule of CONFIGURABLE_RULES) {
    const value = config.get<string>(`severity.${rule}`, 'default');
    if ((SEVERITIES as readonly string[]).includes(value)) severities[rule] = value as SeverityOption;
  }
  const ignore = config.get<unknown>('ignore', []);
  return {
    workspace: config.get<boolean>('workspace', true) !== false,
    severities,
    ignore: Array.isArray(ignore) ? ignore.filter((g): g is string => typeof g === 'string' && g.trim().length > 0) : [],
  };
}

export function affectsAnalyzerSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
