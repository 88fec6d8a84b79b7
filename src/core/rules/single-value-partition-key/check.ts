// Rule `single-value-partition-key`, over the operations of every language front-end: writes and
// queries whose partition-key value, of the table or of a GSI, is the same on every call, so all
// their traffic lands on one partition; and ORM entities whose partition key is composed of nothing.
import type { Confidence, RelatedLocation } from '../../analyzer/finding';
import { parsePartiqlStatement, whereBranches } from '../../analyzer/dynamoExpressions';
import type { KeyTemplate, KeyValue, Operation, ValueProvenance } from '../../operations/model';
import { CONVENTIONAL_PARTITION_KEYS } from '../../schema/keySchema';
import type { SourceRange } from '../../syntax/positions';
import { type KeyBasis, queryPartitionKeys, statementPartitionKeys, statementTable } from '../../operations/keys';
import type { OperationRuleContext, ResolvedOperationTable } from '../operationContext';
import { relatedLocationOf } from '../tableFacts';

type Access = 'write' | 'query';

export function checkSingleValueKey(op: Operation, ctx: OperationRuleContext): void {
  switch (op.kind) {
    case 'put':
    case 'update':
    case 'delete':
      checkWrite(op, ctx);
      break;
    case 'query':
      checkQuery(op, ctx);
      break;
    case 'partiql':
      checkPartiql(op, ctx);
      break;
    default:
      break;
  }
  for (const template of op.keyTemplates ?? []) checkKeyTemplate(op, ctx, template);
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
  // An Item that sets every attribute of the table's Keys in the file to a constant.
  else if (!schema && op.kind === 'put' && op.api !== 'pynamodb' && !op.keyValuesPartial && ctx.table?.keyAttributes) {
    const names = ctx.table.keyAttributes;
    const keys = op.keyValues.filter((k) => names.includes(k.attribute));
    if (keys.length === names.length) wholeKeyFinding(op, ctx, keys, 'write', undefined, true);
  }
  if (!schema) return;
  if (op.kind === 'put') {
    // A put sets every attribute of the item, the partition keys of its GSIs among them.
    for (const gsi of schema.indexes) {
      if (gsi.kind !== 'GSI' || gsi.partitionKey.name === pkName) continue;
      const v = value(gsi.partitionKey.name);
      if (v?.kind === 'constant') keyFinding(op, ctx, gsi.partitionKey.name, v, 'write', gsi.name);
    }
  } else {
    // An update sets GSI partition keys through its SET clause.
    for (const set of op.updateSets ?? []) {
      const gsi = schema.indexes.find((i) => i.kind === 'GSI' && i.partitionKey.name === set.attribute);
      if (gsi && set.value.kind === 'constant') keyFinding(op, ctx, set.attribute, set.value, 'write', gsi.name);
    }
  }
}

function checkQuery(op: Operation, ctx: OperationRuleContext): void {
  const schema = ctx.table?.schema;
  const { pkNames, basis, index, gsi } = queryPartitionKeys(op, schema);
  let reported = false;
  for (const k of op.keyValues) {
    if (!pkNames.includes(k.attribute) || k.value.kind !== 'constant') continue;
    keyFinding(op, ctx, k.attribute, k.value, 'query', gsi?.name ?? index, basis);
    reported = true;
  }
  // Every equality of a key condition is on a key attribute, one of them the partition key.
  if (!reported && basis === 'name' && op.api !== 'pynamodb')
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
  fromItem = false,
): boolean {
  const constants = keys.flatMap((k) =>
    k.value.kind === 'constant' ? [{ attribute: k.attribute, value: k.value }] : [],
  );
  const first = constants[0];
  // An unresolved `#name` placeholder hides which attribute it is.
  if (!first || constants.length !== keys.length || keys.some((k) => k.attribute.startsWith('#'))) return false;
  const resolved = ctx.table;
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    access === 'query'
      ? 'every call of this Query reads the same partition'
      : 'every call writes to the same partition';
  const pairs = constants.map((k) => `"${k.attribute}" = "${k.value.value}"`).join(', ');
  const source =
    access === 'query'
      ? 'equality of the key condition'
      : fromItem
        ? 'key attribute of the Item (those a Key of this table in the file holds)'
        : 'attribute of the Key';
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

/**
 * PartiQL statements whose partition key is a literal: a SELECT reads one partition on every call,
 * an INSERT, UPDATE or DELETE writes to one. `?` parameters are values from the caller.
 */
function checkPartiql(op: Operation, ctx: OperationRuleContext): void {
  for (const s of op.statements ?? []) {
    const statement = parsePartiqlStatement(s.text);
    if (!statement) continue;
    const { schema, name } = statementTable(ctx, s, statement.table);
    const table: ResolvedOperationTable = { name, ...(schema ? { schema } : {}) };
    const related = [...(relatedLocationOf(schema) ?? []), ...ctx.related];
    const report = (attr: string, value: string, access: Access, index: string | undefined): void =>
      report_(op, ctx, { table, attr, value, range: s.range, access, index, basis: 'schema', related });
    const { gsi, pkNames } = statementPartitionKeys(schema, statement.index);
    if (statement.item) {
      for (const [attr, value] of Object.entries(statement.item)) {
        const pk = pkNames.includes(attr);
        const index =
          !pk && schema ? schema.indexes.find((x) => x.kind === 'GSI' && x.partitionKey.name === attr) : undefined;
        if ((pk || index) && value !== null) report(attr, value, 'write', index?.name);
      }
    } else if (statement.where !== undefined) {
      const branches = whereBranches(statement.where);
      // With OR, the statement may read or write more than one partition.
      const conjuncts = branches?.length === 1 ? (branches[0] ?? []) : [];
      for (const eq of conjuncts) {
        if (eq.op !== '=' || !pkNames.includes(eq.attribute) || eq.value === null) continue;
        report(eq.attribute, eq.value, statement.verb === 'select' ? 'query' : 'write', gsi?.name ?? statement.index);
      }
    }
  }
}

/** An ORM entity whose partition-key template is composed of no attribute puts every item in one partition. */
function checkKeyTemplate(op: Operation, ctx: OperationRuleContext, t: KeyTemplate): void {
  if (t.composite.length > 0) return;
  const where = t.index !== undefined ? `index ${t.index}` : `table ${ctx.table?.name ?? '(unknown table)'}`;
  ctx.report('single-value-partition-key', t.range, {
    confidence: 'high',
    message:
      `${ormName(op)} access pattern "${t.name}"${t.entity !== undefined ? ` of entity ${t.entity}` : ''} has an empty partition-key composite, ` +
      `so every item gets the same partition key on ${where}: one partition serves at most 1,000 WCU / 3,000 RCU per second.`,
    ...(ctx.table ? { table: ctx.table.name } : {}),
    related: ctx.related,
    data: {
      operation: op.operation,
      api: op.api,
      ...(t.attribute !== undefined ? { keyAttribute: t.attribute } : {}),
      ...(t.index !== undefined ? { index: t.index } : {}),
    },
  });
}

function ormName(op: Operation): string {
  return op.api === 'electrodb' ? 'ElectroDB' : "The model's";
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
  report_(op, ctx, {
    table: ctx.table,
    attr,
    value: value.value,
    range: value.range,
    access,
    index,
    basis,
    related: ctx.related,
  });
}

function report_(
  op: Operation,
  ctx: OperationRuleContext,
  f: {
    table: ResolvedOperationTable | undefined;
    attr: string;
    value: string;
    range: SourceRange;
    access: Access;
    index: string | undefined;
    basis: KeyBasis;
    related: RelatedLocation[];
  },
): void {
  const { table: resolved, attr, index, basis } = f;
  const schema = resolved?.schema;
  // An unresolved receiver is a guess whatever the schema says; so is a key no schema names.
  const confidence: Confidence =
    !op.bound || !schema ? 'low' : basis === 'key-condition' || resolved?.inferred ? 'medium' : 'high';
  const table = resolved?.name ?? '(unknown table)';
  const where = index ? `index ${index} of table ${table}` : `table ${table}`;
  const what =
    f.access === 'query'
      ? `every call of this ${op.kind === 'partiql' ? 'statement' : 'Query'} reads the same partition`
      : index
        ? `every item written here lands in one index partition, and a throttled index throttles writes to the table`
        : `every call writes to the same partition`;
  const guess =
    basis === 'key-condition'
      ? ` (No key schema is known for this ${index ? 'index' : 'table'}; "${attr}" is taken as its partition key because the key condition tests it with =.)`
      : !schema
        ? ` (No key schema is known for this table; "${attr}" is assumed to be its partition key by name.)`
        : resolved?.inferred
          ? index
            ? ` (No key schema is known for this table; a Query of index ${index} in this file pins "${attr}" as the index's partition key.)`
            : ` (No key schema is known for this table; ${resolved.inferredFromKey ? 'a one-attribute Key' : 'a Query'} of it in this file pins "${schema.partitionKey.name}" as its partition key.)`
          : '';
  ctx.report('single-value-partition-key', f.range, {
    confidence,
    message: `Partition key "${attr}" of ${where} is always "${f.value}": ${what}, and one partition serves at most 1,000 WCU / 3,000 RCU per second.${guess}`,
    ...(resolved ? { table: resolved.name } : {}),
    related: f.related,
    data: {
      operation: op.operation,
      api: op.kind === 'partiql' ? 'partiql' : op.api,
      keyAttribute: attr,
      keyValue: f.value,
      ...(index ? { index } : {}),
    },
  });
}
