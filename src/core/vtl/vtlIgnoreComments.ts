// Ignore comments in VTL templates (`## dynamo-guard-ignore-next-line <rule> -- <reason>`,
// `-ignore-line`), and in YAML templates that hold one inline (`# ...`). A directive spelled inside
// a quoted string of the rendered JSON silences nothing.
import { type SourceRange, computeLineStarts, lineIndexAt, rangeFromOffsets } from '../syntax/positions';
import { ignoreDirectiveBody } from '../analyzer/ignoreDirective';

export interface VtlIgnoreComment extends SourceRange {
  kind: 'next-line' | 'line';
  rules: string[];
  reason?: string;
  /** 1-based line whose findings the comment silences. */
  targetLine: number;
}

/** `##` starts a VTL line comment; in YAML a single `#` does. */
export function parseVtlIgnoreComments(
  text: string,
  lineStarts: readonly number[] = computeLineStarts(text),
  yaml = false,
): VtlIgnoreComment[] {
  if (!text.includes('dynamo-guard-ignore-')) return [];
  const pattern = yaml
    ? /#+[ \t]*dynamo-guard-ignore-(next-line|line)(?![\w-])([^\r\n]*)/g
    : /##[ \t]*dynamo-guard-ignore-(next-line|line)(?![\w-])([^\r\n]*)/g;
  const out: VtlIgnoreComment[] = [];
  for (const m of text.matchAll(pattern)) {
    const at = m.index ?? 0;
    if (insideString(text, lineStarts, at)) continue;
    const range = rangeFromOffsets(lineStarts, at, at + m[0].length);
    const kind = m[1] === 'next-line' ? 'next-line' : 'line';
    out.push({
      ...range,
      kind,
      ...ignoreDirectiveBody(m[2] ?? ''),
      targetLine: kind === 'next-line' ? range.endLine + 1 : range.line,
    });
  }
  return out;
}

/** Whether an odd number of unescaped double quotes precede `offset` on its line. */
function insideString(text: string, lineStarts: readonly number[], offset: number): boolean {
  let open = false;
  for (let j = lineStarts[lineIndexAt(lineStarts, offset)] as number; j < offset; j++) {
    const c = text[j];
    if (c === '\\') j++;
    else if (c === '"') open = !open;
  }
  return open;
}
