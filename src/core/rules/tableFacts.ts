// Facts about a known table that every language's rules read: its indexes by name, and where it is
// defined (a diagnostic's related information). Free of any parser, so the Python path stays light.
import type { RelatedLocation } from '../analyzer/finding';
import type { IndexSchema, TableSchema } from '../schema/keySchema';

export function findIndex(schema: TableSchema | undefined, name: string | undefined): IndexSchema | undefined {
  if (!schema || name === undefined) return undefined;
  return schema.indexes.find((i) => i.name === name);
}

/** Where the table is defined, for the diagnostic's related information. */
export function relatedLocationOf(schema: TableSchema | undefined): RelatedLocation[] | undefined {
  const src = schema?.source;
  if (!src?.file || src.line === undefined) return undefined;
  const column = src.column ?? 1;
  return [
    {
      file: src.file,
      line: src.line,
      column,
      // The whole definition (CloudFormation logical id, CDK `new Table(...)`) when its end is known.
      endLine: src.endLine ?? src.line,
      endColumn: src.endLine !== undefined ? (src.endColumn ?? column) : column,
      offset: src.offset ?? 0,
      endOffset: src.endOffset ?? src.offset ?? 0,
      message: `Table ${schema?.name} is defined here (${src.kind}).`,
    },
  ];
}
