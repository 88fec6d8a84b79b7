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
  const restated = new Set(operations.filter((o) => o.origin).map((o) => o.origin?.offset));
  const inferred = inferredPartitionKeys(operations, options.tables, fileName);
  for (const op of operations) {
    const checks = checksByKind.get(op.kind);
    if (!checks) continue;
    if (op.table?.parameter !== undefined && restated.has(op.nameRange.offset) && !op.origin) continue;
    const resolved = resolveOperationTable(op, options.tables, fileName);
    const guess = !resolved?.schema && op.table ? inferred.get(tableKey(op.table)) : undefined;
    const table =
      guess && resolved ? { ...resolved, schema: { ...guess, name: resolved.name }, inferred: true } : resolved;
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
 * equality names it. Two Queries that disagree leave the table unknown.
 */
function inferredPartitionKeys(
  operations: readonly Operation[],
  tables: readonly TableSchema[],
  fileName: string,
): Map<string, TableSchema> {
  const found = new Map<string, string | null>();
  for (const op of operations) {
    if (op.kind !== 'query' || op.index || !op.table || op.keyValues.length !== 1 || op.api === 'pynamodb') continue;
    if (resolveOperationTable(op, tables, fileName)?.schema) continue;
    const key = tableKey(op.table);
    const attribute = op.keyValues[0]?.attribute;
    if (attribute === undefined) continue;
    const before = found.get(key);
    found.set(key, before === undefined || before === attribute ? attribute : null);
  }
  const out = new Map<string, TableSchema>();
  for (const [key, attribute] of found) {
    if (attribute)
      out.set(key, {
        name: key,
        aliases: [],
        envVars: [],
        partitionKey: { name: attribute },
        indexes: [],
        source: { kind: 'code' },
      });
  }
  return out;
}

function callSiteRelated(op: Operation, fileName: string): RelatedLocation[] {
  const hop = op.callChain?.[0];
  if (!op.origin || !hop) return [];
  return [
    {
      file: fileName,
      ...op.origin,
      message: `The operation is in ${hop.function}, which this call passes the value to.`,
    },
  ];
}
