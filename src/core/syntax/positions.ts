// Positions in a text: 0-based offsets turned into the 1-based lines and columns findings,
// schema sources and configuration problems report.

/**
 * A place in a file. Lines and columns are 1-based; `endColumn` is the column just past the last
 * character (SARIF's convention). Offsets are 0-based UTF-16 offsets into the text, end exclusive.
 */
export interface SourceRange {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  offset: number;
  endOffset: number;
}

/** Converts a 0-based offset range of `text` into 1-based line/column (UTF-16 columns). */
export function rangeFromOffsets(lineStarts: readonly number[], offset: number, endOffset: number): SourceRange {
  const start = positionAt(lineStarts, offset);
  const end = positionAt(lineStarts, endOffset);
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column, offset, endOffset };
}

export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The 0-based index of the line holding `offset`, found by bisection of the line starts. */
export function lineIndexAt(lineStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((lineStarts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function positionAt(lineStarts: readonly number[], offset: number): { line: number; column: number } {
  const lo = lineIndexAt(lineStarts, offset);
  return { line: lo + 1, column: offset - (lineStarts[lo] as number) + 1 };
}
