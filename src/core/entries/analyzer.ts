// Entry of the lazily loaded analyzer bundle: the public API the extension and the CLI import.
export {
  Analyzer,
  analyzeSource,
  DEFAULT_SEVERITIES,
  type AnalyzeOptions,
  type AnalyzerRuleId,
  type FileAnalysis,
} from '../analyzer/analyze';
export { mightMatter } from '../analyzer/sourceIndex';
export { callsWrapper } from '../analyzer/wrappers';
export { PythonAnalyzer, type PythonAnalysis } from '../python/analyzePython';
export { isPythonFile, mightMatterPython } from '../python/pythonFiles';
export { pythonLayerRoots, pythonModuleCandidates } from '../python/pythonModules';
export { analyzeVtl, type VtlAnalysis } from '../vtl/analyzeVtl';
export { templateTablesUnder, type TemplateTable } from '../vtl/dataSources';
export { isVtlFile } from '../vtl/vtlFiles';
export type { TextChange } from '../syntax/parse';
export type { OperationKind, OperationSite, OperationApi } from '../analyzer/operations';
export type { ModuleResolver } from '../syntax/bindings';
export { analyzeProject, type AnalyzeProjectOptions, type ProjectResult, type ProjectStats } from '../analyzer/project';
export type { ProjectSite } from '../analyzer/projectFileJob';
export type { ProjectProblem } from '../analyzer/projectFiles';
export { baselineFileKey, compareFindings, configuredSeverity, type ProjectConfig } from '../analyzer/projectPolicy';
export { MIN_FILES_PER_WORKER, PARALLEL_THRESHOLD, planWorkers } from '../analyzer/projectWorkers';
export {
  applyBaseline,
  BaselineError,
  createBaseline,
  fingerprintFindings,
  parseBaseline,
  serializeBaseline,
  type Baseline,
  type BaselineEntry,
} from '../analyzer/baseline';
export {
  applySuppressions,
  parseIgnoreComments,
  SUPPRESSIBLE_RULES,
  type IgnoreComment,
  type SuppressionOptions,
} from '../analyzer/suppressions';
export {
  looksMinified,
  toPosix,
  walkIncludes,
  walkSourceFiles,
  type WalkOptions,
  type WalkResult,
} from '../workspace/fileWalker';
export { projectRootOf } from '../workspace/projectRoot';
export {
  discoverSchemaFiles,
  discoverSchemas,
  inSkippedSchemaDirectory,
  mergeSchemaFiles,
  schemasFromFile,
  isSchemaCandidate,
  type DiscoveryResult,
  type SchemaFile,
} from '../schema/discover';
export { loadConfig, parseConfig } from '../config/configLoader';
export type { ConfigProblem, DynamoGuardConfig, LoadedConfig } from '../config/configModel';
export { CONFIG_FILE_NAME } from '../configFileName';
export { mergeSchemas, findTable } from '../schema/mergeSchemas';
export { moduleCandidates } from '../analyzer/moduleCandidates';
export { ModuleLayout } from '../analyzer/packageModules';
export { diskLayoutReader } from '../analyzer/projectFiles';
export { fixesFor, ignoreFindingEdit, type FixOptions } from '../fixes/fixes';
export { applyEdits, type Fix, type FixKind, type TextEdit } from '../fixes/textEdits';
export { findingCostMarkdown, type CostContext } from '../findingCost';
