// Fix for `scan` findings whose filter tests the partition key of an existing GSI: the same request
// as a Query on that index (command, method or paginator renamed with its import, IndexName added,
// the key conditions moved from FilterExpression to KeyConditionExpression, the rest kept).
import * as ts from 'typescript';
import { skipOuterExpressions } from '../syntax/nodes';
import type { Finding } from '../analyzer/finding';
import type { IndexSchema, TableSchema } from '../schema/keySchema';
import { findTable } from '../schema/mergeSchemas';
import {
  equalityAttribute,
  sortKeyConditionAttribute,
  splitTopLevelAnd,
  stripOuterParens,
} from './conditionExpression';
import {
  commandBinding,
  importEdits,
  nodeAt,
  property,
  quoted,
  referencesOf,
  removeListElement,
  requestLiteral,
  stringValue,
  type CommandBinding,
} from './operationSyntax';
import { indentationAt, type Fix, type TextEdit } from './textEdits';

/** Request fields only Scan has: a request that uses them is not a Query in disguise. */
const SCAN_ONLY_FIELDS = ['Segment', 'TotalSegments', 'ScanFilter', 'ConditionalOperator'];
const METHOD_APIS = new Set(['sdk-v3-client', 'sdk-v3-document', 'sdk-v2']);

export function scanToQueryFix(sf: ts.SourceFile, finding: Finding, tables: readonly TableSchema[]): Fix | undefined {
  const indexName = finding.data?.suggestedIndex;
  if (finding.rule !== 'scan' || !indexName || !finding.table) return undefined;
  const gsi = findTable(tables, finding.table)?.indexes.find((i) => i.name === indexName && i.kind === 'GSI');
  if (!gsi) return undefined;
  const call = callAt(sf, finding);
  if (!call) return undefined;
  const request = requestLiteral(sf, call.argument);
  if (!request || SCAN_ONLY_FIELDS.some((f) => property(request, f)) || isConsistentRead(request)) return undefined;
  const requestEdits = moveKeyConditions(sf, request, gsi);
  const renameEdits = renameCall(sf, call);
  if (!requestEdits || !renameEdits) return undefined;
  return {
    kind: 'scan-to-query',
    title: `Query index ${gsi.name} instead of scanning table ${finding.table}`,
    edits: [...renameEdits, ...requestEdits],
    preferred: true,
  };
}

type ScanCall =
  | { kind: 'command'; name: ts.Identifier; binding: CommandBinding; argument: ts.Expression | undefined }
  | { kind: 'paginator'; name: ts.Identifier; binding: CommandBinding; argument: ts.Expression | undefined }
  | { kind: 'method'; name: ts.Identifier; argument: ts.Expression | undefined };

function callAt(sf: ts.SourceFile, finding: Finding): ScanCall | undefined {
  const name = nodeAt(sf, finding.offset, finding.endOffset);
  if (!name || !ts.isIdentifier(name)) return undefined;
  const operation = finding.data?.operation;
  let outer: ts.Node = name;
  if (ts.isPropertyAccessExpression(name.parent) && name.parent.name === name) outer = name.parent;
  const parent = outer.parent;
  if (
    operation === 'ScanCommand' &&
    parent &&
    ts.isNewExpression(parent) &&
    skipOuterExpressions(parent.expression) === outer
  ) {
    const binding = commandBinding(sf, name);
    return binding?.imported === 'ScanCommand'
      ? { kind: 'command', name, binding, argument: parent.arguments?.[0] }
      : undefined;
  }
  if (
    operation === 'paginateScan' &&
    parent &&
    ts.isCallExpression(parent) &&
    skipOuterExpressions(parent.expression) === outer
  ) {
    const binding = commandBinding(sf, name);
    return binding?.imported === 'paginateScan'
      ? { kind: 'paginator', name, binding, argument: parent.arguments[1] }
      : undefined;
  }
  if (
    operation === 'scan' &&
    METHOD_APIS.has(finding.data?.api ?? '') &&
    outer !== name &&
    parent &&
    ts.isCallExpression(parent) &&
    parent.expression === outer
  ) {
    return { kind: 'method', name, argument: parent.arguments[0] };
  }
  return undefined;
}

function isConsistentRead(request: ts.ObjectLiteralExpression): boolean {
  // A GSI only serves eventually consistent reads; such a Query would fail at run time.
  const p = property(request, 'ConsistentRead');
  return p !== undefined && p.initializer.kind !== ts.SyntaxKind.FalseKeyword;
}

/** The renamed call and its import: `ScanCommand` → `QueryCommand`, `paginateScan` → `paginateQuery`, `.scan(` → `.query(`. */
function renameCall(sf: ts.SourceFile, call: ScanCall): TextEdit[] | undefined {
  const at = (node: ts.Node, text: string): TextEdit => ({ offset: node.getStart(sf), endOffset: node.end, text });
  if (call.kind === 'method') return [at(call.name, 'query')];
  const wanted = call.kind === 'command' ? 'QueryCommand' : 'paginateQuery';
  const binding = call.binding;
  if (binding.kind === 'namespace') return [at(call.name, wanted)];
  const declarationName = binding.kind === 'named' ? binding.specifier.name : binding.element.name;
  const otherUses = referencesOf(sf, call.name.text, declarationName).filter((r) => r !== call.name);
  const importAdded = importEdits(sf, binding, wanted);
  if (otherUses.length > 0) return [at(call.name, importAdded.name), ...importAdded.edits];
  // The scan import is no longer used: it becomes (or gives way to) the query import.
  const listElement = binding.kind === 'named' ? binding.specifier : binding.element;
  const list =
    binding.kind === 'named'
      ? (binding.specifier.parent.elements as ts.NodeArray<ts.Node>)
      : (binding.pattern.elements as ts.NodeArray<ts.Node>);
  if (importAdded.edits.length === 0)
    return [at(call.name, importAdded.name), removeListElement(sf, list, listElement)];
  return [at(call.name, wanted), at(listElement, wanted)];
}

/** IndexName and KeyConditionExpression in place of the FilterExpression, which keeps whatever is left. */
function moveKeyConditions(
  sf: ts.SourceFile,
  request: ts.ObjectLiteralExpression,
  gsi: IndexSchema,
): TextEdit[] | undefined {
  const filterProp = property(request, 'FilterExpression');
  const filter = stringValue(filterProp?.initializer);
  if (!filterProp || !filter) return undefined;
  const parts = splitTopLevelAnd(filter.text);
  if (!parts) return undefined;
  const names = attributeNames(request);
  const attributeOf = (token: string): string => (token.startsWith('#') ? (names.get(token) ?? token) : token);
  const keyParts = parts.filter((p) => {
    const attr = equalityAttribute(p);
    return attr !== undefined && attributeOf(attr) === gsi.partitionKey.name;
  });
  if (keyParts.length !== 1) return undefined;
  const sortKey = gsi.sortKey?.name;
  const sortParts = sortKey
    ? parts.filter((p) => !keyParts.includes(p) && attributeOf(sortKeyConditionAttribute(p) ?? '') === sortKey)
    : [];
  const keyCondition = [...keyParts, ...sortParts.slice(0, 1)];
  const rest = parts.filter((p) => !keyCondition.includes(p));

  const text = sf.text;
  const start = filterProp.getStart(sf);
  const ownLine = /^[ \t]*$/.test(text.slice(text.lastIndexOf('\n', start - 1) + 1, start));
  const separator = ownLine ? `,\n${indentationAt(text, start)}` : ', ';
  const q = (s: string) => quoted(s, filter.quote);
  const fields = [
    `KeyConditionExpression: ${q(keyCondition.map(stripOuterParens).join(' AND '))}`,
    ...(rest.length > 0 ? [`FilterExpression: ${q(rest.join(' AND '))}`] : []),
  ];
  const edits: TextEdit[] = [];
  const existingIndex = property(request, 'IndexName');
  if (existingIndex)
    edits.push({
      offset: existingIndex.initializer.getStart(sf),
      endOffset: existingIndex.initializer.end,
      text: q(gsi.name),
    });
  else fields.unshift(`IndexName: ${q(gsi.name)}`);
  edits.push({ offset: start, endOffset: filterProp.end, text: fields.join(separator) });
  return edits;
}

function attributeNames(request: ts.ObjectLiteralExpression): Map<string, string> {
  const out = new Map<string, string>();
  const names = property(request, 'ExpressionAttributeNames')?.initializer;
  const obj = names ? skipOuterExpressions(names) : undefined;
  if (!obj || !ts.isObjectLiteralExpression(obj)) return out;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = ts.isStringLiteral(p.name) || ts.isIdentifier(p.name) ? p.name.text : undefined;
    const value = stringValue(p.initializer);
    if (key && value) out.set(key, value.text);
  }
  return out;
}
