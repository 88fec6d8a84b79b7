// One file's analysis in a project run: the unit of work the main thread and the worker threads
// share, from the parse to suppressions, fingerprints and the call sites with a known table.
import type * as ts from 'typescript';
import type { TableSchema } from '../schema/keySchema';
import { rangeFromOffsets } from '../syntax/positions';
import type { NoteReason, SkipReason } from '../workspace/sourceText';
import type { PythonAnalyzer } from '../python/analyzePython';
import { isPythonFile } from '../python/pythonFiles';
import { analyzeInlineVtl, analyzeVtl } from '../vtl/analyzeVtl';
import { mayHoldInlineTemplate } from '../vtl/inlineTemplates';
import { isVtlFile } from '../vtl/vtlFiles';
import type { Operation, TableReference } from '../operations/model';
import { resolveOperationTable } from '../rules/operationContext';
import { analyzeSource, type ModuleCache } from './analyze';
import { fingerprintFindings } from './baseline';
import type { Finding, RuleId, SeverityOption } from './finding';
import type { OperationKind } from './operations';
import { applySuppressions } from './suppressions';
import { errorMessage } from '../errorMessage';

export interface FileJob {
  file: string;
  text: string;
  /** Schema discovery's tree of the text, reused by the analysis on this thread (never sent to a worker). */
  sourceFile?: ts.SourceFile;
}

export interface FileOutcome {
  findings: Finding[];
  /** DynamoDB operations whose table is known. */
  sites: ProjectSite[];
  analyzed: boolean;
  /** Why the file was not analyzed, or (when analyzed) a caveat on its findings. */
  problem?: { message: string; reason: SkipReason | NoteReason };
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

export interface AnalysisContext {
  tables: readonly TableSchema[];
  severities: Partial<Record<RuleId, SeverityOption>>;
  timeBudgetMs?: number;
  /** The run's root folder: Python imports of project modules are looked up below it. */
  root?: string;
  /** Project functions that reach DynamoDB, learned by the run's first pass (see `learnProjectWrappers`). */
  wrapperNames?: readonly string[];
  /** The table of each VTL request template (absolute path) whose resolver's data source names one. */
  vtlTables?: Readonly<Record<string, TableReference>>;
}

/** One thread's analyzers: the JS/TS module cache, and the Python analyzer once a Python file needs it. */
export interface ThreadAnalyzers {
  modules: ModuleCache;
  python?: PythonAnalyzer;
}

/** Analyzes a job and drops the tree it carried: a project run analyzes each file once, and held trees only cost collections. */
export function analyzeJob(job: FileJob, context: AnalysisContext, analyzers: ThreadAnalyzers): FileOutcome {
  try {
    return analyzeFile(job, context, analyzers);
  } finally {
    delete job.sourceFile;
  }
}

export function analyzeFile(job: FileJob, context: AnalysisContext, analyzers: ThreadAnalyzers): FileOutcome {
  try {
    if (isPythonFile(job.file)) return analyzePythonFile(job, context, analyzers.python);
    if (isVtlFile(job.file)) {
      const table = context.vtlTables?.[job.file];
      return operationOutcome(
        job,
        context,
        analyzeVtl(job.file, job.text, { ...context, ...(table ? { table } : {}) }),
      );
    }
    if (!SCRIPT.test(job.file)) return operationOutcome(job, context, analyzeInlineVtl(job.file, job.text, context));
    const modules = analyzers.modules;
    const analysis = analyzeSource(
      job.file,
      job.text,
      {
        tables: context.tables,
        severities: context.severities,
        modules,
        ...(context.wrapperNames ? { wrapperNames: context.wrapperNames } : {}),
        ...(context.timeBudgetMs !== undefined ? { timeBudgetMs: context.timeBudgetMs } : {}),
      },
      job.sourceFile,
    );
    // Request templates written inline in a CDK stack are VTL, read by their own front-end.
    const inline = mayHoldInlineTemplate(job.text) ? analyzeInlineVtl(job.file, job.text, context) : undefined;
    const findings = fingerprintFindings(
      applySuppressions(job.file, job.text, [...analysis.findings, ...(inline?.findings ?? [])], {
        severities: context.severities,
        ...(analysis.sourceFile ? { sourceFile: analysis.sourceFile } : {}),
      }),
      job.text,
    );
    const sites: ProjectSite[] = analysis.operations
      .filter((o) => o.table !== undefined)
      .map((o) => ({
        file: job.file,
        line: o.range.line,
        column: o.range.column,
        endLine: o.range.endLine,
        endColumn: o.range.endColumn,
        operation: o.operation,
        kind: o.kind,
        table: o.table as string,
        ...(o.index ? { index: o.index } : {}),
      }));
    if (inline) sites.push(...operationSites(job.file, inline.operations, context));
    return { findings, sites, ...outcomeOf(analysis) };
  } catch (err) {
    // analyzeSource promises never to throw; if something does, one file's failure must not sink
    // the run, nor pass it: the file gets the analysis-error finding a failed analysis has.
    const message = `internal error: ${errorMessage(err)}`;
    const finding: Finding = {
      ...rangeFromOffsets([0], 0, 0),
      rule: 'analysis-error',
      severity: 'error',
      confidence: 'high',
      file: job.file,
      message: `Dynamo Guard skipped this file: ${message}.`,
    };
    return {
      findings: [finding],
      sites: [],
      analyzed: false,
      problem: { message: `not analyzed: ${message}`, reason: 'analysis-error' },
    };
  }
}

function analyzePythonFile(job: FileJob, context: AnalysisContext, python: PythonAnalyzer | undefined): FileOutcome {
  if (!python) throw new Error('the Python parser is not loaded');
  const analysis = python.update(job.file, job.text);
  // A project run reads each file once: its tree would only hold WebAssembly memory.
  python.forget(job.file);
  const findings = fingerprintFindings(
    applySuppressions(job.file, job.text, analysis.findings, { severities: context.severities }),
    job.text,
  );
  const sites = operationSites(job.file, analysis.operations, context);
  const syntax = analysis.syntaxError;
  return {
    findings,
    sites,
    ...outcomeOf(
      analysis,
      syntax && {
        message: `syntax error at line ${syntax.line}, column ${syntax.column}: the code around it is not checked`,
        reason: 'syntax-error',
      },
    ),
  };
}

const SCRIPT = /\.[cm]?[jt]sx?$/i;

/** The outcome of a front-end that returns language-neutral operations and never throws (VTL). */
function operationOutcome(
  job: FileJob,
  context: AnalysisContext,
  analysis: { findings: Finding[]; operations: Operation[]; skipped?: string; error?: string },
): FileOutcome {
  const findings = fingerprintFindings(
    applySuppressions(job.file, job.text, analysis.findings, { severities: context.severities }),
    job.text,
  );
  return { findings, sites: operationSites(job.file, analysis.operations, context), ...outcomeOf(analysis) };
}

/** The operations with a known table, as call sites. */
function operationSites(file: string, operations: readonly Operation[], context: AnalysisContext): ProjectSite[] {
  const sites: ProjectSite[] = [];
  for (const o of operations) {
    const table = o.table && !o.origin ? resolveOperationTable(o, context.tables, file)?.name : undefined;
    if (table === undefined) continue;
    sites.push({
      file,
      line: o.range.line,
      column: o.range.column,
      endLine: o.range.endLine,
      endColumn: o.range.endColumn,
      operation: o.operation,
      kind: o.kind,
      table,
      ...(o.index ? { index: o.index.constant ?? o.index.text } : {}),
    });
  }
  return sites;
}

/** Whether a file was analyzed, and the problem to list for it: an error, a skip, or (analyzed) a partial parse. */
function outcomeOf(
  analysis: { skipped?: string; error?: string },
  partial?: FileOutcome['problem'],
): Pick<FileOutcome, 'analyzed' | 'problem'> {
  const analyzed = analysis.skipped === undefined && analysis.error === undefined;
  if (analysis.error)
    return { analyzed, problem: { message: `not analyzed: ${analysis.error}`, reason: 'analysis-error' } };
  if (analysis.skipped === 'too-large' || analysis.skipped === 'binary') {
    const message = `skipped: ${analysis.skipped === 'binary' ? 'binary content' : 'too large to analyze'}`;
    return { analyzed, problem: { message, reason: analysis.skipped } };
  }
  return partial ? { analyzed, problem: partial } : { analyzed };
}
