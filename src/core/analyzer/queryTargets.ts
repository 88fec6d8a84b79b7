// The Query and GetItem calls a "Run this query" CodeLens offers to open in the query panel, with
// the table, index and key values the analyzer resolved (constants; null where code computes them).
import type { FileAnalysis } from './analyze';
import type { OperationSite } from './operations';
import type { SourceRange } from '../syntax/positions';

export interface CodeQueryTarget {
  operation: 'query' | 'get';
  table?: string;
  index?: string;
  keyValues: Record<string, string | null>;
  sortKeyCondition?: OperationSite['sortKeyCondition'];
  range: SourceRange;
}

/** Request shapes the panel can run as written: the SDKs (and calls shaped like them), not ORM methods. */
const PANEL_APIS = new Set<OperationSite['api']>(['sdk-v3-client', 'sdk-v3-document', 'sdk-v2', 'unresolved']);

export function queryTargets(analysis: Pick<FileAnalysis, 'operations'>): CodeQueryTarget[] {
  const out: CodeQueryTarget[] = [];
  for (const op of analysis.operations) {
    if ((op.kind !== 'query' && op.kind !== 'get') || !PANEL_APIS.has(op.api)) continue;
    out.push({
      operation: op.kind,
      ...(op.table !== undefined ? { table: op.table } : {}),
      ...(op.index !== undefined ? { index: op.index } : {}),
      keyValues: { ...(op.keyValues ?? {}) },
      ...(op.sortKeyCondition ? { sortKeyCondition: op.sortKeyCondition } : {}),
      range: op.range,
    });
  }
  return out;
}
