// Rule `hot-key-read` on language-neutral operations (the Python front-end's): a GetItem, made on every
// call of a function, whose whole primary key is constant, so every call reads the same item.
import type { Confidence } from '../../analyzer/finding';
import type { Operation, ValueProvenance } from '../../operations/model';
import { CONVENTIONAL_PARTITION_KEYS } from '../../schema/keySchema';
import type { OperationRuleContext } from '../operationContext';

/** ORM reads name keys by the model's attributes, and PynamoDB's `get` has no Key object to read. */
const KEYED_APIS = new Set<Operation['api']>(['boto3-resource', 'boto3-client', 'unresolved']);

export function checkHotKeyReadOperation(op: Operation, ctx: OperationRuleContext): void {
  if (op.kind !== 'get' || !op.perCall || !KEYED_APIS.has(op.api) || op.keyValues.length === 0) return;
  // A schema inferred from the file's Queries knows the partition key only: the Key object says what the whole key is.
  const schema = ctx.table?.inferred ? undefined : ctx.table?.schema;
  const value = (attr: string): ValueProvenance | undefined => op.keyValues.find((k) => k.attribute === attr)?.value;
  let names: string[];
  if (schema) {
    names = [schema.partitionKey.name, ...(schema.sortKey ? [schema.sortKey.name] : [])];
  } else {
    // A Key holds exactly the key attributes.
    const entries = op.keyValues.map((k) => k.attribute);
    const pk = CONVENTIONAL_PARTITION_KEYS.find((k) => entries.includes(k));
    names = pk ? [pk, ...entries.filter((e) => e !== pk)] : entries;
  }
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
  const table = ctx.table?.name ?? '(unknown table)';
  const item = names.map((n, i) => `${n} "${constants[i]?.value ?? ''}"`).join(', ');
  ctx.report('hot-key-read', pk.range, {
    confidence,
    message:
      `Every call reads the same item of table ${table} (${item}): each read is paid again, and all of them share the ` +
      `3,000 read units per second of that item's partition. Cache the item (a module-level cache outlives a Lambda invocation) or use DAX.` +
      (schema
        ? ''
        : ' (No key schema is known for this table; the Key object is taken to hold its whole primary key.)'),
    ...(ctx.table ? { table: ctx.table.name } : {}),
    related: ctx.related,
    data: { operation: op.operation, api: op.api, keyAttribute: pkName, keyValue: pk.value },
  });
}
