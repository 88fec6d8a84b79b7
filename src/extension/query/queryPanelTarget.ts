// What opens a query panel, read from the command argument: a table node or a GSI row of the Tables
// view, or a plain target from the palette, a CodeLens or a test. Anything malformed is ignored
// rather than trusted.
import { indexRowArg, tableNodeArg } from '../commandArgs';
import type { ConnectionSetting } from '../connections/connectionSettings';
import { emptyPanelRequest, isPanelRequest, type CodeKeys, type PanelRequest } from '../../core/query/panelRequest';

export interface QueryPanelTarget {
  connectionName?: string;
  region?: string | null;
  table?: string;
  /** Form fields to pre-fill (index included). */
  request?: Partial<PanelRequest>;
  /** Key values the analyzer resolved in code, mapped onto the live key schema. */
  code?: CodeKeys;
}

export function readPanelTarget(arg: unknown): { target: QueryPanelTarget; connection?: ConnectionSetting } {
  const indexRow = indexRowArg(arg);
  if (indexRow) {
    const { table, index } = indexRow;
    return {
      target: { region: table.region, table: table.name, request: { ...emptyPanelRequest(), index } },
      connection: table.connection,
    };
  }
  const node = tableNodeArg(arg);
  if (node) return { target: { region: node.region, table: node.name }, connection: node.connection };
  if (typeof arg !== 'object' || arg === null) return { target: {} };
  const a = arg as Record<string, unknown>;
  const target: QueryPanelTarget = {};
  if (typeof a.connectionName === 'string') target.connectionName = a.connectionName;
  if (typeof a.region === 'string' || a.region === null) target.region = a.region;
  if (typeof a.table === 'string' && a.table !== '') target.table = a.table;
  if (typeof a.request === 'object' && a.request !== null) {
    const merged = { ...emptyPanelRequest(), ...a.request };
    if (isPanelRequest(merged)) target.request = merged;
  }
  if (typeof a.code === 'object' && a.code !== null) {
    const c = a.code as Record<string, unknown>;
    const values = c.keyValues;
    if (
      typeof values === 'object' &&
      values !== null &&
      Object.values(values).every((v) => v === null || typeof v === 'string')
    ) {
      target.code = {
        keyValues: values as Record<string, string | null>,
        ...(typeof c.index === 'string' ? { index: c.index } : {}),
      };
      const skc = c.sortKeyCondition as CodeKeys['sortKeyCondition'] | undefined;
      if (
        skc &&
        typeof skc.attribute === 'string' &&
        typeof skc.op === 'string' &&
        Array.isArray(skc.values) &&
        skc.values.every((v) => v === null || typeof v === 'string')
      ) {
        target.code.sortKeyCondition = skc;
      }
    }
  }
  return { target };
}
