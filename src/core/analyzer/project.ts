// Analyzes a whole tree for the CLI: walk, read, pre-filter, analyze each candidate once (on every
// core for large trees), then suppressions, allowed-scan paths, baseline and a stable order.
import * as os from 'node:os';
import * as path from 'node:path';
import { combineSchemaResults, discoverSchemas, isInfrastructureFile, type DiscoveryResult } from '../schema/discover';
import type { SchemaProblem, TableSchema } from '../schema/keySchema';
import { mergeSchemas } from '../schema/mergeSchemas';
import { loadPythonParser } from '../python/parser';
import { isPythonFile } from '../python/pythonFiles';
import { isVtlFile } from '../vtl/vtlFiles';
import { templateTablesUnder } from '../vtl/dataSources';
import { ModuleCache } from './analyze';
import { applyBaseline, type Baseline } from './baseline';
import type { Finding } from './finding';
import {
  analyzeJob,
  type AnalysisContext,
  type FileOutcome,
  type FileJob,
  type ProjectSite,
  type ThreadAnalyzers,
} from './projectFileJob';
import {
  moduleResolver,
  pythonAnalyzerFor,
  readProjectFiles,
  unusedSuppressions,
  type ProjectProblem,
} from './projectFiles';
import { baselineFileKey, cmp, compareFindings, projectPolicy, relativeTo, type ProjectConfig } from './projectPolicy';
import { learnProjectWrappers } from './projectWrappers';
import { learnPythonProjectWrappers } from '../python/projectWrappers';
import { CHUNK_SIZE, PARALLEL_THRESHOLD, planWorkers, runParallel } from './projectWorkers';

export interface ProjectProgress {
  done: number;
  total: number;
}

export interface AnalyzeProjectOptions {
  /** Folder paths are resolved against and reported relative to (the working directory in the CLI). */
  root: string;
  /** Files or folders to check; defaults to `[root]`. */
  paths?: readonly string[];
  config?: ProjectConfig;
  /** Key schemas already known (the configuration's, or configuration merged with discovered infrastructure). */
  tables?: readonly TableSchema[];
  /**
   * Also discover key schemas in the infrastructure code under `root` and merge them after `tables`.
   * When the paths cover the root, this shares the walk and the reads of the analysis (each file is
   * read once); otherwise the root is walked for schemas separately.
   */
  discoverSchemas?: boolean;
  /** Drops the findings the baseline lists; `dir` is the baseline file's folder its paths are relative to. */
  baseline?: { baseline: Baseline; dir: string };
  onProgress?: (progress: ProjectProgress) => void;
  /** Worker threads besides the main thread; default: one per extra core, used only for large trees. */
  workers?: number;
  /** Per-file analysis budget handed to the analyzer. */
  timeBudgetMs?: number;
  /** Candidate files above which workers start; default PARALLEL_THRESHOLD. */
  parallelThreshold?: number;
  /** Whether the main thread analyzes too while workers run (default true); false keeps it free. */
  mainThreadWorks?: boolean;
  /** Stops the run between chunks of files; the promise then rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Files the walk finds (not named ones) are checked only when this accepts their absolute path (a glob's matcher). */
  include?: (file: string) => boolean;
  /**
   * Folders below the root holding any of these names (`dynamo-guard.config.json`, `.git`) are
   * projects of their own, with their own configuration: neither checked nor read for key schemas,
   * but returned in `nestedProjects`.
   */
  nestedProjectMarkers?: readonly string[];
  /** Bytes to check in place of reading the disk, by absolute path: standard input checked as if it were that file. */
  contents?: ReadonlyMap<string, Uint8Array>;
}

export interface ProjectStats {
  /** Source files found and read. */
  filesScanned: number;
  /** Files that passed the pre-filter and were parsed. */
  filesAnalyzed: number;
  durationMs: number;
  /** Findings silenced by ignore comments (still in `findings`, with `suppression`). */
  suppressed: number;
  /** Findings dropped because the baseline lists them. */
  baselined: number;
  /** Files found but not analyzed, each with a problem saying why: unreadable, binary, too large, minified, or dropped by the analyzer. */
  filesSkipped: number;
  /** Worker threads used (0: main thread only). */
  workers: number;
  /** The worker count asked for, when it was capped (by cores or by the number of files). */
  workersRequested?: number;
  /** Files analyzed by worker threads rather than the main thread. */
  filesAnalyzedInWorkers: number;
}

export interface ProjectResult {
  /** Active and suppressed findings, `file` relative to `root` with forward slashes, in a stable order. */
  findings: Finding[];
  stats: ProjectStats;
  problems: ProjectProblem[];
  /** The key schemas the analysis used (given and discovered, merged). */
  tables: TableSchema[];
  /** Call sites with a resolved table, `file` relative to `root`, in file order. */
  sites: ProjectSite[];
  /** Schema sources that could not be read, when `discoverSchemas` was set. */
  schemaProblems: SchemaProblem[];
  /** Every file found (analyzed or skipped), relative to `root` with forward slashes, sorted. */
  files: string[];
  /** Folders holding a `nestedProjectMarkers` name that the walk did not enter: absolute, sorted. */
  nestedProjects: string[];
  /** Names of the project's functions that reach DynamoDB (its wrappers), learned by the run, sorted. */
  wrapperNames: string[];
}

export async function analyzeProject(options: AnalyzeProjectOptions): Promise<ProjectResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const config = options.config ?? {};
  const severities = config.rules ?? {};
  const contents = options.contents ?? new Map<string, Uint8Array>();
  const walkPaths = (options.paths ?? [root]).filter((p) => !contents.has(path.resolve(root, p)));
  // Schemas come from the same walk when it covers the whole root (every file of it); a narrower run walks the root for them.
  const sharedDiscovery =
    options.discoverSchemas === true && !options.include && walkPaths.some((p) => path.resolve(root, p) === root);
  const files = readProjectFiles({
    root,
    paths: walkPaths,
    contents,
    ...(config.ignore ? { ignore: config.ignore } : {}),
    ...(options.include ? { include: options.include } : {}),
    ...(options.nestedProjectMarkers ? { nestedProjectMarkers: options.nestedProjectMarkers } : {}),
    severities,
    discoverSchemas: sharedDiscovery,
  });
  const { walk, given, jobs, problems, schemaFiles } = files;
  // The Python grammar compiles in the background while this thread parses the scripts.
  if (jobs.some((j) => isPythonFile(j.file))) void loadPythonParser().catch(() => undefined);
  let filesSkipped = files.filesSkipped;
  // A file that names no DynamoDB API but calls the project's own wrappers is analyzed too.
  // Each language learns its own wrappers; the names are one list (the editor's, the analyses').
  // VTL and infrastructure files keep their own pre-filter's verdict.
  const isScript = (job: FileJob): boolean =>
    !isPythonFile(job.file) && !isVtlFile(job.file) && !isInfrastructureFile(job.file);
  const isPython = (job: FileJob): boolean => isPythonFile(job.file);
  const scriptWrappers = learnProjectWrappers(jobs.filter(isScript), files.deferred.filter(isScript));
  const pythonWrappers = learnPythonProjectWrappers(jobs.filter(isPython), files.deferred.filter(isPython));
  const wrappers = {
    names: [...new Set([...scriptWrappers.names, ...pythonWrappers.names])].sort(),
    admitted: [...scriptWrappers.admitted, ...pythonWrappers.admitted],
  };
  jobs.push(...wrappers.admitted);
  const rejected = [...scriptWrappers.rejected, ...pythonWrappers.rejected];
  const raw: Finding[] = rejected.flatMap((job) => unusedSuppressions(job, severities));
  const sites: ProjectSite[] = [];
  let discovered: DiscoveryResult | undefined;
  if (sharedDiscovery) {
    discovered = combineSchemaResults(schemaFiles);
  } else if (options.discoverSchemas) {
    discovered = await discoverSchemas(root, {
      ignore: [...(config.ignore ?? [])],
      ...(options.nestedProjectMarkers ? { nestedProjectMarkers: options.nestedProjectMarkers } : {}),
    });
  }
  // A run that does not read the infrastructure files itself (named files, a glob, the editor's
  // passes with known tables) still maps its templates to the tables of their data sources.
  const templates =
    !sharedDiscovery && jobs.some((j) => isVtlFile(j.file))
      ? templateTablesUnder(root, config.ignore ?? [], options.nestedProjectMarkers)
      : files.templateTables;
  const context: AnalysisContext = {
    tables: discovered ? mergeSchemas([options.tables ?? [], discovered.tables]) : [...(options.tables ?? [])],
    severities,
    root,
    ...(options.timeBudgetMs !== undefined ? { timeBudgetMs: options.timeBudgetMs } : {}),
    ...(wrappers.names.length > 0 ? { wrapperNames: wrappers.names } : {}),
    ...(templates.length > 0 ? { vtlTables: Object.fromEntries(templates.map((t) => [t.template, t.table])) } : {}),
  };

  const workerCount = planWorkers({
    ...(options.workers !== undefined ? { requested: options.workers } : {}),
    files: jobs.length,
    threshold: options.parallelThreshold ?? PARALLEL_THRESHOLD,
    mainThreadWorks: options.mainThreadWorks ?? true,
    cores: os.availableParallelism(),
  });
  let filesAnalyzed = 0;
  let filesAnalyzedInWorkers = 0;
  let done = 0;
  const collect = (outcomes: readonly FileOutcome[], chunk: readonly FileJob[], inWorker: boolean): void => {
    outcomes.forEach((o, i) => {
      raw.push(...o.findings);
      for (const site of o.sites) sites.push({ ...site, file: relativeTo(root, site.file) });
      if (o.analyzed) filesAnalyzed++;
      if (o.analyzed && inWorker) filesAnalyzedInWorkers++;
      const file = chunk[i]?.file;
      if (o.problem) {
        if (!o.analyzed) filesSkipped++;
        problems.push({ ...(file ? { file } : {}), message: o.problem.message, reason: o.problem.reason });
      }
    });
    done += chunk.length;
    options.onProgress?.({ done, total: jobs.length });
  };
  // Imported modules come from the walk's reads when it read them: each file is read once.
  const analyzers: ThreadAnalyzers = { modules: files.modules ?? new ModuleCache(moduleResolver(files.texts)) };
  // A checked file that another one imports is parsed once: its tree serves both.
  for (const job of jobs) if (job.sourceFile) analyzers.modules.adopt(job.file, job.text, job.sourceFile);
  const python = await pythonAnalyzerFor(jobs, context);
  if (python.problem) problems.push({ message: python.problem });
  if (python.analyzer) {
    analyzers.python = python.analyzer;
    if (options.discoverSchemas) {
      // PynamoDB models are a schema source like ORM models in JS: a model imported elsewhere is known by name.
      const models = jobs
        .filter((j) => isPythonFile(j.file))
        .flatMap((j) => python.analyzer?.modelSchemas(j.file, j.text) ?? []);
      if (models.length > 0) context.tables = mergeSchemas([context.tables, models]);
      python.analyzer.setTables(context.tables);
    }
  }
  const signal = options.signal;
  signal?.throwIfAborted();
  if (workerCount === 0) {
    // Chunks with a turn of the event loop in between, so a host (the editor) stays responsive and can cancel.
    for (let i = 0; i < jobs.length; i += CHUNK_SIZE) {
      const chunk = jobs.slice(i, i + CHUNK_SIZE);
      collect(
        chunk.map((job) => analyzeJob(job, context, analyzers)),
        chunk,
        false,
      );
      if (i + CHUNK_SIZE < jobs.length) await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  } else {
    await runParallel(jobs, context, workerCount, options.mainThreadWorks ?? true, analyzers, collect, signal);
  }
  analyzers.python?.dispose();

  const policyOf = projectPolicy(config);
  let findings: Finding[] = [];
  for (const f of raw) {
    const rel = relativeTo(root, f.file);
    const { severity, allowedBy } = policyOf(f, rel);
    if (severity === 'off') continue;
    findings.push({
      ...f,
      severity,
      ...(allowedBy ? { allowedBy } : {}),
      file: rel,
      ...(f.related
        ? {
            related: f.related.map((r) => ({
              ...r,
              file: path.isAbsolute(r.file) ? relativeTo(root, r.file) : r.file,
            })),
          }
        : {}),
    });
  }

  let baselined = 0;
  if (options.baseline) {
    const { baseline, dir } = options.baseline;
    const result = applyBaseline(findings, baseline, baselineFileKey(root, dir));
    findings = result.kept;
    baselined = result.baselined;
  }
  findings.sort(compareFindings);
  for (const p of problems) if (p.file && path.isAbsolute(p.file)) p.file = relativeTo(root, p.file);
  problems.sort((a, b) => cmp(a.file ?? '', b.file ?? ''));
  return {
    findings,
    stats: {
      filesScanned: walk.files.length + walk.minified.length + given.length,
      filesAnalyzed,
      durationMs: Math.round(performance.now() - started),
      suppressed: findings.filter((f) => f.suppression).length,
      baselined,
      filesSkipped,
      workers: workerCount,
      ...(options.workers !== undefined && options.workers !== workerCount
        ? { workersRequested: options.workers }
        : {}),
      filesAnalyzedInWorkers,
    },
    problems,
    tables: [...context.tables],
    sites: sites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
    schemaProblems: discovered?.problems ?? [],
    files: [...walk.files, ...walk.minified, ...given].map((f) => relativeTo(root, f)).sort(cmp),
    nestedProjects: walk.nested,
    wrapperNames: wrappers.names,
  };
}
