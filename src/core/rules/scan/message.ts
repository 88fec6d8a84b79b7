// What a Scan finding says, whichever front-end found it: the index to Query instead when the filter
// tests a GSI's (or the table's) partition key with `=`, and the message itself. Parser-free.
import type { TableSchema } from '../../schema/keySchema';

/** The Query to suggest for a Scan whose filter tests `equalities` with `=`. */
export function scanSuggestion(
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

export function scanMessage(
  table: string | undefined,
  index: string | undefined,
  suggestion: string,
  bound: boolean,
): string {
  const target = index
    ? `index ${index} of table ${table ?? '(unknown table)'}`
    : `table ${table ?? '(unknown table)'}`;
  return (
    `Scan of ${target} reads every item on every call and consumes read capacity for all of it, ` +
    `however few items the filter keeps.${suggestion}${bound ? '' : ' (The client could not be resolved; flagged because the request looks like a DynamoDB Scan.)'}`
  );
}
