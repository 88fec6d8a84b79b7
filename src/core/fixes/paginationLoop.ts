// Fix for a Scan or Query whose caller reads one page only: `const out = await client.send(new
// ScanCommand(...))` becomes a do/while loop over LastEvaluatedKey that collects every page's items.
import * as ts from 'typescript';
import { skipOuterExpressions } from '../syntax/nodes';
import type { Finding } from '../analyzer/finding';
import {
  commandBinding,
  enclosingCommand,
  freshName,
  importEdits,
  isTypeScriptFile,
  newExpressionName,
  nodeAt,
  referencesOf,
} from './operationSyntax';
import { indentationAt, indentUnit, newlineOf, type Fix, type TextEdit } from './textEdits';

const PAGED_COMMANDS = new Set(['ScanCommand', 'QueryCommand']);

export function paginationLoopFix(sf: ts.SourceFile, finding: Finding): Fix | undefined {
  const operation = finding.data?.operation;
  if (!operation || !PAGED_COMMANDS.has(operation) || finding.data?.paginated === true) return undefined;
  const at = nodeAt(sf, finding.offset, finding.endOffset);
  const command = at ? enclosingCommand(sf, at, operation) : undefined;
  if (!command) return undefined;
  const site = awaitedSend(command);
  if (!site) return undefined;
  const scope = ts.findAncestor(site.statement, ts.isFunctionLike) ?? sf;
  // Code that already mentions either key pages in some way of its own; leave it alone.
  if (/\b(LastEvaluatedKey|ExclusiveStartKey)\b/.test(scope.getText(sf))) return undefined;
  const uses = itemsUses(sf, site.declaration, scope);
  if (!uses) return undefined;

  const names = {
    items: freshName(scope, 'items'),
    key: freshName(scope, 'lastEvaluatedKey'),
    page: freshName(scope, 'page'),
  };
  const edits: TextEdit[] = [];
  let itemsType = '';
  let keyType = '';
  if (isTypeScriptFile(sf.fileName)) {
    const commandName = newExpressionName(command);
    const binding = commandName ? commandBinding(sf, commandName) : undefined;
    if (!binding) return undefined;
    const output = importEdits(sf, binding, `${operation}Output`, { typeOnly: true });
    edits.push(...output.edits);
    itemsType = `: NonNullable<${output.name}['Items']>`;
    keyType = `: ${output.name}['LastEvaluatedKey']`;
  }

  const text = sf.text;
  const nl = newlineOf(text);
  const indent = indentationAt(text, site.statement.getStart(sf));
  const unit = indentUnit(text);
  const commandText = withStartKey(sf, command, names.key);
  if (commandText === undefined) return undefined;
  const sendText = `await ${site.client.getText(sf)}.send(${commandText})`.split(/\r?\n/).join(`${nl}${unit}`);
  const kind = operation === 'ScanCommand' ? 'Scan' : 'Query';
  const loop = [
    `// One ${kind} call returns at most 1 MB; LastEvaluatedKey says where the next page starts.`,
    `const ${names.items}${itemsType} = [];`,
    `let ${names.key}${keyType};`,
    'do {',
    `${unit}const ${names.page} = ${sendText};`,
    `${unit}for (const item of ${names.page}.Items ?? []) ${names.items}.push(item);`,
    `${unit}${names.key} = ${names.page}.LastEvaluatedKey;`,
    `} while (${names.key});`,
  ].join(`${nl}${indent}`);
  edits.push({ offset: site.statement.getStart(sf), endOffset: site.statement.end, text: loop });
  for (const use of uses) edits.push({ offset: use.getStart(sf), endOffset: use.end, text: names.items });
  return { kind: 'pagination-loop', title: `Read every page: loop over LastEvaluatedKey`, edits, preferred: false };
}

interface AwaitedSend {
  statement: ts.VariableStatement;
  declaration: ts.VariableDeclaration & { name: ts.Identifier };
  client: ts.Expression;
}

/** `const out = await client.send(new XCommand(...));` as one statement, or nothing. */
function awaitedSend(command: ts.NewExpression): AwaitedSend | undefined {
  const call = command.parent;
  if (!call || !ts.isCallExpression(call) || call.arguments[0] !== command) return undefined;
  const callee = skipOuterExpressions(call.expression);
  if (!ts.isPropertyAccessExpression(callee) || callee.name.text !== 'send') return undefined;
  let awaited: ts.Node = call;
  while (awaited.parent && ts.isParenthesizedExpression(awaited.parent)) awaited = awaited.parent;
  const aw = awaited.parent;
  if (!aw || !ts.isAwaitExpression(aw)) return undefined;
  const declaration = aw.parent;
  if (
    !declaration ||
    !ts.isVariableDeclaration(declaration) ||
    declaration.initializer !== aw ||
    !ts.isIdentifier(declaration.name)
  )
    return undefined;
  const list = declaration.parent;
  const statement = list.parent;
  if (!ts.isVariableDeclarationList(list) || list.declarations.length !== 1 || !ts.isVariableStatement(statement))
    return undefined;
  if (!ts.isBlock(statement.parent) && !ts.isSourceFile(statement.parent)) return undefined;
  return { statement, declaration: declaration as AwaitedSend['declaration'], client: callee.expression };
}

/**
 * Every read of the result is `out.Items` (or `out.Items ?? []`): the nodes to replace with the
 * collected items. Anything else (Count, LastEvaluatedKey, passing `out` on) makes the loop unclear.
 */
function itemsUses(sf: ts.SourceFile, declaration: AwaitedSend['declaration'], scope: ts.Node): ts.Node[] | undefined {
  const uses: ts.Node[] = [];
  for (const ref of referencesOf(sf, declaration.name.text, declaration.name)) {
    if (!isInside(ref, scope) || ref.pos < declaration.end) continue;
    const access = ref.parent;
    if (!access || !ts.isPropertyAccessExpression(access) || access.expression !== ref || access.name.text !== 'Items')
      return undefined;
    const coalesced = access.parent;
    const op =
      coalesced && ts.isBinaryExpression(coalesced) && coalesced.left === access
        ? coalesced.operatorToken.kind
        : undefined;
    if (op !== undefined && op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment) return undefined;
    const emptyDefault =
      coalesced &&
      ts.isBinaryExpression(coalesced) &&
      coalesced.left === access &&
      coalesced.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken &&
      ts.isArrayLiteralExpression(skipOuterExpressions(coalesced.right)) &&
      (skipOuterExpressions(coalesced.right) as ts.ArrayLiteralExpression).elements.length === 0;
    uses.push(emptyDefault ? coalesced : access);
  }
  return uses.length > 0 ? uses : undefined;
}

function isInside(node: ts.Node, scope: ts.Node): boolean {
  for (let cur: ts.Node | undefined = node; cur; cur = cur.parent) if (cur === scope) return true;
  return false;
}

/** The `new XCommand(...)` text with `ExclusiveStartKey: <key>` added to its request. */
function withStartKey(sf: ts.SourceFile, command: ts.NewExpression, key: string): string | undefined {
  const arg = command.arguments?.[0];
  const start = command.getStart(sf);
  const source = sf.text;
  const splice = (offset: number, endOffset: number, text: string) =>
    source.slice(start, offset) + text + source.slice(endOffset, command.end);
  if (!arg) return undefined;
  const e = skipOuterExpressions(arg);
  if (ts.isIdentifier(e)) return splice(arg.getStart(sf), arg.end, `{ ...${e.text}, ExclusiveStartKey: ${key} }`);
  if (!ts.isObjectLiteralExpression(e)) return undefined;
  const props = e.properties;
  if (props.length === 0) return splice(e.getStart(sf), e.end, `{ ExclusiveStartKey: ${key} }`);
  const last = props[props.length - 1] as ts.ObjectLiteralElementLike;
  const lastStart = last.getStart(sf);
  const ownLine = /^[ \t]*$/.test(source.slice(source.lastIndexOf('\n', lastStart - 1) + 1, lastStart));
  const field = `ExclusiveStartKey: ${key}`;
  return splice(
    last.end,
    last.end,
    ownLine ? `,${newlineOf(source)}${indentationAt(source, lastStart)}${field}` : `, ${field}`,
  );
}
