// The "ignore this line" fix for languages with line comments of their own (Python `#`, VTL `##`):
// a `dynamo-guard-ignore-next-line` comment with the reason above the finding's line, merged into
// one already there; none where a new line would change the program (`canInsertAt` says where).
import type { Finding } from '../analyzer/finding';
import { ignoreDirectiveBody } from '../analyzer/ignoreDirective';
import { isSuppressible } from '../rules/registry';
import { indentationAt, lineStartOf, newlineOf, type TextEdit } from './textEdits';

export interface LineCommentSyntax {
  /** What starts the comment: `#`, `##`. */
  prefix: string;
  /** False where a new line may not go: inside a string, after a line continuation. */
  canInsertAt(text: string, lineStart: number, previousLine: string | undefined): boolean;
}

export function lineCommentIgnoreEdit(
  text: string,
  finding: Finding,
  reason: string,
  syntax: LineCommentSyntax,
): TextEdit | undefined {
  const why = reason.replace(/\s+/g, ' ').trim();
  if (!why || !isSuppressible(finding.rule) || finding.endOffset > text.length) return undefined;
  const lineStart = lineStartOf(text, finding.offset);
  const prevStart = lineStart > 0 ? lineStartOf(text, lineStart - 1) : undefined;
  const prevEnd = text.charAt(lineStart - 2) === '\r' ? lineStart - 2 : lineStart - 1;
  const previous = prevStart !== undefined ? text.slice(prevStart, prevEnd) : undefined;
  if (!syntax.canInsertAt(text, lineStart, previous)) return undefined;
  const marker = syntax.prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const existing = new RegExp(`^([ \\t]*)${marker}[ \\t]*dynamo-guard-ignore-next-line[ \\t]+([^\\r\\n]*?)[ \\t]*$`);
  const m = previous !== undefined ? existing.exec(previous) : null;
  if (m && prevStart !== undefined) {
    const body = ignoreDirectiveBody(m[2] ?? '');
    const rules = body.rules.includes(finding.rule) ? body.rules : [...body.rules, finding.rule];
    const reasons = [...(body.reason !== undefined ? [body.reason] : []), why];
    return {
      offset: prevStart,
      endOffset: prevEnd,
      text: `${m[1] ?? ''}${syntax.prefix} dynamo-guard-ignore-next-line ${rules.join(', ')} -- ${reasons.join('; ')}`,
    };
  }
  return {
    offset: lineStart,
    endOffset: lineStart,
    text: `${indentationAt(text, finding.offset)}${syntax.prefix} dynamo-guard-ignore-next-line ${finding.rule} -- ${why}${newlineOf(text)}`,
  };
}
