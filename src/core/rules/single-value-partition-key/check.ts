// Rule `single-value-partition-key`: writes and queries whose partition-key value is the same on
// every call, so all their traffic lands on one partition of the table or of a GSI.
import * as ts from 'typescript';
import { CONVENTIONAL_PARTITION_KEYS, type TableSchema } from '../../schema/keySchema';
import type { Confidence, FindingData } from '../../analyzer/finding';
import { skipOuterExpressions } from '../../syntax/nodes';
import {
  keyConditionComparisons,
  keyConditionEqualities,
  updateSetEqualities,
  whereBranches,
  type KeyComparison,
  type KeyComparisonOp,
} from '../../analyzer/dynamoExpressions';
import type { DetectedOperation, EntityModel, OperationApi } from '../../analyzer/operations';
import { RequestObject } from '../../analyzer/requestObject';
import type { RuleContext } from '../../analyzer/ruleContext';
import { partiqlStatements } from '../../analyzer/partiqlStatements';
import type { ResolvedTable } from '../../analyzer/tableResolver';
import { findIndex, relatedLocationOf } from '../tableFacts';

const ORM_APIS = new Set<OperationApi>(['electrodb', 'dynamoose', 'dynamodb-toolbox', 'onetable', 'typedorm']);
const MAX_SUBTREE_NODES = 5000;

export interface KeyFacts {
  table?: string;
  index?: string;
  keyValues?: Record<string, string | null>;
  /** Query: the range condition on the sort key (`begins_with`, `between`, `<`...), values as in keyValues. */
  sortKeyCondition?: { attribute: string; op: KeyComparisonOp; values: (string | null)[] };
}

type Access = 'write' | 'query' | 'read';

export function checkSingleValueKey(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const orm = ORM_APIS.has(op.api);
  // ElectroDB items carry model attributes, not key fields; its keys are checked on the model.
  if (op.api === 'electrodb') return tableFacts(ctx.tables.forOperation(op));
  if (op.api === 'appsync') return checkAppSync(op, ctx);
  switch (op.kind) {
    case 'put': {
      const resolved = ctx.tables.forOperation(op);
      const item = orm ? op.input : op.input?.object('Item');
      return { ...tableFacts(resolved), ...checkKeyObject(op, ctx, resolved, item, 'write', true) };
    }
    case 'update':
    case 'delete':
    case 'get': {
      const resolved = ctx.tables.forOperation(op);
      const key = orm ? op.input : op.input?.object('Key');
      const facts = {
        ...tableFacts(resolved),
        ...checkKeyObject(op, ctx, resolved, key, op.kind === 'get' ? 'read' : 'write', false),
      };
      if (op.kind === 'update' && op.input) checkUpdateSetsIndexKey(op, ctx, resolved, op.input);
      return facts;
    }
    case 'query':
      return orm ? checkOrmQuery(op, ctx) : checkQuery(op, ctx);
    case 'batch-write':
      checkBatchWrite(op, ctx);
      return {};
    case 'transact-write':
      checkTransactWrite(op, ctx);
      return {};
    case 'partiql':
      return checkPartiql(op, ctx);
    case 'scan':
    case 'batch-get':
    case 'transact-get':
      return {};
    default: {
      const never: never = op.kind;
      return never;
    }
  }
}

function tableFacts(resolved: ResolvedTable | undefined): KeyFacts {
  return resolved ? { table: resolved.name } : {};
}

/** Checks an Item or Key object; with `withIndexes`, also GSI partition keys set by a put. */
function checkKeyObject(
  op: DetectedOperation,
  ctx: RuleContext,
  resolved: ResolvedTable | undefined,
  obj: RequestObject | undefined,
  access: Access,
  withIndexes: boolean,
): KeyFacts {
  if (!obj) return {};
  const schema = resolved?.schema;
  const keyValues: Record<string, string | null> = {};
  // ORM items may carry a key under the model's own name for it; findings still name the table's key.
  const fields = schema ? op.keyFields : undefined;
  const pkName = schema ? schema.partitionKey.name : CONVENTIONAL_PARTITION_KEYS.find((k) => obj.get(k) !== undefined);
  if (pkName === undefined) return {};
  const pkExpr = obj.get(fields?.partition ?? pkName);
  if (pkExpr) {
    const value = constantKey(ctx, pkExpr);
    keyValues[pkName] = value ?? null;
    if (value !== undefined && access !== 'read')
      report(op, ctx, resolved, pkName, value, obj.placeOf(valueNode(pkExpr)), access, undefined);
  }
  const skName = schema?.sortKey?.name;
  if (skName) {
    const skExpr = obj.get(fields?.sort ?? skName);
    if (skExpr) keyValues[skName] = constantKey(ctx, skExpr) ?? null;
  } else if (!schema && access === 'read') {
    // Without a schema the sort key's name is unknown, but a GetItem Key holds only key attributes.
    for (const e of obj.entries()) if (!(e.name in keyValues)) keyValues[e.name] = constantKey(ctx, e.value) ?? null;
  }
  if (withIndexes && schema) {
    for (const gsi of schema.indexes) {
      if (gsi.kind !== 'GSI' || gsi.partitionKey.name === pkName) continue;
      const expr = obj.get(gsi.partitionKey.name);
      const value = expr ? constantKey(ctx, expr) : undefined;
      if (expr && value !== undefined)
        report(op, ctx, resolved, gsi.partitionKey.name, value, obj.placeOf(valueNode(expr)), 'write', gsi.name);
    }
  }
  return { keyValues };
}

function checkUpdateSetsIndexKey(
  op: DetectedOperation,
  ctx: RuleContext,
  resolved: ResolvedTable | undefined,
  input: RequestObject,
): void {
  const schema = resolved?.schema;
  const exprNode = input.get('UpdateExpression');
  const text = exprNode ? ctx.constants.patternOf(exprNode) : undefined;
  if (!schema || !text) return;
  const names = input.object('ExpressionAttributeNames');
  const values = input.object('ExpressionAttributeValues');
  for (const eq of updateSetEqualities(text)) {
    const attr = resolveAttributeName(ctx, names, eq.attribute);
    const gsi = schema.indexes.find((i) => i.kind === 'GSI' && i.partitionKey.name === attr);
    const v = values?.get(eq.placeholder);
    const value = v ? constantKey(ctx, v) : undefined;
    if (gsi && v && values && value !== undefined)
      report(op, ctx, resolved, attr, value, values.placeOf(valueNode(v)), 'write', gsi.name);
  }
}

/** Where a Query states its index and key condition: the SDK's names, or an AppSync resolver's. */
interface QueryFields {
  index: ts.Expression | undefined;
  condition: RequestObject | undefined;
  expression: string;
  names: string;
  values: string;
}

/** AppSync resolvers name the key by `key` and the key condition by `query: { expression, ... }`. */
function checkAppSync(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const resolved = ctx.tables.forOperation(op);
  switch (op.kind) {
    case 'put':
    case 'update':
    case 'delete':
    case 'get':
      return {
        ...tableFacts(resolved),
        ...checkKeyObject(op, ctx, resolved, op.input?.object('key'), op.kind === 'get' ? 'read' : 'write', false),
      };
    case 'query':
      if (op.ormKey) return checkOrmQuery(op, ctx);
      return checkQuery(op, ctx, {
        index: op.input?.get('index'),
        condition: op.input?.object('query'),
        expression: 'expression',
        names: 'expressionNames',
        values: 'expressionValues',
      });
    default:
      return tableFacts(resolved);
  }
}

function checkQuery(op: DetectedOperation, ctx: RuleContext, fields?: QueryFields): KeyFacts {
  const resolved = ctx.tables.forOperation(op);
  const f: QueryFields = fields ?? {
    index: op.input?.get('IndexName'),
    condition: op.input,
    expression: 'KeyConditionExpression',
    names: 'ExpressionAttributeNames',
    values: 'ExpressionAttributeValues',
  };
  const input = f.condition;
  const indexExpr = f.index;
  const indexName = indexExpr ? ctx.constants.valueOf(indexExpr) : undefined;
  const index = typeof indexName === 'string' ? indexName : undefined;
  const facts: KeyFacts = { ...tableFacts(resolved), ...(index ? { index } : {}) };
  if (!input) return facts;
  const kce = input.get(f.expression);
  const text = kce ? ctx.constants.patternOf(kce) : undefined;
  if (!text) return facts;
  const schema = resolved?.schema;
  const gsi = findIndex(schema, index);
  const names = input.object(f.names);
  const known = gsi ? [gsi.partitionKey.name] : schema && !index ? [schema.partitionKey.name] : undefined;
  // No file names the queried key: the one attribute the condition tests with = is its partition key.
  const inferred = known ? undefined : partitionKeyOfCondition(text, (t) => resolveAttributeName(ctx, names, t));
  const pkNames = known ?? (inferred !== undefined ? [inferred] : schema ? [] : CONVENTIONAL_PARTITION_KEYS);
  const skName = gsi ? gsi.sortKey?.name : schema?.sortKey?.name;
  const values = input.object(f.values);
  const keyValues: Record<string, string | null> = {};
  const valueOf = (placeholder: string): string | null => {
    const v = values?.get(placeholder);
    return (v ? constantKey(ctx, v) : undefined) ?? null;
  };
  for (const eq of keyConditionEqualities(text)) {
    const attr = resolveAttributeName(ctx, names, eq.attribute);
    const v = values?.get(eq.placeholder);
    const value = v ? constantKey(ctx, v) : undefined;
    // Without a schema every equality may be a key: the query panel maps them onto the live schema.
    if (attr === skName || !schema) keyValues[attr] = value ?? null;
    if (!pkNames.includes(attr)) continue;
    keyValues[attr] = value ?? null;
    if (v && values && value !== undefined)
      report(
        op,
        ctx,
        resolved,
        attr,
        value,
        values.placeOf(valueNode(v)),
        'query',
        gsi?.name ?? index,
        attr === inferred,
      );
  }
  const range = keyConditionComparisons(text)
    .map((c) => ({ ...c, attribute: resolveAttributeName(ctx, names, c.attribute) }))
    .find((c) => c.op !== '=' && !pkNames.includes(c.attribute) && (skName === undefined || c.attribute === skName));
  const sortKeyCondition = range
    ? { attribute: range.attribute, op: range.op, values: range.placeholders.map(valueOf) }
    : undefined;
  return { ...facts, keyValues, ...(sortKeyCondition ? { sortKeyCondition } : {}) };
}

/**
 * PartiQL statements whose partition key is a literal: a SELECT reads one partition on every call,
 * an INSERT, UPDATE or DELETE writes to one. `?` parameters are values from the caller.
 */
function checkPartiql(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const sites = partiqlStatements(op, ctx);
  let facts: KeyFacts = {};
  sites.forEach((site, i) => {
    const { statement, schema } = site;
    const resolved: ResolvedTable = { name: site.table, ...(schema ? { schema } : {}) };
    const gsi = findIndex(schema, statement.index);
    // An index of unknown shape names no key.
    const pkNames = gsi
      ? [gsi.partitionKey.name]
      : schema && statement.index === undefined
        ? [schema.partitionKey.name]
        : schema
          ? []
          : CONVENTIONAL_PARTITION_KEYS;
    const keyValues: Record<string, string | null> = {};
    const access: Access = statement.verb === 'select' ? 'query' : 'write';
    if (statement.item) {
      for (const [attr, value] of Object.entries(statement.item)) {
        const pk = pkNames.includes(attr);
        const index =
          !pk && schema ? schema.indexes.find((x) => x.kind === 'GSI' && x.partitionKey.name === attr) : undefined;
        if (pk || attr === schema?.sortKey?.name) keyValues[attr] = value;
        if ((pk || index) && value !== null) report(op, ctx, resolved, attr, value, site.node, 'write', index?.name);
      }
    } else if (statement.where !== undefined) {
      const branches = whereBranches(statement.where);
      // With OR, the statement may read or write more than one partition.
      const conjuncts = branches?.length === 1 ? (branches[0] ?? []) : [];
      const skName = gsi ? gsi.sortKey?.name : schema?.sortKey?.name;
      for (const eq of conjuncts) {
        if (eq.op !== '=') continue;
        if (eq.attribute === skName) keyValues[eq.attribute] = eq.value;
        if (!pkNames.includes(eq.attribute)) continue;
        keyValues[eq.attribute] = eq.value;
        if (eq.value !== null)
          report(op, ctx, resolved, eq.attribute, eq.value, site.node, access, gsi?.name ?? statement.index);
      }
    }
    if (i === 0) facts = { table: site.table, ...(statement.index ? { index: statement.index } : {}), keyValues };
  });
  return facts;
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

/** An ORM query: its key equalities come from the call chain, read into `op.ormKey` by detection. */
function checkOrmQuery(op: DetectedOperation, ctx: RuleContext): KeyFacts {
  const resolved = ctx.tables.forOperation(op);
  const cond = op.ormKey;
  if (!cond) return tableFacts(resolved);
  const indexValue = cond.index ? ctx.constants.valueOf(cond.index) : undefined;
  const index = typeof indexValue === 'string' ? indexValue : undefined;
  const schema = resolved?.schema;
  const gsi = findIndex(schema, index);
  // Without a schema the key's name is a guess, and an index of unknown shape names no key at all.
  const pkName = gsi ? gsi.partitionKey.name : schema && index === undefined ? schema.partitionKey.name : undefined;
  const pkNames = pkName !== undefined ? [pkName] : schema ? [] : CONVENTIONAL_PARTITION_KEYS;
  const keyValues: Record<string, string | null> = {};
  for (const eq of cond.equalities) {
    const attr =
      eq.attribute === undefined
        ? pkName
        : typeof eq.attribute === 'string'
          ? eq.attribute
          : ctx.constants.valueOf(eq.attribute);
    if (typeof attr !== 'string' || !pkNames.includes(attr)) continue;
    const value = constantKey(ctx, eq.value);
    keyValues[attr] = value ?? null;
    if (value !== undefined) report(op, ctx, resolved, attr, value, valueNode(eq.value), 'query', gsi?.name ?? index);
  }
  return { ...tableFacts(resolved), ...(index ? { index } : {}), keyValues };
}

function checkBatchWrite(op: DetectedOperation, ctx: RuleContext): void {
  const requestItems = op.input?.object('RequestItems');
  if (!requestItems) return;
  const perTable: Array<{ resolved: ResolvedTable; value: ts.Expression }> = [];
  for (const e of requestItems.entries()) {
    const schema = ctx.tables.byName(e.name);
    perTable.push({ resolved: schema ? { name: schema.name, schema } : { name: e.name }, value: e.value });
  }
  for (const e of requestItems.computedEntries())
    perTable.push({ resolved: ctx.tables.resolveExpression(e.key), value: e.value });
  for (const { resolved, value } of perTable) {
    for (const obj of objectsWith(value, ['PutRequest', 'DeleteRequest'], ctx)) {
      const request = RequestObject.from(obj, ctx.bindings);
      const put = request?.object('PutRequest');
      if (put) checkKeyObject(op, ctx, resolved, put.object('Item'), 'write', true);
      const del = request?.object('DeleteRequest');
      if (del) checkKeyObject(op, ctx, resolved, del.object('Key'), 'write', false);
    }
  }
}

function checkTransactWrite(op: DetectedOperation, ctx: RuleContext): void {
  const items = op.input?.get('TransactItems');
  if (!items) return;
  for (const obj of objectsWith(items, ['Put', 'Update', 'Delete'], ctx)) {
    const request = RequestObject.from(obj, ctx.bindings);
    for (const kind of ['Put', 'Update', 'Delete'] as const) {
      const part = request?.object(kind);
      if (!part) continue;
      const tableExpr = part.get('TableName');
      const resolved = tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined;
      if (kind === 'Put') checkKeyObject(op, ctx, resolved, part.object('Item'), 'write', true);
      else checkKeyObject(op, ctx, resolved, part.object('Key'), 'write', false);
      if (kind === 'Update') checkUpdateSetsIndexKey(op, ctx, resolved, part);
    }
  }
}

/** ElectroDB models whose partition-key composite is empty put every item in one partition. */
export function checkEntityModel(model: EntityModel, ctx: RuleContext): void {
  const indexes = model.model?.object('indexes');
  if (!indexes) return;
  const tableExpr = model.config?.get('table') ?? model.model?.get('table');
  const resolved = tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined;
  const entityExpr = model.model?.object('model')?.get('entity');
  const entity = entityExpr ? ctx.constants.valueOf(entityExpr) : undefined;
  for (const { name, value } of indexes.entries()) {
    const index = RequestObject.from(value, ctx.bindings);
    const pk = index?.object('pk');
    const composite = pk?.get('composite');
    const arr = composite ? skipOuterExpressions(composite) : undefined;
    if (!arr || !ts.isArrayLiteralExpression(arr) || arr.elements.length > 0) continue;
    const fieldExpr = pk?.get('field');
    const field = fieldExpr ? ctx.constants.valueOf(fieldExpr) : undefined;
    const gsiExpr = index?.get('index');
    const gsi = gsiExpr ? ctx.constants.valueOf(gsiExpr) : undefined;
    const where = typeof gsi === 'string' ? `index ${gsi}` : `table ${resolved?.name ?? '(unknown table)'}`;
    const data: FindingData = {
      operation: 'Entity',
      api: 'electrodb',
      ...(typeof field === 'string' ? { keyAttribute: field } : {}),
      ...(typeof gsi === 'string' ? { index: gsi } : {}),
    };
    const related = relatedLocationOf(resolved?.schema);
    ctx.report({
      rule: 'single-value-partition-key',
      node: arr,
      confidence: 'high',
      message:
        `ElectroDB access pattern "${name}"${typeof entity === 'string' ? ` of entity ${entity}` : ''} has an empty partition-key composite, ` +
        `so every item gets the same partition key on ${where}: one partition serves at most 1,000 WCU / 3,000 RCU per second.`,
      ...(resolved ? { table: resolved.name } : {}),
      ...(related ? { related } : {}),
      data,
    });
  }
}

/** `inferred`: the key's name comes from the key condition, not from a schema. */
function report(
  op: DetectedOperation,
  ctx: RuleContext,
  resolved: ResolvedTable | undefined,
  attr: string,
  value: string,
  node: ts.Node,
  access: Access,
  index: string | undefined,
  inferred = false,
): void {
  const schema: TableSchema | undefined = resolved?.schema;
  // An unresolved receiver is a guess whatever the schema says.
  const confidence: Confidence = !schema || !op.bound ? 'low' : inferred ? 'medium' : 'high';
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    access === 'query'
      ? `every call of this ${op.kind === 'partiql' ? 'statement' : 'Query'} reads the same partition`
      : index
        ? `every item written here lands in one index partition, and a throttled index throttles writes to the table`
        : `every call writes to the same partition`;
  const guess = inferred
    ? ` (No key schema is known for this ${index ? 'index' : 'table'}; "${attr}" is taken as its partition key because the key condition tests it with =.)`
    : schema
      ? ''
      : ` (No key schema is known for this table; "${attr}" is assumed to be its partition key by name.)`;
  const data: FindingData = {
    operation: op.operation,
    api: op.kind === 'partiql' ? 'partiql' : op.api,
    keyAttribute: attr,
    keyValue: value,
    ...(index ? { index } : {}),
  };
  const related = relatedLocationOf(schema);
  ctx.report({
    rule: 'single-value-partition-key',
    node,
    confidence,
    message: `Partition key "${attr}" of ${where} is always "${value}": ${what}, and one partition serves at most 1,000 WCU / 3,000 RCU per second.${guess}`,
    ...(resolved ? { table: resolved.name } : {}),
    ...(related ? { related } : {}),
    data,
  });
}

/** The constant a key value holds, unwrapping typed attribute values (`{ S: 'ORDERS' }`). */
export function constantKey(ctx: RuleContext, expr: ts.Expression): string | undefined {
  const v = ctx.constants.valueOf(valueNode(expr));
  return v === undefined ? undefined : String(v);
}

export function valueNode(expr: ts.Expression): ts.Expression {
  const e = skipOuterExpressions(expr);
  // AppSync: `util.dynamodb.toDynamoDB(v)` / `toString(v)` wrap one plain value.
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

function resolveAttributeName(ctx: RuleContext, names: RequestObject | undefined, token: string): string {
  if (!token.startsWith('#')) return token;
  const v = names?.get(token);
  const c = v ? ctx.constants.valueOf(v) : undefined;
  return typeof c === 'string' ? c : token;
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
