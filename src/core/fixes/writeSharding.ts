// Fix for a write whose partition key is one constant value: a shard suffix (`ORDERS#3`) spreads the
// writes over WRITE_SHARDS key values. The suffix is computed from the item's sort key when the code
// has one (reads and updates of that item find it again), else random for puts; a comment says that
// reads of the key must now query every shard.
import * as ts from 'typescript';
import { propertyName, skipOuterExpressions } from '../syntax/nodes';
import type { Finding } from '../analyzer/finding';
import { commandKind } from '../analyzer/operations';
import type { TableSchema } from '../schema/keySchema';
import { findTable } from '../schema/mergeSchemas';
import { isTypeScriptFile, nodeAt } from './operationSyntax';
import { indentUnit, lineStartOf, newlineOf, type Fix, type TextEdit } from './textEdits';

export const WRITE_SHARDS = 10;
const SHARDS_NAME = 'WRITE_SHARDS';
const SHARD_FUNCTION = 'writeShard';
const SORT_KEY_NAMES = ['SK', 'sk', 'sortKey', 'SortKey', 'rangeKey', 'RangeKey'];
const SDK_APIS = new Set(['sdk-v3-client', 'sdk-v3-document', 'sdk-v2', 'unresolved']);
const PUT_REQUESTS = new Set(['PutRequest', 'Put']);
const KEYED_REQUESTS = new Set(['DeleteRequest', 'Delete', 'Update', 'Key']);

export function writeShardingFix(sf: ts.SourceFile, finding: Finding, tables: readonly TableSchema[]): Fix | undefined {
  const data = finding.data;
  if (
    finding.rule !== 'single-value-partition-key' ||
    !data?.keyAttribute ||
    data.keyValue === undefined ||
    !SDK_APIS.has(data.api ?? '')
  )
    return undefined;
  const write = writeKind(data.operation ?? '');
  if (!write) return undefined;
  const value = nodeAt(sf, finding.offset, finding.endOffset);
  if (!value || !isShardableValue(value)) return undefined;
  const keyObject = keyObjectOf(value, data.keyAttribute);
  if (!keyObject) return undefined;
  const put = write === 'put' || (write === 'batch' && insideRequest(value, PUT_REQUESTS));
  if (write === 'batch' && !put && !insideRequest(value, KEYED_REQUESTS)) return undefined;
  const sortKey = sortKeyExpression(keyObject, findTable(tables, finding.table ?? '')?.sortKey?.name);
  if (!sortKey && !put) return undefined; // an update or delete must address the shard its item was written to

  const ts_ = isTypeScriptFile(sf.fileName);
  const suffix = sortKey
    ? `${SHARD_FUNCTION}(String(${sortKey.getText(sf)}))`
    : `Math.floor(Math.random() * ${SHARDS_NAME})`;
  const prefix =
    ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)
      ? escapeTemplate(value.text)
      : `\${${value.getText(sf)}}`;
  const sharded = `\`${prefix}#\${${suffix}}\``;
  const edits: TextEdit[] = [];
  const shorthand = ts.isShorthandPropertyAssignment(value.parent) && value.parent.name === value;
  edits.push({
    offset: value.getStart(sf),
    endOffset: value.end,
    text: shorthand ? `${value.getText(sf)}: ${sharded}` : sharded,
  });

  const declarations = shardDeclarations(sf, data.keyValue, Boolean(sortKey), ts_);
  if (declarations) {
    const statement = topLevelStatementOf(value);
    const comments = ts.getLeadingCommentRanges(sf.text, statement.pos);
    const at = lineStartOf(sf.text, comments?.[0]?.pos ?? statement.getStart(sf));
    const nl = newlineOf(sf.text);
    edits.push({ offset: at, endOffset: at, text: declarations.join(nl) + nl + nl });
  }
  const how = sortKey ? 'a suffix computed from the sort key' : 'a random suffix';
  return {
    kind: 'write-sharding',
    title: `Shard writes of "${data.keyValue}" over ${WRITE_SHARDS} key values (${how}; reads must then query every shard)`,
    edits,
    preferred: false,
  };
}

function writeKind(operation: string): 'put' | 'keyed' | 'batch' | undefined {
  const kind =
    commandKind(operation) ?? commandKind(`${operation.charAt(0).toUpperCase()}${operation.slice(1)}Command`);
  switch (kind) {
    case 'put':
      return 'put';
    case 'update':
    case 'delete':
      return 'keyed';
    case 'batch-write':
    case 'transact-write':
      return 'batch';
    default:
      return undefined;
  }
}

function isShardableValue(node: ts.Node): boolean {
  return (
    ts.isStringLiteral(node) ||
    ts.isNoSubstitutionTemplateLiteral(node) ||
    ts.isTemplateExpression(node) ||
    ts.isIdentifier(node) ||
    ts.isPropertyAccessExpression(node)
  );
}

/** The object literal that holds the key attribute whose value `value` is (`{ PK: 'X' }` or `{ PK: { S: 'X' } }`). */
function keyObjectOf(value: ts.Node, keyAttribute: string): ts.ObjectLiteralExpression | undefined {
  let prop: ts.Node | undefined = value.parent;
  if (
    prop &&
    ts.isPropertyAssignment(prop) &&
    ['S', 'N', 'B'].includes(propertyName(prop) ?? '') &&
    ts.isObjectLiteralExpression(prop.parent) &&
    prop.parent.properties.length === 1
  ) {
    prop = prop.parent.parent;
  }
  if (
    !prop ||
    !(ts.isPropertyAssignment(prop) || ts.isShorthandPropertyAssignment(prop)) ||
    propertyName(prop) !== keyAttribute
  )
    return undefined;
  return ts.isObjectLiteralExpression(prop.parent) ? prop.parent : undefined;
}

function insideRequest(node: ts.Node, names: ReadonlySet<string>): boolean {
  for (let cur: ts.Node | undefined = node.parent; cur; cur = cur.parent) {
    if (ts.isPropertyAssignment(cur) && names.has(propertyName(cur) ?? '')) return true;
    if (ts.isNewExpression(cur) || ts.isCallExpression(cur)) return false;
  }
  return false;
}

/** The item's sort-key expression when it varies per item (a constant sort key would shard nothing). */
function sortKeyExpression(
  keyObject: ts.ObjectLiteralExpression,
  schemaSortKey: string | undefined,
): ts.Expression | undefined {
  for (const name of schemaSortKey ? [schemaSortKey] : SORT_KEY_NAMES) {
    const prop = keyObject.properties.find((p) => propertyName(p) === name);
    if (!prop) continue;
    let e: ts.Expression | undefined = ts.isPropertyAssignment(prop)
      ? prop.initializer
      : ts.isShorthandPropertyAssignment(prop)
        ? prop.name
        : undefined;
    e = e ? skipOuterExpressions(e) : undefined;
    if (e && ts.isObjectLiteralExpression(e) && e.properties.length === 1) {
      const inner = e.properties[0] as ts.ObjectLiteralElementLike;
      e =
        ts.isPropertyAssignment(inner) && ['S', 'N', 'B'].includes(propertyName(inner) ?? '')
          ? skipOuterExpressions(inner.initializer)
          : undefined;
    }
    if (!e || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e) || ts.isNumericLiteral(e))
      return undefined;
    return e;
  }
  return undefined;
}

/** The constant and (when needed) the hash function, unless the file already declares them. */
function shardDeclarations(sf: ts.SourceFile, keyValue: string, hashed: boolean, typed: boolean): string[] | undefined {
  const declared = new Set<string>();
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt))
      for (const d of stmt.declarationList.declarations) if (ts.isIdentifier(d.name)) declared.add(d.name.text);
    if (ts.isFunctionDeclaration(stmt) && stmt.name) declared.add(stmt.name.text);
  }
  const unit = indentUnit(sf.text);
  const lines: string[] = [];
  if (!declared.has(SHARDS_NAME)) {
    const key = keyValue.replace(/[\r\n]/g, ' ');
    lines.push(
      `// Write sharding: one partition-key value takes at most 1,000 WCU / 3,000 RCU per second, so writes`,
      `// of "${key}" are spread over ${SHARDS_NAME} values ("${key}#0" to "${key}#${WRITE_SHARDS - 1}").`,
      `// Reads of that key must now query every shard and merge the results.`,
      `const ${SHARDS_NAME} = ${WRITE_SHARDS};`,
    );
  }
  if (hashed && !declared.has(SHARD_FUNCTION)) {
    if (lines.length > 0) lines.push('');
    lines.push(
      `/** The shard of an item, computed from its sort key so that reads and updates of the item find it again. */`,
      `function ${SHARD_FUNCTION}(key${typed ? ': string' : ''})${typed ? ': number' : ''} {`,
      `${unit}let hash = 0;`,
      `${unit}for (let i = 0; i < key.length; i++) hash = (Math.imul(hash, 31) + key.charCodeAt(i)) | 0;`,
      `${unit}return Math.abs(hash % ${SHARDS_NAME});`,
      `}`,
    );
  }
  return lines.length > 0 ? lines : undefined;
}

function topLevelStatementOf(node: ts.Node): ts.Statement {
  let cur = node;
  while (cur.parent && !ts.isSourceFile(cur.parent)) cur = cur.parent;
  return cur as ts.Statement;
}

function escapeTemplate(text: string): string {
  return text.replace(/[`\\]/g, '\\$&').replace(/\$\{/g, '\\${');
}
