// Analyzes Python files: parse (incrementally in an editor session), find DynamoDB operations,
// re-state wrapper calls, and run the rules; never throws, reports a file it cannot read.
import { performance } from 'node:perf_hooks';
import { computeLineStarts } from '../syntax/positions';
import { analysisErrorFinding } from '../analyzer/analysisError';
import type { TableSchema } from '../schema/keySchema';
import type { DeclaredKeySchema, Operation, TableReference } from '../operations/model';
import { Detector } from './detectOperations';
import { mightMatterPython } from './pythonFiles';
import { type PyNode, type PyTree, type PythonParser, type TextChange, loadPythonParser } from './parser';
import { Evaluator, PyModule, type PythonModuleResolver } from './pythonScope';
import type { Finding } from '../analyzer/finding';
import { type OperationRuleOptions, evaluateOperationRules } from '../rules/operationChecks';
import { declaredTable } from '../rules/operationContext';
import type { CachedCallSites, CachedStatement, CallSiteCache, StatementCache } from './statementCache';
import { callSiteOperations } from './wrappers';
import { callsPythonWrapper, importedModules, learnPythonWrapperNames } from './wrapperNames';
import { errorMessage } from '../errorMessage';

export interface PythonAnalyzeOptions extends OperationRuleOptions {
  /** Gives the text of a project module a file imports (`from .db import TABLE`), dotted with leading dots when relative. */
  resolveModule?: PythonModuleResolver;
  /** Larger texts are skipped as `too-large`. Default 8 MiB (UTF-16 code units). */
  maxFileLength?: number;
  /**
   * The project's functions that reach DynamoDB (a project run's first pass, see `learnPythonProjectWrappers`):
   * a file that only calls one is analyzed, and its calls of them are followed.
   */
  wrapperNames?: readonly string[];
}

export interface PythonAnalysis {
  findings: Finding[];
  operations: Operation[];
  skipped?: 'prefilter' | 'binary' | 'too-large';
  error?: string;
  /** Where the first syntax error is (1-based): the parser recovers, but code around it may be missed. */
  syntaxError?: { line: number; column: number };
  durationMs: number;
}

const DEFAULT_MAX_LENGTH = 8 * 1024 * 1024;
const MAX_MODULE_LENGTH = 2 * 1024 * 1024;
/** Analyzes one Python text from scratch. */
export async function analyzePython(
  fileName: string,
  text: string,
  options: PythonAnalyzeOptions,
): Promise<PythonAnalysis> {
  const analyzer = await PythonAnalyzer.create(options);
  try {
    return analyzer.update(fileName, text);
  } finally {
    analyzer.dispose();
  }
}

/** Long-lived analyzer for an editor session: keeps each file's tree and re-parses edits incrementally. */
export class PythonAnalyzer {
  private readonly files = new Map<
    string,
    { text: string; tree: PyTree; statements: StatementCache; calls: CallSiteCache }
  >();
  private readonly modules = new Map<string, { text: string; tree: PyTree; module: PyModule }>();
  /** Wrapper names learned from each imported module's text. */
  private readonly learnedNames = new Map<string, { text: string; depth: number; names: readonly string[] }>();
  /** Bumped whenever a project module is (re)loaded or forgotten: cached statements may have read it. */
  private generation = 0;

  private constructor(
    private readonly parser: PythonParser,
    private options: PythonAnalyzeOptions,
  ) {}

  static async create(options: PythonAnalyzeOptions): Promise<PythonAnalyzer> {
    return new PythonAnalyzer(await loadPythonParser(), options);
  }

  setTables(tables: readonly TableSchema[]): void {
    this.options = { ...this.options, tables };
  }

  /** The project's wrapper names changed (the editor learns them from the workspace analysis). */
  setWrapperNames(names: readonly string[]): void {
    this.options = { ...this.options, wrapperNames: [...names] };
    this.generation++;
  }

  /** Analyzes `text`; with `change` (the one edit since the previous text of this file), re-parses incrementally. */
  update(fileName: string, text: string, change?: TextChange): PythonAnalysis {
    const started = performance.now();
    if (text.length > (this.options.maxFileLength ?? DEFAULT_MAX_LENGTH))
      return this.skip(fileName, 'too-large', started);
    if (text.includes('\u0000')) return this.skip(fileName, 'binary', started);
    const names = this.wrapperNamesFor(fileName, text);
    if (!mightMatterPython(text) && !callsPythonWrapper(text, names)) return this.skip(fileName, 'prefilter', started);
    try {
      const previous = this.files.get(fileName);
      const tree = this.parser.parse(
        text,
        previous && change ? { tree: previous.tree, text: previous.text, change } : undefined,
      );
      if (previous && previous.tree !== tree) previous.tree.delete();
      // Subtree ids only carry over through an incremental parse; after a full one, nothing cached applies.
      const statements: StatementCache = previous && change ? previous.statements : new Map<string, CachedStatement>();
      const calls: CallSiteCache = previous && change ? previous.calls : new Map<string, CachedCallSites>();
      this.files.set(fileName, { text, tree, statements, calls });
      const module = new PyModule(fileName, text, tree.rootNode, (from, name) => this.loadModule(from, name));
      const ev = new Evaluator();
      const detector = new Detector(module, ev, computeLineStarts(text));
      const sites = detector.detectAll(statements, this.generation);
      const operations = [
        ...sites.map((s) => s.op),
        ...callSiteOperations(sites, module, ev, detector, calls, this.generation, names),
      ];
      const findings = evaluateOperationRules(fileName, operations, this.options);
      const syntaxError = tree.rootNode.hasError ? firstError(tree.rootNode) : undefined;
      return { findings, operations, ...(syntaxError ? { syntaxError } : {}), durationMs: performance.now() - started };
    } catch (err) {
      this.forget(fileName);
      return failed(fileName, text, err, started);
    }
  }

  /**
   * The key schemas of the PynamoDB models a file declares: a schema source for the rest of the
   * project (a model imported elsewhere is known by its table name, its env var or its class name).
   */
  modelSchemas(fileName: string, text: string): TableSchema[] {
    if (
      !text.includes('pynamodb') ||
      text.length > (this.options.maxFileLength ?? DEFAULT_MAX_LENGTH) ||
      text.includes('\u0000')
    )
      return [];
    const tree = this.parser.parse(text);
    try {
      const module = new PyModule(fileName, text, tree.rootNode, (from, name) => this.loadModule(from, name));
      const detector = new Detector(module, new Evaluator(), computeLineStarts(text));
      return detector.declaredModels().flatMap((m) => (m.declared ? [modelSchema(fileName, m.declared, m.table)] : []));
    } catch {
      return [];
    } finally {
      tree.delete();
    }
  }

  forget(fileName: string): void {
    this.files.get(fileName)?.tree.delete();
    this.files.delete(fileName);
    const m = this.modules.get(fileName);
    if (m) {
      m.tree.delete();
      this.modules.delete(fileName);
      this.generation++;
    }
  }

  /** Frees every tree (they live in the parser's WebAssembly memory, not on the JS heap). */
  dispose(): void {
    for (const f of this.files.values()) f.tree.delete();
    for (const m of this.modules.values()) m.tree.delete();
    this.files.clear();
    this.modules.clear();
  }

  private skip(fileName: string, skipped: NonNullable<PythonAnalysis['skipped']>, started: number): PythonAnalysis {
    this.forget(fileName);
    return { findings: [], operations: [], skipped, durationMs: performance.now() - started };
  }

  /**
   * The project's wrapper names, with those of the modules the file imports (read as text): a file
   * analyzed before the project's names are known still follows the wrappers it imports.
   */
  private wrapperNamesFor(fileName: string, text: string): readonly string[] {
    const own = this.options.wrapperNames ?? [];
    if (!this.options.resolveModule) return own;
    const names = new Set(own);
    for (const m of this.importsOf(fileName, text)) for (const n of this.moduleWrapperNames(m, 1)) names.add(n);
    return names.size === own.length ? own : [...names].sort();
  }

  /** The project modules a text imports (read, not parsed). */
  private importsOf(fileName: string, text: string): Array<{ fileName: string; text: string }> {
    const resolve = this.options.resolveModule;
    if (!resolve || !text.includes('import')) return [];
    const out: Array<{ fileName: string; text: string }> = [];
    for (const name of importedModules(text)) {
      let resolved: { fileName: string; text: string } | undefined;
      try {
        resolved = resolve(fileName, name);
      } catch {
        resolved = undefined;
      }
      if (resolved && resolved.fileName !== fileName && resolved.text.length <= MAX_MODULE_LENGTH) out.push(resolved);
    }
    return out;
  }

  /**
   * The wrapper names a module defines, learned knowing those of the modules it imports (`depth`
   * levels); kept per module text, as most files of a project import the same few modules.
   */
  private moduleWrapperNames(m: { fileName: string; text: string }, depth: number): readonly string[] {
    const hit = this.learnedNames.get(m.fileName);
    if (hit && hit.text === m.text && hit.depth >= depth) return hit.names;
    // An import cycle reads the module without its imports' names.
    this.learnedNames.set(m.fileName, { text: m.text, depth: Number.POSITIVE_INFINITY, names: [] });
    const names = new Set<string>();
    if (depth > 0)
      for (const inner of this.importsOf(m.fileName, m.text))
        for (const n of this.moduleWrapperNames(inner, depth - 1)) names.add(n);
    learnPythonWrapperNames(m.text, names);
    const entry = { text: m.text, depth, names: [...names] };
    this.learnedNames.set(m.fileName, entry);
    return entry.names;
  }

  private loadModule(fromFile: string, name: string): PyModule | undefined {
    const resolve = this.options.resolveModule;
    if (!resolve) return undefined;
    let resolved: { fileName: string; text: string } | undefined;
    try {
      resolved = resolve(fromFile, name);
    } catch {
      return undefined;
    }
    if (!resolved || resolved.text.length > MAX_MODULE_LENGTH || resolved.text.includes('\u0000')) return undefined;
    const hit = this.modules.get(resolved.fileName);
    if (hit && hit.text === resolved.text) return hit.module;
    hit?.tree.delete();
    this.generation++;
    const tree = this.parser.parse(resolved.text);
    const module = new PyModule(resolved.fileName, resolved.text, tree.rootNode, (from, n) => this.loadModule(from, n));
    this.modules.set(resolved.fileName, { text: resolved.text, tree, module });
    return module;
  }
}

function failed(fileName: string, text: string, err: unknown, started: number): PythonAnalysis {
  const reason =
    err instanceof RangeError ? 'the file is nested too deeply to analyze' : `internal error: ${errorMessage(err)}`;
  return {
    findings: [analysisErrorFinding(fileName, text, reason)],
    operations: [],
    error: reason,
    durationMs: performance.now() - started,
  };
}

function modelSchema(fileName: string, d: DeclaredKeySchema, table: TableReference | undefined): TableSchema {
  return declaredTable(table?.constant ?? d.model, d, fileName, table?.envVar !== undefined ? [table.envVar] : []);
}

/** The first ERROR or missing node, depth first. */
function firstError(root: PyNode): { line: number; column: number } {
  let node = root;
  for (let depth = 0; depth < 1000; depth++) {
    if (node.type === 'ERROR' || node.isMissing) break;
    let next: PyNode | undefined;
    for (let i = 0; i < node.childCount; i++) {
      const c = node.child(i);
      if (c && (c.hasError || c.isMissing)) {
        next = c;
        break;
      }
    }
    if (!next) break;
    node = next;
  }
  return { line: node.startPosition.row + 1, column: node.startPosition.column + 1 };
}
