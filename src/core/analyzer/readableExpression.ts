// A short, readable rendering of the expression code computes a table name with, for findings:
// `process.env.TABLE`, `${prefix}-orders`, `config.tables.orders`, calls as `f(…)`.
import * as ts from 'typescript';
import { skipOuterExpressions } from '../syntax/nodes';

const MAX_LENGTH = 60;
const MAX_DEPTH = 8;

/** The expression as a reader would name it: no argument lists, no whitespace runs, at most 60 characters. */
export function readableExpression(expr: ts.Expression): string {
  const text = render(expr, 0).replace(/\s+/g, ' ').trim();
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

function render(expr: ts.Expression, depth: number): string {
  const e = skipOuterExpressions(expr);
  if (depth > MAX_DEPTH) return '…';
  if (ts.isIdentifier(e) || ts.isPrivateIdentifier(e)) return e.text;
  if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
  if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return JSON.stringify(e.text);
  if (ts.isNumericLiteral(e)) return e.text;
  if (ts.isPropertyAccessExpression(e))
    return `${render(e.expression, depth + 1)}${e.questionDotToken ? '?.' : '.'}${e.name.text}`;
  if (ts.isElementAccessExpression(e)) {
    const arg = skipOuterExpressions(e.argumentExpression);
    const base = render(e.expression, depth + 1);
    // `process.env['TABLE']` reads as `process.env.TABLE`.
    if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && /^[A-Za-z_$][\w$]*$/.test(arg.text))
      return `${base}.${arg.text}`;
    return `${base}[${render(arg, depth + 1)}]`;
  }
  if (ts.isCallExpression(e)) return `${render(e.expression, depth + 1)}(${e.arguments.length > 0 ? '…' : ''})`;
  if (ts.isNewExpression(e)) return `new ${render(e.expression, depth + 1)}(${e.arguments?.length ? '…' : ''})`;
  if (ts.isTemplateExpression(e)) {
    let text = e.head.text;
    for (const span of e.templateSpans) text += `\${${render(span.expression, depth + 1)}}${span.literal.text}`;
    return `\`${text}\``;
  }
  if (ts.isBinaryExpression(e))
    return `${operand(e.left, depth)} ${ts.tokenToString(e.operatorToken.kind) ?? '?'} ${operand(e.right, depth)}`;
  if (ts.isConditionalExpression(e))
    return `${operand(e.condition, depth)} ? ${operand(e.whenTrue, depth)} : ${operand(e.whenFalse, depth)}`;
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return '(function)';
  if (ts.isObjectLiteralExpression(e)) return '{…}';
  if (ts.isArrayLiteralExpression(e)) return '[…]';
  return e.getText();
}

/** An operand keeps the parentheses it was written with around an operation: `a + (b || "")`. */
function operand(expr: ts.Expression, depth: number): string {
  const text = render(expr, depth + 1);
  const inner = skipOuterExpressions(expr);
  const grouped =
    ts.isParenthesizedExpression(expr) && (ts.isBinaryExpression(inner) || ts.isConditionalExpression(inner));
  return grouped ? `(${text})` : text;
}
