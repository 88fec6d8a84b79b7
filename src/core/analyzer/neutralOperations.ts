// The JavaScript/TypeScript front-end's adapter: turns an operation detected in a syntax tree into
// the language-neutral operations (operations/model.ts) the rules read, each with the table it
// names as this front-end resolves it (imports, infrastructure env vars, ORM models).
import * as ts from 'typescript';
import { filterAttributeTokens, parsePartiqlStatement } from './dynamoExpressions';
import type { DetectedOperation } from './operations';
import { RequestObject } from './requestObject';
import type { RuleContext } from './ruleContext';
import type { ResolvedTable } from './tableResolver';
import type { Operation, ValueProvenance } from '../operations/model';
import { skipOuterExpressions } from '../syntax/nodes';

const MAX_TEXT = 120;

/** A neutral operation and the table it names, resolved once for every rule. */
export interface AdaptedOperation {
  operation: Operation;
  table: ResolvedTable | undefined;
}

/**
 * The neutral operations of `op`: one for most calls; one per table and key for a batch or
 * transaction of reads, whose entries each name their own table.
 */
export function neutralOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  switch (op.kind) {
    case 'scan':
      return [{ operation: scanOperation(op, ctx), table: ctx.tables.forOperation(op) }];
    case 'partiql':
      return [{ operation: partiqlOperation(op, ctx), table: undefined }];
    case 'get':
      return [keyedOperation(op, ctx, ctx.tables.forOperation(op), op.input?.object(keyField(op)))];
    case 'batch-get':
      return batchGetOperations(op, ctx);
    case 'transact-get':
      return transactGetOperations(op, ctx);
    default:
      return [];
  }
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

function keyField(op: DetectedOperation): string {
  return op.api === 'appsync' ? 'key' : 'Key';
}

/** A read of one key: the Key object's entries, and the table's key attributes wherever the request sets them. */
function keyedOperation(
  op: DetectedOperation,
  ctx: RuleContext,
  table: ResolvedTable | undefined,
  key: RequestObject | undefined,
): AdaptedOperation {
  const out = base(op, ctx);
  out.perCall = runsOnEveryCall(op.node);
  if (resultIsCached(op.node)) out.resultCached = true;
  if (!key) return { operation: out, table };
  const schema = table?.schema;
  const entries = key.entries();
  const names = entries.map((e) => e.name);
  for (const name of [schema?.partitionKey.name, schema?.sortKey?.name])
    if (name !== undefined && !names.includes(name)) names.push(name);
  for (const attribute of names) {
    const expr = key.get(attribute);
    const entry = entries.find((e) => e.name === attribute);
    // An entry that no single value reaches (paths that set it differently) is not constant.
    if (expr) out.keyValues.push({ attribute, value: provenance(ctx, key, expr) });
    else if (entry)
      out.keyValues.push({ attribute, value: { kind: 'unknown', text: '', range: ctx.rangeOf(entry.nameNode) } });
  }
  if (!spreadsResolved(key)) out.keyValuesPartial = true;
  return { operation: out, table };
}

function batchGetOperations(op: DetectedOperation, ctx: RuleContext): AdaptedOperation[] {
  const requestItems = op.input?.object('RequestItems');
  if (!requestItems) return [];
  const perTable: Array<{ table: ResolvedTable | undefined; value: ts.Expression }> = [];
  for (const e of requestItems.entries()) {
    const schema = ctx.tables.byName(e.name);
    perTable.push({ table: schema ? { name: schema.name, schema } : { name: e.name }, value: e.value });
  }
  for (const e of requestItems.computedEntries())
    perTable.push({ table: ctx.tables.resolveExpression(e.key), value: e.value });
  const out: AdaptedOperation[] = [];
  for (const { table, value } of perTable) {
    for (const key of arrayElements(RequestObject.from(value, ctx.bindings)?.get('Keys'))) {
      const request = RequestObject.from(key, ctx.bindings);
      if (request) out.push(keyedOperation(op, ctx, table, request));
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
    out.push(keyedOperation(op, ctx, tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined, key));
  }
  return out;
}

/** What a key value is: a constant (typed attribute values unwrapped) or an expression as written. */
function provenance(ctx: RuleContext, obj: RequestObject, expr: ts.Expression): ValueProvenance {
  const node = valueNode(expr);
  const range = ctx.rangeOf(obj.placeOf(node));
  const value = ctx.constants.valueOf(node);
  return value === undefined
    ? { kind: 'unknown', text: expr.getText().slice(0, MAX_TEXT), range }
    : { kind: 'constant', value: String(value), range };
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
