// Rule `scan`: operations that read a whole table or index (Scan in every API, and PartiQL
// SELECTs whose WHERE clause does not pin the partition key).
import * as ts from 'typescript';
import { CONVENTIONAL_PARTITION_KEYS } from '../../schema/keySchema';
import type { Confidence, FindingData } from '../../analyzer/finding';
import { filterAttributeTokens, whereBranches, wherePinsKey } from '../../analyzer/dynamoExpressions';
import type { DetectedOperation } from '../../analyzer/operations';
import { partiqlStatements } from '../../analyzer/partiqlStatements';
import type { RuleContext } from '../../analyzer/ruleContext';
import { findIndex, relatedLocationOf } from '../tableFacts';
import { scanMessage, scanSuggestion } from './message';

export function checkScan(op: DetectedOperation, ctx: RuleContext): { table?: string; index?: string } {
  if (op.kind === 'partiql') return checkPartiql(op, ctx);
  if (op.kind !== 'scan') return {};
  const resolved = ctx.tables.forOperation(op);
  const indexExpr = op.input?.get(op.api === 'appsync' ? 'index' : 'IndexName');
  const indexValue = indexExpr ? ctx.constants.valueOf(indexExpr) : undefined;
  const index = typeof indexValue === 'string' ? indexValue : undefined;
  const data: FindingData = { operation: op.operation, api: op.api, paginated: isPaginated(op, ctx.sourceFile) };
  const consistentExpr = op.input?.get('ConsistentRead');
  if (consistentExpr && ctx.constants.valueOf(consistentExpr) === true) data.consistentRead = true;

  const filter = op.input?.get('FilterExpression');
  const filterText = filter ? ctx.constants.patternOf(filter) : undefined;
  let suggestion = '';
  if (filterText) {
    const names = op.input?.object('ExpressionAttributeNames');
    const resolveName = (token: string): string => {
      if (!token.startsWith('#')) return token;
      const v = names?.get(token);
      const c = v ? ctx.constants.valueOf(v) : undefined;
      return typeof c === 'string' ? c : token;
    };
    const tokens = filterAttributeTokens(filterText);
    data.filterAttributes = tokens.all.map(resolveName);
    const advice = scanSuggestion(resolved?.schema, index, tokens.equality.map(resolveName));
    if (advice.suggestedIndex) data.suggestedIndex = advice.suggestedIndex;
    suggestion = advice.text;
  }
  const message = scanMessage(resolved?.name, index, suggestion, op.bound);
  if (index) data.index = index;
  const related = relatedLocationOf(resolved?.schema);
  ctx.report({
    rule: 'scan',
    node: op.nameNode,
    confidence: op.bound ? 'high' : 'low',
    message,
    ...(resolved ? { table: resolved.name } : {}),
    ...(related ? { related } : {}),
    data,
  });
  return { ...(resolved ? { table: resolved.name } : {}), ...(index ? { index } : {}) };
}

/** The code loops over pages: a paginator, `ExclusiveStartKey`, or `LastEvaluatedKey` nearby. */
export function isPaginated(op: DetectedOperation, sf: ts.SourceFile): boolean {
  if (op.operation.startsWith('paginate')) return true;
  if (op.input?.get('ExclusiveStartKey')) return true;
  let fn: ts.Node = op.node;
  while (fn.parent && !ts.isFunctionLike(fn)) fn = fn.parent;
  const body = sf.text.slice(fn.pos, fn.end);
  if (body.includes('LastEvaluatedKey')) return true;
  // ORM helpers that page for you: electrodb `.go({ pages: 'all' })`, dynamoose `.all()`.
  return /pages\s*:\s*['"]all['"]|\.all\(\)/.test(
    sf.text.slice(op.node.pos, Math.min(sf.text.length, op.node.end + 200)),
  );
}

function checkPartiql(op: DetectedOperation, ctx: RuleContext): { table?: string; index?: string } {
  let first: { table?: string; index?: string } = {};
  for (const { node, statement: select, schema, table: tableName } of partiqlStatements(op, ctx)) {
    if (select.verb !== 'select') continue;
    if (!first.table) first = { table: tableName, ...(select.index ? { index: select.index } : {}) };
    const index = findIndex(schema, select.index);
    const keys = index ? [index.partitionKey.name] : schema ? [schema.partitionKey.name] : CONVENTIONAL_PARTITION_KEYS;
    if (
      select.where !== undefined &&
      (keys.some((k) => wherePinsKey(select.where as string, k)) ||
        (!schema && testsEveryBranchWithEquality(select.where)))
    )
      continue;
    let confidence: Confidence = op.bound ? 'high' : 'low';
    if (!schema && select.where !== undefined) confidence = 'low';
    else if (!schema && op.bound) confidence = 'medium';
    const target = select.index ? `index ${select.index} of table ${tableName}` : `table ${tableName}`;
    const why =
      select.where === undefined
        ? 'has no WHERE clause'
        : `does not pin the partition key ${schema ? `"${keys[0]}"` : '(no key schema known)'} with = or IN`;
    ctx.report({
      rule: 'scan',
      node,
      confidence,
      message: `PartiQL SELECT on ${target} ${why}, so DynamoDB runs it as a full Scan and charges read capacity for every item.`,
      table: tableName,
      ...(relatedLocationOf(schema) ? { related: relatedLocationOf(schema) } : {}),
      data: {
        operation: op.operation,
        api: 'partiql',
        paginated: isPaginated(op, ctx.sourceFile),
        ...(select.index ? { index: select.index } : {}),
      },
    });
  }
  return first;
}

/**
 * Without a key schema, any attribute a WHERE clause tests with = or IN may be the partition key:
 * a clause doing so in every OR-branch may be a key lookup, so it is not called a Scan.
 */
function testsEveryBranchWithEquality(where: string): boolean {
  const branches = whereBranches(where);
  return branches !== undefined && branches.every((b) => b.length > 0);
}
