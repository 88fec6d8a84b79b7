// Each analyzer rule's check of language-neutral operations (operations/model.ts), keyed by rule id,
// and the dispatch of one file's operations to the rules that read their kind. Parser-free.
import type { Finding } from '../analyzer/finding';
import type { Operation, OperationKind, TableReference } from '../operations/model';
import type { TableSchema } from '../schema/keySchema';
import {
  type OperationRuleContext,
  type OperationRuleOptions,
  findingSink,
  resolveOperationTable,
  tableNamed,
} from './operationContext';
import { ANALYZER_RULES, type AnalyzerRuleId, DEFAULT_SEVERITIES } from './registry';
import { checkHotKeyRead } from './hot-key-read/check';
import { checkScan } from './scan/check';
import { checkSingleValueKey } from './single-value-partition-key/check';
import { relatedLocationOf } from './tableFacts';
import type { RelatedLocation } from '../analyzer/finding';

export type { OperationRuleOptions };

export type OperationCheck = (op: Operation, ctx: OperationRuleContext) => void;

/** Each analyzer rule's one check, over the operations of every language front-end. */
export const OPERATION_CHECKS: Readonly<Record<AnalyzerRuleId, OperationCheck>> = {
  scan: checkScan,
  'single-value-partition-key': checkSingleValueKey,
  'hot-key-read': checkHotKeyRead,
};

const checksByKind = new Map<OperationKind, OperationCheck[]>();
for (const rule of ANALYZER_RULES) {
  for (const kind of rule.reads) {
    if (kind !== 'entity-model') checksByKind.set(kind, [...(checksByKind.get(kind) ?? []), OPERATION_CHECKS[rule.id]]);
  }
}

/** The checks of the rules that read operations of `kind`, in registry order. */
export function checksReading(kind: OperationKind): readonly OperationCheck[] {
  return checksByKind.get(kind) ?? [];
}

/** Runs every rule on one file's operations; findings in file order. */
export function evaluateOperationRules(
  fileName: string,
  operations: readonly Operation[],
  options: OperationRuleOptions,
): Finding[] {
  const findings: Finding[] = [];
  const report = findingSink(fileName, options, DEFAULT_SEVERITIES, findings);
  // A wrapper's operation on a table it is passed is reported where a call names the table.
  const restated = new Set(operations.filter((o) => o.origin && !o.originFile).map((o) => o.origin?.offset));
  const inferred = inferredPartitionKeys(operations, options.tables, fileName);
  const keySets = keyAttributeSets(operations, options.tables, fileName);
  for (const op of operations) {
    const checks = checksByKind.get(op.kind);
    if (!checks) continue;
    if (op.table?.parameter !== undefined && restated.has(op.nameRange.offset) && !op.origin) continue;
    const resolved = resolveOperationTable(op, options.tables, fileName);
    const guess = !resolved?.schema && op.table ? inferred.get(tableKey(op.table)) : undefined;
    const keyAttributes = !resolved?.schema && op.table ? keySets.get(tableKey(op.table)) : undefined;
    const table =
      guess && resolved
        ? {
            ...resolved,
            schema: { ...guess.schema, name: resolved.name },
            inferred: true,
            ...(guess.fromKey ? { inferredFromKey: true } : {}),
          }
        : resolved && keyAttributes
          ? { ...resolved, keyAttributes }
          : resolved;
    const related = [...(relatedLocationOf(table?.schema) ?? []), ...callSiteRelated(op, fileName)];
    const ctx: OperationRuleContext = {
      fileName,
      tables: options.tables,
      table,
      related,
      report,
      tableNamed: (name) => tableNamed(options.tables, name),
    };
    for (const check of checks) check(op, ctx);
  }
  return findings.sort((a, b) => a.offset - b.offset || a.endOffset - b.endOffset);
}

/** How operations of one file name the same table: its constant, its env var, or the expression as written. */
function tableKey(ref: TableReference): string {
  return ref.constant !== undefined
    ? `c:${ref.constant}`
    : ref.envVar !== undefined
      ? `e:${ref.envVar}`
      : `t:${ref.text}`;
}

/**
 * Partition keys that Queries of the file reveal for tables with no known schema: a Query's key
 * condition must pin the partition key with `=`, so a Query of the table itself (no index) with one
 * equality names it, and a Query of a named index with one equality names the index's. A Key with
 * one attribute (get, update, delete) names the table's too: a Key holds the whole primary key.
 * Sources that disagree leave the table (or the index) unknown.
 */
function inferredPartitionKeys(
  operations: readonly Operation[],
  tables: readonly TableSchema[],
  fileName: string,
): Map<string, { schema: TableSchema; fromKey: boolean }> {
  const found = new Map<string, string | null>();
  const byKey = new Map<string, string | null>();
  const byIndex = new Map<string, Map<string, string | null>>();
  const note = (map: Map<string, string | null>, key: string, attribute: string): void => {
    const before = map.get(key);
    map.set(key, before === undefined || before === attribute ? attribute : null);
  };
  for (const op of operations) {
    if (!op.table || op.keyValues.length !== 1 || op.api === 'pynamodb') continue;
    const attribute = op.keyValues[0]?.attribute;
    if (attribute === undefined) continue;
    const keyed = op.kind === 'get' || op.kind === 'update' || op.kind === 'delete';
    if (op.kind !== 'query' && !keyed) continue;
    if (resolveOperationTable(op, tables, fileName)?.schema) continue;
    const key = tableKey(op.table);
    if (keyed) note(byKey, key, attribute);
    else if (!op.index) note(found, key, attribute);
    else if (op.index.constant !== undefined) {
      const indexes = byIndex.get(key) ?? new Map<string, string | null>();
      byIndex.set(key, indexes);
      note(indexes, op.index.constant, attribute);
    }
  }
  const out = new Map<string, { schema: TableSchema; fromKey: boolean }>();
  for (const key of new Set([...found.keys(), ...byKey.keys()])) {
    const fromQuery = found.get(key);
    const fromKey = byKey.get(key);
    const attribute =
      fromQuery === undefined ? fromKey : fromKey === undefined || fromKey === fromQuery ? fromQuery : null;
    if (!attribute) continue;
    const indexes: TableSchema['indexes'] = [];
    for (const [name, pk] of byIndex.get(key) ?? [])
      if (pk && pk !== attribute) indexes.push({ name, kind: 'GSI', partitionKey: { name: pk } });
    const schema: TableSchema = {
      name: key,
      aliases: [],
      envVars: [],
      partitionKey: { name: attribute },
      indexes,
      source: { kind: 'code' },
    };
    out.set(key, { schema, fromKey: fromQuery === undefined });
  }
  return out;
}

/**
 * For tables with no known schema, the attributes of the Keys the file's gets, updates and deletes
 * give: a Key holds the whole primary key and nothing else. Keys that disagree, hide an attribute
 * behind an unresolved `#name` or a spread, leave the table unknown.
 */
function keyAttributeSets(
  operations: readonly Operation[],
  tables: readonly TableSchema[],
  fileName: string,
): Map<string, readonly string[]> {
  const found = new Map<string, string | null>();
  for (const op of operations) {
    if (op.kind !== 'get' && op.kind !== 'update' && op.kind !== 'delete') continue;
    if (!op.table || op.api === 'pynamodb' || op.keyValuesPartial || op.keyValues.length === 0) continue;
    const attributes = op.keyValues.map((k) => k.attribute);
    if (attributes.some((a) => a.startsWith('#')) || new Set(attributes).size !== attributes.length) continue;
    if (resolveOperationTable(op, tables, fileName)?.schema) continue;
    const key = tableKey(op.table);
    const set = JSON.stringify([...attributes].sort());
    const before = found.get(key);
    found.set(key, before === undefined || before === set ? set : null);
  }
  const out = new Map<string, readonly string[]>();
  for (const [key, set] of found) if (set) out.set(key, JSON.parse(set) as string[]);
  return out;
}

function callSiteRelated(op: Operation, fileName: string): RelatedLocation[] {
  const chain = op.callChain ?? [];
  const hop = chain[0];
  if (!op.origin || !hop) return [];
  // The operation, then each call between the call site and the function holding it.
  const inner = chain[chain.length - 1] ?? hop;
  return [
    {
      file: op.originFile ?? fileName,
      ...op.origin,
      message:
        op.kind === 'scan'
          ? `The Scan is in ${inner.function}, which this call runs${chain.length > 1 ? ` through ${hop.function}` : ''}.`
          : chain.length > 1
            ? `The operation is in ${inner.function}, which this call reaches through ${hop.function}.`
            : `The operation is in ${hop.function}, which this call passes the value to.`,
    },
    ...chain.slice(1).map((c) => ({
      file: c.file ?? fileName,
      ...c.range,
      message: `Through this call of ${c.function}.`,
    })),
  ];
}
