// Entry of the lazily loaded analyzer bundle: the public API the extension and the CLI import.
export { Analyzer, analyzeSource, DEFAULT_SEVERITIES, type AnalyzeOptions, type AnalyzerRuleId, type FileAnalysis } from '../analyzer/analyze';
export { mightMatter } from '../analyzer/sourceIndex';
export type { TextChange } from '../syntax/parse';
export type { OperationKind, OperationSite, OperationApi } from '../analyzer/operations';
export type { ModuleResolver } from '../syntax/bindings';
export { analyzeProject, baselineFileKey, compareFindings, configuredSeverity, MIN_FILES_PER_WORKER, PARALLEL_THRESHOLD, planWorkers, type AnalyzeProjectOptions, type ProjectConfig, type ProjectResult, type ProjectStats, type ProjectProblem, type ProjectSite } from '../analyzer/project';
export { applyBaseline, BaselineError, createBaseline, fingerprintFindings, parseBaseline, serializeBaseline, type Baseline, type BaselineEntry } from '../analyzer/baseline';
export { applySuppressions, parseIgnoreComments, SUPPRESSIBLE_RULES, type IgnoreComment, type SuppressionOptions } from '../analyzer/suppressions';
export { looksMinified, toPosix, walkIncludes, walkSourceFiles, type WalkOptions, type WalkResult } from '../workspace/fileWalker';
export { projectRootOf } from '../workspace/projectRoot';
export { discoverSchemaFiles, discoverSchemas, inSkippedSchemaDirectory, mergeSchemaFiles, schemasFromFile, isSchemaCandidate, type DiscoveryResult, type SchemaFile } from '../schema/discover';
export { loadConfig, parseConfig, CONFIG_FILE_NAME, type ConfigProblem, type DynamoGuardConfig, type LoadedConfig } from '../config';
export { mergeSchemas, findTable } from '../schema/mergeSchemas';
export { moduleCandidates } from '../analyzer/moduleCandidates';
export { fixesFor, ignoreFindingEdit, type FixOptions } from '../fixes/fixes';
export { applyEdits, type Fix, type FixKind, type TextEdit } from '../fixes/textEdits';
export { findingCostMarkdown, type CostContext } from '../findingCost';
