// Text edits as fixes return them (0-based offsets into the analyzed text plus replacement text),
// and the two things every fix needs: applying them, and reading indentation and line bounds.

export interface TextEdit {
  /** 0-based UTF-16 offset where the replaced text starts. */
  offset: number;
  /** Offset just past the replaced text; equal to `offset` for an insertion. */
  endOffset: number;
  text: string;
}

export type FixKind = 'scan-to-query' | 'pagination-loop' | 'write-sharding';

export interface Fix {
  kind: FixKind;
  title: string;
  edits: TextEdit[];
  /** The fix to apply when the developer asks for "the" fix. */
  preferred: boolean;
}

/** Applies non-overlapping edits given in any order; throws on overlap, which is a bug in a fix. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.offset < at || e.endOffset < e.offset || e.endOffset > text.length)
      throw new RangeError(`overlapping or out-of-range edit at ${e.offset}`);
    out += text.slice(at, e.offset) + e.text;
    at = e.endOffset;
  }
  return out + text.slice(at);
}

export function lineStartOf(text: string, offset: number): number {
  const nl = text.lastIndexOf('\n', offset - 1);
  return nl + 1;
}

/** Leading spaces and tabs of the line that holds `offset`. */
export function indentationAt(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  return /^[ \t]*/.exec(text.slice(start, start + 200))?.[0] ?? '';
}

/** One indentation step as the file writes it (two spaces when nothing is indented yet). */
export function indentUnit(text: string): string {
  const m = /\n(\t+|[ ]{2,8})\S/.exec(text);
  if (!m) return '  ';
  return m[1]?.startsWith('\t') ? '\t' : ' '.repeat(Math.min(m[1]?.length ?? 2, 4));
}

export function newlineOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}
