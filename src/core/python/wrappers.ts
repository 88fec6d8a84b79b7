// Wrapper summaries: what each function or method does with DynamoDB (its operations, and its
// calls of other such functions, in this module or an imported one), applied at the calls of the
// analyzed file. A call that passes a constant where a wrapper's parameter becomes a key value or
// the table, or that calls a function that scans, is reported there, with the SDK call as related
// information and the functions between as the call chain.
import { computeLineStarts } from '../syntax/positions';
import type { KeyValue, Operation, TableReference, ValueProvenance, WrapperCall } from '../operations/model';
import { Detector, type PythonSite, insideFunction } from './detectOperations';
import type { PyNode } from './parser';
import { learnPythonWrapperNames } from './wrapperNames';
import { type Evaluator, type PyModule, type Scope, argument, paramName, scopeAt } from './pythonScope';
import {
  type CallSiteCache,
  type StatementSpan,
  IDENTITY,
  holderOf,
  offsetMapping,
  rangesOf,
  relocate,
} from './statementCache';

/** Levels of wrappers followed from a call site. */
const MAX_LEVELS = 5;
/** Functions summarised per analysis: bounds a project whose every function calls another. */
const MAX_SUMMARIES = 2000;

type FunctionRef = { node: PyNode; module: PyModule };

interface InnerCall {
  call: PyNode;
  /** The callee as written (`self.find`); the attribute itself for a property read. */
  callee: PyNode;
  target: FunctionRef;
  /** The function is passed, not called (`Thread(target=f)`): it runs, with arguments not read here. */
  passed?: boolean;
}

/** What one function does with DynamoDB, whoever calls it. */
interface Summary {
  /** Operations in the body, each with the call that makes it. */
  ops: Array<{ call: PyNode; op: Operation }>;
  /** Calls of functions that have a summary of their own. */
  calls: InnerCall[];
  /** The function scans, itself or through a function it calls. */
  scans: boolean;
  /** Functions of the analyzed module it reaches (itself included when it is one). */
  local: Set<PyNode>;
  /** Module-level names of the analyzed module read to compute it, with their signatures then. */
  deps: ReadonlyMap<string, string>;
}

const EMPTY: Summary = { ops: [], calls: [], scans: false, local: new Set(), deps: new Map() };

/** One hop from the call site to the operation: the call, and the function it calls. */
interface Hop {
  call: PyNode;
  passed?: boolean;
  callee: PyNode;
  target: FunctionRef;
  /** The module the call is written in. */
  module: PyModule;
}

/**
 * Computes each summary once per analysis. The module-level names of the analyzed module a summary
 * reads are its `deps`: a statement that uses it read them too (for the statement cache).
 */
class Summaries {
  private readonly detectors = new Map<PyModule, Detector>();
  private readonly summaries = new Map<PyNode, Summary>();
  private readonly inProgress = new Set<PyNode>();
  private count = 0;
  /** Names read, innermost summary being computed last; the first is the statement's own. */
  private reads: Array<Map<string, string>> = [new Map<string, string>()];

  constructor(
    readonly module: PyModule,
    readonly ev: Evaluator,
    readonly detector: Detector,
    /** Names a function must have to be worth resolving (the wrapper names): most calls are of anything else. */
    private readonly names: ReadonlySet<string>,
  ) {
    this.detectors.set(module, detector);
  }

  /** A statement starts: the evaluator records what it reads. */
  beginStatement(): void {
    this.reads = [new Map<string, string>()];
    this.ev.startRecording(this.module);
  }

  /** The module-level names the statement read, through the summaries it used too. */
  endStatement(): Map<string, string> {
    const top = this.reads[0] as Map<string, string>;
    for (const [k, v] of this.ev.stopRecording()) top.set(k, v);
    return top;
  }

  detectorOf(module: PyModule): Detector {
    let d = this.detectors.get(module);
    if (!d) {
      d = new Detector(module, this.ev, computeLineStarts(module.text));
      this.detectors.set(module, d);
    }
    return d;
  }

  /** The function a callee names (`f`, `m.f`, `self.f`, `obj.f`, `Cls.f`), when it is a project function. */
  resolve(callee: PyNode, module: PyModule): FunctionRef | undefined {
    const name = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee.text;
    if (name === undefined || !this.names.has(name)) return undefined;
    const v = this.ev.value(callee, scopeAt(module, callee));
    return v.kind === 'function' ? { node: v.node, module: v.scope.module } : undefined;
  }

  summaryOf(fn: FunctionRef, level = 0): Summary {
    const cached = this.summaries.get(fn.node);
    if (cached) {
      this.merge(cached.deps);
      return cached;
    }
    if (this.inProgress.has(fn.node) || level >= MAX_LEVELS || this.count >= MAX_SUMMARIES) return EMPTY;
    this.inProgress.add(fn.node);
    this.count++;
    // What the caller read so far is the caller's; what is read from here on is this summary's too.
    this.merge(this.ev.stopRecording());
    this.reads.push(new Map());
    this.ev.startRecording(this.module);
    try {
      const summary = this.compute(fn, level);
      this.merge(this.ev.stopRecording());
      summary.deps = this.reads.pop() as Map<string, string>;
      this.merge(summary.deps);
      this.ev.startRecording(this.module);
      if (summary !== EMPTY) this.summaries.set(fn.node, summary);
      return summary;
    } finally {
      this.inProgress.delete(fn.node);
    }
  }

  private merge(deps: ReadonlyMap<string, string>): void {
    const top = this.reads[this.reads.length - 1] as Map<string, string>;
    for (const [k, v] of deps) top.set(k, v);
  }

  private compute(fn: FunctionRef, level: number): Summary {
    const body = fn.node.childForFieldName('body');
    if (!body) return { ...EMPTY };
    const detector = this.detectorOf(fn.module);
    const ops: Summary['ops'] = [];
    const calls: InnerCall[] = [];
    const local = new Set<PyNode>(fn.module === this.module ? [fn.node] : []);
    let scans = false;
    for (const call of callsIn(body)) {
      const found = detector.operationsAt(call);
      if (found.length > 0) {
        for (const op of found) {
          ops.push({ call, op });
          if (op.kind === 'scan') scans = true;
        }
        continue;
      }
      const callee = call.childForFieldName('function');
      if (!callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) continue;
      const reached: InnerCall[] = [];
      const target = this.resolve(callee, fn.module);
      if (target) reached.push({ call, callee, target });
      else
        for (const a of call.childForFieldName('arguments')?.namedChildren ?? []) {
          // A function handed to a thread, an executor or `map` runs too.
          const passed = a?.type === 'keyword_argument' ? a.childForFieldName('value') : a;
          if (passed?.type !== 'identifier') continue;
          const t = this.resolve(passed, fn.module);
          if (t) reached.push({ call, callee: passed, target: t, passed: true });
        }
      for (const r of reached) {
        if (r.target.node === fn.node) continue;
        const inner = this.summaryOf(r.target, level + 1);
        if (inner.ops.length === 0 && inner.calls.length === 0) continue;
        calls.push(r);
        if (inner.scans) scans = true;
        for (const n of inner.local) local.add(n);
      }
    }
    return { ops, calls, scans, local, deps: new Map() };
  }
}

/**
 * The calls of a function body, not those of functions or classes defined in it, nor of a lambda
 * it only hands out (returns or stores): calling the function does not run those.
 */
function callsIn(body: PyNode): PyNode[] {
  const out: PyNode[] = [];
  const stack: PyNode[] = [body];
  while (stack.length > 0) {
    const n = stack.pop() as PyNode;
    if (n !== body && (n.type === 'function_definition' || n.type === 'class_definition')) continue;
    if (n.type === 'lambda' && !lambdaRunsInPlace(n)) continue;
    if (n.type === 'call') out.push(n);
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (c) stack.push(c);
    }
  }
  return out;
}

/** A lambda given to a call (`map(lambda x: ..., xs)`, `key=lambda ...`) or called where it is written. */
function lambdaRunsInPlace(lambda: PyNode): boolean {
  let child = lambda;
  let parent = lambda.parent;
  while (parent?.type === 'parenthesized_expression') {
    child = parent;
    parent = parent.parent;
  }
  if (parent?.type === 'keyword_argument') parent = parent.parent;
  if (parent?.type === 'argument_list') return true;
  return parent?.type === 'call' && parent.childForFieldName('function')?.id === child.id;
}

/**
 * Operations at the call sites of wrappers; each carries `callChain` and the wrapped operation's
 * `origin` (and `originFile` when it is in another module). `names` are the wrapper names known
 * for the project; the file's own functions are looked at too. With a cache, a top-level statement
 * whose calls still resolve the same way keeps its results; call `detector.detectAll` first.
 */
export function callSiteOperations(
  sites: readonly PythonSite[],
  module: PyModule,
  ev: Evaluator,
  detector: Detector,
  cache?: CallSiteCache,
  generation = 0,
  names: Iterable<string> = [],
): Operation[] {
  const candidates = new Set(names);
  for (const s of sites) if (s.fn) candidates.add(s.fn.name);
  learnPythonWrapperNames(module.text, candidates);
  const valid = [...candidates].filter((n) => /^[A-Za-z_]\w*$/.test(n)).sort();
  if (valid.length === 0) {
    cache?.clear();
    return [];
  }
  // Only places where a wrapper's name is called, or read as an attribute (a property), can reach
  // one: found in the text, not by walking every call.
  const pattern = new RegExp(`\\b(?:${valid.join('|')})\\b`, 'g');
  const wrappers = pattern.source;
  const { topLevel: statements, current, versions } = detector;
  const summaries = new Summaries(module, ev, detector, candidates);
  const out: Operation[] = [];
  for (const stmt of statements) {
    const cached = cache?.get(stmt.key);
    const move =
      cached &&
      cached.generation === generation &&
      cached.wrappers === wrappers &&
      calleesHold(cached.callees, versions, current) &&
      detector.depsHold(cached.deps)
        ? offsetMapping(cached, current)
        : undefined;
    if (cached && move) {
      if (move === IDENTITY) out.push(...cached.ops);
      else for (const op of cached.ops) out.push(relocate(op, move, detector.lineStarts));
      continue;
    }
    summaries.beginStatement();
    const callees = new Map<string, object>();
    let cacheable = true;
    const ops: Operation[] = [];
    const seen = new Set<number>();
    for (const m of stmt.key.matchAll(pattern)) {
      const site = siteOf(module.root.descendantForIndex(stmt.start + m.index));
      if (!site || seen.has(site.at.startIndex)) continue;
      seen.add(site.at.startIndex);
      const target = summaries.resolve(site.callee, module);
      if (!target || target.node === enclosingDef(site.at)) continue;
      if (!site.call && !isProperty(target.node)) continue;
      const summary = summaries.summaryOf(target);
      // What the callees do is read from their statements: they must be the same ones next time.
      for (const fn of summary.local) {
        const holder = holderOf(statements, fn.startIndex, fn.endIndex);
        const version = holder && current.get(holder.key) !== null ? versions.get(holder.key) : undefined;
        if (holder && version) callees.set(holder.key, version);
        else cacheable = false;
      }
      if (summary.ops.length === 0 && summary.calls.length === 0) continue;
      const hop: Hop = { call: site.call ?? site.at, callee: site.callee, target, module };
      ops.push(...new Restater(summaries, site).apply([hop], summary));
    }
    const deps = summaries.endStatement();
    out.push(...ops);
    if (!cache) continue;
    const spans = new Map<string, StatementSpan>([[stmt.key, { key: stmt.key, start: stmt.start, end: stmt.end }]]);
    for (const r of rangesOf(ops)) {
      const holder = holderOf(statements, r.offset, r.endOffset);
      if (!holder) cacheable = false;
      else if (!spans.has(holder.key)) spans.set(holder.key, { key: holder.key, start: holder.start, end: holder.end });
    }
    if (cacheable) cache.set(stmt.key, { spans: [...spans.values()], deps, generation, wrappers, callees, ops });
    else cache.delete(stmt.key);
  }
  if (cache) for (const key of [...cache.keys()]) if (!current.has(key)) cache.delete(key);
  return out;
}

function calleesHold(
  callees: ReadonlyMap<string, object>,
  versions: ReadonlyMap<string, object>,
  current: ReadonlyMap<string, number | null>,
): boolean {
  for (const [key, version] of callees) if (versions.get(key) !== version || current.get(key) === null) return false;
  return true;
}

/** A call site of the analyzed file: the call (none for a property read), the callee, and where findings go. */
interface Site {
  call?: PyNode;
  callee: PyNode;
  /** The name as written at the site. */
  name: PyNode;
  /** The call, or the attribute read. */
  at: PyNode;
}

/** Re-states a summary's operations at one call site of the analyzed file. */
class Restater {
  private readonly out: Operation[] = [];
  private readonly emitted = new Set<string>();
  private scanned = false;

  constructor(
    private readonly summaries: Summaries,
    private readonly site: Site,
  ) {}

  apply(chain: Hop[], summary: Summary): Operation[] {
    const last = chain[chain.length - 1] as Hop;
    for (const { call, op } of summary.ops) this.restate(chain, call, op);
    if (chain.length < MAX_LEVELS)
      for (const inner of summary.calls) {
        if (chain.some((h) => h.target.node === inner.target.node)) continue;
        const next = this.summaries.summaryOf(inner.target);
        this.apply([...chain, { ...inner, module: last.target.module }], next);
      }
    return this.out;
  }

  private get main(): PyModule {
    return this.summaries.module;
  }

  private restate(chain: Hop[], call: PyNode, op: Operation): void {
    const last = chain[chain.length - 1] as Hop;
    const module = last.target.module;
    const detector = this.summaries.detectorOf(module);
    const here = this.summaries.detector;
    const atRange = here.rangeOf(this.site.at);
    const nameRange = here.rangeOf(this.site.name);
    const other = module !== this.main;
    let gained = false;
    const sub = (v: ValueProvenance): ValueProvenance => {
      if (v.kind === 'parameter' && ownsParameter(last.target.node, v.position, v.name)) {
        const arg = this.argument(chain, chain.length - 1, v.position, v.name);
        if (arg?.level === 0) {
          const p = here.provenance(arg.node, arg.scope);
          if (p.kind === 'constant') gained = true;
          return p;
        }
      }
      // A constant written in a wrapper is reported there, once; here it only keeps its place.
      if (v.kind === 'constant' || other)
        return {
          kind: 'unknown',
          text: v.kind === 'unknown' ? v.text : v.kind === 'constant' ? v.value : v.name,
          range: atRange,
        };
      return v;
    };
    let keyValues: KeyValue[] = op.keyValues.map((k) => ({ attribute: k.attribute, value: sub(k.value) }));
    // `put_item(Item=item)` with the whole item (or key) a parameter: its entries at the call.
    const whole = keyValues.length === 0 ? this.wholeDict(chain, detector, call, op) : undefined;
    if (whole) {
      keyValues = whole;
      if (whole.some((k) => k.value.kind === 'constant')) gained = true;
    }
    const partitionKeyValue = op.partitionKeyValue ? sub(op.partitionKeyValue) : undefined;
    const updateSets = op.updateSets?.map((k) => ({ attribute: k.attribute, value: sub(k.value) }));
    const sortKeyCondition = op.sortKeyCondition
      ? { ...op.sortKeyCondition, values: op.sortKeyCondition.values.map(sub) }
      : undefined;
    let table: TableReference | undefined = op.table;
    let tableFromCall = false;
    const tableParam = op.table?.parameter;
    if (tableParam && ownsParameter(last.target.node, tableParam.position, tableParam.name)) {
      const arg = this.argument(chain, chain.length - 1, tableParam.position, tableParam.name);
      table = arg ? this.summaries.detectorOf(arg.module).tableRef({ node: arg.node, scope: arg.scope }) : undefined;
      // The table is the caller's own parameter: the caller is the wrapper, reported where it is called.
      if (table?.parameter !== undefined) return;
      tableFromCall = arg?.level === 0;
    } else if (tableParam && table) {
      // A parameter of the constructor (`self.table = resource.Table(name)`): what the instance was made with.
      table = this.constructorTable(last, tableParam) ?? withoutParameter(table);
    }
    if (table?.range && (other || !tableFromCall)) {
      const { range: _r, ...rest } = table;
      table = rest;
    }
    const scan = op.kind === 'scan';
    if (scan) {
      // A wrapper of another module scans where it is called: the caller's file shows nothing else.
      // One of this file is reported where its Scan is written, and again at a call only when the
      // call names the table as a constant.
      const sameFile = (chain[0] as Hop).target.module === this.main;
      if (this.scanned || (sameFile && !(tableFromCall && table?.constant !== undefined))) return;
      this.scanned = true;
    } else if (!gained && !tableFromCall) return;
    const key = `${op.kind}\u0000${keyValues.map((k) => `${k.attribute}=${k.value.range.offset}`).join(',')}`;
    if (!scan && this.emitted.has(key)) return;
    this.emitted.add(key);
    const callChain: WrapperCall[] = chain.map((h) => ({
      function: qualifiedName(h.target.node),
      range: h.module === this.main ? here.rangeOf(h.call) : this.summaries.detectorOf(h.module).rangeOf(h.call),
      ...(h.module === this.main ? {} : { file: h.module.fileName }),
    }));
    const declaredSchema =
      op.declaredSchema && other && !op.declaredSchema.file
        ? { ...op.declaredSchema, file: module.fileName }
        : op.declaredSchema;
    const { table: _t, declaredSchema: _d, sortKeyCondition: _s, statements, ...rest } = op;
    this.out.push({
      ...rest,
      ...(table ? { table } : {}),
      keyValues,
      ...(partitionKeyValue ? { partitionKeyValue } : {}),
      ...(updateSets ? { updateSets } : {}),
      ...(sortKeyCondition ? { sortKeyCondition } : {}),
      ...(declaredSchema ? { declaredSchema } : {}),
      ...(statements ? { statements: other ? statements.map((s) => ({ ...s, range: nameRange })) : statements } : {}),
      perCall: insideFunction(this.site.at) || undefined,
      nameRange,
      range: atRange,
      callChain,
      origin: op.nameRange,
      ...(other ? { originFile: module.fileName } : {}),
    });
  }

  /**
   * The table a method's operation reads when it is the instance's: `self.table = resource.Table(name)`
   * with `name` a parameter of `__init__`, given where the instance is made (`Repo(os.environ['T'])`).
   */
  private constructorTable(hop: Hop, param: { name: string; position: number }): TableReference | undefined {
    if (hop.callee.type !== 'attribute') return undefined;
    const scope = scopeAt(hop.module, hop.callee);
    const obj = this.summaries.ev.value(hop.callee.childForFieldName('object'), scope);
    if (obj.kind !== 'instance') return undefined;
    const init = this.summaries.ev.classMember(obj.cls, '__init__', 0);
    if (init.kind !== 'function' || !ownsParameter(init.node, param.position, param.name)) return undefined;
    const node = argument(obj.call.childForFieldName('arguments'), param.position - 1, param.name);
    if (!node) return undefined;
    const table = this.summaries.detectorOf(obj.scope.module).tableRef({ node, scope: obj.scope });
    return table?.parameter === undefined ? table : undefined;
  }

  /** Key values of an Item or Key that is, as a whole, a parameter the call site gives as a dict. */
  private wholeDict(chain: Hop[], detector: Detector, call: PyNode, op: Operation): KeyValue[] | undefined {
    const field =
      op.kind === 'put'
        ? 'Item'
        : op.kind === 'get' || op.kind === 'delete' || op.kind === 'update'
          ? 'Key'
          : undefined;
    if (!field) return undefined;
    const scope = scopeAt((chain[chain.length - 1] as Hop).target.module, call);
    const fnNode = call.childForFieldName('function');
    const args = call.childForFieldName('arguments');
    let node = detector.request(args, scope).get(field)?.node;
    // A batch writer's `put_item(item)` and the like take the item positionally.
    if (!node && fnNode?.type === 'attribute') node = argument(args, 0) ?? undefined;
    if (!node) return undefined;
    const v = this.summaries.ev.value(node, scope);
    if (v.kind !== 'param' || !ownsParameter((chain[chain.length - 1] as Hop).target.node, v.position, v.name))
      return undefined;
    const arg = this.argument(chain, chain.length - 1, v.position, v.name);
    if (arg?.level !== 0) return undefined;
    const here = this.summaries.detector;
    const entries = here.dictEntries(arg.node, arg.scope);
    if (!entries) return undefined;
    return here.keyValues(entries);
  }

  /**
   * The argument a chain's call at `level` passes for a parameter of the function it calls,
   * followed down while it is a parameter of the calling function; `level` 0 is the site's.
   */
  private argument(
    chain: Hop[],
    level: number,
    position: number,
    name: string,
  ): { node: PyNode; scope: Scope; level: number; module: PyModule } | undefined {
    for (let k = level; k >= 0; k--) {
      const hop = chain[k] as Hop;
      const node = argumentAt(hop, position, name);
      if (!node) return undefined;
      const scope = scopeAt(hop.module, hop.call);
      if (k === 0) return { node, scope, level: 0, module: hop.module };
      const v = this.summaries.ev.value(node, scope);
      const caller = (chain[k - 1] as Hop).target.node;
      if (v.kind !== 'param' || !ownsParameter(caller, v.position, v.name))
        return { node, scope, level: k, module: hop.module };
      position = v.position;
      name = v.name;
    }
    return undefined;
  }
}

function withoutParameter(table: TableReference): TableReference {
  const { parameter: _p, ...rest } = table;
  return rest;
}

/** Whether the function's parameter at `position` (counting `self`) is `name`: a value may come from another function's. */
function ownsParameter(fn: PyNode, position: number, name: string): boolean {
  let i = 0;
  for (const p of fn.childForFieldName('parameters')?.namedChildren ?? []) {
    const n = p ? paramName(p) : undefined;
    if (n === undefined) continue;
    if (i++ === position) return n === name;
  }
  return false;
}

/** The argument node a call passes for the parameter at `position` (counting `self`) named `name`. */
function argumentAt(hop: Hop, position: number, name: string): PyNode | undefined {
  if (hop.call.type !== 'call' || hop.passed) return undefined;
  const params = (hop.target.node.childForFieldName('parameters')?.namedChildren ?? []).map((p) =>
    p ? paramName(p) : undefined,
  );
  const bound = (params[0] === 'self' || params[0] === 'cls') && hop.callee.type === 'attribute' ? 1 : 0;
  return argument(hop.call.childForFieldName('arguments'), position - bound, name);
}

/** The call or attribute read at a name the pattern found (`f(`, `x.f(`, `x.f` for a property). */
function siteOf(id: PyNode | null): Site | undefined {
  if (id?.type !== 'identifier') return undefined;
  let callee: PyNode = id;
  const parent = id.parent;
  if (parent?.type === 'attribute') {
    if (parent.childForFieldName('attribute')?.startIndex !== id.startIndex) return undefined;
    callee = parent;
  }
  const up = callee.parent;
  if (up?.type === 'call' && up.childForFieldName('function')?.startIndex === callee.startIndex)
    return { call: up, callee, name: id, at: up };
  if (callee.type !== 'attribute') return undefined;
  // A property read; not the target of an assignment or a definition.
  if (up?.type === 'assignment' && up.childForFieldName('left')?.startIndex === callee.startIndex) return undefined;
  return { callee, name: id, at: callee };
}

function isProperty(fn: PyNode): boolean {
  const decorated = fn.parent?.type === 'decorated_definition' ? fn.parent : undefined;
  return (
    decorated?.namedChildren.some(
      (d) => d?.type === 'decorator' && /^@\s*(?:property|cached_property|functools\.cached_property)\b/.test(d.text),
    ) ?? false
  );
}

function enclosingDef(node: PyNode): PyNode | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.type === 'function_definition') return p;
  return undefined;
}

function qualifiedName(fn: PyNode): string {
  const name = fn.childForFieldName('name')?.text ?? 'function';
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === 'class_definition') return `${p.childForFieldName('name')?.text ?? ''}.${name}`;
    if (p.type === 'function_definition') break;
  }
  return name;
}
