// A short, readable rendering of the expression code computes a table name with, for findings:
// `process.env.TABLE`, `${prefix}-orders`, `config.tables.orders`, calls as `f(…)`.
import * as ts from 'typescript';
import { skipOuterExpressions } from '../syntax/nodes';

const MAX_LENGTH = 60;
const MAX_DEPTH = 8;

/** What a name stands for where the expression is read (a wrapper's parameter: the argument its call passes). */
export type NameSubstitute = (name: ts.Identifier) => ts.Expression | undefined;

/**
 * The expression as a reader would name it: no argument lists, no whitespace runs, at most 60
 * characters; names `substitute` knows read as what they stand for.
 */
export function readableExpression(expr: ts.Expression, substitute?: NameSubstitute): string {
  const text = new Renderer(substitute).render(expr, 0).replace(/\s+/g, ' ').trim();
  return text.length > MAX_LENGTH ? `${text.slice(0, MAX_LENGTH - 1)}…` : text;
}

class Renderer {
  constructor(private readonly substitute: NameSubstitute | undefined) {}

  render(expr: ts.Expression, depth: number): string {
    const e = skipOuterExpressions(expr);
    if (depth > MAX_DEPTH) return '…';
    if (ts.isIdentifier(e)) {
      const stands = this.substitute?.(e);
      if (!stands || stands === e) return e.text;
      const text = this.render(stands, depth + 1);
      const inner = skipOuterExpressions(stands);
      return ts.isBinaryExpression(inner) || ts.isConditionalExpression(inner) ? `(${text})` : text;
    }
    if (ts.isPrivateIdentifier(e)) return e.text;
    if (e.kind === ts.SyntaxKind.ThisKeyword) return 'this';
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return JSON.stringify(e.text);
    if (ts.isNumericLiteral(e)) return e.text;
    if (ts.isPropertyAccessExpression(e))
      return `${this.render(e.expression, depth + 1)}${e.questionDotToken ? '?.' : '.'}${e.name.text}`;
    if (ts.isElementAccessExpression(e)) {
      const arg = skipOuterExpressions(e.argumentExpression);
      const base = this.render(e.expression, depth + 1);
      // `process.env['TABLE']` reads as `process.env.TABLE`.
      if ((ts.isStringLiteral(arg) || ts.isNoSubstitutionTemplateLiteral(arg)) && /^[A-Za-z_$][\w$]*$/.test(arg.text))
        return `${base}.${arg.text}`;
      return `${base}[${this.render(arg, depth + 1)}]`;
    }
    if (ts.isCallExpression(e)) return `${this.render(e.expression, depth + 1)}(${e.arguments.length > 0 ? '…' : ''})`;
    if (ts.isNewExpression(e)) return `new ${this.render(e.expression, depth + 1)}(${e.arguments?.length ? '…' : ''})`;
    if (ts.isTemplateExpression(e)) {
      let text = e.head.text;
      for (const span of e.templateSpans) text += `\${${this.render(span.expression, depth + 1)}}${span.literal.text}`;
      return `\`${text}\``;
    }
    if (ts.isBinaryExpression(e))
      return `${this.operand(e.left, depth)} ${ts.tokenToString(e.operatorToken.kind) ?? '?'} ${this.operand(e.right, depth)}`;
    if (ts.isConditionalExpression(e))
      return `${this.operand(e.condition, depth)} ? ${this.operand(e.whenTrue, depth)} : ${this.operand(e.whenFalse, depth)}`;
    if (ts.isArrowFunction(e) || ts.isFunctionExpression(e)) return '(function)';
    if (ts.isObjectLiteralExpression(e)) return '{…}';
    if (ts.isArrayLiteralExpression(e)) return '[…]';
    return e.getText();
  }

  /** An operand keeps the parentheses it was written with around an operation: `a + (b || "")`. */
  private operand(expr: ts.Expression, depth: number): string {
    const text = this.render(expr, depth + 1);
    const inner = skipOuterExpressions(expr);
    const grouped =
      ts.isParenthesizedExpression(expr) && (ts.isBinaryExpression(inner) || ts.isConditionalExpression(inner));
    return grouped ? `(${text})` : text;
  }
}
