// The syntax a fix edits around a finding: the DynamoDB call it sits in, the request object literal,
// and how the command class was imported (so a renamed command gets its import fixed too).
import * as ts from 'typescript';
import { propertyName, skipOuterExpressions } from '../syntax/nodes';

/** The outermost node that spans [offset, endOffset) exactly, or else the innermost that contains `offset`. */
export function nodeAt(sf: ts.SourceFile, offset: number, endOffset?: number): ts.Node | undefined {
  let innermost: ts.Node | undefined;
  let exact: ts.Node | undefined;
  const visit = (node: ts.Node): void => {
    const start = node.getStart(sf);
    if (offset < start || offset >= node.end) return;
    innermost = node;
    if (!exact && start === offset && node.end === endOffset) exact = node;
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return exact ?? innermost;
}

/** `new X(...)` or `new ns.X(...)`: the written class name node. */
export function newExpressionName(node: ts.NewExpression): ts.Identifier | undefined {
  const callee = skipOuterExpressions(node.expression);
  if (ts.isIdentifier(callee)) return callee;
  if (ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.name)) return callee.name;
  return undefined;
}

/** The nearest `new <Command>(...)` around `node` whose written or bound name is `commandName` or an alias of it. */
export function enclosingCommand(sf: ts.SourceFile, node: ts.Node, commandName: string): ts.NewExpression | undefined {
  for (let cur: ts.Node | undefined = node; cur; cur = cur.parent) {
    if (!ts.isNewExpression(cur)) continue;
    const name = newExpressionName(cur);
    if (!name) continue;
    if (name.text === commandName) return cur;
    const binding = commandBinding(sf, name);
    if (binding?.imported === commandName) return cur;
  }
  return undefined;
}

/** How a command name used in code was brought into the file. */
export type CommandBinding =
  | {
      kind: 'named';
      module: string;
      imported: string;
      declaration: ts.ImportDeclaration;
      specifier: ts.ImportSpecifier;
    }
  | { kind: 'namespace'; module: string; imported: string; namespace: string }
  | { kind: 'require'; module: string; imported: string; pattern: ts.ObjectBindingPattern; element: ts.BindingElement };

/** Resolves `ScanCommand`, `DocScan` (an alias) or `ddb.ScanCommand` to its import, by the file's own top-level imports. */
export function commandBinding(sf: ts.SourceFile, name: ts.Identifier): CommandBinding | undefined {
  const parent = name.parent;
  if (parent && ts.isPropertyAccessExpression(parent) && parent.name === name && ts.isIdentifier(parent.expression)) {
    const ns = parent.expression.text;
    for (const stmt of sf.statements) {
      if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
      const bindings = stmt.importClause?.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === ns)
        return { kind: 'namespace', module: stmt.moduleSpecifier.text, imported: name.text, namespace: ns };
    }
    const required = requireOf(sf, ns);
    return required && ts.isIdentifier(required.name)
      ? { kind: 'namespace', module: required.module, imported: name.text, namespace: ns }
      : undefined;
  }
  for (const stmt of sf.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    const bindings = stmt.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    for (const specifier of bindings.elements) {
      if (specifier.name.text === name.text)
        return {
          kind: 'named',
          module: stmt.moduleSpecifier.text,
          imported: (specifier.propertyName ?? specifier.name).text,
          declaration: stmt,
          specifier,
        };
    }
  }
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      const module = requireCall(decl.initializer);
      if (!module || !ts.isObjectBindingPattern(decl.name)) continue;
      for (const element of decl.name.elements) {
        if (ts.isIdentifier(element.name) && element.name.text === name.text) {
          const imported =
            element.propertyName && ts.isIdentifier(element.propertyName)
              ? element.propertyName.text
              : element.name.text;
          return { kind: 'require', module, imported, pattern: decl.name, element };
        }
      }
    }
  }
  return undefined;
}

function requireOf(sf: ts.SourceFile, localName: string): { module: string; name: ts.BindingName } | undefined {
  for (const stmt of sf.statements) {
    if (!ts.isVariableStatement(stmt)) continue;
    for (const decl of stmt.declarationList.declarations) {
      const module = requireCall(decl.initializer);
      if (module && ts.isIdentifier(decl.name) && decl.name.text === localName) return { module, name: decl.name };
    }
  }
  return undefined;
}

function requireCall(e: ts.Expression | undefined): string | undefined {
  const c = e ? skipOuterExpressions(e) : undefined;
  if (!c || !ts.isCallExpression(c) || !ts.isIdentifier(c.expression) || c.expression.text !== 'require')
    return undefined;
  const arg = c.arguments[0];
  return arg && ts.isStringLiteral(arg) ? arg.text : undefined;
}

/** The local name under which `imported` from `module` is already available, if it is. */
export function localNameOf(sf: ts.SourceFile, module: string, imported: string): string | undefined {
  for (const stmt of sf.statements) {
    if (
      ts.isImportDeclaration(stmt) &&
      ts.isStringLiteral(stmt.moduleSpecifier) &&
      stmt.moduleSpecifier.text === module
    ) {
      const bindings = stmt.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const spec = bindings.elements.find((s) => (s.propertyName ?? s.name).text === imported && !s.isTypeOnly);
        if (spec && !stmt.importClause?.isTypeOnly) return spec.name.text;
      }
    }
    if (ts.isVariableStatement(stmt)) {
      for (const decl of stmt.declarationList.declarations) {
        if (requireCall(decl.initializer) !== module || !ts.isObjectBindingPattern(decl.name)) continue;
        for (const el of decl.name.elements) {
          const name =
            el.propertyName && ts.isIdentifier(el.propertyName)
              ? el.propertyName.text
              : ts.isIdentifier(el.name)
                ? el.name.text
                : undefined;
          if (name === imported && ts.isIdentifier(el.name)) return el.name.text;
        }
      }
    }
  }
  return undefined;
}

/** Identifier references of `name` in the file, leaving out property names and the declaration `except`. */
export function referencesOf(sf: ts.SourceFile, name: string, except?: ts.Node): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && node.text === name && node !== except && !isPropertyNamePosition(node)) out.push(node);
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return out;
}

function isPropertyNamePosition(id: ts.Identifier): boolean {
  const p = id.parent;
  if (!p) return false;
  if (ts.isPropertyAccessExpression(p) && p.name === id) return true;
  if (
    (ts.isPropertyAssignment(p) ||
      ts.isMethodDeclaration(p) ||
      ts.isPropertyDeclaration(p) ||
      ts.isPropertySignature(p)) &&
    p.name === id
  )
    return true;
  if (ts.isImportSpecifier(p) && p.propertyName === id) return true;
  if (ts.isBindingElement(p) && p.propertyName === id) return true;
  return false;
}

/** The request object literal an argument is: inline, or a `const` of this file initialised with one. */
export function requestLiteral(
  sf: ts.SourceFile,
  arg: ts.Expression | undefined,
): ts.ObjectLiteralExpression | undefined {
  if (!arg) return undefined;
  const e = skipOuterExpressions(arg);
  if (ts.isObjectLiteralExpression(e)) return e;
  if (!ts.isIdentifier(e)) return undefined;
  const decls: ts.VariableDeclaration[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === e.text) decls.push(node);
    node.forEachChild(visit);
  };
  sf.forEachChild(visit);
  // Two declarations of the name (shadowing) make it unclear which one the call reads.
  if (decls.length !== 1) return undefined;
  const decl = decls[0] as ts.VariableDeclaration;
  const init = decl.initializer ? skipOuterExpressions(decl.initializer) : undefined;
  const isConst = (decl.parent.flags & ts.NodeFlags.Const) !== 0;
  return isConst && init && ts.isObjectLiteralExpression(init) ? init : undefined;
}

export function property(obj: ts.ObjectLiteralExpression, name: string): ts.PropertyAssignment | undefined {
  let found: ts.PropertyAssignment | undefined;
  for (const p of obj.properties) if (propertyName(p) === name && ts.isPropertyAssignment(p)) found = p;
  return found;
}

export function hasProperty(obj: ts.ObjectLiteralExpression, name: string): boolean {
  return obj.properties.some((p) => propertyName(p) === name) || obj.properties.some(ts.isSpreadAssignment);
}

/** Text of a string literal or a template without substitutions, with its quote character. */
export function stringValue(e: ts.Expression | undefined): { text: string; quote: string } | undefined {
  const s = e ? skipOuterExpressions(e) : undefined;
  if (!s) return undefined;
  if (ts.isStringLiteral(s)) return { text: s.text, quote: s.getText().charAt(0) };
  if (ts.isNoSubstitutionTemplateLiteral(s)) return { text: s.text, quote: '`' };
  return undefined;
}

/** A string literal in the given quote style. */
export function quoted(text: string, quote: string): string {
  if (quote === '`') return `\`${text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${')}\``;
  const q = quote === '"' ? '"' : "'";
  return q + text.replace(/\\/g, '\\\\').replace(new RegExp(q, 'g'), `\\${q}`).replace(/\n/g, '\\n') + q;
}

/** `base`, or `base2`, `base3`, … when the enclosing function (or file) already uses that name. */
export function freshName(scope: ts.Node, base: string): string {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node)) used.add(node.text);
    node.forEachChild(visit);
  };
  visit(scope);
  if (!used.has(base)) return base;
  for (let i = 2; ; i++) if (!used.has(`${base}${i}`)) return `${base}${i}`;
}

export function isTypeScriptFile(fileName: string): boolean {
  return /\.[cm]?tsx?$/i.test(fileName);
}

/** Edits that make `wanted` from `binding.module` available under its own name; reuses an existing import. */
export function importEdits(
  sf: ts.SourceFile,
  binding: CommandBinding,
  wanted: string,
  options: { typeOnly?: boolean } = {},
): { name: string; edits: { offset: number; endOffset: number; text: string }[] } {
  if (binding.kind === 'namespace') return { name: `${binding.namespace}.${wanted}`, edits: [] };
  const existing = options.typeOnly
    ? typeLocalNameOf(sf, binding.module, wanted)
    : localNameOf(sf, binding.module, wanted);
  if (existing) return { name: existing, edits: [] };
  if (binding.kind === 'named') {
    const spec = binding.specifier;
    const text = options.typeOnly && !binding.declaration.importClause?.isTypeOnly ? `type ${wanted}` : wanted;
    return { name: wanted, edits: [{ offset: spec.end, endOffset: spec.end, text: `, ${text}` }] };
  }
  if (options.typeOnly) return { name: wanted, edits: [] };
  return {
    name: wanted,
    edits: [{ offset: binding.element.end, endOffset: binding.element.end, text: `, ${wanted}` }],
  };
}

function typeLocalNameOf(sf: ts.SourceFile, module: string, imported: string): string | undefined {
  for (const stmt of sf.statements) {
    if (
      !ts.isImportDeclaration(stmt) ||
      !ts.isStringLiteral(stmt.moduleSpecifier) ||
      stmt.moduleSpecifier.text !== module
    )
      continue;
    const bindings = stmt.importClause?.namedBindings;
    if (!bindings || !ts.isNamedImports(bindings)) continue;
    const spec = bindings.elements.find((s) => (s.propertyName ?? s.name).text === imported);
    if (spec) return spec.name.text;
  }
  return undefined;
}

/** Removes one specifier (and one adjacent comma) from a named import or a require destructuring. */
export function removeListElement(
  sf: ts.SourceFile,
  list: ts.NodeArray<ts.Node>,
  element: ts.Node,
): { offset: number; endOffset: number; text: string } {
  const i = list.indexOf(element);
  const text = sf.text;
  if (i < list.length - 1) {
    const next = list[i + 1] as ts.Node;
    return { offset: element.getStart(sf), endOffset: next.getStart(sf), text: '' };
  }
  if (i > 0) {
    const prev = list[i - 1] as ts.Node;
    return { offset: prev.end, endOffset: element.end, text: '' };
  }
  return {
    offset: element.getStart(sf),
    endOffset: element.end + (text.charAt(element.end) === ',' ? 1 : 0),
    text: '',
  };
}
