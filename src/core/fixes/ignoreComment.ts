// The "ignore this line" fix: an ignore comment with the developer's reason above the finding's line,
// merged into an ignore comment already there, and never where a comment would change the program
// (inside a template literal or JSX text).
import * as ts from 'typescript';
import type { Finding } from '../analyzer/finding';
import { SUPPRESSIBLE_RULES } from '../analyzer/suppressions';
import { indentationAt, lineStartOf, newlineOf, type TextEdit } from './textEdits';

const EXISTING = /^([ \t]*)\/\/[ \t]*dynamo-guard-ignore-next-line[ \t]+([^\r\n]*?)[ \t]*$/;

/** A reason fit for a one-line comment: whitespace folded, no comment terminator. */
export function cleanReason(reason: string): string {
  return reason.replace(/\*\//g, '').replace(/\s+/g, ' ').trim();
}

export function ignoreLineEdit(sf: ts.SourceFile, finding: Finding, reason: string): TextEdit | undefined {
  const why = cleanReason(reason);
  if (!why || !(SUPPRESSIBLE_RULES as readonly string[]).includes(finding.rule)) return undefined;
  const text = sf.text;
  const lineStart = lineStartOf(text, finding.offset);
  if (insideTextLikeNode(sf, lineStart)) return undefined;
  const nl = newlineOf(text);
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prevEnd = text.charAt(lineStart - 2) === '\r' ? lineStart - 2 : lineStart - 1;
    const m = EXISTING.exec(text.slice(prevStart, prevEnd));
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
        text: `${m[1] ?? ''}// dynamo-guard-ignore-next-line ${rules.join(', ')} -- ${reasons.join('; ')}`,
      };
    }
  }
  return {
    offset: lineStart,
    endOffset: lineStart,
    text: `${indentationAt(text, finding.offset)}// dynamo-guard-ignore-next-line ${finding.rule} -- ${why}${nl}`,
  };
}

/** Whether `offset` lies inside a template literal or JSX text, where `//` is text, not a comment. */
function insideTextLikeNode(sf: ts.SourceFile, offset: number): boolean {
  let inside = false;
  const visit = (node: ts.Node): void => {
    if (offset <= node.getStart(sf) || offset >= node.end) return;
    if (
      ts.isTemplateExpression(node) ||
      ts.isNoSubstitutionTemplateLiteral(node) ||
      ts.isJsxText(node) ||
      ts.isStringLiteral(node)
    )
      inside = true;
    if (ts.isJsxElement(node) || ts.isJsxFragment(node)) {
      // Between the tags is text unless a `{ ... }` expression holds the offset.
      const expr = node.children.find((c) => ts.isJsxExpression(c) && offset > c.getStart(sf) && offset < c.end);
      if (!expr) inside = true;
    }
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return inside;
}
