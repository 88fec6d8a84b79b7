// The "ignore this line" fix in Python: a `# dynamo-guard-ignore-next-line` comment with the reason
// above the finding's line, merged into one already there, and never inside a string (a docstring)
// or after a backslash continuation, where a new line would change the program.
import type { Finding } from '../analyzer/finding';
import { insidePythonString } from '../python/pythonIgnoreComments';
import { isSuppressible } from '../rules/registry';
import { indentationAt, lineStartOf, newlineOf, type TextEdit } from './textEdits';

const EXISTING = /^([ \t]*)#[ \t]*dynamo-guard-ignore-next-line[ \t]+([^\r\n]*?)[ \t]*$/;

export function pythonIgnoreLineEdit(text: string, finding: Finding, reason: string): TextEdit | undefined {
  const why = reason.replace(/\s+/g, ' ').trim();
  if (!why || !isSuppressible(finding.rule) || finding.endOffset > text.length) return undefined;
  const lineStart = lineStartOf(text, finding.offset);
  if (insidePythonString(text, lineStart)) return undefined;
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prevEnd = text.charAt(lineStart - 2) === '\r' ? lineStart - 2 : lineStart - 1;
    const previous = text.slice(prevStart, prevEnd);
    if (previous.endsWith('\\')) return undefined;
    const m = EXISTING.exec(previous);
    if (m) {
      const body = m[2] ?? '';
      const sep = body.indexOf(' --');
      const rules = (sep >= 0 ? body.slice(0, sep) : body).split(/[,\s]+/).filter(Boolean);
      const reasons = sep >= 0 ? [body.slice(sep + 3).trim()].filter(Boolean) : [];
      if (!rules.includes(finding.rule)) rules.push(finding.rule);
      reasons.push(why);
      return {
        offset: prevStart,
        endOffset: prevEnd,
        text: `${m[1] ?? ''}# dynamo-guard-ignore-next-line ${rules.join(', ')} -- ${reasons.join('; ')}`,
      };
    }
  }
  return {
    offset: lineStart,
    endOffset: lineStart,
    text: `${indentationAt(text, finding.offset)}# dynamo-guard-ignore-next-line ${finding.rule} -- ${why}${newlineOf(text)}`,
  };
}
