// Finds every DynamoDB operation in a parsed file (SDK v3 commands and clients, SDK v2, ORMs),
// deciding by what the callee is bound to rather than how it is spelled.
import * as ts from 'typescript';
import type { Bindings, SymbolicValue } from '../syntax/bindings';
import { skipOuterExpressions } from '../syntax/nodes';
import type { SourceRange } from '../syntax/positions';
import type { FindingData } from './finding';
import { RequestObject } from './requestObject';
import type { KeyComparisonOp } from './dynamoExpressions';
import type { OperationKind } from '../operations/model';

export type { OperationKind };

export type OperationApi = NonNullable<FindingData['api']>;

/** An operation found in code, reported whether or not a rule flags it. */
export interface OperationSite {
  /** Operation name as bound (`ScanCommand`, `scan`, `put`), not the local alias. */
  operation: string;
  kind: OperationKind;
  api: OperationApi;
  table?: string;
  index?: string;
  /** Key attribute -> constant value, or `null` when the value is not constant. */
  keyValues?: Record<string, string | null>;
  /** Query: a range condition on the sort key, values constant or `null`. */
  sortKeyCondition?: { attribute: string; op: KeyComparisonOp; values: (string | null)[] };
  range: SourceRange;
}

/** An operation with the syntax the rules need. */
export interface DetectedOperation {
  operation: string;
  kind: OperationKind;
  api: OperationApi;
  /** The operation name as written: the range of a scan finding. */
  nameNode: ts.Node;
  /** The call or `new` expression (or ElectroDB property access). */
  node: ts.Node;
  input?: RequestObject;
  /** The ORM object the call was made on, for tables named in model definitions. */
  receiver?: Extract<SymbolicValue, { kind: 'instance' }>;
  /** False when the receiver could not be resolved and only the request's shape suggests DynamoDB. */
  bound: boolean;
  /** ORM queries: the key condition their call chain states, since they have no KeyConditionExpression. */
  ormKey?: OrmKeyCondition;
  /** ORM items that carry the table's keys under their own names (toolbox v0 `id: { partitionKey: true }`). */
  keyFields?: { partition?: string; sort?: string };
}

/**
 * Key equalities of an ORM query. `attribute` is a name, an expression naming it (dynamoose
 * `query('pk')`), or absent where the API means "the partition key" (toolbox `partition`).
 */
export interface OrmKeyCondition {
  index?: ts.Expression;
  equalities: Array<{ attribute?: string | ts.Expression; value: ts.Expression }>;
}

/** An ElectroDB `new Entity(model, config)`: the single-value rule reads its index composites. */
export interface EntityModel {
  node: ts.NewExpression;
  model?: RequestObject;
  config?: RequestObject;
}

const METHOD_KINDS: Readonly<Record<string, OperationKind>> = {
  scan: 'scan',
  query: 'query',
  getItem: 'get',
  get: 'get',
  putItem: 'put',
  put: 'put',
  updateItem: 'update',
  update: 'update',
  deleteItem: 'delete',
  delete: 'delete',
  batchWriteItem: 'batch-write',
  batchWrite: 'batch-write',
  batchGetItem: 'batch-get',
  batchGet: 'batch-get',
  transactWriteItems: 'transact-write',
  transactWrite: 'transact-write',
  transactGetItems: 'transact-get',
  transactGet: 'transact-get',
  executeStatement: 'partiql',
  batchExecuteStatement: 'partiql',
  executeTransaction: 'partiql',
};

const SDK_V3: Readonly<Record<string, OperationApi>> = {
  '@aws-sdk/client-dynamodb': 'sdk-v3-client',
  '@aws-sdk/lib-dynamodb': 'sdk-v3-document',
};

/** Clients whose methods are DynamoDB operations (the aggregated v3 clients and both v2 clients). */
const CLIENT_CLASSES: Readonly<Record<string, OperationApi>> = {
  '@aws-sdk/client-dynamodb|DynamoDB': 'sdk-v3-client',
  '@aws-sdk/lib-dynamodb|DynamoDBDocument': 'sdk-v3-document',
  'aws-sdk|DynamoDB': 'sdk-v2',
  'aws-sdk|DynamoDB.DocumentClient': 'sdk-v2',
};

/** ORM methods per (package, class) and the operation each performs. */
const ORM_METHODS: Readonly<Record<string, { api: OperationApi; methods: Readonly<Record<string, OperationKind>> }>> = {
  'electrodb|Entity': {
    api: 'electrodb',
    methods: {
      get: 'get',
      put: 'put',
      create: 'put',
      upsert: 'put',
      update: 'update',
      patch: 'update',
      delete: 'delete',
      remove: 'delete',
    },
  },
  'dynamoose|Model': {
    api: 'dynamoose',
    methods: {
      scan: 'scan',
      query: 'query',
      get: 'get',
      create: 'put',
      update: 'update',
      delete: 'delete',
      batchPut: 'batch-write',
      batchDelete: 'batch-write',
      batchGet: 'batch-get',
    },
  },
  'dynamodb-toolbox|Table': {
    api: 'dynamodb-toolbox',
    methods: {
      scan: 'scan',
      query: 'query',
      batchWrite: 'batch-write',
      batchGet: 'batch-get',
      transactWrite: 'transact-write',
      transactGet: 'transact-get',
    },
  },
  'dynamodb-toolbox|Entity': {
    api: 'dynamodb-toolbox',
    // `putBatch(item)` builds one write of a batch: the item it writes is its argument.
    methods: {
      scan: 'scan',
      query: 'query',
      get: 'get',
      put: 'put',
      putBatch: 'put',
      update: 'update',
      delete: 'delete',
      deleteBatch: 'delete',
    },
  },
  // An item made with `new Model({...})`: its fields are in the constructor call, not in `save()`.
  'dynamoose|Document': { api: 'dynamoose', methods: { save: 'put' } },
  'dynamodb-onetable|Model': {
    api: 'onetable',
    methods: {
      scan: 'scan',
      find: 'query',
      get: 'get',
      create: 'put',
      upsert: 'put',
      update: 'update',
      remove: 'delete',
    },
  },
  'dynamodb-onetable|Table': {
    api: 'onetable',
    methods: {
      scanItems: 'scan',
      queryItems: 'query',
      getItem: 'get',
      putItem: 'put',
      updateItem: 'update',
      deleteItem: 'delete',
    },
  },
  '@typedorm/core|ScanManager': {
    api: 'typedorm',
    methods: { scan: 'scan', find: 'scan', count: 'scan', parallelScan: 'scan' },
  },
  '@typedorm/core|EntityManager': {
    api: 'typedorm',
    methods: { create: 'put', update: 'update', delete: 'delete', find: 'query', findOne: 'get' },
  },
};

/** dynamodb-toolbox v1 commands passed to `.build(...)`. */
const TOOLBOX_COMMANDS: Readonly<Record<string, OperationKind>> = {
  ScanCommand: 'scan',
  QueryCommand: 'query',
  GetItemCommand: 'get',
  PutItemCommand: 'put',
  UpdateItemCommand: 'update',
  DeleteItemCommand: 'delete',
};

/** Method names worth resolving a receiver for; everything else is skipped without a lookup. */
const INTERESTING_METHODS = new Set<string>([
  ...Object.keys(METHOD_KINDS),
  ...Object.values(ORM_METHODS).flatMap((o) => Object.keys(o.methods)),
  'build',
  'remove',
  'paginateScan',
  'paginateQuery',
]);

export function commandKind(commandName: string): OperationKind | undefined {
  if (!commandName.endsWith('Command')) return undefined;
  const base = commandName.slice(0, -'Command'.length);
  return METHOD_KINDS[base.charAt(0).toLowerCase() + base.slice(1)];
}

/** Classifies one node; `undefined` when it is not a DynamoDB operation. */
export function detectOperation(node: ts.Node, bindings: Bindings): DetectedOperation | undefined {
  if (ts.isNewExpression(node)) return detectNew(node, bindings);
  if (ts.isCallExpression(node)) return detectCall(node, bindings);
  if (ts.isPropertyAccessExpression(node) && node.name.text === 'scan') {
    // ElectroDB's scan is a property (`entity.scan.go()`), not a method.
    const r = bindings.valueOf(node.expression);
    if (r.kind === 'instance' && r.module === 'electrodb' && r.cls === 'Entity') {
      return { operation: 'scan', kind: 'scan', api: 'electrodb', nameNode: node.name, node, receiver: r, bound: true };
    }
  }
  return undefined;
}

/** AppSync JS resolver operations (`operation:` of a request object) and the kind each is. */
const APPSYNC_OPERATIONS: Readonly<Record<string, OperationKind>> = {
  Scan: 'scan',
  Query: 'query',
  GetItem: 'get',
  PutItem: 'put',
  UpdateItem: 'update',
  DeleteItem: 'delete',
};

/** `@aws-appsync/utils/dynamodb` helpers and the operation each builds. */
const APPSYNC_HELPERS: Readonly<Record<string, OperationKind>> = {
  scan: 'scan',
  query: 'query',
  get: 'get',
  put: 'put',
  update: 'update',
  remove: 'delete',
};
const APPSYNC_DYNAMODB = '@aws-appsync/utils/dynamodb';

function appSyncHelper(
  v: SymbolicValue,
  node: ts.CallExpression,
  written: ts.Identifier,
  bindings: Bindings,
): DetectedOperation | undefined {
  if (v.kind !== 'export' || v.module !== APPSYNC_DYNAMODB) return undefined;
  const kind = APPSYNC_HELPERS[v.path];
  if (!kind) return undefined;
  const input = RequestObject.from(node.arguments[0], bindings);
  // `ddb.query({ query: { pk: { eq: 'A' } }, index })`: equalities stated per attribute.
  let ormKey: OrmKeyCondition | undefined;
  if (kind === 'query' && input) {
    const equalities: OrmKeyCondition['equalities'] = [];
    for (const e of input.object('query')?.entries() ?? []) {
      const eq = RequestObject.from(e.value, bindings)?.get('eq');
      if (eq) equalities.push({ attribute: e.name, value: eq });
    }
    const index = input.get('index');
    ormKey = { ...(index ? { index } : {}), equalities };
  }
  return {
    operation: v.path,
    kind,
    api: 'appsync',
    nameNode: written,
    node,
    ...(input ? { input } : {}),
    bound: true,
    ...(ormKey ? { ormKey } : {}),
  };
}

/**
 * An AppSync JavaScript resolver's request: the object an exported function named `request`
 * returns, whose `operation` is a DynamoDB resolver operation. Reported at the operation's name.
 */
export function detectAppSyncRequest(node: ts.Node, bindings: Bindings): DetectedOperation | undefined {
  if (!ts.isObjectLiteralExpression(node) || !isReturnedByRequestFunction(node)) return undefined;
  const input = RequestObject.from(node, bindings);
  const operation = input?.get('operation');
  const name = operation ? skipOuterExpressions(operation) : undefined;
  if (!input || !name || !ts.isStringLiteralLike(name)) return undefined;
  const kind = APPSYNC_OPERATIONS[name.text];
  if (!kind) return undefined;
  return { operation: name.text, kind, api: 'appsync', nameNode: name, node, input, bound: true };
}

function isReturnedByRequestFunction(obj: ts.ObjectLiteralExpression): boolean {
  let cur: ts.Node = obj;
  while (
    cur.parent &&
    (ts.isParenthesizedExpression(cur.parent) || ts.isAsExpression(cur.parent) || ts.isSatisfiesExpression(cur.parent))
  )
    cur = cur.parent;
  const parent = cur.parent;
  let fn: ts.Node | undefined;
  if (parent && ts.isReturnStatement(parent)) fn = ts.findAncestor(parent, ts.isFunctionLike);
  else if (parent && ts.isArrowFunction(parent) && parent.body === cur) fn = parent;
  if (!fn) return false;
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text === 'request' && isExported(fn);
  // `export const request = (ctx) => ...`
  const decl = fn.parent;
  return (
    (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) &&
    !!decl &&
    ts.isVariableDeclaration(decl) &&
    ts.isIdentifier(decl.name) &&
    decl.name.text === 'request' &&
    isExported(decl.parent.parent)
  );
}

function isExported(n: ts.Node): boolean {
  return ts.canHaveModifiers(n) && (ts.getModifiers(n)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
}

export function detectEntityModel(node: ts.Node, bindings: Bindings): EntityModel | undefined {
  if (!ts.isNewExpression(node) || !nameOfCallee(node.expression)) return undefined;
  const v = bindings.valueOf(node.expression);
  if (v.kind !== 'export' || v.module !== 'electrodb' || v.path !== 'Entity') return undefined;
  const model = RequestObject.from(node.arguments?.[0], bindings);
  const config = RequestObject.from(node.arguments?.[1], bindings);
  return { node, ...(model ? { model } : {}), ...(config ? { config } : {}) };
}

function detectNew(node: ts.NewExpression, bindings: Bindings): DetectedOperation | undefined {
  const written = nameOfCallee(node.expression);
  if (!written) return undefined;
  // Aliases (`ScanCommand as DocScan`) hide the name, so every `new` is resolved; most are cheap.
  const v = bindings.valueOf(node.expression);
  const arg = node.arguments?.[0];
  if (v.kind === 'export') {
    const api = SDK_V3[v.module];
    if (api) {
      const kind = commandKind(v.path);
      if (!kind) return undefined;
      const input = RequestObject.from(arg, bindings);
      return { operation: v.path, kind, api, nameNode: written, node, ...(input ? { input } : {}), bound: true };
    }
    if (v.module === 'dynamodb-toolbox' && TOOLBOX_COMMANDS[v.path]) {
      return {
        operation: v.path,
        kind: TOOLBOX_COMMANDS[v.path] as OperationKind,
        api: 'dynamodb-toolbox',
        nameNode: written,
        node,
        bound: true,
      };
    }
    return undefined;
  }
  if (v.kind !== 'unknown') return undefined;
  const kind = commandKind(written.text);
  const input = RequestObject.from(arg, bindings);
  if (!kind || !input?.looksLikeDynamoRequest()) return undefined;
  return { operation: written.text, kind, api: 'unresolved', nameNode: written, node, input, bound: false };
}

function detectCall(node: ts.CallExpression, bindings: Bindings): DetectedOperation | undefined {
  const callee = skipOuterExpressions(node.expression);
  const written = nameOfCallee(callee);
  if (!written) return undefined;
  if (ts.isIdentifier(callee)) {
    // Only bound functions matter here (paginateScan under any alias).
    const v = bindings.valueOf(callee);
    return v.kind === 'export'
      ? (paginator(v, node, written, bindings) ?? appSyncHelper(v, node, written, bindings))
      : undefined;
  }
  if (!ts.isPropertyAccessExpression(callee) || !INTERESTING_METHODS.has(written.text)) return undefined;
  const method = written.text;
  const recv = bindings.valueOf(callee.expression);
  if (recv.kind === 'module' || recv.kind === 'export') {
    const fn = bindings.member(recv, method, 0);
    return paginator(fn, node, written, bindings) ?? appSyncHelper(fn, node, written, bindings);
  }
  if (recv.kind === 'instance') {
    const key = `${recv.module}|${recv.cls}`;
    const clientApi = CLIENT_CLASSES[key];
    if (clientApi) {
      const kind = METHOD_KINDS[method];
      if (!kind) return undefined;
      const input = RequestObject.from(node.arguments[0], bindings);
      return {
        operation: method,
        kind,
        api: clientApi,
        nameNode: written,
        node,
        ...(input ? { input } : {}),
        bound: true,
      };
    }
    const orm = ORM_METHODS[key];
    if (!orm) return undefined;
    if (method === 'build' && recv.module === 'dynamodb-toolbox') {
      const cmd = node.arguments[0] ? bindings.valueOf(node.arguments[0]) : undefined;
      if (cmd?.kind === 'export' && cmd.module === 'dynamodb-toolbox' && TOOLBOX_COMMANDS[cmd.path]) {
        const kind = TOOLBOX_COMMANDS[cmd.path] as OperationKind;
        const { input, ormKey } = toolboxV1Request(node, kind, bindings);
        return {
          operation: cmd.path,
          kind,
          api: 'dynamodb-toolbox',
          nameNode: node.arguments[0] as ts.Node,
          node,
          ...(input ? { input } : {}),
          receiver: recv,
          bound: true,
          ...(ormKey ? { ormKey } : {}),
        };
      }
      return undefined;
    }
    const kind = orm.methods[method];
    if (!kind) return undefined;
    if (key === 'dynamoose|Document') {
      const created = recv.origin && ts.isNewExpression(recv.origin) ? recv.origin : undefined;
      const model = created ? bindings.valueOf(created.expression) : undefined;
      if (!created || model?.kind !== 'instance') return undefined;
      const input = RequestObject.from(created.arguments?.[0], bindings);
      return {
        operation: 'save',
        kind,
        api: orm.api,
        nameNode: written,
        node,
        ...(input ? { input } : {}),
        receiver: model,
        bound: true,
      };
    }
    const input = RequestObject.from(node.arguments[0], bindings);
    const ormKey = kind === 'query' ? ormQueryKey(recv.module, node, bindings) : undefined;
    const keyFields = key === 'dynamodb-toolbox|Entity' ? toolboxV0KeyFields(recv, bindings) : undefined;
    return {
      operation: method,
      kind,
      api: orm.api,
      nameNode: written,
      node,
      ...(input ? { input } : {}),
      receiver: recv,
      bound: true,
      ...(ormKey ? { ormKey } : {}),
      ...(keyFields ? { keyFields } : {}),
    };
  }
  if (recv.kind !== 'unknown') return undefined;
  const kind = METHOD_KINDS[method];
  const input = RequestObject.from(node.arguments[0], bindings);
  if (!kind || !input?.looksLikeDynamoRequest()) return undefined;
  return { operation: method, kind, api: 'unresolved', nameNode: written, node, input, bound: false };
}

/** The calls chained onto `node` (`x.query('pk').eq(v).exec()` gives eq, exec), in order. */
function chainedCalls(node: ts.Expression): Array<{ name: string; args: readonly ts.Expression[] }> {
  const out: Array<{ name: string; args: readonly ts.Expression[] }> = [];
  let cur: ts.Node = node;
  for (let i = 0; i < 32; i++) {
    const access = cur.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== cur) break;
    const call = access.parent;
    if (!call || !ts.isCallExpression(call) || call.expression !== access) break;
    out.push({ name: access.name.text, args: call.arguments });
    cur = call;
  }
  return out;
}

/** dynamodb-toolbox v1 states a command's item, key or query in the call chained after `build(...)`. */
function toolboxV1Request(
  build: ts.CallExpression,
  kind: OperationKind,
  bindings: Bindings,
): { input?: RequestObject; ormKey?: OrmKeyCondition } {
  const wanted = kind === 'query' ? 'query' : kind === 'put' || kind === 'update' ? 'item' : 'key';
  const call = chainedCalls(build).find((c) => c.name === wanted);
  const input = RequestObject.from(call?.args[0], bindings);
  if (!input) return {};
  if (kind !== 'query') return { input };
  const partition = input.get('partition');
  const index = input.get('index');
  return { ormKey: { ...(index ? { index } : {}), equalities: partition ? [{ value: partition }] : [] } };
}

/** The v0 Entity attributes flagged `partitionKey: true` / `sortKey: true`: items name the table's keys so. */
function toolboxV0KeyFields(
  entity: Extract<SymbolicValue, { kind: 'instance' }>,
  bindings: Bindings,
): DetectedOperation['keyFields'] {
  const created = entity.origin && ts.isNewExpression(entity.origin) ? entity.origin : undefined;
  const attributes = RequestObject.from(created?.arguments?.[0], bindings)?.object('attributes');
  if (!attributes) return undefined;
  const fields: { partition?: string; sort?: string } = {};
  for (const e of attributes.entries()) {
    const def = RequestObject.from(e.value, bindings);
    // `partitionKey: 'GSI1'` names an index key instead; only `true` maps to the table's own key.
    if (def?.get('partitionKey')?.kind === ts.SyntaxKind.TrueKeyword) fields.partition ??= e.name;
    if (def?.get('sortKey')?.kind === ts.SyntaxKind.TrueKeyword) fields.sort ??= e.name;
  }
  return fields.partition !== undefined || fields.sort !== undefined ? fields : undefined;
}

/** Key equalities of a dynamoose, dynamodb-toolbox v0 or OneTable query, from its arguments and chain. */
function ormQueryKey(module: string, node: ts.CallExpression, bindings: Bindings): OrmKeyCondition | undefined {
  const [first, second] = node.arguments;
  if (!first) return undefined;
  switch (module) {
    case 'dynamoose': {
      const equalities: OrmKeyCondition['equalities'] = [];
      let index: ts.Expression | undefined;
      const conditions = RequestObject.from(first, bindings);
      if (conditions) {
        // `query({ pk: 'A' })` or `query({ pk: { eq: 'A' } })`
        for (const e of conditions.entries()) {
          const value = RequestObject.from(e.value, bindings)?.get('eq') ?? e.value;
          if (!ts.isObjectLiteralExpression(skipOuterExpressions(value))) equalities.push({ attribute: e.name, value });
        }
      }
      // `query('pk').eq('A').where('sk').beginsWith(...).using('byStatus')`
      let attribute: ts.Expression | undefined = conditions ? undefined : first;
      for (const c of chainedCalls(node)) {
        if ((c.name === 'where' || c.name === 'and' || c.name === 'filter' || c.name === 'attribute') && c.args[0])
          attribute = c.args[0];
        else if (c.name === 'eq' && attribute && c.args[0]) equalities.push({ attribute, value: c.args[0] });
        else if (c.name === 'using' && c.args[0]) index = c.args[0];
      }
      return { ...(index ? { index } : {}), equalities };
    }
    case 'dynamodb-toolbox': {
      // v0: `query(partitionKeyValue, { index })`
      const index = RequestObject.from(second, bindings)?.get('index');
      return { ...(index ? { index } : {}), equalities: [{ value: first }] };
    }
    case 'dynamodb-onetable': {
      const properties = RequestObject.from(first, bindings);
      if (!properties) return undefined;
      const index = RequestObject.from(second, bindings)?.get('index');
      return {
        ...(index ? { index } : {}),
        equalities: properties.entries().map((e) => ({ attribute: e.name, value: e.value })),
      };
    }
    default:
      return undefined;
  }
}

function paginator(
  v: SymbolicValue,
  node: ts.CallExpression,
  written: ts.Identifier,
  bindings: Bindings,
): DetectedOperation | undefined {
  if (v.kind !== 'export') return undefined;
  const api = SDK_V3[v.module];
  if (!api || (v.path !== 'paginateScan' && v.path !== 'paginateQuery')) return undefined;
  const input = RequestObject.from(node.arguments[1], bindings);
  const kind: OperationKind = v.path === 'paginateScan' ? 'scan' : 'query';
  return { operation: v.path, kind, api, nameNode: written, node, ...(input ? { input } : {}), bound: true };
}

function nameOfCallee(e: ts.Expression): ts.Identifier | undefined {
  const c = skipOuterExpressions(e);
  if (ts.isIdentifier(c)) return c;
  if (ts.isPropertyAccessExpression(c) && ts.isIdentifier(c.name)) return c.name;
  return undefined;
}
