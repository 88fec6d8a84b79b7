// Small questions about syntax nodes that every reader of a tree asks: what an expression is once
// parentheses and assertions are peeled off, a property of an object literal, a dotted name.
import * as ts from 'typescript';

/** Strips parentheses, type assertions, `!`, `satisfies` and `await`, which do not change the value. */
export function skipOuterExpressions(e: ts.Expression): ts.Expression {
  let cur = e;
  for (;;) {
    if (
      ts.isParenthesizedExpression(cur) ||
      ts.isAsExpression(cur) ||
      ts.isNonNullExpression(cur) ||
      ts.isTypeAssertionExpression(cur) ||
      ts.isSatisfiesExpression(cur) ||
      ts.isAwaitExpression(cur)
    ) {
      cur = cur.expression;
    } else {
      return cur;
    }
  }
}

/** The last property of an object literal with this name (later properties win, as at run time). */
export function findProperty(obj: ts.ObjectLiteralExpression, name: string): ts.ObjectLiteralElementLike | undefined {
  for (let i = obj.properties.length - 1; i >= 0; i--) {
    const p = obj.properties[i] as ts.ObjectLiteralElementLike;
    if (propertyName(p) === name) return p;
  }
  return undefined;
}

export function propertyName(p: ts.ObjectLiteralElementLike): string | undefined {
  const n = p.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n) || ts.isNumericLiteral(n) || ts.isNoSubstitutionTemplateLiteral(n))
    return n.text;
  return undefined;
}

export function assertNever(x: never): never {
  throw new Error(`unexpected ${JSON.stringify(x)}`);
}

/** `a.b.c` as ['a', 'b', 'c']; `this.x` as ['this', 'x']; undefined for anything else. */
export function dottedName(expr: ts.Expression): string[] | undefined {
  const inner = skipOuterExpressions(expr);
  if (ts.isIdentifier(inner)) return [inner.text];
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(inner)) {
    const base = dottedName(inner.expression);
    return base ? [...base, inner.name.text] : undefined;
  }
  return undefined;
}

/** The name a `new`/call result is stored under: `const x = ...`, `this.x = ...`, `x = ...`, class field `x = ...`. */
export function assignedName(node: ts.Node): string | undefined {
  let parent = node.parent;
  while (
    parent &&
    (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))
  )
    parent = parent.parent;
  if (!parent) return undefined;
  if (ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyDeclaration(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isPropertyAssignment(parent) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    const target = dottedName(parent.left);
    return target?.[target.length - 1];
  }
  return undefined;
}

/** Calls `callback` on `root` and every node below it, parents before children. */
export function forEachNode(root: ts.Node, callback: (node: ts.Node) => void): void {
  const visit = (node: ts.Node): void => {
    callback(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
}
