// What a name is bound to: scoped declarations, imports and requires (through local re-exports),
// constructor and factory results, class fields and typed parameters, as symbolic values.
import * as ts from 'typescript';
import { assertNever, findProperty, propertyName, skipOuterExpressions } from './nodes';

/** The symbolic value of an expression, as far as the analyzer can tell without a type checker. */
export type SymbolicValue =
  | { kind: 'module'; module: string }
  /** A (possibly nested) export of a package: `DynamoDB.DocumentClient` of `aws-sdk`. */
  | { kind: 'export'; module: string; path: string }
  /** An object made by a package's constructor or factory; `origin` is the creating expression. */
  | { kind: 'instance'; module: string; cls: string; origin?: ts.Expression }
  | { kind: 'object'; node: ts.ObjectLiteralExpression }
  /** Declared in user code with no package behind it (a local class of the same name). */
  | { kind: 'local' }
  /** Cannot tell: untyped parameter, call result, unresolvable import. */
  | { kind: 'unknown' };

export type Declaration =
  | { kind: 'variable'; decl: ts.VariableDeclaration; path: readonly string[]; isConst: boolean }
  | { kind: 'import'; module: string; imported: string; fromFile: string }
  | { kind: 'parameter'; param: ts.ParameterDeclaration; path: readonly string[] }
  | { kind: 'class'; node: ts.ClassLikeDeclaration }
  | { kind: 'function'; node: ts.FunctionDeclaration }
  | { kind: 'enum'; node: ts.EnumDeclaration }
  /** A value a CommonJS module exports (`module.exports = { X }`, `exports.X = v`), assigned once. */
  | { kind: 'exported'; expr: ts.Expression }
  | { kind: 'other' };

export type ModuleResolver = (fromFile: string, specifier: string) => { fileName: string; text: string } | undefined;

/** Loads (and caches) the parsed files that local imports point to. */
export interface ModuleLoader {
  load(fromFile: string, specifier: string): ts.SourceFile | undefined;
}

const UNKNOWN: SymbolicValue = { kind: 'unknown' };
const LOCAL: SymbolicValue = { kind: 'local' };
const MAX_DEPTH = 24;

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('.') || specifier.startsWith('/');
}

/** Per-analysis binding resolver; scope tables are built lazily per container and live for one run. */
export class Bindings {
  private readonly scopes = new Map<ts.Node, Map<string, Declaration>>();
  private readonly thisMembers = new Map<ts.Node, Map<string, MemberSource>>();

  constructor(
    private readonly loader: ModuleLoader | undefined,
    private readonly checkBudget: () => void,
  ) {}

  private passed: ReadonlyMap<ts.ParameterDeclaration, ts.Expression> | undefined;

  /**
   * Runs `fn` with function parameters standing for the arguments of one call, so that constant
   * folding and request objects read a wrapper's body as that call site would make it run.
   */
  withArguments<T>(args: ReadonlyMap<ts.ParameterDeclaration, ts.Expression>, fn: () => T): T {
    const previous = this.passed;
    this.passed = args;
    try {
      return fn();
    } finally {
      this.passed = previous;
    }
  }

  /** The argument a parameter stands for inside `withArguments`, if any. */
  argumentOf(param: ts.ParameterDeclaration): ts.Expression | undefined {
    return this.passed?.get(param);
  }

  /**
   * Inside `withArguments`: the expression a parameter stands for at the call, or a name taken
   * from one (`const { partitionKey } = params`, `({ entity, keys }) =>`), through the argument's
   * object literals and spreads (`{ ...params, previous }`).
   */
  passedExpression(decl: Declaration, depth = 0): ts.Expression | undefined {
    if (!this.passed || this.passed.size === 0 || depth > MAX_DEPTH) return undefined;
    let base: ts.Expression | undefined;
    if (decl.kind === 'parameter') base = this.passed.get(decl.param);
    else if (decl.kind === 'variable' && decl.isConst && decl.decl.initializer)
      base = this.passedOf(decl.decl.initializer, depth + 1);
    else return undefined;
    for (const name of decl.path) base = base ? this.objectMember(base, name, depth + 1) : undefined;
    return base;
  }

  /** Inside `withArguments`: what an expression reading a parameter (`params.options`) is at the call. */
  passedOf(expr: ts.Expression, depth = 0): ts.Expression | undefined {
    if (!this.passed || this.passed.size === 0 || depth > MAX_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isIdentifier(e)) {
      const decl = this.lookup(e);
      return decl ? this.passedExpression(decl, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const base = this.passedOf(e.expression, depth + 1);
      return base ? this.objectMember(base, e.name.text, depth + 1) : undefined;
    }
    return undefined;
  }

  /** The expression property `name` of an object-valued expression has, through spreads and consts. */
  private objectMember(expr: ts.Expression, name: string, depth: number): ts.Expression | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isObjectLiteralExpression(e)) {
      for (let i = e.properties.length - 1; i >= 0; i--) {
        const p = e.properties[i] as ts.ObjectLiteralElementLike;
        if (ts.isSpreadAssignment(p)) {
          const found = this.objectMember(p.expression, name, depth + 1);
          if (found) return found;
          continue;
        }
        if (propertyName(p) !== name) continue;
        if (ts.isPropertyAssignment(p)) return p.initializer;
        if (ts.isShorthandPropertyAssignment(p)) return p.name;
        return undefined;
      }
      return undefined;
    }
    if (ts.isIdentifier(e) || ts.isPropertyAccessExpression(e)) {
      const passed = this.passedOf(e, depth + 1);
      if (passed) return this.objectMember(passed, name, depth + 1);
      const decl = ts.isIdentifier(e) ? this.lookup(e) : undefined;
      if (decl?.kind === 'variable' && decl.isConst && decl.path.length === 0 && decl.decl.initializer)
        return this.objectMember(decl.decl.initializer, name, depth + 1);
      return undefined;
    }
    if (
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    )
      return this.objectMember(e.left, name, depth + 1) ?? this.objectMember(e.right, name, depth + 1);
    return undefined;
  }

  /** The declaration an identifier refers to, searching enclosing scopes outwards. */
  lookup(id: ts.Identifier): Declaration | undefined {
    return this.lookupName(id.text, id.parent ?? id);
  }

  lookupName(name: string, from: ts.Node): Declaration | undefined {
    let cur: ts.Node | undefined = from;
    while (cur) {
      if (isScopeContainer(cur)) {
        const found = this.scopeOf(cur).get(name);
        if (ts.isSourceFile(cur) && cur === this.recordFile) this.recorded?.set(name, this.topLevelSite(cur, name));
        if (found) return found;
      }
      cur = cur.parent;
    }
    return undefined;
  }

  private recordFile: ts.SourceFile | undefined;
  private recorded: Map<string, ts.Node | null> | undefined;
  private readonly sites = new Map<ts.Node, Map<string, ts.Node>>();

  /**
   * Records which top-level declarations of `sf` lookups reach, by statement node. Incremental
   * analysis reuses a statement's results only while those nodes are the very same objects.
   */
  startRecording(sf: ts.SourceFile): void {
    this.recordFile = sf;
    this.recorded = new Map();
  }

  stopRecording(): Map<string, ts.Node | null> {
    const r = this.recorded ?? new Map<string, ts.Node | null>();
    this.recorded = undefined;
    this.recordFile = undefined;
    return r;
  }

  /** The top-level statement declaring `name` in `sf`, or null. */
  topLevelSite(sf: ts.SourceFile, name: string): ts.Node | null {
    this.scopeOf(sf);
    return this.sites.get(sf)?.get(name) ?? null;
  }

  /** An exported name of a file, following local re-exports; `undefined` when not found. */
  findExport(sf: ts.SourceFile, name: string, depth = 0): { decl: Declaration } | { value: SymbolicValue } | undefined {
    if (depth > MAX_DEPTH) return undefined;
    for (const st of sf.statements) {
      if (ts.isExportDeclaration(st)) {
        const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
        if (!st.exportClause) {
          if (spec === undefined) continue;
          // `export *` from a package: only names we look for elsewhere, unless the project holds it.
          const target = this.localModule(sf.fileName, spec);
          const found = target ? this.findExport(target, name, depth + 1) : undefined;
          if (found) return found;
          continue;
        }
        if (ts.isNamespaceExport(st.exportClause)) {
          if (st.exportClause.name.text === name && spec !== undefined)
            return { decl: { kind: 'import', module: spec, imported: '*', fromFile: sf.fileName } };
          continue;
        }
        for (const el of st.exportClause.elements) {
          if (el.name.text !== name) continue;
          const local = (el.propertyName ?? el.name).text;
          if (spec !== undefined)
            return { decl: { kind: 'import', module: spec, imported: local, fromFile: sf.fileName } };
          const decl = this.scopeOf(sf).get(local);
          return decl ? { decl } : undefined;
        }
      } else if (ts.isExportAssignment(st)) {
        if (name === 'default') return { value: this.valueOf(st.expression, depth + 1) };
      } else if (hasExportModifier(st)) {
        const isDefault = hasModifier(st, ts.SyntaxKind.DefaultKeyword);
        if (ts.isVariableStatement(st)) {
          for (const d of st.declarationList.declarations) {
            const decls = new Map<string, Declaration>();
            collectBindingNames(d.name, [], (n, path) =>
              decls.set(n, { kind: 'variable', decl: d, path, isConst: isConstList(st.declarationList) }),
            );
            const found = decls.get(name);
            if (found) return { decl: found };
          }
        } else if (
          (ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) &&
          (st.name?.text === name || (isDefault && name === 'default'))
        ) {
          return { decl: declarationOfNamed(st) };
        }
      }
    }
    const cjs = this.commonJsExports(sf).get(name);
    return cjs ? { decl: { kind: 'exported', expr: cjs } } : undefined;
  }

  private readonly cjsExports = new Map<ts.SourceFile, Map<string, ts.Expression>>();

  /**
   * The names a CommonJS module exports at its top level: `module.exports = { A, B: v }` (or a
   * `const` object named there), `module.exports.A = v`, `exports.A = v`; `default` for any other
   * `module.exports = value`, what `require` returns and a default import names. A name assigned more than
   * once is left out: its value depends on which assignment ran last.
   */
  commonJsExports(sf: ts.SourceFile): Map<string, ts.Expression> {
    const cached = this.cjsExports.get(sf);
    if (cached) return cached;
    const found = new Map<string, ts.Expression | null>();
    const add = (name: string, expr: ts.Expression): void => {
      found.set(name, found.has(name) ? null : expr);
    };
    for (const st of sf.statements) {
      if (!ts.isExpressionStatement(st)) continue;
      const e = st.expression;
      if (!ts.isBinaryExpression(e) || e.operatorToken.kind !== ts.SyntaxKind.EqualsToken) continue;
      const target = skipOuterExpressions(e.left);
      if (isModuleExports(target)) {
        const obj = this.exportedObject(e.right);
        // `module.exports = model(...)`: the module itself is the value, which a default import names.
        if (!obj) {
          add('default', e.right);
          continue;
        }
        for (const p of obj.properties) {
          const name = propertyName(p);
          if (name === undefined) continue;
          if (ts.isPropertyAssignment(p)) add(name, p.initializer);
          else if (ts.isShorthandPropertyAssignment(p)) add(name, p.name);
        }
      } else if (
        ts.isPropertyAccessExpression(target) &&
        (isModuleExports(target.expression) ||
          (ts.isIdentifier(target.expression) && target.expression.text === 'exports'))
      ) {
        add(target.name.text, e.right);
      }
    }
    const out = new Map<string, ts.Expression>();
    for (const [name, expr] of found) if (expr) out.set(name, expr);
    this.cjsExports.set(sf, out);
    return out;
  }

  private exportedObject(expr: ts.Expression): ts.ObjectLiteralExpression | undefined {
    const e = skipOuterExpressions(expr);
    if (ts.isObjectLiteralExpression(e)) return e;
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.lookup(e);
    if (decl?.kind !== 'variable' || !decl.isConst || decl.path.length > 0 || !decl.decl.initializer) return undefined;
    const init = skipOuterExpressions(decl.decl.initializer);
    return ts.isObjectLiteralExpression(init) ? init : undefined;
  }

  /** The local module a `require('./x')` call loads; `undefined` for packages and a shadowed `require`. */
  requiredFile(e: ts.Expression): ts.SourceFile | undefined {
    const call = skipOuterExpressions(e);
    if (
      !ts.isCallExpression(call) ||
      !ts.isIdentifier(call.expression) ||
      call.expression.text !== 'require' ||
      call.arguments.length !== 1
    )
      return undefined;
    const arg = call.arguments[0];
    if (!arg || !ts.isStringLiteralLike(arg) || this.lookup(call.expression)) return undefined;
    return this.localModule(call.getSourceFile().fileName, arg.text);
  }

  /** The file a namespace import (`import * as K from './keys'`) names, when it is local. */
  namespaceFile(decl: Extract<Declaration, { kind: 'import' }>): ts.SourceFile | undefined {
    if (decl.imported !== '*') return undefined;
    return this.localModule(decl.fromFile, decl.module);
  }

  /**
   * The project file a specifier names: a relative path, or a bare one the loader maps into the
   * project (a tsconfig `paths` alias, a workspace package). The packages the analyzer knows by
   * name (the AWS SDKs, the ORMs) are never looked for there.
   */
  localModule(fromFile: string, specifier: string): ts.SourceFile | undefined {
    if (!isRelativeSpecifier(specifier) && isKnownPackage(specifier)) return undefined;
    return this.load(fromFile, specifier);
  }

  /** Resolves an import declaration to the exported declaration or package value it names. */
  resolveImport(
    decl: Extract<Declaration, { kind: 'import' }>,
    depth: number,
  ): { decl: Declaration } | { value: SymbolicValue } {
    const target = this.localModule(decl.fromFile, decl.module);
    if (!target)
      return { value: isRelativeSpecifier(decl.module) ? UNKNOWN : packageValue(decl.module, decl.imported) };
    if (decl.imported === '*') return { value: { kind: 'module', module: `file:${target.fileName}` } };
    return this.findExport(target, decl.imported, depth + 1) ?? { value: UNKNOWN };
  }

  valueOfDeclaration(decl: Declaration, depth: number): SymbolicValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    switch (decl.kind) {
      case 'import': {
        const r = this.resolveImport(decl, depth);
        return 'value' in r ? r.value : this.valueOfDeclaration(r.decl, depth + 1);
      }
      case 'variable': {
        let v: SymbolicValue = decl.decl.initializer ? this.valueOf(decl.decl.initializer, depth + 1) : UNKNOWN;
        for (const p of decl.path) v = this.member(v, p, depth + 1);
        if (v.kind === 'unknown' && decl.path.length === 0 && decl.decl.type)
          v = this.valueOfType(decl.decl.type, depth + 1);
        // `const { entity } = params` with `params: { entity: Entity }`: the member's declared type.
        if ((v.kind === 'unknown' || v.kind === 'local') && decl.path.length > 0)
          v = this.typedInstance(decl, depth, v);
        return v;
      }
      case 'parameter': {
        if (decl.path.length > 0) return this.typedInstance(decl, depth, UNKNOWN);
        if (decl.param.type) return this.valueOfType(decl.param.type, depth + 1);
        if (decl.param.initializer) return this.valueOf(decl.param.initializer, depth + 1);
        return UNKNOWN;
      }
      case 'exported':
        return this.valueOf(decl.expr, depth + 1);
      case 'class':
      case 'function':
      case 'enum':
        return LOCAL;
      case 'other':
        return UNKNOWN;
      default:
        return assertNever(decl);
    }
  }

  valueOf(expr: ts.Expression, depth = 0): SymbolicValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    this.checkBudget();
    const e = skipOuterExpressions(expr);
    if (ts.isIdentifier(e)) {
      const decl = this.lookup(e);
      return decl ? this.valueOfDeclaration(decl, depth + 1) : UNKNOWN;
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.valueOfThisMember(e, e.name.text, depth + 1);
      const v = this.member(this.valueOf(e.expression, depth + 1), e.name.text, depth + 1);
      if (v.kind !== 'unknown' && v.kind !== 'local') return v;
      // `params.table` with `params: { table: Table }`: the member's declared type.
      const type = this.typeOf(e, depth + 1);
      const typed = type ? this.valueOfType(type, depth + 1) : UNKNOWN;
      return typed.kind === 'instance' ? typed : v;
    }
    // `params.table ? params.table : params.entity.table`: a package instance either way.
    if (ts.isConditionalExpression(e)) {
      const whenTrue = this.valueOf(e.whenTrue, depth + 1);
      return whenTrue.kind === 'instance' ? whenTrue : this.valueOf(e.whenFalse, depth + 1);
    }
    if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
      return this.member(this.valueOf(e.expression, depth + 1), e.argumentExpression.text, depth + 1);
    }
    if (ts.isObjectLiteralExpression(e)) return { kind: 'object', node: e };
    if (ts.isNewExpression(e)) {
      const callee = this.valueOf(e.expression, depth + 1);
      if (callee.kind === 'export') return { kind: 'instance', module: callee.module, cls: callee.path, origin: e };
      // `new Cat({...})` of a dynamoose model makes an item whose `save()` writes it.
      if (callee.kind === 'instance' && callee.module === 'dynamoose' && callee.cls === 'Model')
        return { kind: 'instance', module: 'dynamoose', cls: 'Document', origin: e };
      return callee.kind === 'local' ? LOCAL : UNKNOWN;
    }
    if (ts.isCallExpression(e)) return this.valueOfCall(e, depth + 1);
    if (
      ts.isBinaryExpression(e) &&
      (e.operatorToken.kind === ts.SyntaxKind.BarBarToken ||
        e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
    ) {
      const left = this.valueOf(e.left, depth + 1);
      return left.kind === 'unknown' ? this.valueOf(e.right, depth + 1) : left;
    }
    if (ts.isClassExpression(e) || ts.isFunctionExpression(e) || ts.isArrowFunction(e)) return LOCAL;
    return UNKNOWN;
  }

  private valueOfCall(e: ts.CallExpression, depth: number): SymbolicValue {
    if (ts.isIdentifier(e.expression) && e.expression.text === 'require' && e.arguments.length === 1) {
      const arg = e.arguments[0];
      if (arg && ts.isStringLiteralLike(arg)) {
        if (!this.lookup(e.expression)) {
          const target = this.localModule(e.getSourceFile().fileName, arg.text);
          if (!target) return isRelativeSpecifier(arg.text) ? UNKNOWN : packageValue(arg.text, '*');
          // A module that exports one value (`module.exports = dynamoose.model(...)`) is that value.
          const whole = this.commonJsExports(target).get('default');
          const value = whole ? this.valueOf(whole, depth + 1) : UNKNOWN;
          return value.kind === 'instance' || value.kind === 'export'
            ? value
            : { kind: 'module', module: `file:${target.fileName}` };
        }
      }
      return UNKNOWN;
    }
    const callee = this.valueOf(e.expression, depth + 1);
    if (callee.kind === 'export') {
      const made = FACTORIES[`${callee.module}|${callee.path}`];
      if (made) return { kind: 'instance', module: callee.module, cls: made, origin: e };
      return UNKNOWN;
    }
    if (callee.kind === 'instance' && callee.module === 'dynamodb-onetable' && callee.cls === 'Table.getModel') {
      return { kind: 'instance', module: 'dynamodb-onetable', cls: 'Model', origin: e };
    }
    // A local function whose body is one expression (`const db = () => DynamoDBDocument.from(c)`).
    if (ts.isIdentifier(e.expression)) {
      const decl = this.lookup(e.expression);
      if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) {
        const init = skipOuterExpressions(decl.decl.initializer);
        if (ts.isArrowFunction(init) && !ts.isBlock(init.body)) return this.valueOf(init.body, depth + 1);
      }
      // A project factory (`createEntity(...)`, also imported) whose one `return` makes a package instance.
      const returned = decl ? this.returnedExpression(decl, depth + 1) : undefined;
      const made = returned ? this.valueOf(returned, depth + 1) : UNKNOWN;
      if (made.kind === 'instance') return made;
    }
    return UNKNOWN;
  }

  /** The expression a function declared by `decl` returns, when it has exactly one `return` of a value. */
  private returnedExpression(decl: Declaration, depth: number): ts.Expression | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let fn: ts.FunctionLikeDeclaration | undefined;
    if (decl.kind === 'function') fn = decl.node;
    else if (decl.kind === 'variable' && decl.isConst && decl.path.length === 0 && decl.decl.initializer) {
      const init = skipOuterExpressions(decl.decl.initializer);
      if (ts.isArrowFunction(init) || ts.isFunctionExpression(init)) fn = init;
    } else if (decl.kind === 'import') {
      const r = this.resolveImport(decl, depth);
      return 'decl' in r ? this.returnedExpression(r.decl, depth + 1) : undefined;
    }
    const body = fn?.body;
    if (!body) return undefined;
    if (!ts.isBlock(body)) return body;
    const returns: ts.ReturnStatement[] = [];
    const stack: ts.Node[] = [body];
    while (stack.length > 0 && returns.length < 2) {
      const n = stack.pop() as ts.Node;
      if (ts.isReturnStatement(n)) returns.push(n);
      else if (!ts.isFunctionLike(n) && !ts.isClassLike(n))
        n.forEachChild((c) => {
          stack.push(c);
        });
    }
    return returns.length === 1 ? returns[0]?.expression : undefined;
  }

  /** `value.name`: an export path grows; a member of an instance becomes `Class.member`. */
  member(v: SymbolicValue, name: string, depth: number): SymbolicValue {
    switch (v.kind) {
      case 'module': {
        if (v.module.startsWith('file:')) {
          const sf = this.loadedFiles.get(v.module.slice(5));
          const found = sf ? this.findExport(sf, name, depth + 1) : undefined;
          if (!found) return UNKNOWN;
          return 'value' in found ? found.value : this.valueOfDeclaration(found.decl, depth + 1);
        }
        return packageValue(v.module, name);
      }
      case 'export':
        return { kind: 'export', module: v.module, path: `${v.path}.${name}` };
      case 'instance':
        // An ElectroDB `new Service({ users: User }, config)`: `service.entities.users` is the entity.
        if (v.module === 'electrodb' && v.cls === 'Service.entities' && v.origin && ts.isNewExpression(v.origin)) {
          const entities = v.origin.arguments?.[0];
          return entities ? this.member(this.valueOf(entities, depth + 1), name, depth + 1) : UNKNOWN;
        }
        return {
          kind: 'instance',
          module: v.module,
          cls: `${v.cls}.${name}`,
          ...(v.origin ? { origin: v.origin } : {}),
        };
      case 'object': {
        const prop = findProperty(v.node, name);
        if (!prop) return UNKNOWN;
        if (ts.isPropertyAssignment(prop)) return this.valueOf(prop.initializer, depth + 1);
        if (ts.isShorthandPropertyAssignment(prop)) return this.valueOf(prop.name, depth + 1);
        return UNKNOWN;
      }
      case 'local':
      case 'unknown':
        return v.kind === 'local' ? LOCAL : UNKNOWN;
      default:
        return assertNever(v);
    }
  }

  private readonly loadedFiles = new Map<string, ts.SourceFile>();
  /** Loads a local module and remembers it so `file:` module values can be followed later. */
  load(fromFile: string, specifier: string): ts.SourceFile | undefined {
    const sf = this.loader?.load(fromFile, specifier);
    if (sf) this.loadedFiles.set(sf.fileName, sf);
    return sf;
  }

  private typedInstance(decl: Declaration, depth: number, otherwise: SymbolicValue): SymbolicValue {
    const type = this.typeOfDeclaration(decl, depth + 1);
    const typed = type ? this.valueOfType(type, depth + 1) : UNKNOWN;
    return typed.kind === 'instance' ? typed : otherwise;
  }

  /**
   * The declared type of what an expression names: a typed parameter or variable, a property of
   * one (through interfaces, type aliases, `extends`, intersections and unions), through
   * destructuring. No inference: only what the code writes down.
   */
  typeOf(expr: ts.Expression, depth = 0): ts.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isIdentifier(e)) {
      const decl = this.lookup(e);
      return decl ? this.typeOfDeclaration(decl, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const cls = enclosingClass(e);
        const source = cls ? this.membersOf(cls).get(e.name.text) : undefined;
        return source && 'type' in source ? source.type : undefined;
      }
      const owner = this.typeOf(e.expression, depth + 1);
      return owner ? this.memberType(owner, e.name.text, depth + 1) : undefined;
    }
    return undefined;
  }

  private typeOfDeclaration(decl: Declaration, depth: number): ts.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    let type: ts.TypeNode | undefined;
    if (decl.kind === 'parameter') type = decl.param.type;
    else if (decl.kind === 'variable')
      type = decl.decl.type ?? (decl.decl.initializer ? this.typeOf(decl.decl.initializer, depth + 1) : undefined);
    else return undefined;
    for (const name of decl.path) type = type ? this.memberType(type, name, depth + 1) : undefined;
    return type;
  }

  /** The declared type of property `name` of a type. */
  memberType(type: ts.TypeNode, name: string, depth: number): ts.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isParenthesizedTypeNode(type)) return this.memberType(type.type, name, depth + 1);
    if (ts.isTypeLiteralNode(type)) return propertyType(type.members, name);
    if (ts.isIntersectionTypeNode(type) || ts.isUnionTypeNode(type)) {
      for (const t of type.types) {
        const found = this.memberType(t, name, depth + 1);
        if (found && found.kind !== ts.SyntaxKind.NeverKeyword && found.kind !== ts.SyntaxKind.UndefinedKeyword)
          return found;
      }
      return undefined;
    }
    if (!ts.isTypeReferenceNode(type)) return undefined;
    // `Partial<P>`, `Omit<P, 'x'>`... keep the members they do not remove.
    if (ts.isIdentifier(type.typeName) && WRAPPING_TYPES.has(type.typeName.text) && type.typeArguments?.[0])
      return this.memberType(type.typeArguments[0], name, depth + 1);
    const declared = this.typeDeclaration(type.typeName, depth + 1);
    return declared ? this.declaredMember(declared, name, depth + 1) : undefined;
  }

  private declaredMember(
    declared: ts.InterfaceDeclaration | ts.TypeAliasDeclaration,
    name: string,
    depth: number,
  ): ts.TypeNode | undefined {
    if (depth > MAX_DEPTH) return undefined;
    if (ts.isTypeAliasDeclaration(declared)) return this.memberType(declared.type, name, depth + 1);
    const own = propertyType(declared.members, name);
    if (own) return own;
    for (const clause of declared.heritageClauses ?? []) {
      for (const base of clause.types) {
        const e = base.expression;
        if (ts.isIdentifier(e) && WRAPPING_TYPES.has(e.text) && base.typeArguments?.[0]) {
          const found = this.memberType(base.typeArguments[0], name, depth + 1);
          if (found) return found;
          continue;
        }
        const baseDecl = ts.isIdentifier(e) ? this.typeDeclaration(e, depth + 1) : undefined;
        const found = baseDecl ? this.declaredMember(baseDecl, name, depth + 1) : undefined;
        if (found) return found;
      }
    }
    return undefined;
  }

  /** The interface or type alias a type name refers to, in this file or a project module it imports. */
  private typeDeclaration(
    name: ts.EntityName,
    depth: number,
  ): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
    if (!ts.isIdentifier(name) || depth > MAX_DEPTH) return undefined;
    const own = namedType(name.getSourceFile(), name.text);
    if (own) return own;
    const decl = this.lookup(name);
    if (decl?.kind !== 'import' || decl.imported === '*') return undefined;
    const target = this.localModule(decl.fromFile, decl.module);
    return target ? this.exportedType(target, decl.imported, depth + 1) : undefined;
  }

  private exportedType(
    sf: ts.SourceFile,
    name: string,
    depth: number,
  ): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const own = namedType(sf, name);
    if (own) return own;
    for (const st of sf.statements) {
      if (!ts.isExportDeclaration(st)) continue;
      const spec = st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) ? st.moduleSpecifier.text : undefined;
      if (spec === undefined) continue;
      if (!st.exportClause) {
        const target = this.localModule(sf.fileName, spec);
        const found = target ? this.exportedType(target, name, depth + 1) : undefined;
        if (found) return found;
      } else if (ts.isNamedExports(st.exportClause)) {
        const el = st.exportClause.elements.find((x) => x.name.text === name);
        const target = el ? this.localModule(sf.fileName, spec) : undefined;
        if (el && target) return this.exportedType(target, (el.propertyName ?? el.name).text, depth + 1);
      }
    }
    return undefined;
  }

  /** A declared type names a package class: `DynamoDBDocument`, `AWS.DynamoDB.DocumentClient`. */
  valueOfType(type: ts.TypeNode, depth: number): SymbolicValue {
    if (depth > MAX_DEPTH) return UNKNOWN;
    if (!ts.isTypeReferenceNode(type)) return UNKNOWN;
    const v = this.valueOfEntityName(type.typeName, depth + 1);
    if (v.kind === 'export') return { kind: 'instance', module: v.module, cls: v.path };
    return v.kind === 'local' ? LOCAL : UNKNOWN;
  }

  private valueOfEntityName(name: ts.EntityName, depth: number): SymbolicValue {
    if (ts.isIdentifier(name)) {
      const decl = this.lookup(name);
      if (!decl) return UNKNOWN;
      if (decl.kind === 'other') return LOCAL; // interface or type alias declared here
      return this.valueOfDeclaration(decl, depth + 1);
    }
    return this.member(this.valueOfEntityName(name.left, depth + 1), name.right.text, depth + 1);
  }

  private valueOfThisMember(e: ts.PropertyAccessExpression, name: string, depth: number): SymbolicValue {
    const cls = enclosingClass(e);
    if (!cls) return UNKNOWN;
    const source = this.membersOf(cls).get(name);
    if (!source) return UNKNOWN;
    return 'type' in source ? this.valueOfType(source.type, depth + 1) : this.valueOf(source.expr, depth + 1);
  }

  private membersOf(cls: ts.ClassLikeDeclaration): Map<string, MemberSource> {
    let map = this.thisMembers.get(cls);
    if (map) return map;
    map = new Map();
    const m = map;
    for (const member of cls.members) {
      if (ts.isPropertyDeclaration(member) && ts.isIdentifier(member.name)) {
        if (member.initializer) m.set(member.name.text, { expr: member.initializer });
        else if (member.type) m.set(member.name.text, { type: member.type });
      } else if (ts.isConstructorDeclaration(member)) {
        for (const p of member.parameters) {
          if (ts.isIdentifier(p.name) && ts.getModifiers(p)?.length && p.type) m.set(p.name.text, { type: p.type });
        }
      }
    }
    // `this.x = expr` anywhere in the class body fills what declarations left open.
    const stack: ts.Node[] = [...cls.members];
    while (stack.length > 0) {
      const n = stack.pop() as ts.Node;
      if (
        ts.isBinaryExpression(n) &&
        n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.left) &&
        n.left.expression.kind === ts.SyntaxKind.ThisKeyword
      ) {
        const key = n.left.name.text;
        const existing = m.get(key);
        if (!existing || 'type' in existing) m.set(key, { expr: n.right });
      }
      if (ts.isClassLike(n)) continue;
      n.forEachChild((c) => {
        stack.push(c);
      });
    }
    this.thisMembers.set(cls, m);
    return m;
  }

  private scopeOf(container: ts.Node): Map<string, Declaration> {
    let map = this.scopes.get(container);
    if (map) return map;
    map = new Map();
    const m = map;
    const add = (name: string, d: Declaration): void => {
      if (!m.has(name)) m.set(name, d);
    };
    if (ts.isFunctionLike(container)) {
      for (const p of container.parameters)
        collectBindingNames(p.name, [], (n, path) => add(n, { kind: 'parameter', param: p, path }));
      if ((ts.isFunctionExpression(container) || ts.isClassExpression(container)) && container.name)
        add(container.name.text, LOCAL_OTHER);
    } else if (ts.isCatchClause(container)) {
      if (container.variableDeclaration)
        collectBindingNames(container.variableDeclaration.name, [], (n) => add(n, LOCAL_OTHER));
    } else if (ts.isForStatement(container) || ts.isForOfStatement(container) || ts.isForInStatement(container)) {
      const init = container.initializer;
      if (init && ts.isVariableDeclarationList(init)) {
        for (const d of init.declarations) {
          const fromLoop = !ts.isForStatement(container);
          collectBindingNames(d.name, [], (n, path) =>
            add(n, fromLoop ? LOCAL_OTHER : { kind: 'variable', decl: d, path, isConst: isConstList(init) }),
          );
        }
      }
    } else {
      const statements = ts.isCaseBlock(container)
        ? container.clauses.flatMap((c) => [...c.statements])
        : (container as ts.Block | ts.SourceFile | ts.ModuleBlock).statements;
      const sites = new Map<string, ts.Node>();
      for (const st of statements) {
        this.collectStatement(st, (name, d) => {
          if (!sites.has(name)) sites.set(name, st);
          add(name, d);
        });
      }
      this.sites.set(container, sites);
    }
    this.scopes.set(container, m);
    return m;
  }

  private collectStatement(st: ts.Statement, add: (name: string, d: Declaration) => void): void {
    if (ts.isVariableStatement(st)) {
      const isConst = isConstList(st.declarationList);
      for (const d of st.declarationList.declarations)
        collectBindingNames(d.name, [], (n, path) => add(n, { kind: 'variable', decl: d, path, isConst }));
    } else if (ts.isImportDeclaration(st)) {
      if (!ts.isStringLiteral(st.moduleSpecifier) || !st.importClause) return;
      const module = st.moduleSpecifier.text;
      const fromFile = st.getSourceFile().fileName;
      const clause = st.importClause;
      if (clause.name) add(clause.name.text, { kind: 'import', module, imported: 'default', fromFile });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) add(nb.name.text, { kind: 'import', module, imported: '*', fromFile });
      else if (nb)
        for (const el of nb.elements)
          add(el.name.text, { kind: 'import', module, imported: (el.propertyName ?? el.name).text, fromFile });
    } else if (ts.isImportEqualsDeclaration(st)) {
      const ref = st.moduleReference;
      if (ts.isExternalModuleReference(ref) && ts.isStringLiteral(ref.expression)) {
        add(st.name.text, {
          kind: 'import',
          module: ref.expression.text,
          imported: '*',
          fromFile: st.getSourceFile().fileName,
        });
      }
    } else if (ts.isClassDeclaration(st) || ts.isFunctionDeclaration(st) || ts.isEnumDeclaration(st)) {
      if (st.name) add(st.name.text, declarationOfNamed(st));
    } else if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st) || ts.isModuleDeclaration(st)) {
      if (ts.isIdentifier(st.name)) add(st.name.text, LOCAL_OTHER);
    }
  }
}

const LOCAL_OTHER: Declaration = { kind: 'other' };

/** Utility types whose members are (some of) their first argument's. */
const WRAPPING_TYPES = new Set(['Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'NonNullable']);

function propertyType(members: ts.NodeArray<ts.TypeElement>, name: string): ts.TypeNode | undefined {
  for (const m of members)
    if (
      ts.isPropertySignature(m) &&
      m.name &&
      (ts.isIdentifier(m.name) || ts.isStringLiteral(m.name)) &&
      m.name.text === name
    )
      return m.type;
  return undefined;
}

/** A top-level interface or type alias of a file. */
function namedType(sf: ts.SourceFile, name: string): ts.InterfaceDeclaration | ts.TypeAliasDeclaration | undefined {
  for (const st of sf.statements)
    if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) return st;
  return undefined;
}

type MemberSource = { expr: ts.Expression } | { type: ts.TypeNode };

/** Factories that return a client or model: `DynamoDBDocument.from(client)`, `dynamoose.model(...)`. */
const FACTORIES: Readonly<Record<string, string>> = {
  '@aws-sdk/lib-dynamodb|DynamoDBDocument.from': 'DynamoDBDocument',
  '@aws-sdk/lib-dynamodb|DynamoDBDocumentClient.from': 'DynamoDBDocumentClient',
  'dynamoose|model': 'Model',
  '@typedorm/core|getEntityManager': 'EntityManager',
  '@typedorm/core|getScanManager': 'ScanManager',
  '@typedorm/core|getTransactionManager': 'TransactionManager',
  '@typedorm/core|getBatchManager': 'BatchManager',
};

/**
 * The value of `import x from module` / `import { x }`. `aws-sdk/clients/dynamodb` exports the
 * v2 `DynamoDB` class itself, so its names are rewritten under `aws-sdk`'s `DynamoDB`.
 */
export function packageValue(module: string, imported: string): SymbolicValue {
  if (module === 'aws-sdk/clients/dynamodb') {
    if (imported === '*' || imported === 'default') return { kind: 'export', module: 'aws-sdk', path: 'DynamoDB' };
    return { kind: 'export', module: 'aws-sdk', path: `DynamoDB.${imported}` };
  }
  // dynamodb-toolbox v1 exports each class from its own subpath too (`dynamodb-toolbox/table`,
  // `dynamodb-toolbox/entity/actions/put`); a named export is the same class as from the root.
  if (module.startsWith('dynamodb-toolbox/') && imported !== '*' && imported !== 'default')
    return { kind: 'export', module: 'dynamodb-toolbox', path: imported };
  if (imported === '*' || imported === 'default') return { kind: 'module', module };
  return { kind: 'export', module, path: imported };
}

/** Packages whose exports the analyzer interprets itself (`packageValue`): never read from the project. */
const KNOWN_PACKAGE =
  /^(?:aws-sdk|dynamodb-toolbox|dynamoose|electrodb|dynamodb-onetable|aws-cdk-lib)(?:\/|$)|^@(?:aws-sdk|typedorm|aws-appsync|aws-cdk)\//;

function isKnownPackage(specifier: string): boolean {
  return KNOWN_PACKAGE.test(specifier);
}

function declarationOfNamed(st: ts.ClassDeclaration | ts.FunctionDeclaration | ts.EnumDeclaration): Declaration {
  if (ts.isClassDeclaration(st)) return { kind: 'class', node: st };
  if (ts.isFunctionDeclaration(st)) return { kind: 'function', node: st };
  return { kind: 'enum', node: st };
}

function isScopeContainer(n: ts.Node): boolean {
  return (
    ts.isSourceFile(n) ||
    ts.isBlock(n) ||
    ts.isModuleBlock(n) ||
    ts.isCaseBlock(n) ||
    ts.isFunctionLike(n) ||
    ts.isCatchClause(n) ||
    ts.isForStatement(n) ||
    ts.isForOfStatement(n) ||
    ts.isForInStatement(n)
  );
}

function isModuleExports(e: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(e) &&
    e.name.text === 'exports' &&
    ts.isIdentifier(e.expression) &&
    e.expression.text === 'module'
  );
}

function isConstList(list: ts.VariableDeclarationList): boolean {
  return (list.flags & ts.NodeFlags.Const) !== 0;
}

function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === kind) ?? false);
}

function hasExportModifier(n: ts.Node): boolean {
  return hasModifier(n, ts.SyntaxKind.ExportKeyword);
}

/** Visits every name a binding pattern introduces, with the property path that reaches it. */
function collectBindingNames(
  name: ts.BindingName,
  path: readonly string[],
  visit: (name: string, path: readonly string[]) => void,
): void {
  if (ts.isIdentifier(name)) {
    visit(name.text, path);
    return;
  }
  if (ts.isObjectBindingPattern(name)) {
    for (const el of name.elements) {
      if (el.dotDotDotToken) {
        collectBindingNames(el.name, ['\u0000rest'], visit);
        continue;
      }
      const prop = el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined);
      const key = prop && (ts.isIdentifier(prop) || ts.isStringLiteral(prop)) ? prop.text : '\u0000computed';
      collectBindingNames(el.name, [...path, key], visit);
    }
    return;
  }
  for (const el of name.elements)
    if (!ts.isOmittedExpression(el)) collectBindingNames(el.name, [...path, '\u0000index'], visit);
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
