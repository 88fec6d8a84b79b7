// Rule `single-value-partition-key` on language-neutral operations (the Python front-end's): a
// write or Query whose partition key, of the table or of a GSI, is the same on every call.
import type { Confidence } from '../../analyzer/finding';
import type { KeyValue, Operation, ValueProvenance } from '../../operations/model';
import { CONVENTIONAL_PARTITION_KEYS } from '../../schema/keySchema';
import type { OperationRuleContext } from '../operationContext';
import { findIndex } from '../tableFacts';

type Access = 'write' | 'query';

export function checkSingleValueKeyOperation(op: Operation, ctx: OperationRuleContext): void {
  switch (op.kind) {
    case 'put':
    case 'update':
    case 'delete':
      checkWrite(op, ctx);
      break;
    case 'query':
      checkQuery(op, ctx);
      break;
    default:
      break;
  }
}

function checkWrite(op: Operation, ctx: OperationRuleContext): void {
  const schema = ctx.table?.schema;
  const value = (attr: string): ValueProvenance | undefined => op.keyValues.find((k) => k.attribute === attr)?.value;
  const pkName = schema ? schema.partitionKey.name : CONVENTIONAL_PARTITION_KEYS.find((k) => value(k) !== undefined);
  const pk = pkName !== undefined ? value(pkName) : undefined;
  if (pkName !== undefined && pk?.kind === 'constant') keyFinding(op, ctx, pkName, pk, 'write', undefined);
  // A Key holds the primary key and nothing else: when all of it is constant, so is the partition key.
  else if (!schema && op.kind !== 'put' && op.api !== 'pynamodb')
    wholeKeyFinding(op, ctx, op.keyValues, 'write', undefined);
  if (!schema) return;
  // A put sets every attribute of the item; an update sets GSI keys through its SET clause.
  const written = op.kind === 'put' ? op.keyValues : (op.updateSets ?? []);
  for (const gsi of schema.indexes) {
    if (gsi.kind !== 'GSI' || gsi.partitionKey.name === pkName) continue;
    const v = written.find((k) => k.attribute === gsi.partitionKey.name)?.value;
    if (v?.kind === 'constant') keyFinding(op, ctx, gsi.partitionKey.name, v, 'write', gsi.name);
  }
}

function checkQuery(op: Operation, ctx: OperationRuleContext): void {
  const index = op.index?.constant;
  const schema = ctx.table?.schema;
  const gsi = findIndex(schema, index);
  // A key condition must pin the partition key with `=`: its only equality is the partition key of what it queries.
  const sole = op.keyValues.length === 1 && op.api !== 'pynamodb' ? op.keyValues[0]?.attribute : undefined;
  const bySchema = gsi ? [gsi.partitionKey.name] : schema && !index ? [schema.partitionKey.name] : undefined;
  const pkNames = bySchema ?? (sole !== undefined ? [sole] : schema && index ? [] : CONVENTIONAL_PARTITION_KEYS);
  const basis: KeyBasis = bySchema ? 'schema' : sole !== undefined ? 'key-condition' : 'name';
  let reported = false;
  for (const k of op.keyValues) {
    if (!pkNames.includes(k.attribute) || k.value.kind !== 'constant') continue;
    keyFinding(op, ctx, k.attribute, k.value, 'query', gsi?.name ?? index, basis);
    reported = true;
  }
  // Every equality of a key condition is on a key attribute, one of them the partition key.
  if (!reported && !bySchema && sole === undefined && op.api !== 'pynamodb')
    reported = wholeKeyFinding(op, ctx, op.keyValues, 'query', gsi?.name ?? index);
  // The API says which value is the partition key (PynamoDB `query('X')`), whatever its attribute's name.
  const pkValue = op.partitionKeyValue;
  if (!reported && pkValue?.kind === 'constant') {
    const named = op.keyValues.find(
      (k) => k.value.kind === 'constant' && k.value.range.offset === pkValue.range.offset,
    )?.attribute;
    keyFinding(
      op,
      ctx,
      gsi?.partitionKey.name ?? (index ? undefined : schema?.partitionKey.name) ?? named ?? 'hash key',
      pkValue,
      'query',
      gsi?.name ?? index,
    );
  }
}

/** How the key attribute was told to be the partition key: a schema, the key condition's only equality, or its name. */
type KeyBasis = 'schema' | 'key-condition' | 'name';

/**
 * With no key schema: a Key object, or the equalities of a key condition, whose values are all
 * constant pin the partition key whichever of them it is. Reported on the first; true when reported.
 */
function wholeKeyFinding(
  op: Operation,
  ctx: OperationRuleContext,
  keys: readonly KeyValue[],
  access: Access,
  index: string | undefined,
): boolean {
  const constants = keys.filter((k) => k.value.kind === 'constant');
  const first = constants[0];
  if (!first || constants.length !== keys.length || first.value.kind !== 'constant') return false;
  const resolved = ctx.table;
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    access === 'query'
      ? 'every call of this Query reads the same partition'
      : 'every call writes to the same partition';
  const pairs = constants.map((k) => `"${k.attribute}" = "${(k.value as { value: string }).value}"`).join(', ');
  const source = access === 'query' ? 'equality of the key condition' : 'attribute of the Key';
  ctx.report('single-value-partition-key', first.value.range, {
    confidence: op.bound ? 'medium' : 'low',
    message: `Partition key of ${where} is always the same (${pairs}): ${what}, and one partition serves at most 1,000 WCU / 3,000 RCU per second. (No key schema is known for this ${index ? 'index' : 'table'}; every ${source} is constant, and one of them is the partition key.)`,
    ...(resolved ? { table: resolved.name } : {}),
    related: ctx.related,
    data: {
      operation: op.operation,
      api: op.api,
      keyAttribute: first.attribute,
      keyValue: first.value.value,
      ...(index ? { index } : {}),
    },
  });
  return true;
}

function keyFinding(
  op: Operation,
  ctx: OperationRuleContext,
  attr: string,
  value: Extract<ValueProvenance, { kind: 'constant' }>,
  access: Access,
  index: string | undefined,
  basis: KeyBasis = 'schema',
): void {
  const resolved = ctx.table;
  const schema = basis === 'key-condition' ? undefined : resolved?.schema;
  const confidence: Confidence = !op.bound
    ? 'low'
    : basis === 'key-condition' || resolved?.inferred
      ? 'medium'
      : !schema
        ? 'low'
        : 'high';
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    access === 'query'
      ? `every call of this Query reads the same partition`
      : index
        ? `every item written here lands in one index partition, and a throttled index throttles writes to the table`
        : `every call writes to the same partition`;
  const guess =
    basis === 'key-condition'
      ? ` (No key schema is known for this ${index ? 'index' : 'table'}; "${attr}" is the only equality of the key condition, which must pin the partition key.)`
      : !schema
        ? ` (No key schema is known for this table; "${attr}" is assumed to be its partition key by name.)`
        : resolved?.inferred
          ? index
            ? ` (No key schema is known for this table; a Query of index ${index} in this file pins "${attr}" as the index's partition key.)`
            : ` (No key schema is known for this table; ${resolved.inferredFromKey ? 'a one-attribute Key' : 'a Query'} of it in this file pins "${schema.partitionKey.name}" as its partition key.)`
          : '';
  ctx.report('single-value-partition-key', value.range, {
    confidence,
    message: `Partition key "${attr}" of ${where} is always "${value.value}": ${what}, and one partition serves at most 1,000 WCU / 3,000 RCU per second.${guess}`,
    ...(resolved ? { table: resolved.name } : {}),
    related: ctx.related,
    data: {
      operation: op.operation,
      api: op.api,
      keyAttribute: attr,
      keyValue: value.value,
      ...(index ? { index } : {}),
    },
  });
}
