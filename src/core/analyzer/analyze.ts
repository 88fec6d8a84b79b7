// Runs the rules over one file within a time budget and never throws; `Analyzer` keeps parsed
// files by content hash and re-parses edits incrementally, for analysis on every keystroke.
import { performance } from 'node:perf_hooks';
import * as ts from 'typescript';
import type { TableSchema } from '../schema/keySchema';
import { Bindings, type ModuleLoader, type ModuleResolver } from '../syntax/bindings';
import { Constants } from '../syntax/constants';
import { parseSource, reparseSource, type TextChange } from '../syntax/parse';
import { computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import { analysisErrorFinding } from './analysisError';
import type { Finding, Severity, SeverityOption } from './finding';
import {
  type DetectedOperation,
  type EntityModel,
  type OperationSite,
  detectAppSyncRequest,
  detectEntityModel,
  detectOperation,
} from './operations';
import type { RuleContext } from './ruleContext';
import { checkModel, checkOperation, type KeyFacts } from './ruleChecks';
import { type AnalyzerRuleId, DEFAULT_SEVERITIES, isAnalyzerRule } from '../rules/registry';
import { contentHash, looksBinary, mightMatter } from './sourceIndex';
import { TableResolver } from './tableResolver';
import { callsWrapper, SummaryCache, WrapperCalls } from './wrappers';
import { errorMessage } from '../errorMessage';

export { DEFAULT_SEVERITIES, type AnalyzerRuleId };

export interface AnalyzeOptions {
  tables: readonly TableSchema[];
  severities?: Partial<Record<AnalyzerRuleId, SeverityOption>>;
  /** Gives the text of a local module a file imports, so re-exports and imported constants resolve. */
  resolveModule?: ModuleResolver;
  /** Parsed imported modules shared by many analyses (a project run); without it, each analysis parses its own. */
  modules?: ModuleCache;
  /**
   * Names of the project's functions that reach DynamoDB (learned by a project run's first pass):
   * a text that calls one is analyzed even when it names no DynamoDB API itself.
   */
  wrapperNames?: readonly string[];
  /** Per-file limit; past it the file gets one `analysis-error` finding. Default 2,000 ms. */
  timeBudgetMs?: number;
  /** Larger texts are skipped as `too-large`. Default 8 MiB (UTF-16 code units). */
  maxFileLength?: number;
}

export interface FileAnalysis {
  findings: Finding[];
  operations: OperationSite[];
  skipped?: 'prefilter' | 'binary' | 'too-large';
  error?: string;
  durationMs: number;
  /**
   * The syntax tree the findings came from, so that suppressions need not parse the text again. Use
   * it at once: the next incremental edit of the file consumes it.
   */
  sourceFile?: ts.SourceFile;
}

const DEFAULT_BUDGET_MS = 2000;
const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024;
const MAX_MODULE_LENGTH = 2 * 1024 * 1024;

class BudgetExceeded extends Error {}

/** Analyzes one text from scratch; `parsed`, a tree of exactly this text (schema discovery's), saves the parse. */
export function analyzeSource(
  fileName: string,
  text: string,
  options: AnalyzeOptions,
  parsed?: ts.SourceFile,
): FileAnalysis {
  const started = performance.now();
  const gate = gateText(text, options);
  if (gate) return { findings: [], operations: [], skipped: gate, durationMs: performance.now() - started };
  const loader = options.modules ?? new ModuleCache(options.resolveModule);
  let sf: ts.SourceFile;
  try {
    sf = parsed && parsed.text === text && parsed.fileName === fileName ? parsed : parseSource(fileName, text);
  } catch (err) {
    return failed(fileName, text, err, started);
  }
  return runRules(sf, text, options, loader, started);
}

/** Long-lived analyzer for an editor session: caches per file and re-parses edits incrementally. */
export class Analyzer {
  private options: AnalyzeOptions;
  private readonly files = new Map<
    string,
    {
      hash: string;
      text: string;
      sf?: ts.SourceFile;
      result: FileAnalysis;
      deps: readonly string[];
      statements: StatementCache;
    }
  >();
  private readonly loader: ModuleCache;

  constructor(options: AnalyzeOptions) {
    this.options = options;
    this.loader = options.modules ?? new ModuleCache(options.resolveModule);
  }

  analyze(fileName: string, text: string): FileAnalysis {
    return this.updateDocument(fileName, text);
  }

  /** Re-analyzes after an edit; with `change`, only the edited region is re-parsed. */
  updateDocument(fileName: string, text: string, change?: TextChange): FileAnalysis {
    const started = performance.now();
    const hash = contentHash(text);
    const entry = this.files.get(fileName);
    if (entry && entry.hash === hash) return { ...entry.result, durationMs: performance.now() - started };
    this.invalidateDependents(fileName);
    this.loader.forget(fileName);
    const gate = gateText(text, this.options);
    if (gate) {
      const result: FileAnalysis = {
        findings: [],
        operations: [],
        skipped: gate,
        durationMs: performance.now() - started,
      };
      this.files.set(fileName, { hash, text, result, deps: [], statements: new WeakMap() });
      return result;
    }
    let sf: ts.SourceFile;
    try {
      const canReuse = entry?.sf && change && entry.text.length - change.oldLength + change.newLength === text.length;
      sf = canReuse && entry.sf && change ? reparseSource(entry.sf, text, change) : parseSource(fileName, text);
    } catch (err) {
      const result = failed(fileName, text, err, started);
      this.files.set(fileName, { hash, text, result, deps: [], statements: new WeakMap() });
      return result;
    }
    this.loader.startRecording();
    const statements: StatementCache = entry?.statements ?? new WeakMap();
    const result = runRules(sf, text, this.options, this.loader, started, statements);
    this.files.set(fileName, {
      hash,
      text,
      sf,
      result,
      deps: this.loader.stopRecording(),
      statements: result.error ? new WeakMap() : statements,
    });
    return result;
  }

  setTables(tables: readonly TableSchema[]): void {
    this.options = { ...this.options, tables };
    for (const entry of this.files.values()) this.invalidate(entry);
  }

  /** The project's wrapper names (a project run's); true when they differ from before and every file is read again. */
  setWrapperNames(names: readonly string[]): boolean {
    const before = this.options.wrapperNames ?? [];
    if (names.length === before.length && names.every((n, i) => n === before[i])) return false;
    this.options = { ...this.options, wrapperNames: [...names] };
    for (const entry of this.files.values()) this.invalidate(entry);
    return true;
  }

  forget(fileName: string): void {
    this.files.delete(fileName);
    this.loader.forget(fileName);
    this.invalidateDependents(fileName);
  }

  private invalidateDependents(fileName: string): void {
    for (const entry of this.files.values()) if (entry.deps.includes(fileName)) this.invalidate(entry);
  }

  private invalidate(entry: { hash: string; statements: StatementCache }): void {
    entry.hash = '';
    entry.statements = new WeakMap();
  }
}

function gateText(text: string, options: AnalyzeOptions): FileAnalysis['skipped'] {
  if (text.length > (options.maxFileLength ?? DEFAULT_MAX_LENGTH)) return 'too-large';
  if (looksBinary(text)) return 'binary';
  if (!mightMatter(text) && !callsWrapper(text, options.wrapperNames)) return 'prefilter';
  return undefined;
}

/** A top-level statement's results, offsets relative to its `pos`, and the top-level names it read. */
interface StatementResult {
  deps: Map<string, ts.Node | null>;
  findings: Finding[];
  operations: OperationSite[];
}
type StatementCache = WeakMap<ts.Node, StatementResult>;

function stillValid(cached: StatementResult, sf: ts.SourceFile, bindings: Bindings): boolean {
  for (const [name, site] of cached.deps) if (bindings.topLevelSite(sf, name) !== site) return false;
  return true;
}

/** Finds and checks the operations of one top-level statement; false when its results depend on more than it. */
function analyzeStatement(
  stmt: ts.Statement,
  ctx: RuleContext,
  bindings: Bindings,
  operations: OperationSite[],
  wrappers: WrapperCalls,
): boolean {
  const ops: DetectedOperation[] = [];
  const wrapperCalls: ts.CallExpression[] = [];
  const models: EntityModel[] = [];
  // Iterative walk: deeply nested code must not overflow the stack.
  const stack: ts.Node[] = [stmt];
  while (stack.length > 0) {
    const node = stack.pop() as ts.Node;
    ctx.checkBudget();
    if (ts.isNewExpression(node) || ts.isCallExpression(node) || ts.isPropertyAccessExpression(node)) {
      const op = detectOperation(node, bindings);
      if (op) ops.push(op);
      else if (ts.isCallExpression(node)) wrapperCalls.push(node);
      if (ts.isNewExpression(node)) {
        const model = detectEntityModel(node, bindings);
        if (model) models.push(model);
      }
    } else if (ts.isObjectLiteralExpression(node)) {
      const op = detectAppSyncRequest(node, bindings);
      if (op) ops.push(op);
    }
    const before = stack.length;
    node.forEachChild((c) => {
      stack.push(c);
    });
    // Reverse the children just pushed so the walk visits them in source order.
    for (let i = before, j = stack.length - 1; i < j; i++, j--) {
      const t = stack[i] as ts.Node;
      stack[i] = stack[j] as ts.Node;
      stack[j] = t;
    }
  }
  let cacheable = true;
  for (const op of ops) {
    const facts: KeyFacts = checkOperation(op, ctx);
    if (!ts.findAncestor(op.node, ts.isFunctionLike)) cacheable = false; // pagination is judged on the whole file
    operations.push({
      operation: op.operation,
      kind: op.kind,
      api: op.api,
      ...(facts.table !== undefined ? { table: facts.table } : {}),
      ...(facts.index !== undefined ? { index: facts.index } : {}),
      ...(facts.keyValues && Object.keys(facts.keyValues).length > 0 ? { keyValues: facts.keyValues } : {}),
      ...(facts.sortKeyCondition ? { sortKeyCondition: facts.sortKeyCondition } : {}),
      range: ctx.rangeOf(op.nameNode),
    });
  }
  for (const m of models) checkModel(m, ctx);
  for (const call of wrapperCalls) wrappers.checkCall(call, ctx);
  return cacheable;
}

function runRules(
  sf: ts.SourceFile,
  text: string,
  options: AnalyzeOptions,
  loader: ModuleCache,
  started: number,
  statementCache?: StatementCache,
): FileAnalysis {
  const fileName = sf.fileName;
  const deadline = started + (options.timeBudgetMs ?? DEFAULT_BUDGET_MS);
  let ticks = 0;
  const checkBudget = (): void => {
    if ((++ticks & 255) === 0 && performance.now() > deadline) throw new BudgetExceeded();
  };
  try {
    if (performance.now() > deadline) throw new BudgetExceeded();
    const bindings = new Bindings(loader, checkBudget);
    const constants = new Constants(bindings);
    const tables = new TableResolver(options.tables, bindings, constants, fileName);
    const wrappers = new WrapperCalls(loader.summaries, bindings, sf);
    let lineStarts: number[] | undefined;
    const rangeOf = (node: ts.Node) => {
      lineStarts ??= computeLineStarts(text);
      const start = node.getSourceFile() === sf ? node.getStart(sf) : 0;
      const end = node.getSourceFile() === sf ? node.end : 0;
      return rangeFromOffsets(lineStarts, start, end);
    };
    const findings: Finding[] = [];
    const severityOf = (rule: AnalyzerRuleId): Severity | undefined => {
      const s = options.severities?.[rule] ?? DEFAULT_SEVERITIES[rule];
      return s === 'off' ? undefined : s;
    };
    const ctx: RuleContext = {
      fileName,
      sourceFile: sf,
      bindings,
      constants,
      tables,
      severityOf,
      rangeOf,
      checkBudget,
      findings,
      report(f) {
        const severity = isAnalyzerRule(f.rule) ? severityOf(f.rule) : 'warning';
        if (!severity) return;
        findings.push({
          ...(f.range ?? (f.node ? rangeOf(f.node) : rangeOf(sf))),
          rule: f.rule,
          severity,
          confidence: f.confidence,
          file: fileName,
          message: f.message,
          ...(f.table !== undefined ? { table: f.table } : {}),
          ...(f.related ? { related: f.related } : {}),
          ...(f.data ? { data: f.data } : {}),
        });
      },
    };

    const operations: OperationSite[] = [];
    lineStarts = computeLineStarts(text);
    for (const stmt of sf.statements) {
      const cached = statementCache?.get(stmt);
      if (cached && stillValid(cached, sf, bindings)) {
        for (const f of cached.findings)
          findings.push({ ...f, ...rangeFromOffsets(lineStarts, stmt.pos + f.offset, stmt.pos + f.endOffset) });
        for (const o of cached.operations)
          operations.push({
            ...o,
            range: rangeFromOffsets(lineStarts, stmt.pos + o.range.offset, stmt.pos + o.range.endOffset),
          });
        continue;
      }
      const firstFinding = findings.length;
      const firstOperation = operations.length;
      bindings.startRecording(sf);
      const cacheable = analyzeStatement(stmt, ctx, bindings, operations, wrappers);
      const deps = bindings.stopRecording();
      if (statementCache && cacheable) {
        statementCache.set(stmt, {
          deps,
          findings: findings
            .slice(firstFinding)
            .map((f) => ({ ...f, offset: f.offset - stmt.pos, endOffset: f.endOffset - stmt.pos })),
          operations: operations.slice(firstOperation).map((o) => ({
            ...o,
            range: { ...o.range, offset: o.range.offset - stmt.pos, endOffset: o.range.endOffset - stmt.pos },
          })),
        });
      }
    }
    findings.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
    return { findings, operations, durationMs: performance.now() - started, sourceFile: sf };
  } catch (err) {
    return failed(fileName, text, err, started);
  }
}

function failed(fileName: string, text: string, err: unknown, started: number): FileAnalysis {
  const reason =
    err instanceof BudgetExceeded
      ? 'analysis exceeded its time budget'
      : err instanceof RangeError
        ? 'the file is nested too deeply to analyze'
        : `internal error: ${errorMessage(err)}`;
  return {
    findings: [analysisErrorFinding(fileName, text, reason)],
    operations: [],
    error: reason,
    durationMs: performance.now() - started,
  };
}

/** Parses the local modules a file imports, once per text; records which ones an analysis used. */
export class ModuleCache implements ModuleLoader {
  private readonly cache = new Map<string, { text: string; sf: ts.SourceFile }>();
  private recording: Set<string> | undefined;
  /** Summaries of the functions in these modules (and in the files analyzed with them). */
  readonly summaries = new SummaryCache();

  constructor(private readonly resolve: ModuleResolver | undefined) {}

  load(fromFile: string, specifier: string): ts.SourceFile | undefined {
    if (!this.resolve) return undefined;
    let resolved: { fileName: string; text: string } | undefined;
    try {
      resolved = this.resolve(fromFile, specifier);
    } catch {
      return undefined;
    }
    if (!resolved || resolved.text.length > MAX_MODULE_LENGTH || looksBinary(resolved.text)) return undefined;
    this.recording?.add(resolved.fileName);
    const hit = this.cache.get(resolved.fileName);
    if (hit && hit.text === resolved.text) return hit.sf;
    if (hit) this.summaries.clear(); // the module changed under summaries that may call into it
    const sf = parseSource(resolved.fileName, resolved.text);
    this.cache.set(resolved.fileName, { text: resolved.text, sf });
    return sf;
  }

  /**
   * Keeps a tree the run parsed for another reason (a checked file's), so that a file both
   * checked and imported is parsed once. A tree already held for the same text stays.
   */
  adopt(fileName: string, text: string, sf: ts.SourceFile): void {
    const hit = this.cache.get(fileName);
    if (hit?.text === text) return;
    if (hit) this.summaries.clear();
    this.cache.set(fileName, { text, sf });
  }

  forget(fileName: string): void {
    // A changed module can change what any function calling into it does.
    if (this.cache.delete(fileName)) this.summaries.clear();
  }

  startRecording(): void {
    this.recording = new Set();
  }

  stopRecording(): string[] {
    const deps = [...(this.recording ?? [])];
    this.recording = undefined;
    return deps;
  }
}
