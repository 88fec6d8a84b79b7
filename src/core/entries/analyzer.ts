// Entry of the lazily loaded analyzer bundle: the public API the extension and the CLI import.
export { Analyzer, analyzeSource, DEFAULT_SEVERITIES, type AnalyzeOptions, type AnalyzerRuleId, type FileAnalysis } from '../analyzer/analyze';
export { mightMatter, type TextChange } from '../analyzer/sourceIndex';
export type { OperationKind, OperationSite, OperationApi } from '../analyzer/operations';
export type { ModuleResolver } from '../analyzer/bindings';
export { analyzeProject, baselineFileKey, compareFindings, PARALLEL_THRESHOLD, type AnalyzeProjectOptions, type ProjectConfig, type ProjectResult, type ProjectStats, type ProjectProblem } from '../analyzer/project';
export { applyBaseline, BaselineError, createBaseline, fingerprintFindings, parseBaseline, serializeBaseline, type Baseline, type BaselineEntry } from '../analyzer/baseline';
export { applySuppressions, parseIgnoreComments, SUPPRESSIBLE_RULES, type IgnoreComment, type SuppressionOptions } from '../analyzer/suppressions';
export { looksMinified, walkSourceFiles, type WalkOptions, type WalkResult } from '../workspace/fileWalker';
export { discoverSchemas, schemasFromFile, isSchemaCandidate, type DiscoveryResult } from '../schema/discover';
export { loadConfig, CONFIG_FILE_NAME, type DynamoGuardConfig, type LoadedConfig } from '../config';
export { mergeSchemas, findTable } from '../schema/mergeSchemas';
export { moduleCandidates } from '../analyzer/moduleCandidates';
