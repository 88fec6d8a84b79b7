// Ignore comments in Python (`# dynamo-guard-ignore-next-line <rule> -- <reason>`, `-ignore-line`,
// and `-ignore-file` for a whole file): found with a small tokenizer that knows where strings end,
// so a directive spelled inside a string or docstring silences nothing. No parser is loaded.
import { type SourceRange, computeLineStarts, rangeFromOffsets } from '../syntax/positions';
import { ignoreDirectiveBody } from '../analyzer/ignoreDirective';

export interface PythonIgnoreComment extends SourceRange {
  kind: 'next-line' | 'line' | 'file';
  rules: string[];
  reason?: string;
  /** 1-based line whose findings the comment silences; 0 for the whole file. */
  targetLine: number;
}

const DIRECTIVE = /^#[ \t]*dynamo-guard-ignore-(next-line|line|file)(?![\w-])([^\r\n]*)/;

/** Every `#` comment's span (start of `#` to end of line). */
export function pythonCommentSpans(text: string): Array<{ start: number; end: number }> {
  return scanPython(text).comments;
}

/** Whether `offset` lies inside a string literal (a docstring, say), where `#` starts no comment. */
export function insidePythonString(text: string, offset: number): boolean {
  return scanPython(text.slice(0, offset + 1), offset).inString;
}

/** Comments, and whether a string is open at `probe`: strings (triple-quoted too) are skipped, escapes honoured. */
function scanPython(text: string, probe = -1): { comments: Array<{ start: number; end: number }>; inString: boolean } {
  const comments: Array<{ start: number; end: number }> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === '#') {
      let end = text.indexOf('\n', i);
      if (end === -1) end = text.length;
      if (text[end - 1] === '\r') end--;
      comments.push({ start: i, end });
      i = end;
    } else if (c === '"' || c === "'") {
      const start = i;
      const triple = text.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      i += quote.length;
      while (i < text.length) {
        const d = text[i];
        if (d === '\\') {
          i += 2;
          continue;
        }
        if (text.startsWith(quote, i)) {
          i += quote.length;
          break;
        }
        // An unterminated one-line string ends at the line's end (the parser reports it).
        if (!triple && d === '\n') break;
        i++;
      }
      if (probe > start && probe < i) return { comments, inString: true };
    } else {
      i++;
    }
  }
  return { comments, inString: false };
}

export function parsePythonIgnoreComments(
  text: string,
  lineStarts: readonly number[] = computeLineStarts(text),
): PythonIgnoreComment[] {
  if (!text.includes('dynamo-guard-ignore-')) return [];
  const out: PythonIgnoreComment[] = [];
  for (const span of pythonCommentSpans(text)) {
    const m = DIRECTIVE.exec(text.slice(span.start, span.end));
    if (!m) continue;
    const range = rangeFromOffsets(lineStarts, span.start, span.start + m[0].length);
    const kind = m[1] === 'next-line' ? 'next-line' : m[1] === 'file' ? 'file' : 'line';
    out.push({
      ...range,
      kind,
      ...ignoreDirectiveBody(m[2] ?? ''),
      targetLine: kind === 'next-line' ? range.endLine + 1 : kind === 'file' ? 0 : range.line,
    });
  }
  return out;
}
