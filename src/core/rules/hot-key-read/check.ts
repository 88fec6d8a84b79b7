// Rule `hot-key-read`, over the operations of every language front-end: reads of one constant item
// on every call. A GetItem, or an entry of a BatchGetItem or TransactGetItems, whose whole primary
// key is constant, made inside a function (code that runs per request), and whose result the code
// does not keep in a module-level or instance cache.
import type { Confidence } from '../../analyzer/finding';
import type { Operation, OperationKind, ValueProvenance } from '../../operations/model';
import { CONVENTIONAL_PARTITION_KEYS, type TableSchema } from '../../schema/keySchema';
import type { OperationRuleContext } from '../operationContext';

/**
 * APIs whose key objects hold the table's key attributes by name (ORM keys use the model's names;
 * PynamoDB's `get` has none). A dynamodb-toolbox key is read through its Entity's key fields, so
 * only with the table's schema.
 */
const KEYED_APIS = new Set<Operation['api']>([
  'sdk-v3-client',
  'sdk-v3-document',
  'sdk-v2',
  'appsync',
  'boto3-resource',
  'boto3-client',
  'unresolved',
  'dynamodb-toolbox',
]);
const READS = new Set<OperationKind>(['get', 'batch-get', 'transact-get']);

export function checkHotKeyRead(op: Operation, ctx: OperationRuleContext): void {
  if (!READS.has(op.kind) || !op.perCall || op.resultCached || !KEYED_APIS.has(op.api) || op.keyValues.length === 0)
    return;
  // A schema inferred from the file's Queries knows the partition key only: the Key object says what the whole key is.
  const schema = ctx.table?.inferred ? undefined : ctx.table?.schema;
  if (!schema && op.api === 'dynamodb-toolbox') return;
  // Without a schema the key's entries are the key: a spread that was not followed may hide one.
  if (!schema && op.keyValuesPartial) return;
  const value = (attr: string): ValueProvenance | undefined => op.keyValues.find((k) => k.attribute === attr)?.value;
  const names = wholeKeyNames(
    schema,
    op.keyValues.map((k) => k.attribute),
  );
  const constants: Array<Extract<ValueProvenance, { kind: 'constant' }>> = [];
  for (const name of names) {
    const v = value(name);
    if (v?.kind !== 'constant') return;
    constants.push(v);
  }
  const [pk] = constants;
  const pkName = names[0];
  if (!pk || pkName === undefined) return;
  const confidence: Confidence = !op.bound ? 'low' : schema ? 'high' : 'medium';
  ctx.report('hot-key-read', pk.range, {
    confidence,
    message: hotKeyReadMessage(
      ctx.table?.name,
      names,
      constants.map((c) => c.value),
      schema !== undefined,
    ),
    ...(ctx.table ? { table: ctx.table.name } : {}),
    related: ctx.related,
    data: { operation: op.operation, api: op.api, keyAttribute: pkName, keyValue: pk.value },
  });
}

/**
 * The attributes that must be constant for a Key to name one item, partition key first: the
 * schema's keys, or with no schema the Key object's own entries (a Key holds exactly the key
 * attributes), a conventionally named partition key first.
 */
function wholeKeyNames(schema: TableSchema | undefined, entries: readonly string[]): string[] {
  if (schema) return [schema.partitionKey.name, ...(schema.sortKey ? [schema.sortKey.name] : [])];
  const pk = CONVENTIONAL_PARTITION_KEYS.find((k) => entries.includes(k));
  return pk ? [pk, ...entries.filter((e) => e !== pk)] : [...entries];
}

function hotKeyReadMessage(
  table: string | undefined,
  names: readonly string[],
  values: readonly string[],
  schemaKnown: boolean,
): string {
  const item = names.map((n, i) => `${n} "${values[i] ?? ''}"`).join(', ');
  return (
    `Every call reads the same item of table ${table ?? '(unknown table)'} (${item}): each read is paid again, and all of them share the ` +
    `3,000 read units per second of that item's partition. Cache the item (a module-level cache outlives a Lambda invocation) or use DAX.` +
    (schemaKnown
      ? ''
      : ' (No key schema is known for this table; the Key object is taken to hold its whole primary key.)')
  );
}
