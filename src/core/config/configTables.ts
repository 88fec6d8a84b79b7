// A table of `dynamo-guard.config.json` as the analyzer's key schema (TableSchema): an LSI takes the
// table's partition key, and a key without a type stays untyped.
import type { IndexSchema, KeyAttribute, TableSchema } from '../schema/keySchema';
import { attributeType } from '../schema/schemaSource';
import type { ConfigKey, ConfigTable } from './configModel';

function keyAttribute(key: ConfigKey): KeyAttribute {
  if (typeof key === 'string') return { name: key };
  const type = attributeType(key.type);
  return type ? { name: key.name, type } : { name: key.name };
}

/** The key schema a table of the config file describes, found at `source`. */
export function tableSchema(table: ConfigTable, source: TableSchema['source']): TableSchema {
  const partitionKey = keyAttribute(table.partitionKey);
  const indexes: IndexSchema[] = (table.indexes ?? []).map((index) => {
    const kind = index.kind ?? 'GSI';
    const indexPartition = kind === 'LSI' || !index.partitionKey ? partitionKey : keyAttribute(index.partitionKey);
    return {
      name: index.name,
      kind,
      partitionKey: indexPartition,
      ...(index.sortKey ? { sortKey: keyAttribute(index.sortKey) } : {}),
      ...(index.projection ? { projection: index.projection } : {}),
    };
  });
  return {
    name: table.name,
    aliases: [...(table.aliases ?? [])],
    envVars: [...(table.envVars ?? [])],
    partitionKey,
    ...(table.sortKey ? { sortKey: keyAttribute(table.sortKey) } : {}),
    indexes,
    ...(table.billingMode ? { billingMode: table.billingMode } : {}),
    source,
  };
}
