// Constant folding for key values and table names: literals, templates and concatenations of
// constants, `const` bindings (also imported), enum members, members of constant objects.
import * as ts from 'typescript';
import type { Bindings, Declaration } from './bindings';
import { HOLE } from './hole';
import { findProperty, skipOuterExpressions } from './nodes';

export { HOLE };

export type ConstantValue = string | number | boolean;

/** What `X` can be in `X.member`: an enum, a constant object literal, or a local module's exports. */
type Container = ts.EnumDeclaration | ts.ObjectLiteralExpression | ts.SourceFile;

const MAX_DEPTH = 24;

export class Constants {
  constructor(private readonly bindings: Bindings) {}

  /** The value of `expr` when it is the same on every evaluation; `undefined` otherwise. */
  valueOf(expr: ts.Expression, depth = 0): ConstantValue | undefined {
    const r = this.fold(expr, depth, false);
    return r === undefined || (typeof r === 'string' && r.includes(HOLE)) ? undefined : r;
  }

  /** Like `valueOf` for strings, but non-constant parts become `HOLE` instead of failing. */
  patternOf(expr: ts.Expression, depth = 0): string | undefined {
    const r = this.fold(expr, depth, true);
    return r === undefined ? undefined : String(r);
  }

  private fold(expr: ts.Expression, depth: number, holes: boolean): ConstantValue | undefined {
    if (depth > MAX_DEPTH) return holes ? HOLE : undefined;
    const e = skipOuterExpressions(expr);
    const hole = holes ? HOLE : undefined;
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return e.text;
    if (ts.isNumericLiteral(e)) return Number(e.text);
    if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
    if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand))
      return -Number(e.operand.text);
    if (ts.isTemplateExpression(e)) {
      let out = e.head.text;
      for (const span of e.templateSpans) {
        const v = this.fold(span.expression, depth + 1, holes);
        if (v === undefined) return hole;
        out += String(v) + span.literal.text;
      }
      return out;
    }
    if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusToken) {
      const l = this.fold(e.left, depth + 1, holes);
      const r = this.fold(e.right, depth + 1, holes);
      if (l === undefined || r === undefined) return hole;
      if (typeof l === 'number' && typeof r === 'number') return l + r;
      return String(l) + String(r);
    }
    if (ts.isIdentifier(e)) {
      const decl = this.bindings.lookup(e);
      const passed = decl ? this.bindings.passedExpression(decl) : undefined;
      if (passed) return this.fold(passed, depth + 1, holes);
      return decl ? this.foldDeclaration(decl, depth + 1, holes) : hole;
    }
    if (
      ts.isPropertyAccessExpression(e) ||
      (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression))
    ) {
      const passed = ts.isPropertyAccessExpression(e) ? this.bindings.passedOf(e) : undefined;
      if (passed) return this.fold(passed, depth + 1, holes);
      const name = ts.isPropertyAccessExpression(e) ? e.name.text : (e.argumentExpression as ts.StringLiteralLike).text;
      const owner = this.containerOf(e.expression, depth + 1);
      return owner ? this.foldMember(owner, name, depth + 1, holes) : hole;
    }
    return hole;
  }

  private foldMember(owner: Container, name: string, depth: number, holes: boolean): ConstantValue | undefined {
    const hole = holes ? HOLE : undefined;
    if (ts.isEnumDeclaration(owner)) return this.enumMember(owner, name, depth + 1) ?? hole;
    if (ts.isSourceFile(owner)) {
      const found = this.bindings.findExport(owner, name);
      return found && 'decl' in found ? this.foldDeclaration(found.decl, depth + 1, holes) : hole;
    }
    const prop = findProperty(owner, name);
    if (prop && ts.isPropertyAssignment(prop)) return this.fold(prop.initializer, depth + 1, holes);
    if (prop && ts.isShorthandPropertyAssignment(prop)) return this.fold(prop.name, depth + 1, holes);
    return hole;
  }

  private foldDeclaration(decl: Declaration, depth: number, holes: boolean): ConstantValue | undefined {
    const hole = holes ? HOLE : undefined;
    if (depth > MAX_DEPTH) return hole;
    if (decl.kind === 'import') {
      const r = this.bindings.resolveImport(decl, depth);
      return 'decl' in r ? this.foldDeclaration(r.decl, depth + 1, holes) : hole;
    }
    if (decl.kind === 'exported') return this.fold(decl.expr, depth + 1, holes);
    if (decl.kind !== 'variable' || !decl.isConst || !decl.decl.initializer) return hole;
    if (decl.path.length === 0) return this.fold(decl.decl.initializer, depth + 1, holes);
    // `const { ORDERS } = KEYS` destructures a constant object (or a required module).
    let owner = this.containerOf(decl.decl.initializer, depth + 1);
    for (let i = 0; i < decl.path.length; i++) {
      if (!owner) return hole;
      const name = decl.path[i] as string;
      if (i === decl.path.length - 1) return this.foldMember(owner, name, depth + 1, holes);
      owner = this.memberContainer(owner, name, depth + 1);
    }
    return hole;
  }

  /** The enum, constant object literal or local module an expression names (`Keys` in `Keys.ORDERS`). */
  private containerOf(expr: ts.Expression, depth: number): Container | undefined {
    if (depth > MAX_DEPTH) return undefined;
    const e = skipOuterExpressions(expr);
    if (ts.isIdentifier(e)) {
      const decl = this.bindings.lookup(e);
      return decl ? this.containerOfDeclaration(decl, depth + 1) : undefined;
    }
    if (ts.isPropertyAccessExpression(e)) {
      const owner = this.containerOf(e.expression, depth + 1);
      return owner ? this.memberContainer(owner, e.name.text, depth + 1) : undefined;
    }
    if (ts.isObjectLiteralExpression(e)) return e;
    return this.bindings.requiredFile(e);
  }

  private containerOfDeclaration(decl: Declaration, depth: number): Container | undefined {
    if (depth > MAX_DEPTH) return undefined;
    switch (decl.kind) {
      case 'import': {
        const file = this.bindings.namespaceFile(decl);
        if (file) return file;
        const r = this.bindings.resolveImport(decl, depth);
        return 'decl' in r ? this.containerOfDeclaration(r.decl, depth + 1) : undefined;
      }
      case 'enum':
        return decl.node;
      case 'exported':
        return this.containerOf(decl.expr, depth + 1);
      case 'variable': {
        if (!decl.isConst || !decl.decl.initializer) return undefined;
        let owner = this.containerOf(decl.decl.initializer, depth + 1);
        for (const name of decl.path) owner = owner ? this.memberContainer(owner, name, depth + 1) : undefined;
        return owner;
      }
      default:
        return undefined;
    }
  }

  private memberContainer(owner: Container, name: string, depth: number): Container | undefined {
    if (ts.isEnumDeclaration(owner)) return undefined;
    if (ts.isSourceFile(owner)) {
      const found = this.bindings.findExport(owner, name);
      return found && 'decl' in found ? this.containerOfDeclaration(found.decl, depth + 1) : undefined;
    }
    const prop = findProperty(owner, name);
    if (prop && ts.isPropertyAssignment(prop)) return this.containerOf(prop.initializer, depth + 1);
    if (prop && ts.isShorthandPropertyAssignment(prop)) return this.containerOf(prop.name, depth + 1);
    return undefined;
  }

  private enumMember(en: ts.EnumDeclaration, name: string, depth: number): ConstantValue | undefined {
    let next = 0;
    for (const m of en.members) {
      let value: ConstantValue | undefined;
      if (m.initializer) value = this.valueOf(m.initializer, depth + 1);
      else value = next;
      if (typeof value === 'number') next = value + 1;
      const memberName = ts.isIdentifier(m.name) || ts.isStringLiteral(m.name) ? m.name.text : undefined;
      if (memberName === name) return value;
    }
    return undefined;
  }
}

/** `process.env.X`, `process.env['X']` (through `!`, `??`, `||` defaults): the variable name. */
export function envVarName(expr: ts.Expression): string | undefined {
  const e = skipOuterExpressions(expr);
  if (
    ts.isBinaryExpression(e) &&
    (e.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken || e.operatorToken.kind === ts.SyntaxKind.BarBarToken)
  ) {
    return envVarName(e.left);
  }
  let owner: ts.Expression | undefined;
  let name: string | undefined;
  if (ts.isPropertyAccessExpression(e)) {
    owner = e.expression;
    name = e.name.text;
  } else if (ts.isElementAccessExpression(e) && ts.isStringLiteralLike(e.argumentExpression)) {
    owner = e.expression;
    name = e.argumentExpression.text;
  }
  if (!owner || name === undefined) return undefined;
  const o = skipOuterExpressions(owner);
  if (
    ts.isPropertyAccessExpression(o) &&
    o.name.text === 'env' &&
    ts.isIdentifier(o.expression) &&
    o.expression.text === 'process'
  )
    return name;
  if (ts.isPropertyAccessExpression(o) && o.name.text === 'env' && ts.isMetaProperty(o.expression)) return name; // import.meta.env
  return undefined;
}
