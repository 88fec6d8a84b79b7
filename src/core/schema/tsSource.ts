// Reads JS/TS sources for the schema readers on top of core/syntax: one parse and one binding
// resolver per file, the module and export a constructor names, and expressions folded to plain
// template values (constants inlined, the rest kept as source text).
import * as ts from 'typescript';
import { Bindings, type ModuleLoader } from '../syntax/bindings';
import { Constants } from '../syntax/constants';
import { propertyName, skipOuterExpressions } from '../syntax/nodes';
import { parseSource } from '../syntax/parse';
import type { TemplateObject, TemplateValue } from './templateDocument';

export interface TsFile {
  file: string;
  sourceFile: ts.SourceFile;
  bindings: Bindings;
  constants: Constants;
}

/** Marks an expression that is not a constant: `{ $expr: 'source text' }`. */
export const EXPR_KEY = '$expr';
const MAX_DEPTH = 20;

/**
 * Without `modules` a schema reader sees one file at a time; with it, imports of the project's own
 * modules are followed (a `Table` re-exported by a local module or workspace package).
 */
export function parseTsFile(file: string, text: string, modules?: ModuleLoader): TsFile {
  const sourceFile = parseSource(file, text);
  const bindings = new Bindings(modules, () => undefined);
  return { file, sourceFile, bindings, constants: new Constants(bindings) };
}

/**
 * The module and exported name a constructor/function reference resolves to through the imports:
 * `new dynamodb.Table` → aws-cdk-lib/aws-dynamodb + Table. `aws-cdk-lib`'s `aws_x` namespaces are
 * mapped to their `aws-cdk-lib/aws-x` submodule.
 */
export function resolveReference(tsFile: TsFile, expr: ts.Expression): { module: string; name: string } | undefined {
  const value = tsFile.bindings.valueOf(expr);
  if (value.kind !== 'export') return undefined;
  let module = value.module;
  let path = value.path.split('.');
  if (module === 'aws-cdk-lib' && path[0]?.startsWith('aws_') && path.length > 1) {
    module = `aws-cdk-lib/${path[0].replace(/_/g, '-')}`;
    path = path.slice(1);
  }
  const name = path[path.length - 1];
  return name === undefined ? undefined : { module, name };
}

/** The initializer of the `const` a name is bound to (`const x = <init>`), if it is one. */
export function constInitializer(tsFile: TsFile, id: ts.Identifier): ts.Expression | undefined {
  const decl = tsFile.bindings.lookup(id);
  return decl?.kind === 'variable' && decl.isConst && decl.path.length === 0 ? decl.decl.initializer : undefined;
}

/** Folds an expression to a plain value: constants, object and array literals (also through consts), else `{ $expr }`. */
export function toValue(tsFile: TsFile, expr: ts.Expression, depth = 0): TemplateValue {
  const node = skipOuterExpressions(expr);
  if (depth > MAX_DEPTH) return exprText(tsFile, node);
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  const constant = tsFile.constants.valueOf(node);
  if (constant !== undefined) return constant;
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = toValue(tsFile, span.expression, depth + 1);
      text +=
        typeof value === 'string' || typeof value === 'number'
          ? String(value)
          : `\${${span.expression.getText(tsFile.sourceFile)}}`;
      text += span.literal.text;
    }
    return text;
  }
  // A concatenation with a partly constant side keeps that side's text: `${prefix}-orders`.
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = toValue(tsFile, node.left, depth + 1);
    const right = toValue(tsFile, node.right, depth + 1);
    if (
      (typeof left === 'string' || typeof left === 'number') &&
      (typeof right === 'string' || typeof right === 'number')
    )
      return `${left}${right}`;
    return exprText(tsFile, node);
  }
  if (ts.isIdentifier(node)) {
    const init = constInitializer(tsFile, node);
    return init && init !== expr ? toValue(tsFile, init, depth + 1) : exprText(tsFile, node);
  }
  if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
    const init = readonlyFieldInitializer(node);
    if (init) return toValue(tsFile, init, depth + 1);
  }
  // `hook ? hook(config) : config`: a definition an optional hook may adjust keeps its literal shape.
  if (ts.isConditionalExpression(node)) {
    const branches = [node.whenTrue, node.whenFalse].map((b) => toValue(tsFile, b, depth + 1));
    const objects = branches.filter(
      (b) => typeof b === 'object' && b !== null && !Array.isArray(b) && !(EXPR_KEY in b),
    );
    if (objects.length === 1) return objects[0] as TemplateValue;
    return exprText(tsFile, node);
  }
  if (ts.isArrayLiteralExpression(node))
    return node.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => toValue(tsFile, e, depth + 1));
  if (ts.isObjectLiteralExpression(node)) {
    const obj: TemplateObject = {};
    for (const property of node.properties) {
      const key = propertyName(property);
      if (key === undefined) continue;
      if (ts.isPropertyAssignment(property)) obj[key] = toValue(tsFile, property.initializer, depth + 1);
      else if (ts.isShorthandPropertyAssignment(property)) obj[key] = toValue(tsFile, property.name, depth + 1);
    }
    return obj;
  }
  return exprText(tsFile, node);
}

/**
 * `this.indexName` in a class declaring `readonly indexName = 'by_status'`: the field's initializer,
 * when no statement of the class assigns the field again (a constructor may).
 */
function readonlyFieldInitializer(access: ts.PropertyAccessExpression): ts.Expression | undefined {
  let cls: ts.Node | undefined = access.parent;
  // Arrow functions keep `this`; other functions rebind it.
  while (cls && !ts.isClassLike(cls)) {
    if (ts.isFunctionExpression(cls) || ts.isFunctionDeclaration(cls)) return undefined;
    cls = cls.parent;
  }
  if (!cls || !ts.isClassLike(cls)) return undefined;
  const name = access.name.text;
  const field = cls.members.find(
    (m): m is ts.PropertyDeclaration =>
      ts.isPropertyDeclaration(m) &&
      !!m.initializer &&
      ts.isIdentifier(m.name) &&
      m.name.text === name &&
      isReadonlyInstanceField(m),
  );
  if (!field?.initializer) return undefined;
  let reassigned = false;
  const visit = (n: ts.Node): void => {
    if (reassigned) return;
    if (
      ts.isBinaryExpression(n) &&
      n.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(n.left) &&
      n.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
      n.left.name.text === name
    )
      reassigned = true;
    else ts.forEachChild(n, visit);
  };
  ts.forEachChild(cls, visit);
  return reassigned ? undefined : field.initializer;
}

function isReadonlyInstanceField(field: ts.PropertyDeclaration): boolean {
  const modifiers = ts.getModifiers(field) ?? [];
  return (
    modifiers.some((m) => m.kind === ts.SyntaxKind.ReadonlyKeyword) &&
    !modifiers.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)
  );
}

function exprText(tsFile: TsFile, node: ts.Node): TemplateObject {
  return { [EXPR_KEY]: node.getText(tsFile.sourceFile) };
}

/** Source text of a non-constant value, or undefined for constants. */
export function expressionText(value: TemplateValue | undefined): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const text = value[EXPR_KEY];
  return typeof text === 'string' ? text : undefined;
}

/** The env var a value reads (`process.env.X`, `process.env['X']`), if any. */
export function envVarOf(value: TemplateValue | undefined): string | undefined {
  const text = expressionText(value);
  const match = text && /^process\.env(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[\s*['"]([^'"]+)['"]\s*\])/.exec(text);
  return match ? (match[1] ?? match[2]) : undefined;
}
