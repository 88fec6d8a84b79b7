// What both front-ends' hot-key-read checks share: which attributes make up the whole primary key,
// and what the finding says. Parser-free.
import { CONVENTIONAL_PARTITION_KEYS, type TableSchema } from '../../schema/keySchema';

/**
 * The attributes that must be constant for a Key to name one item, partition key first: the
 * schema's keys, or with no schema the Key object's own entries (a Key holds exactly the key
 * attributes), a conventionally named partition key first.
 */
export function wholeKeyNames(schema: TableSchema | undefined, entries: readonly string[]): string[] {
  if (schema) return [schema.partitionKey.name, ...(schema.sortKey ? [schema.sortKey.name] : [])];
  const pk = CONVENTIONAL_PARTITION_KEYS.find((k) => entries.includes(k));
  return pk ? [pk, ...entries.filter((e) => e !== pk)] : [...entries];
}

export function hotKeyReadMessage(
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
