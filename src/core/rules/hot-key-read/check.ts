// Rule `hot-key-read`: reads of one constant item on every call. A GetItem, or an entry of a
// BatchGetItem or TransactGetItems, whose whole primary key is constant, made inside a function
// (code that runs per request), and whose result is not kept in a module-level or instance cache.
import * as ts from 'typescript';
import type { Confidence, FindingData } from '../../analyzer/finding';
import type { DetectedOperation, OperationApi } from '../../analyzer/operations';
import { RequestObject } from '../../analyzer/requestObject';
import type { RuleContext } from '../../analyzer/ruleContext';
import type { ResolvedTable } from '../../analyzer/tableResolver';
import { relatedLocationOf } from '../tableFacts';
import { skipOuterExpressions } from '../../syntax/nodes';
import { constantKey, valueNode } from '../single-value-partition-key/check';
import { hotKeyReadMessage, wholeKeyNames } from './wholeKey';

/**
 * APIs whose key objects hold the table's key attributes by name (ORM keys use the model's names;
 * a dynamodb-toolbox v0 key names them so when its Entity maps them one to one).
 */
const KEYED_APIS = new Set<OperationApi>([
  'sdk-v3-client',
  'sdk-v3-document',
  'sdk-v2',
  'appsync',
  'unresolved',
  'dynamodb-toolbox',
]);

export function checkHotKeyRead(op: DetectedOperation, ctx: RuleContext): Record<string, never> {
  if (!KEYED_APIS.has(op.api) || !runsOnEveryCall(op.node) || resultIsCached(op.node, ctx.sourceFile)) return {};
  switch (op.kind) {
    case 'get': {
      if (op.api === 'dynamodb-toolbox') {
        // `entity.get(key)`: the argument is the key; only attributes named as the table names them.
        const resolved = ctx.tables.forOperation(op);
        const schema = resolved?.schema;
        const fields = op.keyFields;
        const renamed =
          !schema ||
          (fields?.partition !== undefined && fields.partition !== schema.partitionKey.name) ||
          (fields?.sort !== undefined && fields.sort !== schema.sortKey?.name);
        if (!renamed) checkKey(op, ctx, resolved, op.input);
        break;
      }
      checkKey(op, ctx, ctx.tables.forOperation(op), op.input?.object(op.api === 'appsync' ? 'key' : 'Key'));
      break;
    }
    case 'batch-get': {
      const requestItems = op.input?.object('RequestItems');
      if (!requestItems) break;
      const perTable: Array<{ resolved: ResolvedTable | undefined; value: ts.Expression }> = [];
      for (const e of requestItems.entries()) {
        const schema = ctx.tables.byName(e.name);
        perTable.push({ resolved: schema ? { name: schema.name, schema } : { name: e.name }, value: e.value });
      }
      for (const e of requestItems.computedEntries())
        perTable.push({ resolved: ctx.tables.resolveExpression(e.key), value: e.value });
      for (const { resolved, value } of perTable) {
        for (const key of arrayElements(RequestObject.from(value, ctx.bindings)?.get('Keys')))
          checkKey(op, ctx, resolved, RequestObject.from(key, ctx.bindings));
      }
      break;
    }
    case 'transact-get':
      for (const item of arrayElements(op.input?.get('TransactItems'))) {
        const get = RequestObject.from(item, ctx.bindings)?.object('Get');
        const tableExpr = get?.get('TableName');
        checkKey(op, ctx, tableExpr ? ctx.tables.resolveExpression(tableExpr) : undefined, get?.object('Key'));
      }
      break;
    default:
      break;
  }
  return {};
}

/** Reports a key object whose every key attribute is a constant. */
function checkKey(
  op: DetectedOperation,
  ctx: RuleContext,
  resolved: ResolvedTable | undefined,
  key: RequestObject | undefined,
): void {
  if (!key) return;
  const schema = resolved?.schema;
  // Without a schema the Key's entries are the key; a spread that did not resolve may hide one.
  if (!schema && !spreadsResolved(key)) return;
  const names = wholeKeyNames(
    schema,
    key.entries().map((e) => e.name),
  );
  if (names.length === 0) return;
  const values: string[] = [];
  for (const name of names) {
    const expr = key.get(name);
    const value = expr ? constantKey(ctx, expr) : undefined;
    if (value === undefined) return;
    values.push(value);
  }
  const pkName = names[0] as string;
  const pkExpr = key.get(pkName) as ts.Expression;
  const confidence: Confidence = !op.bound ? 'low' : schema ? 'high' : 'medium';
  const data: FindingData = { operation: op.operation, api: op.api, keyAttribute: pkName, keyValue: values[0] };
  const related = relatedLocationOf(schema);
  ctx.report({
    rule: 'hot-key-read',
    node: key.placeOf(valueNode(pkExpr)),
    confidence,
    message: hotKeyReadMessage(resolved?.name, names, values, schema !== undefined),
    ...(resolved ? { table: resolved.name } : {}),
    ...(related ? { related } : {}),
    data,
  });
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
 * Whether the read runs on every call of some function: it is inside one, and that function is not
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
 * Whether the read's result is stored in a module-level variable or an instance field
 * (`cache = await get(...)`, `this.config ??= ...`): the code already caches it.
 */
function resultIsCached(node: ts.Node, sf: ts.SourceFile): boolean {
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
