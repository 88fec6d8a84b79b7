// Rule `scan`, over the operations of every language front-end: operations that read a whole table
// or index (a Scan in any API, and PartiQL SELECTs whose WHERE clause does not pin the partition key).
import type { Confidence, FindingData } from '../../analyzer/finding';
import { parsePartiqlSelect, whereBranches, wherePinsKey } from '../../analyzer/dynamoExpressions';
import type { Operation } from '../../operations/model';
import { CONVENTIONAL_PARTITION_KEYS, type TableSchema } from '../../schema/keySchema';
import { statementTable } from '../../operations/keys';
import type { OperationRuleContext } from '../operationContext';
import { findIndex, relatedLocationOf } from '../tableFacts';

export function checkScan(op: Operation, ctx: OperationRuleContext): void {
  if (op.kind === 'partiql') checkPartiql(op, ctx);
  else if (op.kind === 'scan') checkTableScan(op, ctx);
}

function checkTableScan(op: Operation, ctx: OperationRuleContext): void {
  const resolved = ctx.table;
  const index = op.index?.constant;
  const data: FindingData = { operation: op.operation, api: op.api, paginated: op.paginated };
  if (op.consistentRead) data.consistentRead = true;
  let suggestion = '';
  // A filter read as text lists its attributes, none perhaps; one read otherwise, only those found.
  if (op.filter && (op.filter.text !== undefined || op.filter.attributes.length > 0)) {
    data.filterAttributes = op.filter.attributes;
    const advice = scanSuggestion(resolved?.schema, index, op.filter.equalityAttributes);
    if (advice.suggestedIndex) data.suggestedIndex = advice.suggestedIndex;
    suggestion = advice.text;
  }
  const message = scanMessage(resolved?.name, index, suggestion, op.bound);
  if (index) data.index = index;
  ctx.report('scan', op.nameRange, {
    confidence: op.bound ? 'high' : 'low',
    message,
    ...(resolved ? { table: resolved.name } : {}),
    related: ctx.related,
    data,
  });
}

function checkPartiql(op: Operation, ctx: OperationRuleContext): void {
  for (const s of op.statements ?? []) {
    const select = parsePartiqlSelect(s.text);
    if (!select) continue;
    const { schema, name: tableName } = statementTable(ctx, s, select.table);
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
    ctx.report('scan', s.range, {
      confidence,
      message: `PartiQL SELECT on ${target} ${why}, so DynamoDB runs it as a full Scan and charges read capacity for every item.`,
      table: tableName,
      related: [...(relatedLocationOf(schema) ?? []), ...ctx.related],
      data: {
        operation: op.operation,
        api: 'partiql',
        paginated: op.paginated,
        ...(select.index ? { index: select.index } : {}),
      },
    });
  }
}

/**
 * Without a key schema, any attribute a WHERE clause tests with = or IN may be the partition key:
 * a clause doing so in every OR-branch may be a key lookup, so it is not called a Scan.
 */
function testsEveryBranchWithEquality(where: string): boolean {
  const branches = whereBranches(where);
  return branches !== undefined && branches.every((b) => b.length > 0);
}

/** The Query to suggest for a Scan whose filter tests `equalities` with `=`. */
function scanSuggestion(
  schema: TableSchema | undefined,
  index: string | undefined,
  equalities: readonly string[],
): { suggestedIndex?: string; text: string } {
  const gsi = schema?.indexes.find(
    (i) => i.kind === 'GSI' && i.name !== index && equalities.includes(i.partitionKey.name),
  );
  if (gsi) {
    return {
      suggestedIndex: gsi.name,
      text: ` The filter on "${gsi.partitionKey.name}" is the partition key of index ${gsi.name}: Query index ${gsi.name} instead.`,
    };
  }
  if (schema && equalities.includes(schema.partitionKey.name)) {
    return { text: ` The filter on "${schema.partitionKey.name}" is the table's partition key: use a Query instead.` };
  }
  return { text: '' };
}

function scanMessage(table: string | undefined, index: string | undefined, suggestion: string, bound: boolean): string {
  const target = index
    ? `index ${index} of table ${table ?? '(unknown table)'}`
    : `table ${table ?? '(unknown table)'}`;
  return (
    `Scan of ${target} reads every item on every call and consumes read capacity for all of it, ` +
    `however few items the filter keeps.${suggestion}${bound ? '' : ' (The client could not be resolved; flagged because the request looks like a DynamoDB Scan.)'}`
  );
}
