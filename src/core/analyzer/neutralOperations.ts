// The JavaScript/TypeScript front-end's adapter: turns an operation detected in a syntax tree into
// the language-neutral operations (operations/model.ts) the rules read, each with the table it
// names as this front-end resolves it (imports, infrastructure env vars, ORM models).
import * as ts from 'typescript';
import {
  type KeyComparison,
  filterAttributeTokens,
  keyConditionComparisons,
  keyConditionEqualities,
  parsePartiqlStatement,
  updateSetEqualities,
  whereBranches,
} from './dynamoExpressions';
import type { DetectedOperation, EntityModel, OperationApi, OperationSite } from './operations';
import { RequestObject } from './requestObject';
import type { RuleContext } from './ruleContext';
import type { ResolvedTable } from './tableResolver';
import type { KeyTemplate, KeyValue, Operation, ValueProvenance } from '../operations/model';
import { queryPartitionKeys, statementPartitionKeys, statementTable } from '../operations/keys';
import { CONVENTIONAL_PARTITION_KEYS } from '../schema/keySchema';
import { skipOuterExpressions } from '../syntax/nodes';

const MAX_TEXT = 120;
const MAX_SUBTREE_NODES = 5000;
const ORM_APIS = new Set<OperationApi>(['electrodb', 'dynamoose', 'dynamodb-toolbox', 'onetable', 'typedorm']);

/** What an operation tells of its call site (OperationSite): the table, index and key values it names. */
export type KeyFacts = Partial<Pick<OperationSite, 'table' | 'index' | 'keyValues' | 'sortKeyCondition'>>;

/** A neutral operation and the table it names, resolved once for every rule. */
export interface AdaptedOperation {
  operation: Operation;
  table: ResolvedTable | undefined;
  /** What the call site tells, when it is more than its table. */
  facts?: KeyFacts;
}

/** The neutral operations of `op`, and what the call site tells (for the first of them). */
export function adaptOperation(
  op: DetectedOperation,
  ctx: RuleContext,
): { adapted: AdaptedOperation[]; facts: KeyFacts } {
  const adapted = neutralOperations(op, ctx);
  return { adapted, facts: siteFacts(op, ctx, adapted) };
}

/**
 * The neutral operations of `op`: one for most calls; one per table and key for a batch or
 * transaction of reads, whose entries each name their own table.
 */
export function neutralOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const orm = ORM_APIS.has(op.api);
  switch (op.kind) {
    case 'scan':
      return [{ operation: scanOperation(op, ctx), table: ctx.tables.forOperation(op) }];
    case 'partiql':
      return [{ operation: partiqlOperation(op, ctx), table: undefined }];
    case 'get':
    case 'put':
    case 'update':
    case 'delete': {
      const table = ctx.tables.forOperation(op);
      // ElectroDB items carry model attributes, not key fields; its keys are read from the model.
      if (op.api === 'electrodb') return [{ operation: base(op, ctx), table }];
      const field = op.api === 'appsync' ? 'key' : op.kind === 'put' ? 'Item' : 'Key';
      const obj = orm ? op.input : op.input?.object(field);
      const adapted = keyedOperation(op, ctx, table, obj, op.kind);
      if (op.kind === 'update' && op.api !== 'appsync' && op.input) readUpdateSets(adapted, ctx, op.input);
      return [adapted];
    }
    case 'query':
      return [queryOperation(op, ctx, orm)];
    case 'batch-get':
      return batchGetOperations(op, ctx);
    case 'transact-get':
      return transactGetOperations(op, ctx);
    case 'batch-write':
      return batchWriteOperations(op, ctx);
    case 'transact-write':
      return transactWriteOperations(op, ctx);
    default: {
      const never: never = op.kind;
      return never;
    }
  }
}

/**
 * What the call site tells: the table and index it names, and the key values of the first of its
 * operations (a batch or transaction tells none).
 */
function siteFacts(op: DetectedOperation, ctx: RuleContext, adapted: readonly AdaptedOperation[]): KeyFacts {
  const first = adapted[0];
  if (!first) return {};
  const { operation, table } = first;
  switch (op.kind) {
    case 'partiql':
      return partiqlFacts(operation, ctx);
    case 'batch-write':
    case 'batch-get':
    case 'transact-write':
    case 'transact-get':
      return {};
    case 'query':
      // An ORM query with no key condition names its table only.
      if (ORM_APIS.has(op.api) && !op.ormKey) return table ? { table: table.name } : {};
      break;
    default:
      break;
  }
  const index = operation.index?.constant;
  return { ...(table ? { table: table.name } : {}), ...(index !== undefined ? { index } : {}), ...first.facts };
}

/** A PartiQL call's first statement: its table, index and the key values its item or WHERE clause pins. */
function partiqlFacts(operation: Operation, ctx: RuleContext): KeyFacts {
  const statements = (operation.statements ?? []).map((s) => ({ s, statement: parsePartiqlStatement(s.text) }));
  const firstSelect = statements.find((x) => x.statement?.verb === 'select')?.statement;
  const first = statements.find((x) => x.statement !== undefined);
  const statement = first?.statement;
  if (!first || !statement) return {};
  const { schema, name } = statementTable(
    { tables: ctx.tables.all(), tableNamed: (n) => ctx.tables.byName(n) },
    first.s,
    statement.table,
  );
  const { gsi, pkNames } = statementPartitionKeys(schema, statement.index);
  const keyValues: Record<string, string | null> = {};
  const skName = gsi ? gsi.sortKey?.name : schema?.sortKey?.name;
  if (statement.item) {
    for (const [attr, value] of Object.entries(statement.item))
      if (pkNames.includes(attr) || attr === schema?.sortKey?.name) keyValues[attr] = value;
  } else if (statement.where !== undefined) {
    const branches = whereBranches(statement.where);
    const conjuncts = branches?.length === 1 ? (branches[0] ?? []) : [];
    for (const eq of conjuncts)
      if (eq.op === '=' && (eq.attribute === skName || pkNames.includes(eq.attribute)))
        keyValues[eq.attribute] = eq.value;
  }
  const index = statement.index ?? firstSelect?.index;
  return { table: name, ...(index !== undefined ? { index } : {}), keyValues };
}

/**
 * An ElectroDB entity (`new Entity(model, config)`) as the operation that stands for its
 * declaration: the partition-key templates of its access patterns, with the table it names.
 */
export function entityOperation(model: EntityModel, ctx: RuleContext): AdaptedOperation | undefined {
  const indexes = model.model?.object('indexes');
  if (!indexes) return undefined;
  const tableExpr = model.config?.get('table') ?? model.model?.get('table');
  const table = tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined;
  const entityExpr = model.model?.object('model')?.get('entity');
  const entity = entityExpr ? ctx.constants.valueOf(entityExpr) : undefined;
  const templates: KeyTemplate[] = [];
  for (const { name, value } of indexes.entries()) {
    const index = RequestObject.from(value, ctx.bindings);
    const pk = index?.object('pk');
    const composite = pk?.get('composite');
    const arr = composite ? skipOuterExpressions(composite) : undefined;
    if (!arr || !ts.isArrayLiteralExpression(arr)) continue;
    const fieldExpr = pk?.get('field');
    const field = fieldExpr ? ctx.constants.valueOf(fieldExpr) : undefined;
    const gsiExpr = index?.get('index');
    const gsi = gsiExpr ? ctx.constants.valueOf(gsiExpr) : undefined;
    templates.push({
      name,
      ...(typeof entity === 'string' ? { entity } : {}),
      ...(typeof field === 'string' ? { attribute: field } : {}),
      ...(typeof gsi === 'string' ? { index: gsi } : {}),
      composite: arr.elements.map((e) => {
        const v = ctx.constants.valueOf(e);
        return typeof v === 'string' ? v : e.getText().slice(0, MAX_TEXT);
      }),
      range: ctx.rangeOf(arr),
    });
  }
  const sf = model.node.getSourceFile();
  const range = ctx.rangeOf(model.node);
  const operation: Operation = {
    language: /\.[cm]?jsx?$/i.test(sf.fileName) ? 'javascript' : 'typescript',
    operation: 'Entity',
    kind: 'put',
    api: 'electrodb',
    bound: true,
    keyValues: [],
    paginated: false,
    keyTemplates: templates,
    nameRange: ctx.rangeOf(model.node.expression),
    range,
  };
  return { operation, table };
}

function base(op: DetectedOperation, ctx: RuleContext): Operation {
  const sf = op.node.getSourceFile();
  return {
    language: /\.[cm]?jsx?$/i.test(sf.fileName) ? 'javascript' : 'typescript',
    operation: op.operation,
    kind: op.kind,
    api: op.api,
    bound: op.bound,
    keyValues: [],
    paginated: false,
    nameRange: ctx.rangeOf(op.nameNode),
    range: ctx.rangeOf(op.node),
  };
}

function scanOperation(op: DetectedOperation, ctx: RuleContext): Operation {
  const out = base(op, ctx);
  out.paginated = isPaginated(op);
  const indexExpr = op.input?.get(op.api === 'appsync' ? 'index' : 'IndexName');
  if (indexExpr) {
    const value = ctx.constants.valueOf(indexExpr);
    out.index = {
      text: indexExpr.getText().slice(0, MAX_TEXT),
      ...(typeof value === 'string' ? { constant: value } : {}),
    };
  }
  const consistent = op.input?.get('ConsistentRead');
  if (consistent && ctx.constants.valueOf(consistent) === true) out.consistentRead = true;
  const filter = op.input?.get('FilterExpression');
  const text = filter ? ctx.constants.patternOf(filter) : undefined;
  if (text) {
    const names = op.input?.object('ExpressionAttributeNames');
    const resolve = (token: string): string => attributeName(ctx, names, token);
    const tokens = filterAttributeTokens(text);
    out.filter = { text, attributes: tokens.all.map(resolve), equalityAttributes: tokens.equality.map(resolve) };
  }
  return out;
}

function partiqlOperation(op: DetectedOperation, ctx: RuleContext): Operation {
  const out = base(op, ctx);
  out.paginated = isPaginated(op);
  out.statements = [];
  for (const node of partiqlExpressions(op, ctx)) {
    const text = ctx.constants.patternOf(node);
    if (!text || !parsePartiqlStatement(text)) continue;
    out.statements.push({ text, range: ctx.rangeOf(node), written: node.getText().slice(0, MAX_TEXT) });
  }
  return out;
}

/** The Statement of an ExecuteStatement, and of each entry of a BatchExecuteStatement or ExecuteTransaction. */
export function partiqlExpressions(op: DetectedOperation, ctx: RuleContext): ts.Expression[] {
  const expressions: ts.Expression[] = [];
  const single = op.input?.get('Statement');
  if (single) expressions.push(single);
  for (const listName of ['Statements', 'TransactStatements']) {
    const list = op.input?.get(listName);
    const arr = list ? skipOuterExpressions(list) : undefined;
    if (arr && ts.isArrayLiteralExpression(arr)) {
      for (const el of arr.elements) {
        const s = RequestObject.from(el, ctx.bindings)?.get('Statement');
        if (s) expressions.push(s);
      }
    }
  }
  return expressions;
}

/**
 * An operation on one item: the entries of its Key or Item, and the table's key attributes wherever
 * the request sets them (an ORM item may hold them under its own names for them).
 */
function keyedOperation(
  op: DetectedOperation,
  ctx: RuleContext,
  table: ResolvedTable | undefined,
  obj: RequestObject | undefined,
  kind: Operation['kind'],
): AdaptedOperation {
  const out = base(op, ctx);
  out.kind = kind;
  out.perCall = runsOnEveryCall(op.node);
  if (resultIsCached(op.node)) out.resultCached = true;
  if (!obj) return { operation: out, table };
  const schema = table?.schema;
  const values = new Map<string, ValueProvenance>();
  for (const e of obj.entries()) {
    const expr = obj.get(e.name);
    // An entry that no single value reaches (paths that set it differently) is not constant.
    values.set(
      e.name,
      expr ? provenance(ctx, obj, expr) : { kind: 'unknown', text: '', range: ctx.rangeOf(e.nameNode) },
    );
  }
  const read = (attribute: string, from = attribute): void => {
    const expr = obj.get(from);
    if (expr) values.set(attribute, provenance(ctx, obj, expr));
    else values.delete(attribute);
  };
  if (schema) {
    const fields = op.keyFields;
    read(schema.partitionKey.name, fields?.partition ?? schema.partitionKey.name);
    if (schema.sortKey) read(schema.sortKey.name, fields?.sort ?? schema.sortKey.name);
    if (kind === 'put')
      for (const gsi of schema.indexes) if (!values.has(gsi.partitionKey.name)) read(gsi.partitionKey.name);
  } else if (kind !== 'get' && kind !== 'batch-get' && kind !== 'transact-get') {
    // A write's partition key, named by convention, wherever the request sets it.
    for (const k of CONVENTIONAL_PARTITION_KEYS) if (!values.has(k)) read(k);
  }
  out.keyValues = [...values].map(([attribute, value]) => ({ attribute, value }));
  if (!spreadsResolved(obj)) out.keyValuesPartial = true;
  return { operation: out, table, facts: keyObjectFacts(op, ctx, table, obj, kind === 'get') };
}

/** The key values of a call site's Key or Item: its partition and sort key, or for a read with no schema, every entry. */
function keyObjectFacts(
  op: DetectedOperation,
  ctx: RuleContext,
  table: ResolvedTable | undefined,
  obj: RequestObject,
  read: boolean,
): KeyFacts {
  const schema = table?.schema;
  const fields = schema ? op.keyFields : undefined;
  const pkName = schema ? schema.partitionKey.name : CONVENTIONAL_PARTITION_KEYS.find((k) => obj.get(k) !== undefined);
  if (pkName === undefined) return {};
  const keyValues: Record<string, string | null> = {};
  const pkExpr = obj.get(fields?.partition ?? pkName);
  if (pkExpr) keyValues[pkName] = constantKey(ctx, pkExpr) ?? null;
  const skName = schema?.sortKey?.name;
  if (skName) {
    const skExpr = obj.get(fields?.sort ?? skName);
    if (skExpr) keyValues[skName] = constantKey(ctx, skExpr) ?? null;
  } else if (!schema && read) {
    // Without a schema the sort key's name is unknown, but a GetItem Key holds only key attributes.
    for (const e of obj.entries()) if (!(e.name in keyValues)) keyValues[e.name] = constantKey(ctx, e.value) ?? null;
  }
  return { keyValues };
}

function constantKey(ctx: RuleContext, expr: ts.Expression): string | undefined {
  const v = ctx.constants.valueOf(valueNode(expr));
  return v === undefined ? undefined : String(v);
}

function constantOf(v: ValueProvenance): string | null {
  return v.kind === 'constant' ? v.value : null;
}

/** An update's `SET attr = :v` assignments, which a schema's GSI partition keys are read against. */
function readUpdateSets(adapted: AdaptedOperation, ctx: RuleContext, input: RequestObject): void {
  const exprNode = adapted.table?.schema ? input.get('UpdateExpression') : undefined;
  const text = exprNode ? ctx.constants.patternOf(exprNode) : undefined;
  if (!text) return;
  const names = input.object('ExpressionAttributeNames');
  const values = input.object('ExpressionAttributeValues');
  const sets: KeyValue[] = [];
  for (const eq of updateSetEqualities(text)) {
    const v = values?.get(eq.placeholder);
    if (v && values)
      sets.push({ attribute: attributeName(ctx, names, eq.attribute), value: provenance(ctx, values, v) });
  }
  adapted.operation.updateSets = sets;
}

/** A Query: its index, the equalities of its key condition, and the range condition on its sort key. */
function queryOperation(op: DetectedOperation, ctx: RuleContext, orm: boolean): AdaptedOperation {
  const table = ctx.tables.forOperation(op);
  const out = base(op, ctx);
  const adapted: AdaptedOperation = { operation: out, table };
  if (op.api === 'electrodb') return adapted;
  if (orm || (op.api === 'appsync' && op.ormKey)) {
    readOrmKey(out, ctx, table, op);
    if (op.ormKey) {
      const { pkNames } = queryPartitionKeys(out, table?.schema);
      const keyValues: Record<string, string | null> = {};
      for (const k of out.keyValues) if (pkNames.includes(k.attribute)) keyValues[k.attribute] = constantOf(k.value);
      adapted.facts = { keyValues };
    }
    return adapted;
  }
  const appsync = op.api === 'appsync';
  setIndex(out, ctx, op.input?.get(appsync ? 'index' : 'IndexName'));
  const input = appsync ? op.input?.object('query') : op.input;
  const kce = input?.get(appsync ? 'expression' : 'KeyConditionExpression');
  const text = kce ? ctx.constants.patternOf(kce) : undefined;
  if (!input || !kce || !text) return adapted;
  const names = input.object(appsync ? 'expressionNames' : 'ExpressionAttributeNames');
  const values = input.object(appsync ? 'expressionValues' : 'ExpressionAttributeValues');
  const resolve = (token: string): string => attributeName(ctx, names, token);
  const valueOf = (placeholder: string): ValueProvenance => {
    const v = values?.get(placeholder);
    return v && values ? provenance(ctx, values, v) : { kind: 'unknown', text: placeholder, range: ctx.rangeOf(kce) };
  };
  out.keyValues = keyConditionEqualities(text).map((eq) => ({
    attribute: resolve(eq.attribute),
    value: valueOf(eq.placeholder),
  }));
  out.keyConditionPartitionKey = partitionKeyOfCondition(text, resolve) ?? null;
  const schema = table?.schema;
  const { pkNames, gsi } = queryPartitionKeys(out, schema);
  const skName = gsi ? gsi.sortKey?.name : schema?.sortKey?.name;
  const range = keyConditionComparisons(text)
    .map((c) => ({ ...c, attribute: resolve(c.attribute) }))
    .find((c) => c.op !== '=' && !pkNames.includes(c.attribute) && (skName === undefined || c.attribute === skName));
  if (range)
    out.sortKeyCondition = { attribute: range.attribute, op: range.op, values: range.placeholders.map(valueOf) };
  // Without a schema every equality may be a key: the query panel maps them onto the live schema.
  const keyValues: Record<string, string | null> = {};
  for (const k of out.keyValues)
    if (k.attribute === skName || !schema || pkNames.includes(k.attribute))
      keyValues[k.attribute] = constantOf(k.value);
  const sortKeyCondition = out.sortKeyCondition;
  adapted.facts = {
    keyValues,
    ...(sortKeyCondition
      ? {
          sortKeyCondition: {
            attribute: sortKeyCondition.attribute,
            op: sortKeyCondition.op,
            values: sortKeyCondition.values.map(constantOf),
          },
        }
      : {}),
  };
  return adapted;
}

/** An ORM query's key equalities, which detection read from its call chain. */
function readOrmKey(out: Operation, ctx: RuleContext, table: ResolvedTable | undefined, op: DetectedOperation): void {
  out.keyConditionPartitionKey = null;
  const cond = op.ormKey;
  if (!cond) return;
  setIndex(out, ctx, cond.index);
  const index = out.index?.constant;
  const schema = table?.schema;
  const gsi = index !== undefined ? schema?.indexes.find((i) => i.name === index) : undefined;
  // `partition` (toolbox) means the partition key of what is queried, when a schema names it.
  const pkName = gsi ? gsi.partitionKey.name : schema && index === undefined ? schema.partitionKey.name : undefined;
  for (const eq of cond.equalities) {
    const attr =
      eq.attribute === undefined
        ? pkName
        : typeof eq.attribute === 'string'
          ? eq.attribute
          : ctx.constants.valueOf(eq.attribute);
    if (typeof attr !== 'string') continue;
    const node = valueNode(eq.value);
    const value = ctx.constants.valueOf(node);
    const range = ctx.rangeOf(node);
    out.keyValues.push({
      attribute: attr,
      value:
        value === undefined
          ? { kind: 'unknown', text: eq.value.getText().slice(0, MAX_TEXT), range }
          : { kind: 'constant', value: String(value), range },
    });
  }
}

function setIndex(out: Operation, ctx: RuleContext, expr: ts.Expression | undefined): void {
  if (!expr) return;
  const value = ctx.constants.valueOf(expr);
  out.index = { text: expr.getText().slice(0, MAX_TEXT), ...(typeof value === 'string' ? { constant: value } : {}) };
}

/**
 * The partition key a KeyConditionExpression names when exactly one of its conditions is an `=`:
 * DynamoDB requires `=` on the partition key, and the sort key, if tested, is the other condition.
 * Undefined when two conditions use `=` (either may be the partition key) or a condition is unread.
 */
function partitionKeyOfCondition(text: string, resolve: (token: string) => string): string | undefined {
  const comparisons = keyConditionComparisons(text);
  const conditions = text.split(/\band\b/i).length - comparisons.filter((c) => c.op === 'between').length;
  const equal = comparisons.filter((c) => c.op === '=');
  if (equal.length !== 1 || comparisons.length !== conditions || comparisons.length > 2) return undefined;
  const attr = resolve((equal[0] as KeyComparison).attribute);
  const other = comparisons.find((c) => c.op !== '=');
  return attr.startsWith('#') || (other && resolve(other.attribute) === attr) ? undefined : attr;
}

function batchWriteOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const out: AdaptedOperation[] = [];
  for (const { table, value } of requestItems(op, ctx)) {
    for (const obj of objectsWith(value, ['PutRequest', 'DeleteRequest'], ctx)) {
      const request = RequestObject.from(obj, ctx.bindings);
      const put = request?.object('PutRequest');
      if (put) out.push(keyedOperation(op, ctx, table, put.object('Item'), 'put'));
      const del = request?.object('DeleteRequest');
      if (del) out.push(keyedOperation(op, ctx, table, del.object('Key'), 'delete'));
    }
  }
  return out;
}

function transactWriteOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const items = op.input?.get('TransactItems');
  if (!items) return [];
  const out: AdaptedOperation[] = [];
  for (const obj of objectsWith(items, ['Put', 'Update', 'Delete'], ctx)) {
    const request = RequestObject.from(obj, ctx.bindings);
    for (const kind of ['Put', 'Update', 'Delete'] as const) {
      const part = request?.object(kind);
      if (!part) continue;
      const tableExpr = part.get('TableName');
      const table = tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined;
      if (kind === 'Put') out.push(keyedOperation(op, ctx, table, part.object('Item'), 'put'));
      else {
        const adapted = keyedOperation(op, ctx, table, part.object('Key'), kind === 'Update' ? 'update' : 'delete');
        if (kind === 'Update') readUpdateSets(adapted, ctx, part);
        out.push(adapted);
      }
    }
  }
  return out;
}

/** The tables of a batch's RequestItems, each with its list of requests. */
function requestItems(
  op: DetectedOperation,
  ctx: RuleContext,
): Array<{ table: ResolvedTable | undefined; value: ts.Expression }> {
  const items = op.input?.object('RequestItems');
  if (!items) return [];
  const perTable: Array<{ table: ResolvedTable | undefined; value: ts.Expression }> = [];
  for (const e of items.entries()) {
    const schema = ctx.tables.byName(e.name);
    perTable.push({ table: schema ? { name: schema.name, schema } : { name: e.name }, value: e.value });
  }
  for (const e of items.computedEntries())
    perTable.push({ table: ctx.tables.resolveExpression(e.key), value: e.value });
  return perTable;
}

/** Object literals inside an expression that have one of `props` (batch and transaction entries). */
function objectsWith(expr: ts.Expression, props: readonly string[], ctx: RuleContext): ts.ObjectLiteralExpression[] {
  const out: ts.ObjectLiteralExpression[] = [];
  let start = skipOuterExpressions(expr);
  if (ts.isIdentifier(start)) {
    const decl = ctx.bindings.lookup(start);
    if (decl?.kind === 'variable' && decl.path.length === 0 && decl.decl.initializer) start = decl.decl.initializer;
  }
  const stack: ts.Node[] = [start];
  let seen = 0;
  while (stack.length > 0 && seen++ < MAX_SUBTREE_NODES) {
    const n = stack.pop() as ts.Node;
    if (
      ts.isObjectLiteralExpression(n) &&
      n.properties.some((p) => p.name && ts.isIdentifier(p.name) && props.includes(p.name.text))
    ) {
      out.push(n);
      continue;
    }
    n.forEachChild((c) => {
      stack.push(c);
    });
  }
  return out;
}

function batchGetOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const out: AdaptedOperation[] = [];
  for (const { table, value } of requestItems(op, ctx)) {
    for (const key of arrayElements(RequestObject.from(value, ctx.bindings)?.get('Keys'))) {
      const request = RequestObject.from(key, ctx.bindings);
      if (request) out.push(keyedOperation(op, ctx, table, request, op.kind));
    }
  }
  return out;
}

function transactGetOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const out: AdaptedOperation[] = [];
  for (const item of arrayElements(op.input?.get('TransactItems'))) {
    const get = RequestObject.from(item, ctx.bindings)?.object('Get');
    const key = get?.object('Key');
    if (!key) continue;
    const tableExpr = get?.get('TableName');
    out.push(keyedOperation(op, ctx, tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined, key, op.kind));
  }
  return out;
}

/** What a key value is: a constant (typed attribute values unwrapped) or an expression as written. */
function provenance(ctx: RuleContext, obj: RequestObject, expr: ts.Expression): ValueProvenance {
  const node = valueNode(expr);
  const range = ctx.rangeOf(obj.placeOf(node));
  const value = ctx.constants.valueOf(node);
  if (value !== undefined) return { kind: 'constant', value: String(value), range };
  // `(variant = 'default') => ...`: a parameter whose default is a constant.
  const decl = ts.isIdentifier(node) ? ctx.bindings.lookup(node) : undefined;
  if (decl?.kind === 'parameter' && decl.path.length === 0 && decl.param.initializer) {
    const fallback = ctx.constants.valueOf(decl.param.initializer);
    const fn = decl.param.parent;
    if (fallback !== undefined && ts.isIdentifier(decl.param.name))
      return {
        kind: 'parameter',
        name: decl.param.name.text,
        position: fn.parameters.indexOf(decl.param),
        range,
        default: String(fallback),
      };
  }
  return { kind: 'unknown', text: expr.getText().slice(0, MAX_TEXT), range };
}

/** The plain value a key value holds: `{ S: v }` and AppSync's `util.dynamodb.toDynamoDB(v)` wrap one. */
export function valueNode(expr: ts.Expression): ts.Expression {
  const e = skipOuterExpressions(expr);
  if (
    ts.isCallExpression(e) &&
    e.arguments.length === 1 &&
    ts.isPropertyAccessExpression(e.expression) &&
    /^to(?:DynamoDB|String|Number)$/.test(e.expression.name.text)
  ) {
    const owner = e.expression.expression;
    if (ts.isPropertyAccessExpression(owner) && owner.name.text === 'dynamodb')
      return valueNode(e.arguments[0] as ts.Expression);
  }
  if (ts.isObjectLiteralExpression(e) && e.properties.length === 1) {
    const p = e.properties[0] as ts.ObjectLiteralElementLike;
    if (
      ts.isPropertyAssignment(p) &&
      ts.isIdentifier(p.name) &&
      (p.name.text === 'S' || p.name.text === 'N' || p.name.text === 'B')
    )
      return p.initializer;
  }
  return expr;
}

/** An attribute token of an expression, `#name` placeholders resolved through `names` when constant. */
function attributeName(ctx: RuleContext, names: RequestObject | undefined, token: string): string {
  if (!token.startsWith('#')) return token;
  const v = names?.get(token);
  const c = v ? ctx.constants.valueOf(v) : undefined;
  return typeof c === 'string' ? c : token;
}

/** The code loops over pages: a paginator, `ExclusiveStartKey`, or `LastEvaluatedKey` nearby. */
function isPaginated(op: DetectedOperation): boolean {
  if (op.operation.startsWith('paginate')) return true;
  if (op.input?.get('ExclusiveStartKey')) return true;
  const sf = op.node.getSourceFile();
  let fn: ts.Node = op.node;
  while (fn.parent && !ts.isFunctionLike(fn)) fn = fn.parent;
  const body = sf.text.slice(fn.pos, fn.end);
  if (body.includes('LastEvaluatedKey')) return true;
  // ORM helpers that page for you: electrodb `.go({ pages: 'all' })`, dynamoose `.all()`.
  return /pages\s*:\s*['"]all['"]|\.all\(\)/.test(
    sf.text.slice(op.node.pos, Math.min(sf.text.length, op.node.end + 200)),
  );
}

function spreadsResolved(key: RequestObject): boolean {
  const spreads = key.nodes.reduce((n, obj) => n + obj.properties.filter(ts.isSpreadAssignment).length, 0);
  return key.nodes.length - 1 >= spreads;
}

function arrayElements(expr: ts.Expression | undefined): readonly ts.Expression[] {
  const e = expr ? skipOuterExpressions(expr) : undefined;
  return e && ts.isArrayLiteralExpression(e) ? e.elements.filter((el) => !ts.isSpreadElement(el)) : [];
}

/**
 * Whether the call runs on every call of some function: it is inside one, and that function is not
 * an immediately invoked one at module level (initialisation, which runs once).
 */
function runsOnEveryCall(node: ts.Node): boolean {
  const fn = ts.findAncestor(node.parent, ts.isFunctionLike);
  if (!fn) return false;
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    let callee: ts.Node = fn;
    while (ts.isParenthesizedExpression(callee.parent)) callee = callee.parent;
    const call = callee.parent;
    if (ts.isCallExpression(call) && call.expression === callee && !ts.findAncestor(call.parent, ts.isFunctionLike))
      return false;
  }
  return true;
}

/**
 * Whether the call's result is stored in a module-level variable or an instance field
 * (`cache = await get(...)`, `this.config ??= ...`): the code already caches it.
 */
function resultIsCached(node: ts.Node): boolean {
  const sf = node.getSourceFile();
  let cur: ts.Node = node;
  for (let i = 0; i < 12 && cur.parent; i++) {
    const parent: ts.Node = cur.parent;
    if (ts.isBinaryExpression(parent) && parent.right === cur && isAssignment(parent.operatorToken.kind))
      return isCacheTarget(parent.left, sf);
    const passes =
      ts.isAwaitExpression(parent) ||
      ts.isParenthesizedExpression(parent) ||
      ts.isAsExpression(parent) ||
      ts.isNonNullExpression(parent) ||
      ts.isPropertyAccessExpression(parent) ||
      (ts.isCallExpression(parent) && (parent.expression === cur || parent.arguments.includes(cur as ts.Expression)));
    if (!passes) return false;
    cur = parent;
  }
  return false;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return (
    kind === ts.SyntaxKind.EqualsToken ||
    kind === ts.SyntaxKind.QuestionQuestionEqualsToken ||
    kind === ts.SyntaxKind.BarBarEqualsToken
  );
}

function isCacheTarget(target: ts.Expression, sf: ts.SourceFile): boolean {
  const t = skipOuterExpressions(target);
  if (ts.isPropertyAccessExpression(t) || ts.isElementAccessExpression(t)) {
    const owner = skipOuterExpressions(t.expression);
    return (
      owner.kind === ts.SyntaxKind.ThisKeyword || (ts.isIdentifier(owner) && declaredAtModuleLevel(owner.text, sf))
    );
  }
  return ts.isIdentifier(t) && declaredAtModuleLevel(t.text, sf);
}

function declaredAtModuleLevel(name: string, sf: ts.SourceFile): boolean {
  return sf.statements.some(
    (s) =>
      ts.isVariableStatement(s) &&
      s.declarationList.declarations.some((d) => ts.isIdentifier(d.name) && d.name.text === name),
  );
}
