// Summaries of the project's own functions that forward their parameters into DynamoDB calls
// (`db.scan(table)`, `getPassesByStatus(status)`, `this.query('PK = :pk', values)`), applied at
// the call sites: a call that passes a constant key, or that calls a Scan wrapper, is reported
// there, with the SDK call inside the wrapper as related information.
import * as ts from 'typescript';
import type { Bindings, Declaration } from '../syntax/bindings';
import { findProperty, skipOuterExpressions } from '../syntax/nodes';
import { computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import { checkOperation } from './ruleChecks';
import type { RelatedLocation } from './finding';
import { detectOperation, detectAppSyncRequest, type DetectedOperation } from './operations';
import type { RuleContext } from './ruleContext';

type FunctionNode = ts.FunctionLikeDeclaration & { body: ts.Node };

/**
 * What one function does with DynamoDB, independent of who calls it: the operations in its body
 * and the calls it makes to other summarised functions. Only nodes are kept (no resolver state),
 * so a summary outlives the analysis that computed it and is shared through the module cache.
 */
export interface FunctionSummary {
  /** Nodes where `detectOperation` finds a DynamoDB operation. */
  operations: readonly ts.Node[];
  /** Calls to functions that have a summary of their own, with the function each calls. */
  calls: ReadonlyArray<{ call: ts.CallExpression; target: FunctionNode }>;
  /** Parameter positions that reach a Scan's table or whole request (directly or through a wrapper). */
  scanTableParams: ReadonlySet<number>;
  /** The function scans (directly or through a wrapper it calls). */
  scans: boolean;
}

const EMPTY: FunctionSummary = { operations: [], calls: [], scanTableParams: new Set(), scans: false };
/** Levels of wrappers followed from a call site. */
const MAX_LEVELS = 5;
const MAX_RESOLVE_DEPTH = 12;
const MAX_SUMMARY_NODES = 20000;

/** Summaries per function node; lives as long as the parsed files it describes (one project run, one editor session). */
export class SummaryCache {
  private summaries = new WeakMap<ts.Node, FunctionSummary>();
  private lineStarts = new WeakMap<ts.SourceFile, number[]>();

  get(fn: ts.Node): FunctionSummary | undefined {
    return this.summaries.get(fn);
  }

  set(fn: ts.Node, summary: FunctionSummary): void {
    this.summaries.set(fn, summary);
  }

  lineStartsOf(sf: ts.SourceFile): number[] {
    let starts = this.lineStarts.get(sf);
    if (!starts) {
      starts = computeLineStarts(sf.text);
      this.lineStarts.set(sf, starts);
    }
    return starts;
  }

  /** Drops every summary: a changed file can change what any function calling into it does. */
  clear(): void {
    this.summaries = new WeakMap();
  }
}

type Container =
  | { kind: 'object'; node: ts.ObjectLiteralExpression }
  | { kind: 'file'; sf: ts.SourceFile }
  | { kind: 'instance'; cls: ts.ClassLikeDeclaration };

/** Finds what a callee names: a function declaration, a function-valued const, an object or class method, across files. */
export class FunctionResolver {
  constructor(private readonly bindings: Bindings) {}

  functionOf(expr: ts.Expression, depth = 0): FunctionNode | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return e;
    if (ts.isIdentifier(e)) {
      const decl = this.bindings.lookup(e);
      return decl ? this.functionOfDeclaration(decl, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const owner = this.containerOf(e.expression, depth + 1);
      return owner ? this.memberFunction(owner, e.name.text, depth + 1) : undefined;
    }
    return undefined;
  }

  private functionOfDeclaration(decl: Declaration, depth: number): FunctionNode | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (decl.kind) {
      case 'function':
        return decl.node.body ? (decl.node as FunctionNode) : undefined;
      case 'variable': {
        const init = decl.decl.initializer;
        if (!init) return undefined;
        if (decl.path.length === 0) return decl.isConst ? this.functionOf(init, depth + 1) : undefined;
        let owner = this.containerOf(init, depth + 1);
        for (let i = 0; owner && i < decl.path.length - 1; i++)
          owner = this.memberContainer(owner, decl.path[i] as string, depth + 1);
        return owner ? this.memberFunction(owner, decl.path[decl.path.length - 1] as string, depth + 1) : undefined;
      }
      case 'import': {
        if (decl.imported === '*') return undefined;
        const r = this.bindings.resolveImport(decl, depth);
        if ('decl' in r) return this.functionOfDeclaration(r.decl, depth + 1);
        return undefined;
      }
      case 'exported':
        return this.functionOf(decl.expr, depth + 1);
      default:
        return undefined;
    }
  }

  /** The object, module or class instance an expression names (`db` in `db.scan`). */
  containerOf(expr: ts.Expression, depth = 0): Container | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (e.kind === ts.SyntaxKind.ThisKeyword) {
      const cls = enclosingClass(e);
      return cls ? { kind: 'instance', cls } : undefined;
    }
    if (ts.isObjectLiteralExpression(e)) return { kind: 'object', node: e };
    if (ts.isIdentifier(e)) {
      const decl = this.bindings.lookup(e);
      return decl ? this.containerOfDeclaration(decl, depth + 1) : undefined;
    }
    if (ts.isNewExpression(e)) {
      const cls = this.classOf(e.expression, depth + 1);
      return cls ? { kind: 'instance', cls } : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const owner = this.containerOf(e.expression, depth + 1);
      return owner ? this.memberContainer(owner, e.name.text, depth + 1) : undefined;
    }
    if (ts.isCallExpression(e)) {
      const sf = this.bindings.requiredFile(e);
      return sf ? { kind: 'file', sf } : undefined;
    }
    return undefined;
  }

  private containerOfDeclaration(decl: Declaration, depth: number): Container | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (decl.kind) {
      case 'import': {
        const ns = this.bindings.namespaceFile(decl);
        if (ns) return { kind: 'file', sf: ns };
        if (decl.imported === '*' || decl.imported === 'default') {
          // `import db from './db'` of a CommonJS module: its `module.exports`.
          const target = this.loadLocal(decl);
          if (target && decl.imported === '*') return { kind: 'file', sf: target };
          if (target) {
            const assigned = moduleExportsAssignment(target);
            if (assigned && !hasDefaultExport(target)) return this.containerOf(assigned, depth + 1);
          }
        }
        const r = this.bindings.resolveImport(decl, depth);
        if ('decl' in r) return this.containerOfDeclaration(r.decl, depth + 1);
        return r.value.kind === 'object' ? { kind: 'object', node: r.value.node } : undefined;
      }
      case 'variable': {
        const init = decl.decl.initializer;
        if (init) {
          let owner = decl.isConst || decl.path.length === 0 ? this.containerOf(init, depth + 1) : undefined;
          for (const name of decl.path) owner = owner ? this.memberContainer(owner, name, depth + 1) : undefined;
          if (owner) return owner;
        }
        if (decl.path.length === 0 && decl.decl.type) {
          const cls = this.classOfType(decl.decl.type, depth + 1);
          if (cls) return { kind: 'instance', cls };
        }
        return undefined;
      }
      case 'parameter': {
        if (decl.path.length > 0 || !decl.param.type) return undefined;
        const cls = this.classOfType(decl.param.type, depth + 1);
        return cls ? { kind: 'instance', cls } : undefined;
      }
      case 'exported':
        return this.containerOf(decl.expr, depth + 1);
      default:
        return undefined;
    }
  }

  private loadLocal(decl: Extract<Declaration, { kind: 'import' }>): ts.SourceFile | undefined {
    return this.bindings.localModule(decl.fromFile, decl.module);
  }

  private memberContainer(owner: Container, name: string, depth: number): Container | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (owner.kind) {
      case 'object': {
        const prop = findProperty(owner.node, name);
        if (prop && ts.isPropertyAssignment(prop)) return this.containerOf(prop.initializer, depth + 1);
        if (prop && ts.isShorthandPropertyAssignment(prop)) return this.containerOf(prop.name, depth + 1);
        return undefined;
      }
      case 'file': {
        const found = this.exportOf(owner.sf, name, depth + 1);
        return found ? this.containerOfDeclaration(found, depth + 1) : undefined;
      }
      case 'instance': {
        // `this.repo.query(...)` with `repo = new Repo()` or `constructor(private repo: Repo)`.
        for (const m of owner.cls.members) {
          if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== name) continue;
          if (ts.isPropertyDeclaration(m)) {
            if (m.initializer) return this.containerOf(m.initializer, depth + 1);
            const cls = m.type ? this.classOfType(m.type, depth + 1) : undefined;
            return cls ? { kind: 'instance', cls } : undefined;
          }
        }
        const ctor = owner.cls.members.find(ts.isConstructorDeclaration);
        const param = ctor?.parameters.find(
          (p) => ts.isIdentifier(p.name) && p.name.text === name && ts.getModifiers(p)?.length,
        );
        const cls = param?.type ? this.classOfType(param.type, depth + 1) : undefined;
        return cls ? { kind: 'instance', cls } : undefined;
      }
      default:
        return undefined;
    }
  }

  private memberFunction(owner: Container, name: string, depth: number): FunctionNode | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (owner.kind) {
      case 'object': {
        const prop = findProperty(owner.node, name);
        if (!prop) return undefined;
        if (ts.isMethodDeclaration(prop)) return prop.body ? (prop as FunctionNode) : undefined;
        if (ts.isPropertyAssignment(prop)) return this.functionOf(prop.initializer, depth + 1);
        if (ts.isShorthandPropertyAssignment(prop)) return this.functionOf(prop.name, depth + 1);
        return undefined;
      }
      case 'file': {
        const found = this.exportOf(owner.sf, name, depth + 1);
        return found ? this.functionOfDeclaration(found, depth + 1) : undefined;
      }
      case 'instance':
        return this.method(owner.cls, name, depth + 1);
      default:
        return undefined;
    }
  }

  /** A method of a class or of the classes it extends. */
  private method(cls: ts.ClassLikeDeclaration, name: string, depth: number): FunctionNode | undefined {
    for (let c: ts.ClassLikeDeclaration | undefined = cls, i = 0; c && i < MAX_RESOLVE_DEPTH; i++) {
      for (const m of c.members) {
        if (!m.name || !ts.isIdentifier(m.name) || m.name.text !== name) continue;
        if (ts.isMethodDeclaration(m) && m.body) return m as FunctionNode;
        if (ts.isPropertyDeclaration(m) && m.initializer) return this.functionOf(m.initializer, depth + 1);
      }
      const base: ts.ExpressionWithTypeArguments | undefined = c.heritageClauses?.find(
        (h) => h.token === ts.SyntaxKind.ExtendsKeyword,
      )?.types[0];
      c = base ? this.classOf(base.expression, depth + 1) : undefined;
    }
    return undefined;
  }

  private exportOf(sf: ts.SourceFile, name: string, depth: number): Declaration | undefined {
    const found = this.bindings.findExport(sf, name);
    if (found && 'decl' in found) return found.decl;
    // `module.exports = { a, b }` is read by findExport; `module.exports = new Repo()` or a class is not.
    const assigned = moduleExportsAssignment(sf);
    if (!assigned) return undefined;
    const owner = this.containerOf(assigned, depth + 1);
    if (owner?.kind === 'instance') {
      const fn = this.method(owner.cls, name, depth + 1);
      return fn
        ? { kind: 'exported', expr: ts.isMethodDeclaration(fn) ? (fn.name as ts.Expression) : (fn as ts.Expression) }
        : undefined;
    }
    return undefined;
  }

  classOf(expr: ts.Expression, depth: number): ts.ClassLikeDeclaration | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isClassExpression(e)) return e;
    if (!ts.isIdentifier(e) && !ts.isPropertyAccessExpression(e)) return undefined;
    if (ts.isPropertyAccessExpression(e)) {
      const owner = this.containerOf(e.expression, depth + 1);
      if (owner?.kind !== 'file') return undefined;
      const found = this.exportOf(owner.sf, e.name.text, depth + 1);
      return found ? this.classOfDeclaration(found, depth + 1) : undefined;
    }
    const decl = this.bindings.lookup(e);
    return decl ? this.classOfDeclaration(decl, depth + 1) : undefined;
  }

  private classOfDeclaration(decl: Declaration, depth: number): ts.ClassLikeDeclaration | undefined {
    if (depth > MAX_RESOLVE_DEPTH) return undefined;
    switch (decl.kind) {
      case 'class':
        return decl.node;
      case 'import': {
        if (decl.imported === 'default') {
          const target = this.loadLocal(decl);
          const assigned = target && !hasDefaultExport(target) ? moduleExportsAssignment(target) : undefined;
          if (assigned) return this.classOf(assigned, depth + 1);
        }
        const r = this.bindings.resolveImport(decl, depth);
        return 'decl' in r ? this.classOfDeclaration(r.decl, depth + 1) : undefined;
      }
      case 'variable':
        if (!decl.decl.initializer) return undefined;
        if (decl.path.length === 0) return this.classOf(decl.decl.initializer, depth + 1);
        {
          let owner = this.containerOf(decl.decl.initializer, depth + 1);
          for (let i = 0; owner && i < decl.path.length - 1; i++)
            owner = this.memberContainer(owner, decl.path[i] as string, depth + 1);
          const last = decl.path[decl.path.length - 1] as string;
          if (owner?.kind === 'file') {
            const found = this.exportOf(owner.sf, last, depth + 1);
            return found ? this.classOfDeclaration(found, depth + 1) : undefined;
          }
          if (owner?.kind === 'object') {
            const prop = findProperty(owner.node, last);
            if (prop && ts.isPropertyAssignment(prop)) return this.classOf(prop.initializer, depth + 1);
            if (prop && ts.isShorthandPropertyAssignment(prop)) return this.classOf(prop.name, depth + 1);
          }
          return undefined;
        }
      case 'exported':
        return this.classOf(decl.expr, depth + 1);
      default:
        return undefined;
    }
  }

  private classOfType(type: ts.TypeNode, depth: number): ts.ClassLikeDeclaration | undefined {
    if (!ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName)) return undefined;
    return this.classOf(type.typeName, depth + 1);
  }
}

/** The expression of the one top-level `module.exports = X` of a CommonJS file. */
function moduleExportsAssignment(sf: ts.SourceFile): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  for (const st of sf.statements) {
    if (
      !ts.isExpressionStatement(st) ||
      !ts.isBinaryExpression(st.expression) ||
      st.expression.operatorToken.kind !== ts.SyntaxKind.EqualsToken
    )
      continue;
    const left = skipOuterExpressions(st.expression.left);
    if (
      ts.isPropertyAccessExpression(left) &&
      left.name.text === 'exports' &&
      ts.isIdentifier(left.expression) &&
      left.expression.text === 'module'
    ) {
      if (found) return undefined;
      found = st.expression.right;
    }
  }
  return found;
}

function hasDefaultExport(sf: ts.SourceFile): boolean {
  return sf.statements.some(
    (st) =>
      ts.isExportAssignment(st) ||
      (ts.canHaveModifiers(st) &&
        (ts.getModifiers(st)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false)) ||
      (ts.isExportDeclaration(st) &&
        !!st.exportClause &&
        ts.isNamedExports(st.exportClause) &&
        st.exportClause.elements.some((el) => el.name.text === 'default')),
  );
}

function enclosingClass(n: ts.Node): ts.ClassLikeDeclaration | undefined {
  let cur: ts.Node | undefined = n.parent;
  while (cur) {
    if (ts.isClassLike(cur)) return cur;
    if (ts.isFunctionDeclaration(cur) || ts.isFunctionExpression(cur)) return undefined; // `this` rebound
    cur = cur.parent;
  }
  return undefined;
}

/** The function whose body holds `n` (arrow functions included), or undefined at the top level. */
function enclosingFunction(n: ts.Node): FunctionNode | undefined {
  return ts.findAncestor<FunctionNode>(
    n.parent,
    (a): a is FunctionNode => ts.isFunctionLike(a) && 'body' in a && !!a.body,
  );
}

/** Parameter positions of `fn` an expression's value comes from (through local consts and property reads). */
function parametersReached(expr: ts.Expression, fn: FunctionNode, bindings: Bindings, depth = 0): Set<number> {
  const out = new Set<number>();
  if (depth > 6) return out;
  const stack: ts.Node[] = [expr];
  let seen = 0;
  while (stack.length > 0 && seen++ < 500) {
    const n = stack.pop() as ts.Node;
    if (
      ts.isIdentifier(n) &&
      !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) &&
      !(ts.isPropertyAssignment(n.parent) && n.parent.name === n)
    ) {
      const decl = bindings.lookup(n);
      if (decl?.kind === 'parameter' && decl.param.parent === fn) out.add(fn.parameters.indexOf(decl.param));
      else if (decl?.kind === 'variable' && decl.decl.initializer && ts.findAncestor(decl.decl, (a) => a === fn)) {
        for (const i of parametersReached(decl.decl.initializer, fn, bindings, depth + 1)) out.add(i);
      }
      continue;
    }
    if (ts.isFunctionLike(n)) continue;
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out;
}

/** A function expression that runs where it is written: called at once, or a callback given to a call. */
function runsInPlace(fn: ts.FunctionExpression | ts.ArrowFunction): boolean {
  let child: ts.Node = fn;
  let parent = fn.parent;
  while (ts.isParenthesizedExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  if (ts.isCallExpression(parent)) return parent.expression === child || parent.arguments.some((a) => a === child);
  return ts.isNewExpression(parent) && (parent.arguments?.some((a) => a === child) ?? false);
}

/** The request argument of an operation as written at the call (`scan(params)`, `new ScanCommand(params)`). */
function requestArgument(op: DetectedOperation): ts.Expression | undefined {
  const node = op.node;
  if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
    const args = node.arguments ?? [];
    return op.operation.startsWith('paginate') ? args[1] : args[0];
  }
  return undefined;
}

/** Computes (once per function node) and applies summaries for one analysis. */
export class WrapperCalls {
  private readonly resolver: FunctionResolver;
  private readonly inProgress = new Set<ts.Node>();
  /** Summaries of the analyzed file's own functions: its tree changes with every edit, so they are not shared. */
  private readonly own = new Map<ts.Node, FunctionSummary>();

  constructor(
    private readonly cache: SummaryCache,
    private readonly bindings: Bindings,
    private readonly sourceFile: ts.SourceFile,
  ) {
    this.resolver = new FunctionResolver(bindings);
  }

  summaryOf(fn: FunctionNode): FunctionSummary {
    const own = fn.getSourceFile() === this.sourceFile;
    const cached = own ? this.own.get(fn) : this.cache.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn)) return EMPTY; // recursion
    this.inProgress.add(fn);
    try {
      // A summary holds for every caller: computed with no call's arguments in force.
      const summary = this.bindings.withArguments(new Map(), () => this.compute(fn));
      if (own) this.own.set(fn, summary);
      else this.cache.set(fn, summary);
      return summary;
    } finally {
      this.inProgress.delete(fn);
    }
  }

  private compute(fn: FunctionNode): FunctionSummary {
    const operations: ts.Node[] = [];
    const calls: Array<{ call: ts.CallExpression; target: FunctionNode }> = [];
    const scanTableParams = new Set<number>();
    let scans = false;
    const stack: ts.Node[] = [fn.body];
    let seen = 0;
    while (stack.length > 0 && seen++ < MAX_SUMMARY_NODES) {
      const n = stack.pop() as ts.Node;
      // A function declared inside is a function of its own, summarised where it is called.
      if (n !== fn.body && (ts.isFunctionDeclaration(n) || ts.isClassLike(n) || ts.isMethodDeclaration(n))) continue;
      // So is one it only hands out (returned, even as an arrow's whole body, stored, a member of
      // an object it builds): calling the function does not run it. A callback it passes to a
      // call, or a function it calls at once, runs.
      if ((ts.isFunctionExpression(n) || ts.isArrowFunction(n)) && !runsInPlace(n)) continue;
      if (
        ts.isNewExpression(n) ||
        ts.isCallExpression(n) ||
        ts.isPropertyAccessExpression(n) ||
        ts.isObjectLiteralExpression(n)
      ) {
        const op = ts.isObjectLiteralExpression(n)
          ? detectAppSyncRequest(n, this.bindings)
          : detectOperation(n, this.bindings);
        if (op) {
          operations.push(n);
          if (op.kind === 'scan') {
            scans = true;
            const table = op.input?.get('TableName');
            if (table) for (const i of parametersReached(table, fn, this.bindings)) scanTableParams.add(i);
            // `scan(params) { return ddb.scan(params) }`: the whole request, table included, is the caller's.
            const request = requestArgument(op);
            const e = request ? skipOuterExpressions(request) : undefined;
            const decl = e && ts.isIdentifier(e) ? this.bindings.lookup(e) : undefined;
            if (decl?.kind === 'parameter' && decl.path.length === 0 && decl.param.parent === fn)
              scanTableParams.add(fn.parameters.indexOf(decl.param));
          }
        } else if (ts.isCallExpression(n)) {
          const target = this.resolver.functionOf(n.expression);
          if (target && target !== fn) {
            const inner = this.summaryOf(target);
            if (inner.operations.length > 0 || inner.calls.length > 0) {
              calls.push({ call: n, target });
              if (inner.scans) {
                // A wrapper that forwards its table into a Scan wrapper is a Scan wrapper of that table.
                for (const i of inner.scanTableParams) {
                  const arg = n.arguments[i];
                  const reached = arg ? parametersReached(arg, fn, this.bindings) : new Set<number>();
                  for (const j of reached) scanTableParams.add(j);
                  if (reached.size > 0) scans = true;
                }
              }
            }
          }
        }
      }
      n.forEachChild((c) => {
        stack.push(c);
      });
    }
    if (operations.length === 0 && calls.length === 0) return EMPTY;
    return { operations, calls, scanTableParams, scans };
  }

  /**
   * Reports what calling `call` does through the functions it reaches: Scans, and key values that
   * are constant only because of the arguments given here. Does nothing for a call that is not
   * to a summarised function.
   */
  checkCall(call: ts.CallExpression, ctx: RuleContext): void {
    const target = this.resolver.functionOf(call.expression);
    if (!target || target === enclosingFunction(call)) return;
    const summary = this.summaryOf(target);
    if (summary.operations.length === 0 && summary.calls.length === 0) return;
    const at = calleeName(call);
    const caller = enclosingFunction(call);
    const forwarded = (i: number): boolean => {
      const arg = call.arguments[i];
      return arg !== undefined && caller !== undefined && parametersReached(arg, caller, this.bindings).size > 0;
    };
    // A wrapper of another module scans where it is called: the caller's file shows nothing else.
    // One of this file is reported where its Scan is written, and again at a call only when the
    // call names the table as a constant. Never when the table is the caller's own parameter: that
    // caller is then the wrapper, reported where it is called.
    const tables = [...summary.scanTableParams];
    const elsewhere = target.getSourceFile() !== call.getSourceFile();
    const scans =
      !tables.some((i) => forwarded(i)) && (elsewhere || tables.some((i) => this.isConstant(call.arguments[i], ctx)));
    this.apply(call, target, { all: new Map(), inner: new Map() }, ctx, at, scans, new Set<string>(), 0, []);
  }

  private apply(
    call: ts.CallExpression,
    fn: FunctionNode,
    outer: {
      all: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>;
      inner: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>;
    },
    ctx: RuleContext,
    at: ts.Node,
    scans: boolean,
    reported: Set<string>,
    level: number,
    path: RelatedLocation[],
  ): void {
    if (level >= MAX_LEVELS) return;
    const summary = this.summaryOf(fn);
    // Parameters of every level in one map: each belongs to one function, and an argument written
    // at one level may name a parameter of the level above. `inner` leaves out the call site's own
    // arguments: what it makes constant was written in a wrapper, and is reported there.
    const all = new Map(outer.all);
    const inner = new Map(outer.inner);
    for (let i = 0; i < fn.parameters.length && i < call.arguments.length; i++) {
      const arg = call.arguments[i] as ts.Expression;
      if (ts.isSpreadElement(arg)) break;
      all.set(fn.parameters[i] as ts.ParameterDeclaration, arg);
      if (level > 0) inner.set(fn.parameters[i] as ts.ParameterDeclaration, arg);
    }
    const here = level === 0 ? path : [...path, this.location(call, 'Through this call.')];
    for (const node of summary.operations) {
      ctx.checkBudget();
      if (scans || !this.isScan(node)) this.checkOperationAt(node, all, inner, ctx, at, here, reported);
    }
    for (const next of summary.calls) {
      // Deeper, a Scan counts only while each level passes its own parameter on as the table.
      const forwards = [...this.summaryOf(next.target).scanTableParams].some((i) => {
        const arg = next.call.arguments[i];
        return arg !== undefined && parametersReached(arg, fn, this.bindings).size > 0;
      });
      this.apply(next.call, next.target, { all, inner }, ctx, at, scans && forwards, reported, level + 1, here);
    }
  }

  private isConstant(arg: ts.Expression | undefined, ctx: RuleContext): boolean {
    return arg !== undefined && !ts.isSpreadElement(arg) && ctx.constants.valueOf(arg) !== undefined;
  }

  private detect(node: ts.Node): DetectedOperation | undefined {
    return ts.isObjectLiteralExpression(node)
      ? detectAppSyncRequest(node, this.bindings)
      : detectOperation(node, this.bindings);
  }

  private isScan(node: ts.Node): boolean {
    return this.bindings.withArguments(new Map(), () => this.detect(node)?.kind === 'scan');
  }

  /**
   * Runs the rules on a wrapper's operation as the call site's arguments make it run. Scans are
   * reported at the call; other findings only when the arguments make them (a constant written in
   * the wrapper is reported there, once).
   */
  private checkOperationAt(
    node: ts.Node,
    args: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>,
    inner: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>,
    ctx: RuleContext,
    at: ts.Node,
    path: RelatedLocation[],
    reported: Set<string>,
  ): void {
    const base = new Set<string>();
    const sourceFile = node.getSourceFile();
    this.bindings.withArguments(inner, () => {
      const op = this.detect(node);
      if (op && op.kind !== 'scan')
        checkOperation(op, { ...ctx, sourceFile, report: (f) => base.add(`${f.rule}\u0000${f.message}`) });
    });
    this.bindings.withArguments(args, () => {
      const op = this.detect(node);
      if (!op) return;
      const related = [this.location(op.nameNode, `The DynamoDB call (${op.operation}) this call reaches.`), ...path];
      checkOperation(op, {
        ...ctx,
        sourceFile,
        report: (f) => {
          const key = `${f.rule}\u0000${f.message}`;
          if (op.kind !== 'scan' && (f.rule === 'scan' || base.has(key))) return;
          if (reported.has(key)) return;
          reported.add(key);
          ctx.report({ ...f, node: at, range: undefined, related: [...related, ...(f.related ?? [])] });
        },
      });
    });
  }

  private location(node: ts.Node, message: string): RelatedLocation {
    const sf = node.getSourceFile();
    const range = rangeFromOffsets(this.cache.lineStartsOf(sf), node.getStart(sf), node.end);
    return { file: sf.fileName, ...range, message };
  }
}

function calleeName(call: ts.CallExpression): ts.Node {
  const c = skipOuterExpressions(call.expression);
  if (ts.isPropertyAccessExpression(c)) return c.name;
  return c;
}

/** A function body that may reach DynamoDB by itself: an SDK or ORM name, a request field, a command. */
// The request and command spellings only: a bare `Dynamo` is in every function of an SDK bundle.
const REACHES_DYNAMO =
  /TableName|KeyConditionExpression|paginateScan|\.scan\s*\(|\b(?:Scan|Query|Put|Get|Update|Delete|BatchWrite|BatchGet|TransactWrite|TransactGet|ExecuteStatement)(?:Item)?Command\b/;

/**
 * A name specific enough to admit a file by a bare call: a compound (`readAll`, `getPassesByStatus`,
 * `scan_table`). One word (`query`, `keys`, `loop`) is as likely any other library's method, so it
 * admits a file only as `this.name(`, the way a subclass calls its base repository's methods.
 */
function isSpecificName(name: string): boolean {
  return name.length >= 5 && /[a-z0-9][A-Z]|[a-zA-Z]_[a-zA-Z]/.test(name);
}

/** The name a function is called by: its declaration's, its method's, or the property or variable holding it. */
function calledName(fn: ts.FunctionLikeDeclaration): string | undefined {
  if ((ts.isFunctionDeclaration(fn) || ts.isMethodDeclaration(fn)) && fn.name && ts.isIdentifier(fn.name))
    return fn.name.text;
  if (!ts.isFunctionExpression(fn) && !ts.isArrowFunction(fn)) return undefined;
  const p = fn.parent;
  if (
    (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p)) &&
    ts.isIdentifier(p.name)
  )
    return p.name.text;
  // `exports.scanAll = (t) => ...`, `module.exports.scanAll = function ...`
  if (
    ts.isBinaryExpression(p) &&
    p.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
    ts.isPropertyAccessExpression(p.left)
  )
    return p.left.name.text;
  return undefined;
}

const patterns = new WeakMap<readonly string[], WrapperCallMatcher | undefined>();

/** Whether a text calls one of the wrapper names a project run learned (the matcher is built once per list). */
export function callsWrapper(text: string, names: readonly string[] | undefined): boolean {
  if (!names || names.length === 0) return false;
  if (!patterns.has(names)) patterns.set(names, wrapperCallPattern(names));
  return patterns.get(names)?.test(text) ?? false;
}

/** Tests a text for a call of some names; what `wrapperCallPattern` builds. */
export interface WrapperCallMatcher {
  test(text: string): boolean;
}

/**
 * `name(` for any of `names` (spaces allowed before the parenthesis, the name a whole word), and
 * `this.name(` for the generic names. It runs over every file a project's pre-filter rejected, so
 * it looks only at the word before each `(` and finds it in a set: a regular expression of a few
 * hundred alternatives costs three times as much there.
 */
export function wrapperCallPattern(names: Iterable<string>): WrapperCallMatcher | undefined {
  const specific = new Set<string>();
  const generic = new Set<string>();
  for (const n of names) if (/^[A-Za-z_]\w*$/.test(n)) (isSpecificName(n) ? specific : generic).add(n);
  if (specific.size === 0 && generic.size === 0) return undefined;
  return { test: (text) => callsOneOf(text, specific, generic) };
}

function callsOneOf(text: string, specific: ReadonlySet<string>, generic: ReadonlySet<string>): boolean {
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    let end = open;
    while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWordChar(text.charCodeAt(start - 1))) start--;
    if (start === end) continue;
    const name = text.slice(start, end);
    if (specific.has(name)) return true;
    if (
      generic.has(name) &&
      start >= 5 &&
      text.charCodeAt(start - 1) === 46 /* . */ &&
      text.startsWith('this', start - 5) &&
      (start === 5 || !isWordChar(text.charCodeAt(start - 6)))
    )
      return true;
  }
  return false;
}

/** A character of `\w`: what a regular expression's `\b` looks at. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}

/** A character of `\s`. */
function isSpace(c: number): boolean {
  return (
    (c >= 9 && c <= 13) ||
    c === 32 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

let lastSpecific: { key: string; pattern: WrapperCallMatcher | undefined } | undefined;

/** The call matcher of the compound names among `names`, built again only when they change. */
function specificCallPattern(names: ReadonlySet<string>): WrapperCallMatcher | undefined {
  const specific = [...names].filter(isSpecificName);
  const key = specific.join('\u0000');
  if (lastSpecific?.key !== key) lastSpecific = { key, pattern: wrapperCallPattern(specific) };
  return lastSpecific.pattern;
}

/**
 * Adds to `names` the functions of a file whose bodies may reach DynamoDB, by themselves or by
 * calling a function already named: the project run admits files calling only such functions.
 * Syntactic and cheap; the analysis decides what a call really reaches.
 */
export function learnWrapperNames(sf: ts.SourceFile, names: Set<string>): void {
  learnFromCandidates(wrapperCandidates(sf), names);
}

/** A function other files can call, with what it takes to tell whether it is a wrapper. */
export interface WrapperCandidate {
  name: string;
  body: string;
  /** Whether the body names a DynamoDB API itself. */
  reaches: boolean;
}

/** The functions of a file that could be wrappers: named, with a body, not nested in another function. */
export function wrapperCandidates(sf: ts.SourceFile): WrapperCandidate[] {
  const functions: WrapperCandidate[] = [];
  const stack: ts.Node[] = [sf];
  while (stack.length > 0) {
    const n = stack.pop() as ts.Node;
    // Only functions other files can call: the walk does not enter a function, so none nested in one is seen.
    if (ts.isFunctionLike(n)) {
      if ('body' in n && n.body) {
        const name = calledName(n);
        if (name !== undefined && name.length > 2 && name !== 'constructor') {
          const body = sf.text.slice(n.body.pos, n.body.end);
          functions.push({ name, body, reaches: REACHES_DYNAMO.test(body) });
        }
      }
      continue;
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return functions;
}

/**
 * Adds to `names` each candidate that reaches DynamoDB or calls a named function, until none is
 * added: a function may call one declared after it, or in a file seen later. The result does not
 * depend on the order the candidates come in. Only calls of compound names make a caller a
 * wrapper: `this.get(` in a class is more often its own map than a repository. After the first
 * round, a body is tested only against the names the round before added.
 */
export function learnFromCandidates(candidates: readonly WrapperCandidate[], names: Set<string>): void {
  let known = specificCallPattern(names);
  for (let round = 0; round < MAX_LEARN_ROUNDS; round++) {
    const added: string[] = [];
    for (const c of candidates) {
      if (names.has(c.name) || !((round === 0 && c.reaches) || known?.test(c.body))) continue;
      names.add(c.name);
      added.push(c.name);
    }
    known = wrapperCallPattern(added.filter(isSpecificName));
    if (!known) break;
  }
}

/** Bound on the rounds of `learnFromCandidates`: each round follows calls one level further. */
const MAX_LEARN_ROUNDS = 32;
