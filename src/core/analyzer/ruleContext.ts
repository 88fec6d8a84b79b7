// What a rule needs while it looks at one file: resolvers, schemas, severities, and a sink that
// turns syntax nodes into findings with 1-based ranges.
import type * as ts from 'typescript';
import type { Bindings } from '../syntax/bindings';
import type { Constants } from '../syntax/constants';
import type { SourceRange } from '../syntax/positions';
import type { Confidence, Finding, FindingData, RelatedLocation, RuleId, Severity } from './finding';
import type { TableResolver } from './tableResolver';
import type { AnalyzerRuleId } from '../rules/registry';

export interface RuleContext {
  fileName: string;
  sourceFile: ts.SourceFile;
  bindings: Bindings;
  constants: Constants;
  tables: TableResolver;
  /** Configured severity, or `undefined` when the rule is off. */
  severityOf(rule: AnalyzerRuleId): Severity | undefined;
  rangeOf(node: ts.Node): SourceRange;
  /** Throws once the file's time budget is spent. */
  checkBudget(): void;
  /** Reports a finding where `range` says, else on `node`. */
  report(finding: {
    rule: RuleId;
    node?: ts.Node;
    range?: SourceRange;
    confidence: Confidence;
    message: string;
    table?: string;
    related?: RelatedLocation[];
    data?: FindingData;
  }): void;
  readonly findings: Finding[];
}
