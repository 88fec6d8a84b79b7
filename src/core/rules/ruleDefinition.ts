// What a rule is, as data: every fact about a rule that more than one place needs (reports, the
// config file, suppressions, editor settings and views) lives in its definition, never in a list.
// Definitions import types only, so the registry stays light enough for the extension's activation.
import type { OperationKind } from '../operations/model';
import type { Severity } from './severity';
import type { FixKind } from '../fixes/textEdits';

export interface RuleDefinition {
  /** The id findings, ignore comments, `rules` in the config file and settings use. */
  readonly id: string;
  /** PascalCase name, as SARIF viewers show it. */
  readonly name: string;
  /** A few words for lists of findings (the Tables view's Cost guard, Find in Code). */
  readonly title: string;
  readonly shortDescription: string;
  readonly fullDescription: string;
  /** Plain-text help: why it costs and the fix. The long form is the page `ruleDocPath(id)`. */
  readonly help: string;
  readonly defaultSeverity: Severity;
  readonly tags: readonly string[];
  /** SARIF `precision`: how rarely a finding is a false positive. */
  readonly precision: 'very-high' | 'high';
  /**
   * What the analyzer hands the rule's check: operation kinds, and `entity-model` for ORM models
   * declared in code. Empty for the tool's own rules, which no check reports.
   */
  readonly reads: readonly (OperationKind | 'entity-model')[];
  /** Fixes that may apply to its findings, best first (the editor's quick fixes). */
  readonly fixes: readonly FixKind[];
  /** Whether an ignore comment may silence it; the tool's bookkeeping rules cannot be silenced. */
  readonly suppressible: boolean;
  /**
   * Whether its findings cost money on a table: the hover prices them and the Tables view's Cost
   * guard lists them under the table.
   */
  readonly pricesFindings: boolean;
  /** Codicon beside its findings in the Tables view. */
  readonly icon: string;
  /** `rules.<id>` in dynamo-guard.config.json sets its severity; the text is the JSON Schema's description. */
  readonly configFile?: { readonly description: string };
  /** `dynamoGuard.analyzer.severity.<id>` sets its severity in the editor; `summary` says what it flags. */
  readonly editorSetting?: { readonly summary: string };
  /**
   * Paths where its findings are expected (scripts, migrations, tests), reported at a lower
   * severity: `configKey` (`allowScans`, `allowConstantKeys`) in the config file, with these defaults.
   */
  readonly allowedPaths?: {
    readonly configKey: string;
    readonly description: string;
    readonly defaultPaths: readonly string[];
    readonly defaultSeverity: 'info' | 'off';
  };
}
