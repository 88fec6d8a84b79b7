// Typed reader of the `dynamoGuard.analyzer.*` settings: workspace-wide analysis on/off, per-rule
// severities (which override dynamo-guard.config.json), and extra ignore globs.
import * as vscode from 'vscode';
import type { SeverityOption } from '../../core/analyzer/finding';
import { EDITOR_SETTING_RULES, type EditorSettingRuleId } from '../../core/rules/registry';

const SECTION = 'dynamoGuard.analyzer';
const SEVERITIES: readonly SeverityOption[] = ['error', 'warning', 'info', 'off'];

export interface AnalyzerSettings {
  /** Analyze every JS/TS file of the workspace in the background, not only open ones. */
  workspace: boolean;
  /** Severities set in settings; a rule left at `default` is absent (config file or built-in default applies). */
  severities: Partial<Record<EditorSettingRuleId, SeverityOption>>;
  /** Gitignore-style globs, relative to the workspace folder, never analyzed. */
  ignore: string[];
}

/** The settings as they apply to a file (or the window, without one). */
export function readAnalyzerSettings(scope?: vscode.Uri): AnalyzerSettings {
  const config = vscode.workspace.getConfiguration(SECTION, scope);
  const severities: AnalyzerSettings['severities'] = {};
  for (const { id } of EDITOR_SETTING_RULES) {
    const value = config.get<string>(`severity.${id}`, 'default');
    if ((SEVERITIES as readonly string[]).includes(value)) severities[id] = value as SeverityOption;
  }
  const ignore = config.get<unknown>('ignore', []);
  return {
    workspace: config.get<boolean>('workspace', true) !== false,
    severities,
    ignore: Array.isArray(ignore)
      ? ignore.filter((g): g is string => typeof g === 'string' && g.trim().length > 0)
      : [],
  };
}

export function affectsAnalyzerSettings(e: vscode.ConfigurationChangeEvent): boolean {
  return e.affectsConfiguration(SECTION);
}
