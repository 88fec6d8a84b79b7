// Entry of the lazily loaded analyzer bundle: the public API the extension and the CLI import.
export { Analyzer, analyzeSource, DEFAULT_SEVERITIES, type AnalyzeOptions, type AnalyzerRuleId, type FileAnalysis } from '../analyzer/analyze';
export { mightMatter, type TextChange } from '../analyzer/sourceIndex';
export type { OperationKind, OperationSite, OperationApi } from '../analyzer/operations';
export type { ModuleResolver } from '../analyzer/bindings';
