// Analyzes a whole tree for the CLI: walk, read, pre-filter, analyze each candidate once (on every
// core for large trees), then suppressions, allowed-scan paths, baseline and a stable order.
import ignore from 'ignore';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type * as ts from 'typescript';
import { combineSchemaResults, discoverSchemas, isInfrastructureFile, isSchemaCandidate, MAX_SCHEMA_FILE_BYTES, schemasFromFile, type DiscoveryResult, type ParseSink } from '../schema/discover';
import type { SchemaFileResult, SchemaProblem, TableSchema } from '../schema/keySchema';
import { mergeSchemas } from '../schema/mergeSchemas';
import { looksMinified, toPosix, walkSourceFiles, type WalkResult } from '../workspace/fileWalker';
import { decodeSource, MAX_SOURCE_BYTES, readSourceFile, tooLarge, type NoteReason, type SkipReason } from '../workspace/sourceText';
import { analyzeSource, ModuleCache } from './analyze';
import type { OperationKind } from './operations';
import { applyBaseline, fingerprintFindings, type Baseline } from './baseline';
import { rangeFromOffsets } from '../syntax/positions';
import type { Finding, RuleId, SeverityOption } from './finding';
import { mightMatter } from './sourceIndex';
import { applySuppressions, SUPPRESSION_MARKER } from './suppressions';
import { moduleCandidates } from './moduleCandidates';

/** The parts of `dynamo-guard.config.json` the project run reads (structurally compatible with config.ts). */
export interface ProjectConfig {
  rules?: Partial<Record<RuleId, SeverityOption>>;
  ignore?: readonly string[];
  allowScans?: { paths: readonly string[]; severity?: SeverityOption };
}

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

export interface ProjectProblem {
  file?: string;
  message: string;
  /** What kind of problem: a skipped file's reason, or `encoding` for a file analyzed with replaced bytes. */
  reason?: SkipReason | NoteReason;
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
}

/** Candidate count above which starting worker threads pays for itself. */
export const PARALLEL_THRESHOLD = 200;
/** Fewest files a worker thread must get: each one loads its own parser and warms its own JIT. */
export const MIN_FILES_PER_WORKER = 50;
const CHUNK_SIZE = 24;
const WORKER_KIND = 'dynamo-guard-project-worker';

interface FileJob {
  file: string;
  text: string;
  /** Schema discovery's tree of the text, reused by the analysis on this thread (never sent to a worker). */
  sourceFile?: ts.SourceFile;
}

interface FileOutcome {
  findings: Finding[];
  /** DynamoDB operations whose table is known. */
  sites: ProjectSite[];
  analyzed: boolean;
  problem?: { message: string; reason: SkipReason };
}

/** One DynamoDB call site with a resolved table: what "Find in code" lists besides findings. */
export interface ProjectSite {
  /** Relative to the root in a ProjectResult (absolute inside the run). */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Operation name as bound (`QueryCommand`, `put`). */
  operation: string;
  kind: OperationKind;
  table: string;
  index?: string;
}

interface AnalysisContext {
  tables: readonly TableSchema[];
  severities: Partial<Record<RuleId, SeverityOption>>;
  timeBudgetMs?: number;
}

export async function analyzeProject(options: AnalyzeProjectOptions): Promise<ProjectResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const config = options.config ?? {};
  const severities = config.rules ?? {};
  const contents = options.contents ?? new Map<string, Uint8Array>();
  const walkPaths = (options.paths ?? [root]).filter((p) => !contents.has(path.resolve(root, p)));
  // Schemas come from the same walk when it covers the whole root (every file of it); a narrower run walks the root for them.
  const sharedDiscovery = options.discoverSchemas === true && !options.include && walkPaths.some((p) => path.resolve(root, p) === root);
  const walk: WalkResult = walkPaths.length === 0 && contents.size > 0
    ? { files: [], others: [], minified: [], nested: [], problems: [] }
    : walkSourceFiles({
      root,
      paths: walkPaths,
      ...(config.ignore ? { ignoreGlobs: config.ignore } : {}),
      ...(sharedDiscovery ? { alsoList: isInfrastructureFile } : {}),
      ...(options.include ? { include: options.include } : {}),
      ...(options.nestedProjectMarkers ? { nestedProjectMarkers: options.nestedProjectMarkers } : {}),
    });
  const given = [...contents.keys()].map((f) => path.resolve(f)).filter((f) => !walk.files.includes(f));
  const problems: ProjectProblem[] = walk.problems.map((p) => ({ file: p.path, message: p.message, reason: p.reason }));
  // A FIFO or device the walk could not read is a file skipped; a missing path or unreadable folder is not a file.
  let filesSkipped = walk.problems.filter((p) => p.reason === 'unreadable' && p.message === 'cannot read: not a regular file').length;
  const raw: Finding[] = [];
  const sites: ProjectSite[] = [];
  const jobs: FileJob[] = [];
  const schemaFiles: { file: string; result: SchemaFileResult }[] = [];
  const skip = (file: string, reason: SkipReason, message: string): void => {
    filesSkipped++;
    problems.push({ file, message, reason });
  };

  for (const file of walk.minified) {
    const read = readSourceFile(file);
    if (!read.ok) skip(file, read.reason, read.message);
    // A bundle that cannot hold a DynamoDB call would have found nothing anyway: no skip to report.
    else if (mightMatter(read.text)) skip(file, 'minified', 'skipped: minified by its name; findings in it are not reported (list it under `ignore` if it is a build artefact)');
  }
  for (const file of [...walk.files, ...given]) {
    const bytes = contents.get(file);
    const read = bytes === undefined ? readSourceFile(file) : bytes.byteLength > MAX_SOURCE_BYTES ? tooLarge() : decodeSource(bytes);
    if (!read.ok) {
      skip(file, read.reason, read.message);
      continue;
    }
    if (read.note) problems.push({ file, message: read.note.message, reason: read.note.reason });
    const text = read.text;
    if (mightMatter(text) && looksMinified(text)) {
      skip(file, 'minified', 'skipped: minified (nearly all of it is on lines over 500 characters); findings in it are not reported');
      continue;
    }
    // One parse per file: a script that discovery reads for key schemas hands its tree to the analysis.
    const sink: ParseSink = {};
    if (sharedDiscovery && text.length <= MAX_SCHEMA_FILE_BYTES && isSchemaCandidate(file)) schemaFiles.push({ file, result: schemasFromFile(file, text, sink) });
    if (mightMatter(text)) jobs.push(sink.sourceFile ? { file, text, sourceFile: sink.sourceFile } : { file, text });
    // A file the pre-filter rejects has no findings, so any ignore comment in it is unused.
    else if (text.includes(SUPPRESSION_MARKER)) raw.push(...fingerprintFindings(applySuppressions(file, text, [], { severities }), text));
  }
  let discovered: DiscoveryResult | undefined;
  if (sharedDiscovery) {
    for (const file of walk.others) {
      const read = readSourceFile(file);
      if (read.ok && read.text.length <= MAX_SCHEMA_FILE_BYTES) schemaFiles.push({ file, result: schemasFromFile(file, read.text) });
      // Key schemas in it may be missing; binary or huge infrastructure files are simply not schema sources.
      else if (!read.ok && read.reason === 'unreadable') problems.push({ file, message: read.message, reason: read.reason });
    }
    discovered = combineSchemaResults(schemaFiles);
  } else if (options.discoverSchemas) {
    discovered = await discoverSchemas(root, { ignore: [...(config.ignore ?? [])], ...(options.nestedProjectMarkers ? { nestedProjectMarkers: options.nestedProjectMarkers } : {}) });
  }
  const context: AnalysisContext = {
    tables: discovered ? mergeSchemas([options.tables ?? [], discovered.tables]) : [...(options.tables ?? [])],
    severities,
    ...(options.timeBudgetMs !== undefined ? { timeBudgetMs: options.timeBudgetMs } : {}),
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
  const modules = new ModuleCache(moduleResolver());
  const signal = options.signal;
  signal?.throwIfAborted();
  if (workerCount === 0) {
    // Chunks with a turn of the event loop in between, so a host (the editor) stays responsive and can cancel.
    for (let i = 0; i < jobs.length; i += CHUNK_SIZE) {
      const chunk = jobs.slice(i, i + CHUNK_SIZE);
      collect(chunk.map((job) => analyzeFile(job, context, modules)), chunk, false);
      if (i + CHUNK_SIZE < jobs.length) await new Promise<void>((resolve) => setImmediate(resolve));
      signal?.throwIfAborted();
    }
  } else {
    await runParallel(jobs, context, workerCount, options.mainThreadWorks ?? true, modules, collect, signal);
  }

  const severityOf = configuredSeverity(config);
  let findings: Finding[] = [];
  for (const f of raw) {
    const rel = relativeTo(root, f.file);
    const severity = severityOf(f, rel);
    if (severity === 'off') continue;
    findings.push({
      ...f,
      severity,
      file: rel,
      ...(f.related ? { related: f.related.map((r) => ({ ...r, file: path.isAbsolute(r.file) ? relativeTo(root, r.file) : r.file })) } : {}),
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
      ...(options.workers !== undefined && options.workers !== workerCount ? { workersRequested: options.workers } : {}),
      filesAnalyzedInWorkers,
    },
    problems,
    tables: [...context.tables],
    sites: sites.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line)),
    schemaProblems: discovered?.problems ?? [],
    files: [...walk.files, ...walk.minified, ...given].map((f) => relativeTo(root, f)).sort(cmp),
    nestedProjects: walk.nested,
  };
}

/**
 * The severity a finding gets under a project's configuration, for a file at `rel` (relative to the
 * configuration's folder, forward slashes): the rule's configured severity, lowered to the
 * allowed-scan severity for scans in `allowScans.paths`. The CLI and the editor both apply it.
 */
export function configuredSeverity(config: ProjectConfig): (finding: Finding, rel: string) => SeverityOption {
  const allowScans = allowScansMatcher(config.allowScans);
  return (f, rel) => {
    const severity: SeverityOption = config.rules?.[f.rule] ?? f.severity;
    return f.rule === 'scan' && allowScans?.(rel) ? lowerSeverity(severity, config.allowScans?.severity ?? 'info') : severity;
  };
}

export interface WorkerPlanInput {
  /** Workers asked for (`--workers`); without it, one per spare core unless the machine is saturated. */
  requested?: number;
  /** Files to analyze. */
  files: number;
  /** File count at or below which no worker starts. */
  threshold: number;
  mainThreadWorks: boolean;
  cores: number;
  /** One-minute load average (default: the machine's). */
  load?: number;
}

/**
 * Worker threads for a run, never more than the cores (besides the main thread when it works too)
 * nor than the files can keep busy: each worker loads its own copy of the parser and warms its own
 * JIT, so a worker without MIN_FILES_PER_WORKER files, or on a busy core, costs more than it saves.
 */
export function planWorkers(input: WorkerPlanInput): number {
  if (input.files <= input.threshold) return 0;
  const byCores = Math.max(input.mainThreadWorks ? 0 : 1, input.cores - (input.mainThreadWorks ? 1 : 0));
  // By default, none on a saturated machine (busy CI runners).
  const wanted = input.requested ?? ((input.load ?? os.loadavg()[0]!) >= input.cores ? 0 : byCores);
  const byFiles = Math.ceil(input.files / MIN_FILES_PER_WORKER);
  return Math.max(0, Math.min(wanted, byCores, byFiles));
}

/** How a finding's root-relative `file` is written in a baseline stored in `dir`. */
export function baselineFileKey(root: string, dir: string): (f: Finding) => string {
  return (f) => toPosix(path.relative(dir, path.resolve(root, f.file)));
}

export function compareFindings(a: Finding, b: Finding): number {
  return cmp(a.file, b.file) || a.line - b.line || a.column - b.column || cmp(a.rule, b.rule) || cmp(a.message, b.message);
}

function analyzeFile(job: FileJob, context: AnalysisContext, modules: ModuleCache): FileOutcome {
  try {
    const analysis = analyzeSource(job.file, job.text, {
      tables: context.tables,
      severities: context.severities,
      modules,
      ...(context.timeBudgetMs !== undefined ? { timeBudgetMs: context.timeBudgetMs } : {}),
    }, job.sourceFile);
    const findings = fingerprintFindings(applySuppressions(job.file, job.text, analysis.findings, { severities: context.severities, ...(analysis.sourceFile ? { sourceFile: analysis.sourceFile } : {}) }), job.text);
    const sites: ProjectSite[] = analysis.operations.filter((o) => o.table !== undefined).map((o) => ({
      file: job.file, line: o.range.line, column: o.range.column, endLine: o.range.endLine, endColumn: o.range.endColumn,
      operation: o.operation, kind: o.kind, table: o.table as string, ...(o.index ? { index: o.index } : {}),
    }));
    const skipped = analysis.skipped === 'too-large' || analysis.skipped === 'binary' ? { message: `skipped: ${analysis.skipped === 'binary' ? 'binary content' : 'too large to analyze'}`, reason: analysis.skipped } : undefined;
    return {
      findings,
      sites,
      analyzed: analysis.skipped === undefined && analysis.error === undefined,
      ...(analysis.error ? { problem: { message: `not analyzed: ${analysis.error}`, reason: 'analysis-error' as const } } : skipped ? { problem: skipped } : {}),
    };
  } catch (err) {
    // analyzeSource promises never to throw; if something does, one file's failure must not sink
    // the run, nor pass it: the file gets the analysis-error finding a failed analysis has.
    const message = `internal error: ${err instanceof Error ? err.message : String(err)}`;
    const finding: Finding = { ...rangeFromOffsets([0], 0, 0), rule: 'analysis-error', severity: 'error', confidence: 'high', file: job.file, message: `Dynamo Guard skipped this file: ${message}.` };
    return { findings: [finding], sites: [], analyzed: false, problem: { message: `not analyzed: ${message}`, reason: 'analysis-error' } };
  }
}

type ModuleResolver = (fromFile: string, specifier: string) => { fileName: string; text: string } | undefined;

/** Relative imports only, read from disk once per run (per thread). */
function moduleResolver(): ModuleResolver {
  const cache = new Map<string, { fileName: string; text: string } | undefined>();
  return (fromFile, specifier) => {
    const key = `${path.dirname(fromFile)}\u0000${specifier}`;
    if (cache.has(key)) return cache.get(key);
    let found: { fileName: string; text: string } | undefined;
    for (const candidate of moduleCandidates(fromFile, specifier)) {
      try {
        if (!fs.statSync(candidate).isFile()) continue;
      } catch {
        continue;
      }
      const read = readSourceFile(candidate);
      if (read.ok) {
        found = { fileName: candidate, text: read.text };
        break;
      }
    }
    cache.set(key, found);
    return found;
  };
}

function allowScansMatcher(allow: ProjectConfig['allowScans']): ((rel: string) => boolean) | undefined {
  if (!allow || allow.paths.length === 0) return undefined;
  const rules = ignore().add([...allow.paths]);
  return (rel) => !rel.startsWith('../') && rules.ignores(rel);
}

const SEVERITY_RANK: Record<SeverityOption, number> = { off: 0, info: 1, warning: 2, error: 3 };

/** Allowed paths only ever lower a scan's severity, never raise it. */
function lowerSeverity(current: SeverityOption, allowed: SeverityOption): SeverityOption {
  return SEVERITY_RANK[allowed] < SEVERITY_RANK[current] ? allowed : current;
}

function relativeTo(root: string, file: string): string {
  return toPosix(path.relative(root, path.resolve(root, file)));
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// --- worker threads ---------------------------------------------------------------------------
// The worker is this very module (in the bundle: dist/analyzer.js), started with a marker in
// workerData, so no extra bundle or entry point is needed.

type ToWorker = { type: 'chunk'; id: number; jobs: FileJob[] };
type FromWorker = { type: 'done'; id: number; outcomes: FileOutcome[] };

interface WorkerData {
  kind: typeof WORKER_KIND;
  context: AnalysisContext;
}

async function runParallel(
  jobs: readonly FileJob[],
  context: AnalysisContext,
  workerCount: number,
  mainThreadWorks: boolean,
  modules: ModuleCache,
  collect: (outcomes: readonly FileOutcome[], chunk: readonly FileJob[], inWorker: boolean) => void,
  signal?: AbortSignal,
): Promise<void> {
  const queue: FileJob[][] = [];
  for (let i = 0; i < jobs.length; i += CHUNK_SIZE) queue.push(jobs.slice(i, i + CHUNK_SIZE));
  const data: WorkerData = { kind: WORKER_KIND, context };
  const inFlight = new Map<Worker, { id: number; chunk: FileJob[] }>();
  let nextId = 0;
  let wake: () => void = () => undefined;
  const wakeUp = (): void => {
    const w = wake;
    wake = () => undefined;
    w();
  };

  const idle = new Set<Worker>();
  const feed = (worker: Worker): void => {
    const chunk = queue.shift();
    if (!chunk) {
      idle.add(worker);
      return;
    }
    idle.delete(worker);
    const id = nextId++;
    inFlight.set(worker, { id, chunk });
    // Syntax trees stay on this thread: a worker parses its own (and could not receive them).
    worker.postMessage({ type: 'chunk', id, jobs: chunk.map(({ file, text }) => ({ file, text })) } satisfies ToWorker);
  };

  const feedIdle = (): void => {
    for (const w of [...idle]) if (queue.length > 0) feed(w);
  };

  const workers: Worker[] = [];
  let aliveWorkers = workerCount;
  for (let i = 0; i < workerCount; i++) {
    const worker = startWorker(data);
    workers.push(worker);
    worker.on('message', (msg: FromWorker) => {
      const current = inFlight.get(worker);
      inFlight.delete(worker);
      if (current && current.id === msg.id) collect(msg.outcomes, current.chunk, true);
      feed(worker);
      wakeUp();
    });
    worker.once('online', () => {
      idle.add(worker);
      feedIdle();
    });
    // A worker that dies hands its chunk back to an idle worker or the main thread.
    worker.on('error', () => undefined);
    worker.once('exit', () => {
      aliveWorkers--;
      idle.delete(worker);
      const current = inFlight.get(worker);
      inFlight.delete(worker);
      if (current) queue.unshift(current.chunk);
      feedIdle();
      wakeUp();
    });
  }

  // The main thread works too: with two cores, one worker plus this thread use both. It always
  // takes over when every worker has died, so a broken worker cannot lose files.
  // An abort drops the queued chunks and wakes the loop below, which then throws the abort reason.
  const onAbort = (): void => {
    queue.length = 0;
    wakeUp();
  };
  signal?.addEventListener('abort', onAbort);
  try {
    while (true) {
      signal?.throwIfAborted();
      const chunk = mainThreadWorks || aliveWorkers === 0 ? queue.shift() : undefined;
      if (chunk) {
        collect(chunk.map((job) => analyzeFile(job, context, modules)), chunk, false);
        // Let worker results and 'online' events in between chunks.
        await new Promise<void>((resolve) => setImmediate(resolve));
        continue;
      }
      if (inFlight.size === 0 && (queue.length === 0 || aliveWorkers === 0)) {
        if (queue.length === 0) break;
        continue;
      }
      await new Promise<void>((resolve) => { wake = resolve; });
    }
  } finally {
    signal?.removeEventListener('abort', onAbort);
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function startWorker(data: WorkerData): Worker {
  // From sources (tests, `tsx`), the worker must register the TypeScript loader itself: Node does
  // not apply `--import` hooks to a worker's entry file.
  if (/\.[cm]?ts$/.test(__filename)) {
    return new Worker(`require('tsx/cjs'); require(${JSON.stringify(__filename)});`, { eval: true, workerData: data });
  }
  return new Worker(__filename, { workerData: data });
}

function runWorker(data: WorkerData): void {
  const modules = new ModuleCache(moduleResolver());
  parentPort?.on('message', (msg: ToWorker) => {
    const outcomes = msg.jobs.map((job) => analyzeFile(job, data.context, modules));
    parentPort?.postMessage({ type: 'done', id: msg.id, outcomes } satisfies FromWorker);
  });
}

if (!isMainThread && (workerData as Partial<WorkerData> | null)?.kind === WORKER_KIND) runWorker(workerData as WorkerData);

