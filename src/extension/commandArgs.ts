// The one reader of command arguments that name a Tables view node. A command run from the view's
// menus gets the node itself; run from a command URI, a test or another extension it gets any value
// at all. Each reader checks the fields it relies on and answers undefined for anything else.
import type { ConnectionSetting } from './connections/connectionSettings';
import type { TablesNode } from './tables/tablesTreeProvider';

export type ConnectionNode = Extract<TablesNode, { kind: 'connection' }>;
export type TableNode = Extract<TablesNode, { kind: 'table' }>;
export type DetailNode = Extract<TablesNode, { kind: 'detail' }>;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isConnection(v: unknown): v is ConnectionSetting {
  return isObject(v) && typeof v.name === 'string';
}

/** A connection node (its row in the view). */
export function connectionNodeArg(arg: unknown): ConnectionNode | undefined {
  return isObject(arg) && arg.kind === 'connection' && isConnection(arg.connection)
    ? (arg as ConnectionNode)
    : undefined;
}

/** A table node. */
export function tableNodeArg(arg: unknown): TableNode | undefined {
  return isObject(arg) &&
    arg.kind === 'table' &&
    typeof arg.name === 'string' &&
    typeof arg.region === 'string' &&
    isConnection(arg.connection)
    ? (arg as TableNode)
    : undefined;
}

/** A row under a table (a metric, an index, a cost line, a recommendation, an alarm). */
export function detailNodeArg(arg: unknown): DetailNode | undefined {
  return isObject(arg) && arg.kind === 'detail' && isObject(arg.row) ? (arg as DetailNode) : undefined;
}

/** A table node, or the table a row belongs to (found through the row's parents). */
export function tableOfNodeArg(arg: unknown): TableNode | undefined {
  let node: unknown = arg;
  while (detailNodeArg(node)) node = (node as DetailNode).parent;
  return tableNodeArg(node);
}

/** A global secondary index's row: its table node and the index it names. */
export function indexRowArg(arg: unknown): { table: TableNode; index: string } | undefined {
  const row = detailNodeArg(arg);
  if (typeof row?.row.indexName !== 'string') return undefined;
  const table = tableOfNodeArg(row);
  return table ? { table, index: row.row.indexName } : undefined;
}
