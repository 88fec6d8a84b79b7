// The one list of rules. Every consumer (analyzer, config file, suppressions, reports, editor
// settings and views) iterates it or looks a rule up here; `RuleId` is derived from it.
import type { RuleDefinition } from './ruleDefinition';
import { analysisErrorRule } from './analysis-error/definition';
import { hotKeyReadRule } from './hot-key-read/definition';
import { scanRule } from './scan/definition';
import { singleValuePartitionKeyRule } from './single-value-partition-key/definition';
import { unusedSuppressionRule } from './unused-suppression/definition';

/** Every rule, in the order reports list them (SARIF `ruleIndex` is a position in it). */
export const RULES = [
  scanRule,
  singleValuePartitionKeyRule,
  unusedSuppressionRule,
  analysisErrorRule,
  hotKeyReadRule,
] as const satisfies readonly RuleDefinition[];

export type Rule = (typeof RULES)[number];
export type RuleId = Rule['id'];
/** Rules the analyzer's checks report (they read operations); the others are the tool's own. */
export type AnalyzerRuleId = Extract<Rule, { readonly reads: readonly [unknown, ...unknown[]] }>['id'];
/** Rules whose severity `rules` in dynamo-guard.config.json sets. */
export type ConfigFileRuleId = Extract<Rule, { readonly configFile: object }>['id'];
/** Rules whose severity a `dynamoGuard.analyzer.severity.<id>` setting sets. */
export type EditorSettingRuleId = Extract<Rule, { readonly editorSetting: object }>['id'];

const byId: ReadonlyMap<string, Rule> = new Map(RULES.map((r) => [r.id, r]));

export function ruleDefinition(id: RuleId): Rule {
  return byId.get(id) as Rule;
}

/** Where a rule's page is, relative to the repository and to the installed extension. */
export function ruleDocPath(id: string): string {
  return `docs/rules/${id}.md`;
}

export const ANALYZER_RULES = RULES.filter((r): r is Extract<Rule, { id: AnalyzerRuleId }> => r.reads.length > 0);

export function isAnalyzerRule(id: string): id is AnalyzerRuleId {
  return ANALYZER_RULES.some((r) => r.id === id);
}

export const CONFIG_FILE_RULES = RULES.filter((r): r is Extract<Rule, { id: ConfigFileRuleId }> => 'configFile' in r);

export const EDITOR_SETTING_RULES = RULES.filter(
  (r): r is Extract<Rule, { id: EditorSettingRuleId }> => 'editorSetting' in r,
);

/** Rules with paths where their findings are expected, listed under `allowedPaths.configKey` in the config file. */
export const ALLOWED_PATHS_RULES = RULES.filter(
  (r): r is Extract<Rule, { readonly allowedPaths: object }> => 'allowedPaths' in r,
);
/** The config file's keys listing such paths: `allowScans`, `allowConstantKeys`. */
export type AllowedPathsKey = (typeof ALLOWED_PATHS_RULES)[number]['allowedPaths']['configKey'];

/** Rules an ignore comment may name. */
export const SUPPRESSIBLE_RULE_IDS: readonly RuleId[] = RULES.filter((r) => r.suppressible).map((r) => r.id);

export function isSuppressible(id: string): boolean {
  return byId.get(id)?.suppressible === true;
}

/** Whether findings of `id` cost money on a table (hover prices, the Cost guard). */
export function pricesFindings(id: string): boolean {
  return byId.get(id)?.pricesFindings === true;
}

/** The default severity of each rule the analyzer's checks report. */
export const DEFAULT_SEVERITIES = Object.fromEntries(ANALYZER_RULES.map((r) => [r.id, r.defaultSeverity])) as Readonly<
  Record<AnalyzerRuleId, Rule['defaultSeverity']>
>;
