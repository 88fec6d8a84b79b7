// Finds the DynamoDB operations of a Python file: boto3 tables, clients, paginators and batch
// writers, PynamoDB models and indexes, PartiQL statements, and turns each into a neutral Operation.
import { type SourceRange, computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import {
  filterAttributeTokens,
  keyConditionComparisons,
  keyConditionEqualities,
  updateSetEqualities,
} from '../analyzer/dynamoExpressions';
import type {
  DeclaredKeySchema,
  KeyValue,
  Operation,
  OperationApi,
  OperationKind,
  SortKeyCondition,
  TableReference,
  ValueProvenance,
} from '../operations/model';
import type { PyNode } from './parser';
import {
  type Binding,
  type Evaluator,
  type PyModule,
  type PyValue,
  type Scope,
  argument,
  keywordArguments,
  paramName,
  scopeAt,
  signatureOf,
} from './pythonScope';
import {
  type CachedStatement,
  type EnclosingFunction,
  type StatementCache,
  type StatementSpan,
  IDENTITY,
  holderOf,
  offsetMapping,
  rangesOf,
  relocate,
} from './statementCache';

/** An operation, and the function it is in for the wrapper pass. */
export interface PythonSite {
  op: Operation;
  fn?: EnclosingFunction;
  /** The operation's whole Item or Key is this parameter of its function (`put_item(Item=item)`). */
  objectParameter?: ObjectParameter;
}

export interface ObjectParameter {
  name: string;
  position: number;
}

const CLIENT_METHODS: Readonly<Record<string, OperationKind>> = {
  scan: 'scan',
  query: 'query',
  get_item: 'get',
  put_item: 'put',
  update_item: 'update',
  delete_item: 'delete',
  batch_write_item: 'batch-write',
  batch_get_item: 'batch-get',
  transact_write_items: 'transact-write',
  transact_get_items: 'transact-get',
  execute_statement: 'partiql',
  batch_execute_statement: 'partiql',
  execute_transaction: 'partiql',
};
const TABLE_METHODS: Readonly<Record<string, OperationKind>> = {
  scan: 'scan',
  query: 'query',
  get_item: 'get',
  put_item: 'put',
  update_item: 'update',
  delete_item: 'delete',
};
const MODEL_CLASS_METHODS: Readonly<Record<string, OperationKind>> = {
  scan: 'scan',
  query: 'query',
  count: 'query',
  get: 'get',
};
const MODEL_ITEM_METHODS: Readonly<Record<string, OperationKind>> = { save: 'put', update: 'update', delete: 'delete' };
const INTERESTING = new Set([
  ...Object.keys(CLIENT_METHODS),
  ...Object.keys(MODEL_CLASS_METHODS),
  ...Object.keys(MODEL_ITEM_METHODS),
  'paginate',
]);

/** A statement that may hold a transaction entry, `'Delete': {...}`, when it also names a `TableName`. */
const TRANSACT_ENTRY = /["'](?:Put|Delete|Update)["']\s*:\s*\{/;

/** Request fields only DynamoDB has: an unresolved receiver with one of them is taken for DynamoDB. */
const DYNAMO_FIELDS = [
  'TableName',
  'KeyConditionExpression',
  'FilterExpression',
  'ExpressionAttributeValues',
  'ExpressionAttributeNames',
  'IndexName',
  'ExclusiveStartKey',
  'ProjectionExpression',
  'UpdateExpression',
  'ConditionExpression',
  'RequestItems',
  'TransactItems',
];

/** A call being turned into an operation: the call, the name written for the operation, and its scope. */
interface NamedCall {
  call: PyNode;
  nameNode: PyNode;
  scope: Scope;
}

/** A named call with its argument list. */
interface CallBase extends NamedCall {
  args: PyNode | null;
}

/**
 * A constant-keyed entry of a dict. `at` is where a finding on it goes when the dict is written in
 * another module (a method of an imported class returns it): the call in this file that gives it.
 */
export interface DictEntry {
  key: string;
  value: PyNode;
  scope: Scope;
  keyNode: PyNode;
  at?: PyNode;
}

export interface Request {
  get(name: string): { node: PyNode; scope: Scope } | undefined;
  has(name: string): boolean;
}

export class Detector {
  readonly lineStarts: readonly number[];
  private readonly pynamo = new Map<number, PynamoModel | null>();
  /** The file's top-level statements, in text order, as `detectAll` found them. */
  topLevel: ReadonlyArray<StatementSpan & { node: PyNode }> = [];
  /** Where each statement text is now; null when it occurs twice. */
  current: ReadonlyMap<string, number | null> = new Map();
  /**
   * For each statement text, an object that stays the same while the statement's operations are
   * taken from the cache (they can only have moved): results built on them still hold.
   */
  readonly versions = new Map<string, object>();
  private readonly signatures = new Map<string, string>();
  private readonly otherLineStarts = new Map<PyModule, readonly number[]>();
  /** Operations whose whole Item or Key is a parameter of their function, for the wrapper pass. */
  private readonly objectParameters = new WeakMap<Operation, ObjectParameter>();
  /** Receivers (by container and text) that other calls show to be DynamoDB. */
  private readonly vouched = new Map<string, boolean>();
  /** Transaction entries (dict literals) that a transaction call of the file already read. */
  private readonly transactEntries = new Set<number>();

  constructor(
    private readonly module: PyModule,
    private readonly ev: Evaluator,
    lineStarts: readonly number[],
  ) {
    this.lineStarts = lineStarts;
  }

  rangeOf(node: PyNode): SourceRange {
    return rangeFromOffsets(this.lineStarts, node.startIndex, node.endIndex);
  }

  /** A node's range in another module of the project (an imported model's class). */
  private rangeIn(module: PyModule, node: PyNode): SourceRange {
    if (module === this.module) return this.rangeOf(node);
    let starts = this.otherLineStarts.get(module);
    if (!starts) {
      starts = computeLineStarts(module.text);
      this.otherLineStarts.set(module, starts);
    }
    return rangeFromOffsets(starts, node.startIndex, node.endIndex);
  }

  /**
   * Every operation of the file, statement by statement; with a cache, statements whose results
   * still hold are taken from it, and the cache is brought up to date.
   */
  detectAll(cache?: StatementCache, generation = 0): PythonSite[] {
    const out: PythonSite[] = [];
    const root = this.module.root;
    const statements: Array<StatementSpan & { node: PyNode }> = [];
    // One call for all children: `namedChild(i)` walks the siblings before i each time.
    for (const node of root.namedChildren) {
      if (node)
        statements.push({
          node,
          key: this.module.text.slice(node.startIndex, node.endIndex),
          start: node.startIndex,
          end: node.endIndex,
        });
    }
    // Where each statement text is now; null when it occurs twice.
    const current = new Map<string, number | null>();
    for (const s of statements) current.set(s.key, current.has(s.key) ? null : s.start);
    this.topLevel = statements;
    this.current = current;
    for (const stmt of statements) {
      const cached = cache?.get(stmt.key);
      const move =
        cached && cached.generation === generation && this.depsHold(cached.deps)
          ? offsetMapping(cached, current)
          : undefined;
      if (cached && move) {
        this.versions.set(stmt.key, cached);
        if (move === IDENTITY) out.push(...cached.sites);
        else
          for (const site of cached.sites)
            out.push({
              ...site,
              op: relocate(site.op, move, this.lineStarts),
              fn: { ...site.fn, start: move(site.fn.start) },
            });
        continue;
      }
      this.ev.startRecording(this.module);
      const sites: PythonSite[] = [];
      for (const call of stmt.node.type === 'call' ? [stmt.node] : stmt.node.descendantsOfType('call')) {
        if (!call) continue;
        const ops = this.detect(call);
        if (ops.length === 0) continue;
        const fn = enclosingFunction(call);
        for (const op of ops) {
          const objectParameter = this.objectParameters.get(op);
          sites.push({ op, ...(fn ? { fn } : {}), ...(objectParameter ? { objectParameter } : {}) });
        }
      }
      // Transaction entries a function builds and returns, for a transaction written elsewhere.
      if (stmt.key.includes('TableName') && TRANSACT_ENTRY.test(stmt.key)) {
        for (const dict of stmt.node.descendantsOfType('dictionary')) {
          const op = dict && !this.transactEntries.has(dict.id) ? this.looseTransactEntry(dict) : undefined;
          const fn = op && dict ? enclosingFunction(dict) : undefined;
          if (op) sites.push({ op, ...(fn ? { fn } : {}) });
        }
      }
      const deps = this.ev.stopRecording();
      out.push(...sites);
      this.versions.set(stmt.key, {});
      if (!cache) continue;
      // Module-level code is judged on the whole file (pagination), so only operations in functions are kept.
      const spans = new Map<string, StatementSpan>([[stmt.key, { key: stmt.key, start: stmt.start, end: stmt.end }]]);
      let cacheable = sites.every((s) => s.fn);
      for (const r of sites.flatMap((s) => rangesOf(s.op))) {
        const holder = holderOf(statements, r.offset, r.endOffset);
        if (!holder) cacheable = false;
        else if (!spans.has(holder.key))
          spans.set(holder.key, { key: holder.key, start: holder.start, end: holder.end });
      }
      if (cacheable) {
        const entry: CachedStatement = {
          spans: [...spans.values()],
          deps,
          generation,
          sites: sites.map((s) => ({ ...s, fn: s.fn as EnclosingFunction })),
        };
        cache.set(stmt.key, entry);
        this.versions.set(stmt.key, entry);
      } else cache.delete(stmt.key);
    }
    if (cache) for (const key of [...cache.keys()]) if (!current.has(key)) cache.delete(key);
    return out;
  }

  /** Whether the module-level names read then still have the same signatures. */
  depsHold(deps: ReadonlyMap<string, string>): boolean {
    if (deps.size === 0) return true;
    const names = this.module.names();
    for (const [name, signature] of deps) {
      // Many statements read the same few names: each signature is built once per analysis.
      let now = this.signatures.get(name);
      if (now === undefined) {
        now = signatureOf(names.get(name) ?? []);
        this.signatures.set(name, now);
      }
      if (now !== signature) return false;
    }
    return true;
  }

  /** The operations one call makes (none when it is no DynamoDB call); for the wrapper summaries. */
  operationsAt(call: PyNode): Operation[] {
    return this.detect(call);
  }

  private detect(call: PyNode): Operation[] {
    const fnNode = call.childForFieldName('function');
    if (fnNode?.type !== 'attribute') return [];
    const nameNode = fnNode.childForFieldName('attribute');
    const method = nameNode?.text;
    if (!nameNode || !method || !INTERESTING.has(method)) return [];
    const scope = scopeAt(this.module, call);
    const objNode = fnNode.childForFieldName('object');
    const recv = this.ev.value(objNode, scope);
    const args = call.childForFieldName('arguments');
    const base = { call, nameNode, scope, args };
    switch (recv.kind) {
      case 'table': {
        const kind = TABLE_METHODS[method];
        return kind ? [this.boto3Operation(base, method, kind, 'boto3-resource', this.tableRef(recv.name))] : [];
      }
      case 'batch-writer': {
        const kind = method === 'put_item' ? 'put' : method === 'delete_item' ? 'delete' : undefined;
        return kind ? [this.boto3Operation(base, method, kind, 'boto3-resource', this.tableRef(recv.table.name))] : [];
      }
      case 'client': {
        const kind = CLIENT_METHODS[method];
        return kind ? this.clientOperations(base, method, kind, 'boto3-client', true) : [];
      }
      case 'paginator': {
        if (method !== 'paginate') return [];
        if (recv.unbound && !DYNAMO_FIELDS.some((f) => this.request(args, scope).has(f))) return [];
        const ops = this.clientOperations(
          base,
          recv.operation,
          recv.operation,
          recv.unbound ? 'unresolved' : 'boto3-client',
          !recv.unbound,
          true,
        );
        // The operation is named in `get_paginator("scan")`: findings go there, as long as it is in the same statement.
        const named =
          recv.nameNode &&
          recv.module === this.module &&
          topLevelStatement(recv.nameNode)?.id === topLevelStatement(base.call)?.id
            ? recv.nameNode
            : undefined;
        return named ? ops.map((o) => ({ ...o, nameRange: this.rangeOf(named) })) : ops;
      }
      case 'class': {
        const model = this.pynamoModel(recv);
        const kind = MODEL_CLASS_METHODS[method];
        return model && kind ? [this.modelClassOperation(base, method, kind, model)] : [];
      }
      case 'instance': {
        const index = this.pynamoIndex(recv.cls);
        if (index && objNode?.type === 'attribute' && (method === 'query' || method === 'scan' || method === 'count')) {
          const owner = this.ev.value(objNode.childForFieldName('object'), scope);
          const model = owner.kind === 'class' ? this.pynamoModel(owner) : undefined;
          if (model)
            return [this.modelClassOperation(base, method, method === 'scan' ? 'scan' : 'query', model, index)];
          return [];
        }
        const model = this.pynamoModel(recv.cls);
        const kind = MODEL_ITEM_METHODS[method];
        return model && kind ? [this.modelItemOperation(base, method, kind, model, recv)] : [];
      }
      case 'unknown':
      case 'param': {
        const kind = CLIENT_METHODS[method];
        if (!kind || kind === 'partiql') return [];
        const request = this.request(args, scope);
        if (!DYNAMO_FIELDS.some((f) => request.has(f)) && !(objNode && this.corroborated(objNode))) return [];
        const api: OperationApi = 'unresolved';
        return this.clientOperations(base, method, kind, api, false);
      }
      default:
        return [];
    }
  }

  /**
   * Whether other calls on the same receiver, written the same way, show it is a DynamoDB table or
   * client: `self.table.query(KeyConditionExpression=...)` elsewhere in the class vouches for a bare
   * `self.table.scan()`. `self.x` is looked for in its class, a plain name in its function.
   */
  private corroborated(receiver: PyNode): boolean {
    const text = receiver.text;
    const self = receiver.type === 'attribute' && receiver.childForFieldName('object')?.text === 'self';
    if (!self && receiver.type !== 'identifier') return false;
    let container: PyNode | null = receiver.parent;
    while (container && container.type !== (self ? 'class_definition' : 'function_definition'))
      container = container.parent;
    if (!container) return false;
    const key = `${container.id}:${text}`;
    const known = this.vouched.get(key);
    if (known !== undefined) return known;
    let found = false;
    for (const call of container.descendantsOfType('call')) {
      const fn = call?.childForFieldName('function');
      if (!call || fn?.type !== 'attribute' || fn.childForFieldName('object')?.text !== text) continue;
      const method = fn.childForFieldName('attribute')?.text ?? '';
      if (method === 'batch_writer' || method === 'get_paginator') found = true;
      else if (CLIENT_METHODS[method] && method !== 'execute_statement') {
        const args = call.childForFieldName('arguments');
        const { named, splat } = keywordArguments(args);
        found =
          DYNAMO_FIELDS.some((f) => named.has(f)) ||
          (splat !== undefined && DYNAMO_FIELDS.some((f) => this.request(args, scopeAt(this.module, call)).has(f)));
      }
      if (found) break;
    }
    this.vouched.set(key, found);
    return found;
  }

  /** Remembers that the operation's Item or Key is, as a whole, a parameter of the function it is in. */
  private noteObjectParameter(op: Operation, obj: { node: PyNode; scope: Scope } | undefined): void {
    if (op.keyValues.length > 0 || obj?.node.type !== 'identifier' || !obj.scope.fn || obj.scope.args) return;
    const bindings = this.ev.lookup(obj.node.text, obj.scope);
    const b = bindings.length === 1 ? bindings[0] : undefined;
    if (b?.kind === 'param') this.objectParameters.set(op, { name: b.name, position: b.position });
  }

  /** The request's keyword arguments, with the entries of a `**params` dict literal. */
  request(args: PyNode | null, scope: Scope): Request {
    const { named, splat } = keywordArguments(args);
    const map = new Map<string, { node: PyNode; scope: Scope }>();
    if (splat) for (const e of this.dictEntries(splat, scope) ?? []) map.set(e.key, { node: e.value, scope: e.scope });
    for (const [k, v] of named) map.set(k, { node: v, scope });
    return { get: (name) => map.get(name), has: (name) => map.has(name) };
  }

  /**
   * A dict's constant-keyed entries: a literal, `dict(k=v)`, or a name assigned one, with
   * `item['pk'] = ...` assignments in the same scope added. Undefined when it cannot be read.
   */
  dictEntries(node: PyNode | null | undefined, scope: Scope, depth = 0): DictEntry[] | undefined {
    if (!node || depth > 8) return undefined;
    if (node.type === 'parenthesized_expression') return this.dictEntries(node.namedChildren[0], scope, depth + 1);
    if (node.type === 'dictionary') {
      const out: DictEntry[] = [];
      for (const c of node.namedChildren) {
        if (!c) continue;
        if (c.type === 'pair') {
          const keyNode = c.childForFieldName('key');
          const value = c.childForFieldName('value');
          const key = this.ev.fold(keyNode, scope);
          if (key !== undefined && value && keyNode) out.push({ key, value, scope, keyNode });
        } else if (c.type === 'dictionary_splat') {
          for (const e of this.dictEntries(c.namedChildren[0], scope, depth + 1) ?? []) out.push(e);
        }
      }
      return out;
    }
    if (node.type === 'call') {
      const fnNode = node.childForFieldName('function');
      const callee = this.ev.value(fnNode, scope);
      if (callee.kind === 'function') return this.returnedEntries(callee, node, scope, depth);
      const method = fnNode?.type === 'attribute' ? this.annotatedMethod(fnNode, scope) : undefined;
      if (method) return this.returnedEntries(method, node, scope, depth);
      const typedDict =
        callee.kind === 'class' &&
        (this.extends(callee, 'typing.TypedDict', 0) || this.extends(callee, 'typing_extensions.TypedDict', 0));
      if (!typedDict && !(callee.kind === 'external' && (callee.path === 'dict' || unreadMappingClass(callee.path))))
        return undefined;
      const out: DictEntry[] = [];
      for (const a of node.childForFieldName('arguments')?.namedChildren ?? []) {
        if (a?.type !== 'keyword_argument') continue;
        const name = a.childForFieldName('name');
        const value = a.childForFieldName('value');
        if (name && value) out.push({ key: name.text, value, scope, keyNode: name });
      }
      return out;
    }
    if (node.type !== 'identifier') return undefined;
    const bindings = this.ev.lookup(node.text, scope);
    const b = bindings.length === 1 ? bindings[0] : reachingAssignment(bindings, node);
    // A dict from another module would give ranges in that file; inside another module's function, the
    // call in this file that returns the dict is where its entries are reported.
    if (b?.kind !== 'assign' || (b.scope.module !== this.module && scope.module === this.module)) return undefined;
    const base = this.dictEntries(b.value, b.scope, depth + 1);
    if (!base) return undefined;
    // `item['pk'] = 'X'` after the literal: later assignments win.
    const container = b.scope.fn?.childForFieldName('body') ?? b.scope.module.root;
    for (const a of container.descendantsOfType('assignment')) {
      const left = a?.childForFieldName('left');
      const right = a?.childForFieldName('right');
      if (left?.type !== 'subscript' || !right || left.childForFieldName('value')?.text !== node.text) continue;
      const keyNode = left.childForFieldName('subscript');
      const key = this.ev.fold(keyNode, b.scope);
      if (key === undefined || !keyNode) continue;
      const at = base.findIndex((e) => e.key === key);
      if (at >= 0) base.splice(at, 1);
      base.push({ key, value: right, scope: b.scope, keyNode });
    }
    return base;
  }

  /**
   * The dict a function returns (`_map_to_model(request)` building `dict(request, PK=...)`, an imported
   * class's `to_item()`), read with the call's arguments bound to its parameters; only a function with
   * one return. The entries of a function of another module are reported at the call.
   */
  private returnedEntries(
    fn: Extract<PyValue, { kind: 'function' }>,
    call: PyNode,
    callerScope: Scope,
    depth: number,
  ): DictEntry[] | undefined {
    if (depth > 4) return undefined;
    const returns = (fn.node.childForFieldName('body')?.descendantsOfType('return_statement') ?? []).filter(
      (r) => r && enclosingDefinition(r)?.id === fn.node.id,
    );
    const value = returns.length === 1 ? returns[0]?.namedChildren[0] : undefined;
    if (!value) return undefined;
    const args = call.childForFieldName('arguments');
    const params = (fn.node.childForFieldName('parameters')?.namedChildren ?? []).map((p) =>
      p ? paramName(p) : undefined,
    );
    const called = call.childForFieldName('function');
    const offset = (params[0] === 'self' || params[0] === 'cls') && called?.type === 'attribute' ? 1 : 0;
    const bound = new Map<string, { node: PyNode; scope: Scope }>();
    params.forEach((name, i) => {
      const a = name && i >= offset ? argument(args, i - offset, name) : undefined;
      if (name && a) bound.set(name, { node: a, scope: callerScope });
    });
    const module = fn.scope.module;
    // The class of `self` is the one the method is defined in (scopes are taken from inside the body).
    const body = fn.node.childForFieldName('body');
    const cls = body ? scopeAt(module, body).cls : undefined;
    const scope: Scope = { module, fn: fn.node, ...(cls ? { cls } : {}), args: bound };
    const entries = this.dictEntries(value, scope, depth + 1);
    if (!entries || module === this.module || callerScope.module !== this.module) return entries;
    return entries.map((e) => (e.at || e.scope.module === this.module ? e : { ...e, at: call }));
  }

  /**
   * `schedule.to_item()` where `schedule: ScheduleDefinition` is a parameter annotated with a class
   * of the project: that class's method (the annotation names the class whose method runs).
   */
  private annotatedMethod(fnNode: PyNode, scope: Scope): Extract<PyValue, { kind: 'function' }> | undefined {
    const obj = fnNode.childForFieldName('object');
    const attr = fnNode.childForFieldName('attribute')?.text;
    if (obj?.type !== 'identifier' || !attr || !scope.fn || scope.args?.has(obj.text)) return undefined;
    const bindings = this.ev.lookup(obj.text, scope);
    const b = bindings.length === 1 ? bindings[0] : undefined;
    if (b?.kind !== 'param' || (b.node.type !== 'typed_parameter' && b.node.type !== 'typed_default_parameter'))
      return undefined;
    const annotation = b.node.childForFieldName('type')?.namedChildren[0];
    const cls = annotation ? this.annotatedClass(annotation, scopeAt(scope.module, scope.fn)) : undefined;
    if (cls?.kind !== 'class') return undefined;
    const method = this.ev.classMember(cls, attr, 0);
    return method.kind === 'function' ? method : undefined;
  }

  /** The class an annotation names: `Order`, `"Order"`, `Optional[Order]`, `Order | None`. */
  private annotatedClass(node: PyNode, scope: Scope, depth = 0): PyValue | undefined {
    if (depth > 3) return undefined;
    if (node.type === 'string') {
      const name = this.ev.fold(node, scope);
      return name && /^[A-Za-z_]\w*$/.test(name)
        ? this.ev.member({ kind: 'project-module', module: scope.module }, name, 0)
        : undefined;
    }
    if (node.type === 'type')
      return node.namedChildren[0] ? this.annotatedClass(node.namedChildren[0], scope, depth + 1) : undefined;
    // `Optional[Order]` parses as a generic type, `typing.Optional[Order]` as a subscript.
    const generic = node.type === 'generic_type' || node.type === 'subscript';
    if (generic) {
      const outerNode = node.type === 'subscript' ? node.childForFieldName('value') : node.namedChildren[0];
      const param = node.type === 'subscript' ? node.childForFieldName('subscript') : node.namedChildren[1];
      const inner = param?.type === 'type_parameter' ? param.namedChildren[0] : param;
      const outer = this.ev.value(outerNode, scope);
      const optional = outer.kind === 'external' && /^typing(?:_extensions)?\.Optional$/.test(outer.path);
      return optional && inner ? this.annotatedClass(inner, scope, depth + 1) : undefined;
    }
    if (node.type === 'binary_operator' && node.childForFieldName('operator')?.text === '|') {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const other = right?.type === 'none' ? left : left?.type === 'none' ? right : undefined;
      return other ? this.annotatedClass(other, scope, depth + 1) : undefined;
    }
    return this.ev.value(node, scope);
  }

  /** Where a value comes from; `at` is where it is reported when it is written in another module. */
  provenance(node: PyNode, scope: Scope, at?: PyNode): ValueProvenance {
    const value = typedValue(node);
    const foreign = scope.module !== this.module;
    // An argument the call of another module's function passes is this file's value, where it is written.
    const bound = foreign && value.type === 'identifier' ? scope.args?.get(value.text) : undefined;
    if (bound) return this.provenance(bound.node, bound.scope, at);
    const range = this.rangeOf(foreign && at ? at : value);
    const folded = this.ev.fold(value, scope);
    if (folded !== undefined) return { kind: 'constant', value: folded, range };
    const v = this.ev.value(value, scope);
    // A parameter of another module's function is none of this file's.
    if (v.kind === 'param' && !isSelfAttribute(value) && !foreign)
      return { kind: 'parameter', name: v.name, position: v.position, range };
    return { kind: 'unknown', text: value.text.slice(0, 120), range };
  }

  tableRef(name: { node: PyNode; scope: Scope } | undefined): TableReference | undefined {
    if (!name) return undefined;
    const { node, scope } = name;
    const ref: TableReference = {
      text: node.text.slice(0, 120),
      ...(scope.module === this.module ? { range: this.rangeOf(node) } : {}),
    };
    const constant = this.ev.fold(node, scope);
    if (constant !== undefined) return { ...ref, constant };
    const v = this.ev.value(node, scope);
    if (v.kind === 'env') return { ...ref, envVar: v.name };
    if (v.kind === 'param' && !isSelfAttribute(node))
      return { ...ref, parameter: { name: v.name, position: v.position } };
    const names = node
      .descendantsOfType('identifier')
      .map((i) => i?.text ?? '')
      .filter((s) => s.length > 0);
    return names.length > 0 ? { ...ref, names } : ref;
  }

  /** The key values of a dict's entries; an entry of another module's dict only with the call that gives it. */
  keyValues(entries: readonly DictEntry[] | undefined): KeyValue[] {
    return (entries ?? [])
      .filter((e) => e.scope.module === this.module || e.at)
      .map((e) => ({ attribute: e.key, value: this.provenance(e.value, e.scope, e.at) }));
  }

  private boto3Operation(
    base: CallBase,
    method: string,
    kind: OperationKind,
    api: OperationApi,
    table: TableReference | undefined,
  ): Operation {
    const request = this.request(base.args, base.scope);
    return this.fromRequest(base, method, kind, api, true, request, table, false);
  }

  private fromRequest(
    base: NamedCall,
    method: string,
    kind: OperationKind,
    api: OperationApi,
    bound: boolean,
    request: Request,
    table: TableReference | undefined,
    paginator: boolean,
  ): Operation {
    const op: Operation = {
      language: 'python',
      operation: method,
      kind,
      api,
      bound,
      ...(table ? { table } : {}),
      keyValues: [],
      paginated: paginator || request.has('ExclusiveStartKey') || this.mentionsLastEvaluatedKey(base.call),
      ...(insideFunction(base.call) ? { perCall: true } : {}),
      nameRange: this.rangeOf(base.nameNode),
      range: this.rangeOf(base.call),
    };
    const index = request.get('IndexName');
    if (index) {
      const constant = this.ev.fold(index.node, index.scope);
      op.index = { text: index.node.text.slice(0, 120), ...(constant !== undefined ? { constant } : {}) };
    }
    const consistent = request.get('ConsistentRead');
    if (consistent?.node.type === 'true') op.consistentRead = true;
    switch (kind) {
      case 'put':
        op.keyValues = this.keyValues(
          this.dictEntries(request.get('Item')?.node, request.get('Item')?.scope ?? base.scope),
        );
        this.noteObjectParameter(op, request.get('Item'));
        break;
      case 'get':
      case 'delete':
      case 'update': {
        op.keyValues = this.keyValues(
          this.dictEntries(request.get('Key')?.node, request.get('Key')?.scope ?? base.scope),
        );
        this.noteObjectParameter(op, request.get('Key'));
        if (kind === 'update') {
          const sets = this.updateSets(request);
          if (sets.length > 0) op.updateSets = sets;
        }
        break;
      }
      case 'query':
        this.readKeyCondition(op, request);
        this.readFilter(op, request);
        break;
      case 'scan':
        this.readFilter(op, request);
        break;
      case 'partiql':
        op.statements = this.statements(request);
        break;
      default:
        break;
    }
    return op;
  }

  private clientOperations(
    base: CallBase,
    method: string,
    kind: OperationKind,
    api: OperationApi,
    bound: boolean,
    paginator = false,
  ): Operation[] {
    const request = this.request(base.args, base.scope);
    const tableNode = request.get('TableName');
    const table = tableNode ? this.tableRef(tableNode) : undefined;
    if (kind === 'batch-write') return this.batchWrite(base, method, api, bound, request);
    if (kind === 'transact-write') return this.transactWrite(base, method, api, bound, request);
    return [this.fromRequest(base, method, kind, api, bound, request, table, paginator)];
  }

  /** One put or delete per request entry, each with its table. */
  private batchWrite(
    base: NamedCall,
    method: string,
    api: OperationApi,
    bound: boolean,
    request: Request,
  ): Operation[] {
    const items = request.get('RequestItems');
    const out: Operation[] = [];
    for (const t of this.dictEntries(items?.node, items?.scope ?? base.scope) ?? []) {
      const foreign = t.scope.module !== this.module;
      if (foreign && !t.at) continue;
      const table: TableReference = {
        text: t.keyNode.text.slice(0, 120),
        constant: t.key,
        range: this.rangeOf(foreign && t.at ? t.at : t.keyNode),
      };
      for (const entry of listElements(t.value)) {
        for (const e of this.dictEntries(entry, t.scope) ?? []) {
          const kind = e.key === 'PutRequest' ? 'put' : e.key === 'DeleteRequest' ? 'delete' : undefined;
          if (!kind) continue;
          const inner = this.dictEntries(e.value, e.scope);
          const obj = inner?.find((i) => i.key === (kind === 'put' ? 'Item' : 'Key'));
          out.push({
            ...this.bare(base, method, kind, api, bound, table),
            keyValues: this.keyValues(this.dictEntries(obj?.value, obj?.scope ?? e.scope)),
          });
        }
      }
    }
    return out;
  }

  private transactWrite(
    base: NamedCall,
    method: string,
    api: OperationApi,
    bound: boolean,
    request: Request,
  ): Operation[] {
    const items = request.get('TransactItems');
    const out: Operation[] = [];
    for (const entry of items ? listElements(items.node) : []) {
      for (const e of this.dictEntries(entry, items?.scope ?? base.scope) ?? []) {
        const op = this.transactEntry(base, method, api, bound, e);
        if (!op) continue;
        out.push(op);
        const dict = e.value.parent?.parent;
        if (dict?.type === 'dictionary') this.transactEntries.add(dict.id);
      }
    }
    return out;
  }

  /** One `{'Put' | 'Delete' | 'Update': {...}}` entry of a transaction, with its table and key. */
  private transactEntry(
    base: NamedCall,
    method: string,
    api: OperationApi,
    bound: boolean,
    e: { key: string; value: PyNode; scope: Scope },
  ): Operation | undefined {
    const kind = e.key === 'Put' ? 'put' : e.key === 'Delete' ? 'delete' : e.key === 'Update' ? 'update' : undefined;
    if (!kind) return undefined;
    const parts = this.dictEntries(e.value, e.scope) ?? [];
    const get = (name: string) => parts.find((p) => p.key === name);
    const tableName = get('TableName');
    const table = tableName ? this.tableRef({ node: tableName.value, scope: tableName.scope }) : undefined;
    const obj = get(kind === 'put' ? 'Item' : 'Key');
    const partRequest: Request = {
      get: (n) => {
        const p = get(n);
        return p ? { node: p.value, scope: p.scope } : undefined;
      },
      has: (n) => get(n) !== undefined,
    };
    const sets = kind === 'update' ? this.updateSets(partRequest) : [];
    return {
      ...this.bare(base, method, kind, api, bound, table),
      keyValues: this.keyValues(this.dictEntries(obj?.value, obj?.scope ?? e.scope)),
      ...(sets.length > 0 ? { updateSets: sets } : {}),
    };
  }

  /**
   * A transaction entry written as a dict literal outside a transaction call (a function returns the
   * entries for a transaction it does not write): `{'Delete': {'TableName': t, 'Key': {...}}}`.
   * Only this shape is DynamoDB's, so the entry counts on its own, unbound.
   */
  private looseTransactEntry(dict: PyNode): Operation | undefined {
    if (dict.namedChildCount !== 1) return undefined;
    const pair = dict.namedChild(0);
    const keyNode = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
    const value = pair?.childForFieldName('value');
    if (keyNode?.type !== 'string' || value?.type !== 'dictionary') return undefined;
    const key = keyNode.text.slice(1, -1);
    if (key !== 'Put' && key !== 'Delete' && key !== 'Update') return undefined;
    const fields = new Set(
      value.namedChildren.map((c) => (c?.type === 'pair' ? c.childForFieldName('key')?.text.slice(1, -1) : undefined)),
    );
    if (!fields.has('TableName') || !fields.has(key === 'Put' ? 'Item' : 'Key')) return undefined;
    // Entries written inside the transaction call are that call's operations.
    for (let p = dict.parent; p; p = p.parent) {
      if (p.type === 'function_definition' || p.type === 'module') break;
      if (p.type !== 'call') continue;
      const callee = p.childForFieldName('function');
      const name = callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : callee?.text;
      if (name === 'transact_write_items') return undefined;
    }
    const scope = scopeAt(this.module, dict);
    return this.transactEntry({ call: dict, nameNode: keyNode, scope }, 'transact_write_items', 'unresolved', false, {
      key,
      value,
      scope,
    });
  }

  private bare(
    base: { call: PyNode; nameNode: PyNode },
    method: string,
    kind: OperationKind,
    api: OperationApi,
    bound: boolean,
    table: TableReference | undefined,
  ): Operation {
    return {
      language: 'python',
      operation: method,
      kind,
      api,
      bound,
      ...(table ? { table } : {}),
      keyValues: [],
      paginated: false,
      ...(insideFunction(base.call) ? { perCall: true } : {}),
      nameRange: this.rangeOf(base.nameNode),
      range: this.rangeOf(base.call),
    };
  }

  private updateSets(request: Request): KeyValue[] {
    const expr = request.get('UpdateExpression');
    const text = expr ? this.ev.pattern(expr.node, expr.scope) : undefined;
    if (!text) return [];
    const namesArg = request.get('ExpressionAttributeNames');
    const valuesArg = request.get('ExpressionAttributeValues');
    const names = namesArg ? this.dictEntries(namesArg.node, namesArg.scope) : undefined;
    const values = valuesArg ? this.dictEntries(valuesArg.node, valuesArg.scope) : undefined;
    const out: KeyValue[] = [];
    for (const eq of updateSetEqualities(text)) {
      const v = values?.find((e) => e.key === eq.placeholder);
      if (v) out.push({ attribute: this.attributeName(eq.attribute, names), value: this.provenance(v.value, v.scope) });
    }
    return out;
  }

  private attributeName(token: string, names: Array<{ key: string; value: PyNode; scope: Scope }> | undefined): string {
    if (!token.startsWith('#')) return token;
    const n = names?.find((e) => e.key === token);
    return (n ? this.ev.fold(n.value, n.scope) : undefined) ?? token;
  }

  /** A Query's key condition: `Key('pk').eq(v) & Key('sk').begins_with(p)` or an expression string with values. */
  private readKeyCondition(op: Operation, request: Request): void {
    const kce = request.get('KeyConditionExpression');
    if (!kce) return;
    const conditions = this.conditionCalls(kce.node, kce.scope, 'Key');
    if (conditions) {
      for (const c of conditions) {
        if (c.method === 'eq' && c.args[0])
          op.keyValues.push({ attribute: c.attribute, value: this.provenance(c.args[0], kce.scope) });
        else if (!op.sortKeyCondition && COMPARISONS[c.method]) {
          op.sortKeyCondition = {
            attribute: c.attribute,
            op: COMPARISONS[c.method] as SortKeyCondition['op'],
            values: c.args.map((a) => this.provenance(a, kce.scope)),
          };
        }
      }
      return;
    }
    const text = this.ev.pattern(kce.node, kce.scope);
    if (!text) return;
    const namesArg = request.get('ExpressionAttributeNames');
    const valuesArg = request.get('ExpressionAttributeValues');
    const names = namesArg ? this.dictEntries(namesArg.node, namesArg.scope) : undefined;
    const values = valuesArg ? this.dictEntries(valuesArg.node, valuesArg.scope) : undefined;
    const valueOf = (placeholder: string): ValueProvenance | undefined => {
      const v = values?.find((e) => e.key === placeholder);
      return v ? this.provenance(v.value, v.scope) : undefined;
    };
    for (const eq of keyConditionEqualities(text)) {
      // An equality whose value cannot be read still counts: the rules tell the partition key by how many there are.
      const value = valueOf(eq.placeholder) ?? {
        kind: 'unknown' as const,
        text: eq.placeholder,
        range: this.rangeOf(kce.node),
      };
      op.keyValues.push({ attribute: this.attributeName(eq.attribute, names), value });
    }
    const range = keyConditionComparisons(text).find((c) => c.op !== '=');
    if (range) {
      const vals = range.placeholders.map(valueOf);
      if (vals.every((v) => v !== undefined))
        op.sortKeyCondition = { attribute: this.attributeName(range.attribute, names), op: range.op, values: vals };
    }
  }

  private readFilter(op: Operation, request: Request): void {
    const f = request.get('FilterExpression');
    if (!f) return;
    const conditions = this.conditionCalls(f.node, f.scope, 'Attr');
    if (conditions) {
      const all = [...new Set(conditions.map((c) => c.attribute))];
      op.filter = {
        attributes: all,
        equalityAttributes: [...new Set(conditions.filter((c) => c.method === 'eq').map((c) => c.attribute))],
      };
      return;
    }
    const text = this.ev.pattern(f.node, f.scope);
    if (text === undefined) {
      op.filter = { attributes: [], equalityAttributes: [] };
      return;
    }
    const namesArg = request.get('ExpressionAttributeNames');
    const names = namesArg ? this.dictEntries(namesArg.node, namesArg.scope) : undefined;
    const tokens = filterAttributeTokens(text);
    op.filter = {
      text,
      attributes: tokens.all.map((t) => this.attributeName(t, names)),
      equalityAttributes: tokens.equality.map((t) => this.attributeName(t, names)),
    };
  }

  /**
   * `Key('a').eq(x) & Key('b').between(y, z)` (or `Attr`), joined by `&` / `|`; undefined when the
   * expression is not built from boto3 conditions.
   */
  private conditionCalls(
    node: PyNode,
    scope: Scope,
    builder: 'Key' | 'Attr',
  ): Array<{ attribute: string; method: string; args: PyNode[] }> | undefined {
    const out: Array<{ attribute: string; method: string; args: PyNode[] }> = [];
    const stack: PyNode[] = [node];
    let found = false;
    let followed = 0;
    while (stack.length > 0) {
      const n = stack.pop() as PyNode;
      if (n.type === 'binary_operator' || n.type === 'parenthesized_expression' || n.type === 'unary_operator') {
        for (const c of n.namedChildren) if (c) stack.push(c);
        continue;
      }
      // `condition = Key('pk').eq(v) & ...` assigned once in the same function, then passed.
      if (n.type === 'identifier' && followed++ < 4) {
        const b = this.ev.lookup(n.text, scope);
        const only = b.length === 1 ? b[0] : undefined;
        if (only?.kind === 'assign' && only.scope.module === this.module && only.scope.fn === scope.fn)
          stack.push(only.value);
        continue;
      }
      if (n.type !== 'call') continue;
      const fn = n.childForFieldName('function');
      const inner = fn?.type === 'attribute' ? fn.childForFieldName('object') : undefined;
      const method = fn?.childForFieldName('attribute')?.text;
      if (inner?.type !== 'call' || !method) continue;
      const ctor = inner.childForFieldName('function');
      if (!ctor || !this.isCondition(ctor, scope, builder)) continue;
      const attribute = this.ev.fold(argument(inner.childForFieldName('arguments'), 0, 'name'), scope);
      if (attribute === undefined) continue;
      found = true;
      const args = (n.childForFieldName('arguments')?.namedChildren ?? []).filter(
        (a): a is PyNode => !!a && a.type !== 'keyword_argument',
      );
      out.push({ attribute, method, args });
    }
    return found ? out.reverse() : undefined;
  }

  private isCondition(ctor: PyNode, scope: Scope, builder: 'Key' | 'Attr'): boolean {
    const v = this.ev.value(ctor, scope);
    if (v.kind === 'external') return v.path === `boto3.dynamodb.conditions.${builder}`;
    return v.kind === 'unknown' && ctor.type === 'identifier' && ctor.text === builder;
  }

  private statements(request: Request): Array<{ text: string; range: SourceRange }> {
    const out: Array<{ text: string; range: SourceRange }> = [];
    const add = (node: PyNode, scope: Scope): void => {
      const text = this.ev.pattern(node, scope);
      if (text !== undefined) out.push({ text, range: this.rangeOf(node) });
    };
    const single = request.get('Statement');
    if (single) add(single.node, single.scope);
    for (const listName of ['Statements', 'TransactStatements']) {
      const list = request.get(listName);
      if (!list) continue;
      for (const el of listElements(list.node)) {
        const s = this.dictEntries(el, list.scope)?.find((e) => e.key === 'Statement');
        if (s) add(s.value, s.scope);
      }
    }
    return out;
  }

  private mentionsLastEvaluatedKey(call: PyNode): boolean {
    let fn: PyNode | null = call;
    while (fn && fn.type !== 'function_definition') fn = fn.parent;
    return (fn ?? this.module.root).text.includes('LastEvaluatedKey');
  }

  // PynamoDB

  /** The PynamoDB models the module declares at its top level, with their key schemas. */
  declaredModels(): PynamoModel[] {
    const out: PynamoModel[] = [];
    for (const bindings of this.module.names().values()) {
      for (const b of bindings) {
        if (b.kind !== 'class') continue;
        const model = this.pynamoModel({ kind: 'class', node: b.node, scope: b.scope });
        if (model?.declared) out.push(model);
      }
    }
    return out;
  }

  /** The model's table, keys and indexes; undefined when the class is no PynamoDB Model. */
  pynamoModel(cls: Extract<PyValue, { kind: 'class' }>): PynamoModel | undefined {
    const cached = this.pynamo.get(cls.node.id);
    if (cached !== undefined) return cached ?? undefined;
    this.pynamo.set(cls.node.id, null);
    if (!this.extends(cls, 'pynamodb.models.Model', 0)) return undefined;
    const model = this.readModel(cls);
    this.pynamo.set(cls.node.id, model);
    return model;
  }

  private extends(cls: Extract<PyValue, { kind: 'class' }>, path: string, depth: number): boolean {
    if (depth > 8) return false;
    for (const b of this.ev.bases(cls, depth)) {
      if (b.kind === 'external' && b.path === path) return true;
      if (b.kind === 'class' && this.extends(b, path, depth + 1)) return true;
    }
    return false;
  }

  pynamoIndex(cls: Extract<PyValue, { kind: 'class' }>): PynamoIndex | undefined {
    const kind = this.extends(cls, 'pynamodb.indexes.GlobalSecondaryIndex', 0)
      ? 'GSI'
      : this.extends(cls, 'pynamodb.indexes.LocalSecondaryIndex', 0)
        ? 'LSI'
        : undefined;
    if (!kind) return undefined;
    const keys = this.keyAttributes(cls);
    const meta = this.ev.classMember(cls, 'Meta', 0);
    const name = meta.kind === 'class' ? this.ev.classMember(meta, 'index_name', 0) : undefined;
    const indexName = name?.kind === 'str' ? name.value : (cls.node.childForFieldName('name')?.text ?? 'index');
    return { name: indexName, kind, ...keys };
  }

  private readModel(cls: Extract<PyValue, { kind: 'class' }>): PynamoModel {
    const name = cls.node.childForFieldName('name')?.text ?? 'Model';
    const meta = this.ev.classMember(cls, 'Meta', 0);
    const tableNode =
      meta.kind === 'class' ? meta.scope.module.classNames(meta.node, meta.scope).get('table_name')?.[0] : undefined;
    const table =
      tableNode?.kind === 'assign' ? this.tableRef({ node: tableNode.value, scope: tableNode.scope }) : undefined;
    const keys = this.keyAttributes(cls);
    const indexes: PynamoIndex[] = [];
    for (const [, bindings] of this.inheritedNames(cls)) {
      const b = bindings[0];
      if (b?.kind !== 'assign' || b.value.type !== 'call') continue;
      const v = this.ev.value(b.value, b.scope);
      const index = v.kind === 'instance' ? this.pynamoIndex(v.cls) : undefined;
      if (index) indexes.push(index);
    }
    const declared: DeclaredKeySchema | undefined = keys.hashKey
      ? {
          partitionKey: keys.hashKey.stored,
          ...(keys.rangeKey ? { sortKey: keys.rangeKey.stored } : {}),
          indexes: indexes
            .filter((i) => i.hashKey)
            .map((i) => ({
              name: i.name,
              kind: i.kind,
              partitionKey: i.hashKey?.stored as string,
              ...(i.rangeKey ? { sortKey: i.rangeKey.stored } : {}),
            })),
          model: name,
          range: this.rangeIn(cls.scope.module, cls.node.childForFieldName('name') ?? cls.node),
          ...(cls.scope.module === this.module ? {} : { file: cls.scope.module.fileName }),
        }
      : undefined;
    return { name, ...(table ? { table } : {}), ...keys, indexes, ...(declared ? { declared } : {}) };
  }

  /**
   * The names a class body binds, with those of its project base classes it does not bind itself
   * (a model whose keys are declared on an abstract base model).
   */
  private inheritedNames(cls: Extract<PyValue, { kind: 'class' }>, depth = 0): Map<string, Binding[]> {
    const own = cls.scope.module.classNames(cls.node, cls.scope);
    if (depth > 8) return own;
    let out: Map<string, Binding[]> | undefined;
    for (const base of this.ev.bases(cls, depth)) {
      if (base.kind !== 'class') continue;
      for (const [name, bindings] of this.inheritedNames(base, depth + 1)) {
        if (own.has(name) || out?.has(name)) continue;
        out ??= new Map(own);
        out.set(name, bindings);
      }
    }
    return out ?? own;
  }

  /** Attributes declared with `hash_key=True` / `range_key=True` (or `HashKeyAttribute` classes), by Python and stored name. */
  private keyAttributes(cls: Extract<PyValue, { kind: 'class' }>): {
    hashKey?: { python: string; stored: string };
    rangeKey?: { python: string; stored: string };
  } {
    const out: { hashKey?: { python: string; stored: string }; rangeKey?: { python: string; stored: string } } = {};
    for (const [python, bindings] of this.inheritedNames(cls)) {
      const b = bindings[0];
      if (b?.kind !== 'assign' || b.value.type !== 'call') continue;
      const { named } = keywordArguments(b.value.childForFieldName('arguments'));
      const ctor = b.value.childForFieldName('function')?.text ?? '';
      const stored = named.get('attr_name') ? (this.ev.fold(named.get('attr_name'), b.scope) ?? python) : python;
      if (named.get('hash_key')?.type === 'true' || /HashKeyAttribute$/.test(ctor)) out.hashKey ??= { python, stored };
      if (named.get('range_key')?.type === 'true' || /RangeKeyAttribute$/.test(ctor))
        out.rangeKey ??= { python, stored };
    }
    return out;
  }

  private modelClassOperation(
    base: CallBase,
    method: string,
    kind: OperationKind,
    model: PynamoModel,
    index?: PynamoIndex,
  ): Operation {
    const { named } = keywordArguments(base.args);
    const hash = argument(base.args, 0, 'hash_key');
    // `count()` without a hash key counts the whole table: a Scan.
    const effective: OperationKind = method === 'count' && !hash ? 'scan' : kind;
    const op: Operation = {
      ...this.bare(base, `${model.name}.${method}`, effective, 'pynamodb', true, model.table),
      paginated: effective === 'scan' || effective === 'query',
      ...(model.declared ? { declaredSchema: model.declared } : {}),
    };
    if (index) op.index = { text: index.name, constant: index.name };
    if ((effective === 'query' || effective === 'get') && hash) {
      const value = this.provenance(hash, base.scope);
      op.partitionKeyValue = value;
      const attr = (index ?? model).hashKey?.stored;
      if (attr) op.keyValues.push({ attribute: attr, value });
    }
    if (named.get('consistent_read')?.type === 'true') op.consistentRead = true;
    if (named.has('filter_condition') || (effective === 'scan' && argument(base.args, 0)))
      op.filter = { attributes: [], equalityAttributes: [] };
    return op;
  }

  private modelItemOperation(
    base: NamedCall,
    method: string,
    kind: OperationKind,
    model: PynamoModel,
    item: Extract<PyValue, { kind: 'instance' }>,
  ): Operation {
    const op: Operation = {
      ...this.bare(base, `${model.name}.${method}`, kind, 'pynamodb', true, model.table),
      ...(model.declared ? { declaredSchema: model.declared } : {}),
    };
    const ctorArgs = item.call.childForFieldName('arguments');
    const { named: written, splat } = keywordArguments(ctorArgs);
    // `Model(**fields)`: the entries of a dict the function builds count as keyword arguments.
    const named = new Map<string, { node: PyNode; scope: Scope }>();
    for (const e of splat ? (this.dictEntries(splat, item.scope) ?? []) : [])
      named.set(e.key, { node: e.value, scope: e.scope });
    for (const [k, v] of written) named.set(k, { node: v, scope: item.scope });
    const positional = (at: number, name: string) => {
      const node = argument(ctorArgs, at, name);
      return node ? { node, scope: item.scope } : undefined;
    };
    const hash = positional(0, 'hash_key') ?? (model.hashKey ? named.get(model.hashKey.python) : undefined);
    if (hash && model.hashKey)
      op.keyValues.push({ attribute: model.hashKey.stored, value: this.provenance(hash.node, hash.scope) });
    const range = positional(1, 'range_key') ?? (model.rangeKey ? named.get(model.rangeKey.python) : undefined);
    if (range && model.rangeKey)
      op.keyValues.push({ attribute: model.rangeKey.stored, value: this.provenance(range.node, range.scope) });
    for (const index of model.indexes) {
      const attr = index.hashKey;
      const v = attr && attr.python !== model.hashKey?.python ? named.get(attr.python) : undefined;
      if (v && attr) op.keyValues.push({ attribute: attr.stored, value: this.provenance(v.node, v.scope) });
    }
    return op;
  }
}

export interface PynamoIndex {
  name: string;
  kind: 'GSI' | 'LSI';
  hashKey?: { python: string; stored: string };
  rangeKey?: { python: string; stored: string };
}

export interface PynamoModel {
  name: string;
  table?: TableReference;
  hashKey?: { python: string; stored: string };
  rangeKey?: { python: string; stored: string };
  indexes: PynamoIndex[];
  declared?: DeclaredKeySchema;
}

const COMPARISONS: Readonly<Record<string, SortKeyCondition['op']>> = {
  begins_with: 'begins_with',
  between: 'between',
  lt: '<',
  lte: '<=',
  gt: '>',
  gte: '>=',
};

/** The statement at the top of the module that holds `node`. */
function topLevelStatement(node: PyNode): PyNode | undefined {
  let n: PyNode | null = node;
  while (n?.parent && n.parent.type !== 'module') n = n.parent;
  return n ?? undefined;
}

/**
 * Of a name's several assignments, the one a use reads when that is plain from the code's layout:
 * the last one before the use whose block holds the use (`item = None` ... `else: item = {...}`
 * then `put_item(Item=item)` in that branch). Undefined when an assignment in another branch or
 * after the use could reach it instead, or when a binding is not a plain assignment.
 */
function reachingAssignment(bindings: readonly Binding[], use: PyNode): Binding | undefined {
  let best: Extract<Binding, { kind: 'assign' }> | undefined;
  let bestStart = -1;
  for (const b of bindings) {
    if (b.kind !== 'assign') return undefined;
    const assignment = b.value.parent;
    if (assignment?.type !== 'assignment') return undefined;
    const start = assignment.startIndex;
    if (start >= use.startIndex) {
      // A later assignment in a loop around the use could reach it on the next turn.
      if (enclosingLoop(assignment) && enclosingLoop(assignment) === enclosingLoop(use)) return undefined;
      continue;
    }
    const block = assignment.parent?.parent;
    if (!block || use.startIndex < block.startIndex || use.endIndex > block.endIndex) continue;
    if (start > bestStart) {
      best = b;
      bestStart = start;
    }
  }
  if (!best) return undefined;
  // An assignment between the chosen one and the use, in a branch, may be the one that ran.
  for (const b of bindings) {
    const start = b.kind === 'assign' ? (b.value.parent?.startIndex ?? -1) : -1;
    if (start > bestStart && start < use.startIndex) return undefined;
  }
  return best;
}

function enclosingLoop(node: PyNode): number | undefined {
  for (let p: PyNode | null = node.parent; p; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement') return p.id;
    if (p.type === 'function_definition') return undefined;
  }
  return undefined;
}

/** `{'S': 'X'}` holds the value `'X'`. */
function typedValue(node: PyNode): PyNode {
  if (node.type !== 'dictionary' || node.namedChildCount !== 1) return node;
  const pair = node.namedChild(0);
  const key = pair?.type === 'pair' ? pair.childForFieldName('key') : undefined;
  const value = pair?.childForFieldName('value');
  const k = key?.type === 'string' ? key.text.slice(1, -1) : undefined;
  return value && (k === 'S' || k === 'N' || k === 'B') ? value : node;
}

/** Whether the node sits in a function body (runs per call) rather than at module or class level. */
export function insideFunction(node: PyNode): boolean {
  for (let p: PyNode | null = node.parent; p; p = p.parent)
    if (p.type === 'function_definition' || p.type === 'lambda') return true;
  return false;
}

/** `self.x`: set from a parameter of another method (`__init__`), not one of the function it is read in. */
function isSelfAttribute(node: PyNode): boolean {
  return node.type === 'attribute' && node.childForFieldName('object')?.text === 'self';
}

function enclosingDefinition(node: PyNode): PyNode | undefined {
  for (let p: PyNode | null = node.parent; p; p = p.parent)
    if (p.type === 'function_definition' || p.type === 'lambda') return p;
  return undefined;
}

function enclosingFunction(node: PyNode): EnclosingFunction | undefined {
  let fn: PyNode | null = node.parent;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  if (!fn) return undefined;
  const name = fn.childForFieldName('name')?.text ?? 'function';
  let qualified = name;
  for (let p = fn.parent; p; p = p.parent) {
    if (p.type === 'class_definition') {
      qualified = `${p.childForFieldName('name')?.text ?? ''}.${name}`;
      break;
    }
    if (p.type === 'function_definition') break;
  }
  return { start: fn.startIndex, name, qualified };
}

function listElements(node: PyNode): PyNode[] {
  if (node.type !== 'list' && node.type !== 'tuple') return [];
  return node.namedChildren.filter((c): c is PyNode => !!c);
}

/** Modules whose classes are no mapping built from keyword arguments. */
const NOT_MAPPING_MODULES = new Set(['boto3', 'botocore', 'pynamodb', 'decimal', 'datetime', 'uuid', 'enum', 'typing']);

/**
 * A class imported from a module the analyzer cannot read (`models.OrderRecord`), called with keyword
 * arguments where DynamoDB needs an item or key: boto3 takes only a mapping there, so it is one built
 * from those arguments (a TypedDict or a dict subclass of another package). Named as a class (CapWords).
 */
function unreadMappingClass(path: string): boolean {
  if (path.startsWith('#')) return false;
  const parts = path.split('.');
  const last = parts[parts.length - 1] ?? '';
  return parts.length > 1 && /^_?[A-Z][a-z0-9]/.test(last) && !NOT_MAPPING_MODULES.has(parts[0] ?? '');
}
