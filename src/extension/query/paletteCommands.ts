// "Get Item…" and "Query Table…" from the command palette or a table node: pick connection, region,
// table and index, type the key (validated as typed), run with cancellable progress, and open the
// result as read-only JSON with consumed capacity and cost in its title and the status bar.
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { clientOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { tableNodeArg } from '../commandArgs';
import { QueryInputError, isQueryInputError } from '../../core/query/keyValue';
import {
  MAX_LIMIT,
  buildGetItem,
  buildQuery,
  resolveIndex,
  type QuerySpec,
  type SortKeyCondition,
  type SortKeyOp,
} from '../../core/query/requests';
import type { ConnectionOptions } from '../../core/aws/clients';
import type { ProblemContext } from '../../core/aws/errors';
import { notificationText } from '../../core/markdownText';
import { billingNote, projectionNote } from '../../core/query/resultNotes';
import type { IndexModel, TableModel } from '../../core/tables/tableModel';
import type * as AwsEntry from '../../core/entries/aws';
import { askKeyValue, askSortKeyCondition, keyLabel } from './keyInput';
import { Cancelled, ask, pickConnection, pickRegion, pickTable, withCancellableProgress } from './targetPicks';
import { ResultDocuments, resultTitle } from './resultDocument';
import { registerCommand } from '../registerCommand';

type AwsModule = typeof AwsEntry;

/**
 * What a caller (tests, the query panel, CodeLens, a command URI) may pre-fill. A supplied value
 * skips its step; `null` means "none" for the optional steps (base table, no sort-key condition),
 * so a fully pre-filled call runs without any UI.
 */
export interface KeyQueryTarget {
  connectionName?: string;
  region?: string;
  table?: string;
  /** Index to query; null: the base table; absent: ask (Query only). */
  index?: string | null;
  pk?: string;
  /** GetItem: the sort-key value. Query: a condition, a bare value meaning `=`, or null for none; absent: ask. */
  sk?: string | SortKeyCondition | null;
  consistent?: boolean;
  limit?: number;
  descending?: boolean;
}

export interface QueryResultJson {
  table: string;
  index: string | null;
  items: unknown[];
  count: number;
  scannedCount: number;
  lastEvaluatedKey: unknown;
  consumedCapacity: unknown;
  estimatedCostUsd: number;
  notes: string[];
}

export interface GetItemResultJson {
  table: string;
  key: Record<string, string>;
  item: unknown;
  consumedCapacity: unknown;
  estimatedCostUsd: number;
  notes: string[];
}

/** What a run ended with; returned by the commands so callers and tests need not read the UI. */
export type PaletteOutcome =
  | { status: 'shown'; uri: string; title: string; result: QueryResultJson | GetItemResultJson }
  | { status: 'cancelled' }
  | { status: 'invalid'; message: string }
  | { status: 'failed'; message: string; code: string };

export interface PaletteOptions {
  loadAws: () => Promise<AwsModule>;
  log: Log;
  /** The connections the Tables view shows (the default profile when none are configured). */
  connections: () => ConnectionSetting[];
}

type Operation = 'GetItem' | 'Query';

const SORT_OPS: readonly SortKeyOp[] = ['=', '<', '<=', '>', '>=', 'begins_with', 'between'];

function optionalString(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function readSortKey(v: unknown): KeyQueryTarget['sk'] {
  if (v === null || typeof v === 'string') return v;
  if (typeof v !== 'object' || v === undefined) return undefined;
  const c = v as { op?: unknown; values?: unknown };
  if (
    typeof c.op === 'string' &&
    (SORT_OPS as readonly string[]).includes(c.op) &&
    Array.isArray(c.values) &&
    c.values.every((x) => typeof x === 'string')
  ) {
    return { op: c.op as SortKeyOp, values: c.values };
  }
  throw new QueryInputError(
    'The sort-key condition passed to the command must look like { "op": "begins_with", "values": ["ORDER#"] }.',
  );
}

/** Reads the command argument: a Tables view node, a pre-filled target, or nothing. */
function readArgument(arg: unknown): { target: KeyQueryTarget; connection?: ConnectionSetting } {
  const node = tableNodeArg(arg);
  if (node) return { target: { region: node.region, table: node.name }, connection: node.connection };
  if (typeof arg !== 'object' || arg === null) return { target: {} };
  const a = arg as Record<string, unknown>;
  const target: KeyQueryTarget = {};
  const connectionName = optionalString(a.connectionName);
  if (connectionName !== undefined) target.connectionName = connectionName;
  const region = optionalString(a.region);
  if (region !== undefined) target.region = region;
  const table = optionalString(a.table);
  if (table !== undefined) target.table = table;
  if (a.index === null || typeof a.index === 'string') target.index = a.index;
  const pk = optionalString(a.pk);
  if (pk !== undefined) target.pk = pk;
  const sk = readSortKey(a.sk);
  if (sk !== undefined) target.sk = sk;
  if (typeof a.consistent === 'boolean') target.consistent = a.consistent;
  if (typeof a.limit === 'number' && Number.isInteger(a.limit) && a.limit > 0 && a.limit <= MAX_LIMIT)
    target.limit = a.limit;
  if (typeof a.descending === 'boolean') target.descending = a.descending;
  return { target };
}

function keysText(partitionKey: TableModel['partitionKey'], sortKey: TableModel['sortKey']): string {
  return sortKey ? `${keyLabel(partitionKey)} · ${keyLabel(sortKey)}` : keyLabel(partitionKey);
}

export class KeyQueryPalette implements vscode.Disposable {
  private readonly documents = new ResultDocuments();
  private statusMessage: vscode.Disposable | undefined;

  constructor(private readonly options: PaletteOptions) {}

  dispose(): void {
    this.documents.dispose();
    this.statusMessage?.dispose();
  }

  async run(operation: Operation, arg: unknown): Promise<PaletteOutcome> {
    const ctx: ProblemContext = {};
    let aws: AwsModule | undefined;
    try {
      const { target, connection: given } = readArgument(arg);
      const connection = given ?? (await pickConnection(this.options.connections(), target.connectionName));
      const region = target.region ?? (await pickRegion(connection));
      const conn = clientOptions(connection, region);
      Object.assign(ctx, { profile: connection.profile, region, endpoint: connection.endpoint });
      aws = await this.options.loadAws();
      const loaded = aws;
      const tableName = target.table ?? (await pickTable(loaded, conn, connection, region));
      ctx.table = tableName;
      const table = await withCancellableProgress(`Reading table ${tableName}…`, (signal) =>
        loaded.describeTable(conn, tableName, { signal }),
      );
      return operation === 'GetItem'
        ? await this.getItem(loaded, conn, table, target)
        : await this.query(loaded, conn, table, target, ctx);
    } catch (err) {
      return this.fail(operation, err, ctx, aws);
    }
  }

  private async getItem(
    aws: AwsModule,
    conn: ConnectionOptions,
    table: TableModel,
    target: KeyQueryTarget,
  ): Promise<PaletteOutcome> {
    const title = `Get Item from ${table.name}`;
    const pk = target.pk ?? (await ask(askKeyValue(table.partitionKey, title, 'Partition key')));
    let sk: string | undefined;
    if (typeof target.sk === 'string') sk = target.sk;
    else if (target.sk !== undefined && target.sk !== null)
      throw new QueryInputError('Get Item takes the sort-key value itself, not a condition.');
    else if (table.sortKey && target.sk === undefined) sk = await ask(askKeyValue(table.sortKey, title, 'Sort key'));
    const spec = {
      table,
      pk,
      ...(sk !== undefined ? { sk } : {}),
      ...(target.consistent !== undefined ? { consistent: target.consistent } : {}),
    };
    // Refuses a bad key before any call, with the core's sentence naming the attribute and its type.
    buildGetItem(spec);
    const result = await withCancellableProgress(`Getting item from ${table.name}…`, (signal) =>
      aws.getItem(conn, spec, signal),
    );
    const notes = [result.item ? undefined : 'No item has this key.', billingNote(table)].filter(
      (n): n is string => n !== undefined,
    );
    const key: Record<string, string> = {
      [table.partitionKey.name]: pk,
      ...(table.sortKey && sk !== undefined ? { [table.sortKey.name]: sk } : {}),
    };
    const json: GetItemResultJson = {
      table: table.name,
      key,
      item: result.item,
      consumedCapacity: result.consumedCapacity,
      estimatedCostUsd: result.estimatedCostUsd,
      notes,
    };
    return this.show(
      json,
      resultTitle({
        table: table.name,
        operation: 'GetItem',
        items: result.item ? 1 : 0,
        readUnits: result.consumedCapacity.readUnits,
        costUsd: result.estimatedCostUsd,
      }),
    );
  }

  private async query(
    aws: AwsModule,
    conn: ConnectionOptions,
    table: TableModel,
    target: KeyQueryTarget,
    ctx: ProblemContext,
  ): Promise<PaletteOutcome> {
    const title = `Query ${table.name}`;
    let indexName: string | undefined;
    if (target.index === undefined) indexName = (await this.pickIndex(table, title))?.name;
    else if (target.index !== null) indexName = target.index;
    // Unknown index names and consistent reads on a GSI are refused before the key is asked for.
    const index = resolveIndex(table, indexName, target.consistent);
    if (index) ctx.index = index.name;
    const partitionKey = index ? index.partitionKey : table.partitionKey;
    const sortKey = index ? index.sortKey : table.sortKey;
    const pk =
      target.pk ?? (await ask(askKeyValue(partitionKey, title, `Partition key${index ? ` of ${index.name}` : ''}`)));
    let sk: SortKeyCondition | undefined;
    if (typeof target.sk === 'string') sk = { op: '=', values: [target.sk] };
    else if (target.sk) sk = target.sk;
    else if (target.sk === undefined && sortKey) sk = (await ask(askSortKeyCondition(sortKey, title))) ?? undefined;
    const spec: QuerySpec = {
      table,
      pk,
      ...(index ? { index: index.name } : {}),
      ...(sk ? { sk } : {}),
      ...(target.consistent !== undefined ? { consistent: target.consistent } : {}),
      ...(target.limit !== undefined ? { limit: target.limit } : {}),
      ...(target.descending !== undefined ? { descending: target.descending } : {}),
    };
    buildQuery(spec);
    // One page at a time, as DynamoDB returns them: the palette never reads a partition of unknown size in full.
    const result = await withCancellableProgress(
      `Querying ${index ? `${table.name} ${index.name}` : table.name}…`,
      (signal) => aws.collectPages(table, aws.queryPages(conn, spec, { maxPages: 1, signal })),
    );
    const notes = [
      result.lastEvaluatedKey
        ? 'More items remain: this is the first page (DynamoDB stops a page at 1 MB or the limit); lastEvaluatedKey is where the next one starts.'
        : undefined,
      index ? projectionNote(index) : undefined,
      billingNote(table),
    ].filter((n): n is string => n !== undefined);
    const json: QueryResultJson = {
      table: table.name,
      index: index?.name ?? null,
      items: result.items,
      count: result.count,
      scannedCount: result.scannedCount,
      lastEvaluatedKey: result.lastEvaluatedKey ? aws.itemToJson(result.lastEvaluatedKey) : null,
      consumedCapacity: result.consumedCapacity,
      estimatedCostUsd: result.estimatedCostUsd,
      notes,
    };
    return this.show(
      json,
      resultTitle({
        table: table.name,
        ...(index ? { index: index.name } : {}),
        operation: 'Query',
        items: result.count,
        readUnits: result.consumedCapacity.readUnits,
        costUsd: result.estimatedCostUsd,
      }),
    );
  }

  private async show(json: QueryResultJson | GetItemResultJson, title: string): Promise<PaletteOutcome> {
    const uri = await this.documents.show(title, json);
    this.statusMessage?.dispose();
    this.statusMessage = vscode.window.setStatusBarMessage(`$(database) ${title}`, 30_000);
    return { status: 'shown', uri: uri.toString(), title, result: json };
  }

  private fail(operation: Operation, err: unknown, ctx: ProblemContext, aws: AwsModule | undefined): PaletteOutcome {
    if (err instanceof Cancelled) return { status: 'cancelled' };
    const what = operation === 'GetItem' ? 'Get Item' : 'Query';
    if (isQueryInputError(err)) {
      this.showError(err.message);
      return { status: 'invalid', message: err.message };
    }
    if (!aws) {
      // The AWS bundle itself failed to load: nothing the user typed is at fault.
      this.options.log.error(`${what}: loading the AWS module failed`, err);
      const message =
        'Dynamo Guard could not load its AWS module: reinstall the extension and see the log for details.';
      this.showError(message);
      return { status: 'failed', message, code: 'other' };
    }
    const problem = aws.toAwsProblem(err, ctx);
    if (problem.code === 'aborted') return { status: 'cancelled' };
    this.options.log.error(`${what} on ${ctx.table ?? 'a table'} failed (${problem.code}): ${problem.message}`);
    if (problem.cause instanceof Error) this.options.log.error(problem.cause);
    this.showError(problem.message);
    return { status: 'failed', message: problem.message, code: problem.code };
  }

  private showError(message: string): void {
    void vscode.window.showErrorMessage(notificationText(message), 'Show Log').then((choice) => {
      if (choice) void vscode.commands.executeCommand(CommandIds.showLog);
    });
  }

  /** null: the base table. */
  private async pickIndex(table: TableModel, title: string): Promise<IndexModel | null> {
    if (table.indexes.length === 0) return null;
    const items: (vscode.QuickPickItem & { index: IndexModel | null })[] = [
      {
        label: `$(table) ${table.name}`,
        description: `table · ${keysText(table.partitionKey, table.sortKey)}`,
        index: null,
      },
      ...table.indexes.map((index) => ({
        label: `$(list-tree) ${index.name}`,
        description: `${index.kind} · ${keysText(index.partitionKey, index.sortKey)}`,
        detail: `projects ${index.projection.type === 'INCLUDE' ? `keys + ${(index.projection.nonKeyAttributes ?? []).join(', ')}` : index.projection.type === 'ALL' ? 'all attributes' : 'keys only'}`,
        index,
      })),
    ];
    const picked = await ask(
      vscode.window.showQuickPick(items, {
        title,
        placeHolder: 'Query the table or one of its indexes',
        ignoreFocusOut: true,
      }),
    );
    return picked.index;
  }
}

export function registerPaletteCommands(context: vscode.ExtensionContext, options: PaletteOptions): void {
  const palette = new KeyQueryPalette(options);
  context.subscriptions.push(
    palette,
    registerCommand(CommandIds.getItem, (arg?: unknown) => palette.run('GetItem', arg), options.log),
    registerCommand(CommandIds.queryTable, (arg?: unknown) => palette.run('Query', arg), options.log),
  );
}
