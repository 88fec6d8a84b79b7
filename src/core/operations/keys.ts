// How an operation's key values and statements map onto known tables and their keys: what the
// rules judge by, and what a front-end tells of a call site (the query panel's key values). Parser-free.
import { CONVENTIONAL_PARTITION_KEYS, type IndexSchema, type TableSchema } from '../schema/keySchema';
import { HOLE } from '../syntax/hole';
import type { Operation } from './model';

/** How the key attribute was told to be the partition key: a schema, the key condition's only equality, or its name. */
export type KeyBasis = 'schema' | 'key-condition' | 'name';

/** The attributes a Query's key condition may pin as the partition key, and how that is known. */
export function queryPartitionKeys(
  op: Operation,
  schema: TableSchema | undefined,
): { pkNames: readonly string[]; basis: KeyBasis; index: string | undefined; gsi: IndexSchema | undefined } {
  const index = op.index?.constant;
  const named = op.index !== undefined;
  let gsi = schema && index !== undefined ? schema.indexes.find((i) => i.name === index) : undefined;
  // An index named by a value not read here (`IndexName=os.environ[...]`): the one index whose
  // partition key the key condition pins, when only one does.
  if (schema && named && index === undefined) {
    const pinned = new Set(op.keyValues.map((k) => k.attribute));
    const matching = schema.indexes.filter((i) => pinned.has(i.partitionKey.name));
    if (matching.length === 1) gsi = matching[0];
  }
  // A key condition must pin the partition key with `=`: its only equality is the partition key of what it queries.
  const sole =
    op.keyConditionPartitionKey !== undefined
      ? (op.keyConditionPartitionKey ?? undefined)
      : op.keyValues.length === 1 && op.api !== 'pynamodb'
        ? op.keyValues[0]?.attribute
        : undefined;
  const bySchema = gsi ? [gsi.partitionKey.name] : schema && !named ? [schema.partitionKey.name] : undefined;
  const pkNames = bySchema ?? (sole !== undefined ? [sole] : schema && named ? [] : CONVENTIONAL_PARTITION_KEYS);
  const basis: KeyBasis = bySchema ? 'schema' : sole !== undefined ? 'key-condition' : 'name';
  return { pkNames, basis, index, gsi };
}

/**
 * The attributes a PartiQL statement on a table, or on its `index`, pins as the partition key: the
 * schema's, none for an index of unknown shape, the conventional names with no schema.
 */
export function statementPartitionKeys(
  schema: TableSchema | undefined,
  index: string | undefined,
): { gsi: IndexSchema | undefined; pkNames: readonly string[] } {
  const gsi = schema && index !== undefined ? schema.indexes.find((i) => i.name === index) : undefined;
  const pkNames = gsi
    ? [gsi.partitionKey.name]
    : schema && index === undefined
      ? [schema.partitionKey.name]
      : schema
        ? []
        : CONVENTIONAL_PARTITION_KEYS;
  return { gsi, pkNames };
}

/** The table a PartiQL statement names: a known one (a template's constant parts may match it), or its name as written. */
export function statementTable(
  ctx: { tables: readonly TableSchema[]; tableNamed(name: string): TableSchema | undefined },
  statement: { text: string; written?: string },
  table: string,
): { schema?: TableSchema; name: string } {
  const pattern = table.includes(HOLE);
  const schema = pattern ? matchPattern(ctx.tables, table) : ctx.tableNamed(table);
  const name =
    schema?.name ?? (pattern ? (statement.written ?? statement.text.replaceAll(HOLE, '…')).slice(0, 120) : table);
  return { ...(schema ? { schema } : {}), name };
}

function matchPattern(tables: readonly TableSchema[], pattern: string): TableSchema | undefined {
  if (pattern.replaceAll(HOLE, '').length < 3) return undefined;
  const re = new RegExp(
    `^${pattern
      .split(HOLE)
      .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
  );
  return tables.find((t) => re.test(t.name));
}
