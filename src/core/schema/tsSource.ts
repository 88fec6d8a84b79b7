// Reads JS/TS sources for the schema readers: one parse, which module each imported name comes
// from, and object literals folded to plain template values (consts inlined, the rest kept as text).
import * as ts from 'typescript';
import { parseSource } from '../syntax/parse';
import type { TemplateObject, TemplateValue } from './templateDocument';

/** Where a local name was imported from: `*`/`default` for namespace and default imports. */
export interface ImportBinding {
  module: string;
  imported: string;
}

export interface TsFile {
  file: string;
  sourceFile: ts.SourceFile;
  imports: Map<string, ImportBinding>;
  /** Initializers of `const` declarations by name (first one wins), for folding identifiers. */
  consts: Map<string, ts.Expression>;
}

/** Marks an expression that is not a constant: `{ $expr: 'source text' }`. */
export const EXPR_KEY = '$expr';

export function parseTsFile(file: string, text: string): TsFile {
  const sourceFile = parseSource(file, text);
  const imports = new Map<string, ImportBinding>();
  const consts = new Map<string, ts.Expression>();
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const module = node.moduleSpecifier.text;
      const clause = node.importClause;
      if (clause?.name) imports.set(clause.name.text, { module, imported: 'default' });
      const bindings = clause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) imports.set(bindings.name.text, { module, imported: '*' });
      if (bindings && ts.isNamedImports(bindings)) {
        for (const element of bindings.elements) imports.set(element.name.text, { module, imported: (element.propertyName ?? element.name).text });
      }
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      imports.set(node.name.text, { module: node.moduleReference.expression.text, imported: '*' });
    } else if (ts.isVariableDeclaration(node) && node.initializer) {
      const module = requiredModule(node.initializer);
      if (module !== undefined && ts.isIdentifier(node.name)) imports.set(node.name.text, { module, imported: '*' });
      else if (module !== undefined && ts.isObjectBindingPattern(node.name)) {
        for (const element of node.name.elements) {
          if (!ts.isIdentifier(element.name)) continue;
          const imported = element.propertyName && ts.isIdentifier(element.propertyName) ? element.propertyName.text : element.name.text;
          imports.set(element.name.text, { module, imported });
        }
      } else if (ts.isIdentifier(node.name) && ts.getCombinedNodeFlags(node) & ts.NodeFlags.Const && !consts.has(node.name.text)) {
        consts.set(node.name.text, node.initializer);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return { file, sourceFile, imports, consts };
}

function requiredModule(expr: ts.Expression): string | undefined {
  const inner = unwrap(expr);
  if (ts.isCallExpression(inner) && ts.isIdentifier(inner.expression) && inner.expression.text === 'require') {
    const arg = inner.arguments[0];
    if (arg && ts.isStringLiteral(arg)) return arg.text;
  }
  // `require('aws-cdk-lib').aws_dynamodb`
  if (ts.isPropertyAccessExpression(inner)) {
    const base = requiredModule(inner.expression);
    if (base !== undefined) return `${base}#${inner.name.text}`;
  }
  return undefined;
}

export function unwrap(expr: ts.Expression): ts.Expression {
  let current = expr;
  while (ts.isParenthesizedExpression(current) || ts.isAsExpression(current) || ts.isSatisfiesExpression(current) || ts.isNonNullExpression(current) || ts.isTypeAssertionExpression(current)) {
    current = current.expression;
  }
  return current;
}

/** `a.b.c` as ['a', 'b', 'c']; `this.x` as ['this', 'x']; undefined for anything else. */
export function dottedName(expr: ts.Expression): string[] | undefined {
  const inner = unwrap(expr);
  if (ts.isIdentifier(inner)) return [inner.text];
  if (inner.kind === ts.SyntaxKind.ThisKeyword) return ['this'];
  if (ts.isPropertyAccessExpression(inner)) {
    const base = dottedName(inner.expression);
    return base ? [...base, inner.name.text] : undefined;
  }
  return undefined;
}

/**
 * The module and exported name a constructor/function reference resolves to through the imports:
 * `new dynamodb.Table` → aws-cdk-lib/aws-dynamodb + Table. `aws-cdk-lib`'s `aws_x` namespaces are
 * mapped to their `aws-cdk-lib/aws-x` submodule.
 */
export function resolveReference(tsFile: TsFile, expr: ts.Expression): { module: string; name: string } | undefined {
  const parts = dottedName(expr);
  if (!parts || parts.length === 0) return undefined;
  const binding = tsFile.imports.get(parts[0] as string);
  if (!binding) return undefined;
  let module = binding.module;
  let rest = parts.slice(1);
  const hash = module.indexOf('#');
  if (hash >= 0) {
    rest = [module.slice(hash + 1), ...rest];
    module = module.slice(0, hash);
  }
  if (binding.imported !== '*' && binding.imported !== 'default') rest = [binding.imported, ...rest];
  if (module === 'aws-cdk-lib' && rest[0]?.startsWith('aws_')) {
    module = `aws-cdk-lib/${rest[0].replace(/_/g, '-')}`;
    rest = rest.slice(1);
  }
  const name = rest[rest.length - 1] ?? (binding.imported === 'default' ? 'default' : undefined);
  return name === undefined ? undefined : { module, name };
}

/** Folds an expression to a plain value: literals, consts (also objects and arrays), else `{ $expr }`. */
export function toValue(tsFile: TsFile, expr: ts.Expression, depth = 0): TemplateValue {
  const node = unwrap(expr);
  if (depth > 20) return exprText(tsFile, node);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (node.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isTemplateExpression(node)) {
    let text = node.head.text;
    for (const span of node.templateSpans) {
      const value = toValue(tsFile, span.expression, depth + 1);
      text += typeof value === 'string' || typeof value === 'number' ? String(value) : `\${${span.expression.getText(tsFile.sourceFile)}}`;
      text += span.literal.text;
    }
    return text;
  }
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const left = toValue(tsFile, node.left, depth + 1);
    const right = toValue(tsFile, node.right, depth + 1);
    if ((typeof left === 'string' || typeof left === 'number') && (typeof right === 'string' || typeof right === 'number')) return `${left}${right}`;
    return exprText(tsFile, node);
  }
  if (ts.isIdentifier(node)) {
    const init = tsFile.consts.get(node.text);
    return init && init !== expr ? toValue(tsFile, init, depth + 1) : exprText(tsFile, node);
  }
  if (ts.isArrayLiteralExpression(node)) return node.elements.filter((e) => !ts.isSpreadElement(e)).map((e) => toValue(tsFile, e, depth + 1));
  if (ts.isObjectLiteralExpression(node)) {
    const obj: TemplateObject = {};
    for (const property of node.properties) {
      const key = property.name ? propertyName(property.name) : undefined;
      if (key === undefined) continue;
      if (ts.isPropertyAssignment(property)) obj[key] = toValue(tsFile, property.initializer, depth + 1);
      else if (ts.isShorthandPropertyAssignment(property)) obj[key] = toValue(tsFile, property.name, depth + 1);
    }
    return obj;
  }
  return exprText(tsFile, node);
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

function propertyName(name: ts.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

/** The name a `new`/call result is stored under: `const x = ...`, `this.x = ...`, `x = ...`, class field `x = ...`. */
export function assignedName(node: ts.Node): string | undefined {
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent) || ts.isSatisfiesExpression(parent))) parent = parent.parent;
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

export function forEachNode(root: ts.Node, callback: (node: ts.Node) => void): void {
  const visit = (node: ts.Node): void => {
    callback(node);
    ts.forEachChild(node, visit);
  };
  visit(root);
}
