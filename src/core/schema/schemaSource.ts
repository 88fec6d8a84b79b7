// Builds the `source` of a TableSchema from offsets, so every reader reports positions the same way.
import { rangeFromOffsets } from '../syntax/positions';
import type { AttributeType, SchemaSource, SchemaSourceKind } from './keySchema';

export function sourceAt(
  kind: SchemaSourceKind,
  file: string,
  lineStarts: readonly number[],
  offset: number,
  endOffset: number,
): SchemaSource {
  const range = rangeFromOffsets(lineStarts, offset, endOffset);
  return {
    kind,
    file,
    line: range.line,
    column: range.column,
    endLine: range.endLine,
    endColumn: range.endColumn,
    offset,
    endOffset,
  };
}

/** Maps the spellings sources use for attribute types (`S`, `string`, `STRING`, `String`) to S/N/B. */
export function attributeType(spelling: string | undefined): AttributeType | undefined {
  switch (spelling?.toLowerCase()) {
    case 's':
    case 'string':
      return 'S';
    case 'n':
    case 'number':
      return 'N';
    case 'b':
    case 'binary':
    case 'buffer':
      return 'B';
    default:
      return undefined;
  }
}
