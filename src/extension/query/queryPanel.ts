// The query panel on the host side: one webview panel per table (revealed when asked for again),
// restored after a reload by a serializer, talking to its page only through the typed protocol.
// It validates every message, runs key queries (and Scans only after a confirmation showing the
// full-pass estimate, under a read budget) through the core engine, keeps the loaded items for
// export and the last request sent for "Copy as code", and records history per workspace.
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { clientOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import type { TablesNode } from '../tables/tablesTreeProvider';
import type { ConnectionOptions } from '../../core/aws/clients';
import type { ProblemContext } from '../../core/aws/errors';
import { notificationText } from '../../core/markdownText';
import { copyAsCode, type CodeFlavor, type CodeTarget, type SentRequest } from '../../core/query/copyAsCode';
import { itemsToCsv, itemsToJson } from '../../core/query/export';
import type { JsonObject } from '../../core/query/itemJson';
import { emptyPanelRequest, panelRequestFromCode, validatePanelRequest, type CodeKeys, type PanelRequest } from '../../core/query/panelRequest';
import { buildQuery, buildScan, type QuerySpec, type ScanRequestSpec } from '../../core/query/requests';
import type { Page } from '../../core/query/run';
import { formatUsd } from '../../core/pricing';
import type { TableModel } from '../../core/tables/tableModel';
import type * as AwsEntry from '../../core/entries/aws';
import {
  QUERY_PANEL_VIEW_TYPE, isPanelRequest, isPanelState, parseWebviewMessage,
  type DebugAction, type DomSnapshot, type ExportFormat, type HostMessage, type PanelState, type Place, type RunSummary, type SessionTotals, type WebviewMessage,
} from '../../webview/protocol';
import { panelHtml } from './panelHtml';
import { billingNote, projectionNote } from './paletteCommands';
import { QueryHistory } from './queryHistory';
import { Cancelled, ask, listTables, pickConnection, pickRegion, pickTable } from './targetPicks';

type AwsModule = typeof AwsEntry;

export interface QueryPanelOptions {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  loadAws: () => Promise<AwsModule>;
  log: Log;
  connections: () => ConnectionSetting[];
  /** Set under the test runner: the page answers test-only DOM snapshots. */
  testMode: boolean;
}

/** What opens a panel: a Tables view node, or a target from the palette, a CodeLens or a test. */
export interface QueryPanelTarget {
  connectionName?: string;
  region?: string | null;
  table?: string;
  /** Form fields to pre-fill (index included). */
  request?: Partial<PanelRequest>;
  /** Key values the analyzer resolved in code, mapped onto the live key schema. */
  code?: CodeKeys;
}

export type OpenOutcome =
  | { status: 'opened'; table: string; revealed: boolean }
  | { status: 'cancelled' }
  | { status: 'failed'; message: string };

export type ExportOutcome = { status: 'exported'; uri: string; items: number } | { status: 'cancelled' } | { status: 'failed'; message: string };
export type CopyOutcome = { status: 'copied'; flavor: CodeFlavor; text: string } | { status: 'failed'; message: string };

/** The current result set: the run's spec, the items loaded so far, and the last request sent. */
interface LoadedRun {
  mode: 'query' | 'scan';
  query?: QuerySpec;
  scan?: ScanRequestSpec;
  readBudget?: number;
  items: JsonObject[];
  lastKey?: Record<string, AttributeValue>;
  sent: SentRequest;
  count: number;
  scannedCount: number;
  readUnits: number;
  costUsd: number;
  notes: string[];
  last: RunSummary;
}

function keyOf(place: Place, table: string): string {
  return `${place.connection}\u0000${place.region ?? ''}\u0000${table}`;
}

function isTableNode(arg: unknown): arg is Extract<TablesNode, { kind: 'table' }> & { index?: string } {
  const node = arg as Partial<Extract<TablesNode, { kind: 'table' }>> | null;
  return typeof node === 'object' && node !== null && (node.kind === 'table' || (node as { kind?: string }).kind === 'index')
    && typeof node.name === 'string' && typeof node.region === 'string' && typeof node.connection?.name === 'string';
}

/** Reads the command argument; anything malformed is ignored rather than trusted. */
function readTarget(arg: unknown): { target: QueryPanelTarget; connection?: ConnectionSetting } {
  // A GSI row of the Tables view: its parent is the table.
  const detail = arg as { kind?: unknown; row?: { indexName?: unknown }; parent?: unknown } | null;
  if (typeof detail === 'object' && detail !== null && detail.kind === 'detail' && typeof detail.row?.indexName === 'string') {
    let table = detail.parent as { kind?: unknown; parent?: unknown } | undefined;
    while (table && table.kind !== 'table') table = table.parent as typeof table;
    if (isTableNode(table)) return { target: { region: table.region, table: table.name, request: { ...emptyPanelRequest(), index: detail.row.indexName } }, connection: table.connection };
    return { target: {} };
  }
  if (isTableNode(arg)) {
    // An index node (when the tree shows them) names its table in `table` and itself in `name`.
    const indexNode = (arg as { kind: string }).kind === 'index';
    const table = indexNode ? (arg as unknown as { table?: unknown }).table : arg.name;
    if (typeof table !== 'string') return { target: {} };
    return { target: { region: arg.region, table, ...(indexNode ? { request: { index: arg.name } } : {}) }, connection: arg.connection };
  }
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
    if (typeof values === 'object' && values !== null && Object.values(values).every((v) => v === null || typeof v === 'string')) {
      target.code = { keyValues: values as Record<string, string | null>, ...(typeof c.index === 'string' ? { index: c.index } : {}) };
      const skc = c.sortKeyCondition as CodeKeys['sortKeyCondition'] | undefined;
      if (skc && typeof skc.attribute === 'string' && typeof skc.op === 'string' && Array.isArray(skc.values) && skc.values.every((v) => v === null || typeof v === 'string')) {
        target.code.sortKeyCondition = skc;
      }
    }
  }
  return { target };
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class QueryPanel implements vscode.Disposable {
  private tableModel: Promise<TableModel> | undefined;
  private run: LoadedRun | undefined;
  private abort: AbortController | undefined;
  private session: SessionTotals = { runs: 0, readUnits: 0, costUsd: 0 };
  /** A form to hand the page on its next `ready` (a prefill it has not seen yet). */
  private pendingRequest: PanelRequest | undefined;
  private pendingCode: CodeKeys | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly debugReplies = new Map<number, (s: DomSnapshot) => void>();
  private debugId = 0;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private place: Place,
    private table: string,
    private readonly manager: QueryPanelManager,
    restored?: PanelState,
  ) {
    if (restored) {
      this.session = restored.session;
      // The page restores its own form from getState; the host hands it over too, should that be gone.
      this.pendingRequest = restored.request;
    }
    const dist = vscode.Uri.joinPath(manager.options.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(manager.options.extensionUri, 'media', 'dynamo-guard.svg');
    panel.webview.html = panelHtml(panel.webview, dist, (base, ...parts) => vscode.Uri.joinPath(base, ...parts));
    this.updateTitle();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
      panel.onDidChangeViewState((e) => { if (e.webviewPanel.active) manager.focused(this); }),
    );
    this.describe();
  }

  get key(): string {
    return keyOf(this.place, this.table);
  }

  get tableName(): string {
    return this.table;
  }

  /** Resolves when every message received so far has been handled (tests wait on it). */
  settled(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  prefill(target: QueryPanelTarget): void {
    if (target.request) this.pendingRequest = { ...emptyPanelRequest(), ...target.request };
    if (target.code) this.pendingCode = target.code;
    void this.deliverPrefill();
  }

  private async deliverPrefill(): Promise<void> {
    const request = await this.prefillRequest();
    if (request) this.post({ type: 'prefill', request });
  }

  private async prefillRequest(): Promise<PanelRequest | undefined> {
    if (this.pendingCode) {
      const code = this.pendingCode;
      try {
        const table = await this.model();
        this.pendingRequest = panelRequestFromCode(table, code);
      } catch {
        // The table could not be read: the error is shown once by describe(); keep the form as it is.
      }
      this.pendingCode = undefined;
    }
    return this.pendingRequest;
  }

  private connection(): ConnectionSetting | undefined {
    return this.manager.options.connections().find((c) => c.name === this.place.connection);
  }

  private conn(): ConnectionOptions {
    const connection = this.connection();
    if (!connection) throw new Error(`Connection "${this.place.connection}" is no longer configured: pick another in the panel.`);
    return clientOptions(connection, this.place.region ?? undefined);
  }

  private context(): ProblemContext {
    const c = this.connection();
    return { ...(c?.profile ? { profile: c.profile } : {}), ...(this.place.region ? { region: this.place.region } : {}), ...(c?.endpoint ? { endpoint: c.endpoint } : {}), table: this.table };
  }

  private describe(): void {
    const model = (async () => {
      const aws = await this.manager.options.loadAws();
      return aws.describeTable(this.conn(), this.table);
    })();
    this.tableModel = model;
    model.then(
      (table) => { if (this.tableModel === model) this.post({ type: 'table', place: this.place, table, request: this.pendingRequest ?? emptyPanelRequest() }); },
      (err) => { if (this.tableModel === model) void this.fail(err); },
    );
  }

  private model(): Promise<TableModel> {
    if (!this.tableModel) this.describe();
    return this.tableModel as Promise<TableModel>;
  }

  private updateTitle(): void {
    this.panel.title = `Query ${this.table}`;
  }

  private post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseWebviewMessage(raw, { testMode: this.manager.options.testMode });
    if (!message) {
      this.manager.options.log.warn(`query panel: ignored a malformed message (${typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw})`);
      return;
    }
    // Cancel and test replies bypass the queue: they must act while a run is in progress.
    if (message.type === 'cancel') {
      this.abort?.abort();
      return;
    }
    if (message.type === 'debug/result') {
      this.debugReplies.get(message.id)?.(message.snapshot);
      this.debugReplies.delete(message.id);
      return;
    }
    this.queue = this.queue.then(() => this.handle(message)).catch((err) => this.fail(err));
  }

  private async handle(message: Exclude<WebviewMessage, { type: 'cancel' | 'debug/result' }>): Promise<void> {
    switch (message.type) {
      case 'ready': return this.sendInit();
      case 'selectPlace': return this.selectPlace(message.place);
      case 'selectTable': return this.selectTable(message.place, message.table);
      case 'run': return this.runRequest(message.request);
      case 'loadMore': return this.loadMore();
      case 'export': { await this.exportResults(message.format); return; }
      case 'copyAsCode': { await this.copy(message.flavor); return; }
      case 'rerun': return this.rerun(message.id);
    }
  }

  private places(): Place[] {
    return this.manager.options.connections().flatMap((c): Place[] => {
      const regions = c.regions?.filter((r) => r.length > 0) ?? [];
      return regions.length > 0 ? regions.map((region) => ({ connection: c.name, region })) : [{ connection: c.name, region: null }];
    });
  }

  private async sendInit(): Promise<void> {
    const request = await this.prefillRequest();
    let table: TableModel | null = null;
    try {
      table = await this.model();
    } catch {
      // Reported by describe(); the page still shows the form and the table picker.
    }
    this.post({
      type: 'init', places: this.places(), place: this.place, tables: null, table,
      request: request ?? emptyPanelRequest(), history: this.manager.history.entries(), session: this.session, testMode: this.manager.options.testMode,
    });
    if (request) this.post({ type: 'prefill', request });
    this.pendingRequest = undefined;
    if (this.run && table) this.postResults(table, false, this.run.items);
    void this.sendTables(this.place);
  }

  private async sendTables(place: Place): Promise<void> {
    try {
      const aws = await this.manager.options.loadAws();
      const connection = this.manager.options.connections().find((c) => c.name === place.connection);
      if (!connection) throw new Error(`Connection "${place.connection}" is no longer configured.`);
      const tables = await listTables(aws, clientOptions(connection, place.region ?? undefined));
      this.post({ type: 'tables', place, tables });
    } catch (err) {
      await this.fail(err);
    }
  }

  private selectPlace(place: Place): Promise<void> {
    return this.sendTables(place);
  }

  private async selectTable(place: Place, table: string): Promise<void> {
    const key = keyOf(place, table);
    const other = this.manager.panelFor(key);
    if (other && other !== this) {
      other.panel.reveal();
      this.post({ type: 'notice', message: `${table} is already open in another query panel.` });
      return;
    }
    this.abort?.abort();
    this.place = place;
    this.table = table;
    this.run = undefined;
    this.manager.rekey(this);
    this.updateTitle();
    this.describe();
    await this.model().catch(() => undefined);
  }

  private async rerun(id: string): Promise<void> {
    const entry = this.manager.history.find(id);
    if (!entry) {
      this.post({ type: 'error', message: 'That history entry is gone: run the query again from the form.' });
      return;
    }
    if (keyOf(entry.place, entry.table) !== this.key) await this.selectTable(entry.place, entry.table);
    if (keyOf(entry.place, entry.table) !== this.key) return;
    this.post({ type: 'prefill', request: entry.request });
    await this.runRequest(entry.request);
  }

  private async runRequest(request: PanelRequest): Promise<void> {
    const table = await this.model();
    const validated = validatePanelRequest(table, request);
    if (!validated.ok) {
      this.post({ type: 'invalid', errors: validated.errors });
      return;
    }
    if (validated.mode === 'scan') {
      if (!(await this.confirmScan(table, validated.spec, validated.readBudget, false))) {
        this.post({ type: 'cancelled' });
        return;
      }
      await this.execute(table, { mode: 'scan', scan: validated.spec, readBudget: validated.readBudget }, false);
    } else {
      await this.execute(table, { mode: 'query', query: validated.spec }, false);
    }
    if (this.run && !this.disposed) {
      const entries = await this.manager.history.add({ place: this.place, table: this.table, request, summary: this.summary(table, request) });
      this.post({ type: 'history', entries });
    }
  }

  private summary(table: TableModel, request: PanelRequest): string {
    const index = table.indexes.find((i) => i.name === request.index);
    const pkName = (index ?? table).partitionKey.name;
    const skName = (index ?? table).sortKey?.name;
    const parts = [request.index || table.name];
    if (request.mode === 'scan') parts.push(`Scan ≤ ${request.readBudget} RCU`);
    else parts.push(`${pkName} = ${request.pk}`);
    if (request.mode === 'query' && request.skOp && skName) parts.push(request.skOp === 'between' ? `${skName} between ${request.sk} and ${request.sk2}` : `${skName} ${request.skOp} ${request.sk}`);
    if (request.filter) parts.push(`filter ${request.filter}`);
    if (this.run) parts.push(`${this.run.count} item${this.run.count === 1 ? '' : 's'}`);
    return parts.join(' · ');
  }

  private async confirmScan(table: TableModel, spec: ScanRequestSpec, readBudget: number, continuing: boolean): Promise<boolean> {
    const aws = await this.manager.options.loadAws();
    const estimate = aws.fullScanEstimate(table, { consistent: spec.consistent ?? false });
    const target = spec.index ? `index ${spec.index} of ${table.name}` : table.name;
    const detail = [
      `A full pass over ${target} reads about ${Number(estimate.readUnits.toFixed(1))} read units in ${estimate.pages} page${estimate.pages === 1 ? '' : 's'} and costs about ${formatUsd(estimate.costUsd)} (${(estimate.sizeBytes / 1024 / 1024).toFixed(1)} MB).`,
      `This run stops paging once ${readBudget} read units are spent (it can pass that by at most one 1 MB page).`,
      estimate.staleNote,
      spec.filter ? 'A filter does not reduce what a Scan reads or costs.' : '',
    ].filter(Boolean).join('\n\n');
    const action = `Scan up to ${readBudget} RCU`;
    const choice = await vscode.window.showWarningMessage(notificationText(`${continuing ? 'Continue the Scan of' : 'Scan'} ${target}?`), { modal: true, detail }, action);
    return choice === action;
  }

  private async loadMore(): Promise<void> {
    const run = this.run;
    if (!run?.lastKey) {
      this.post({ type: 'notice', message: 'Every item of this query is loaded: there is no next page.' });
      return;
    }
    const table = await this.model();
    if (run.mode === 'scan' && run.scan && run.readBudget !== undefined) {
      if (!(await this.confirmScan(table, run.scan, run.readBudget, true))) {
        this.post({ type: 'cancelled' });
        return;
      }
    }
    await this.execute(table, run.mode === 'scan' ? { mode: 'scan', ...(run.scan ? { scan: run.scan } : {}), ...(run.readBudget !== undefined ? { readBudget: run.readBudget } : {}) } : { mode: 'query', ...(run.query ? { query: run.query } : {}) }, true);
  }

  private async execute(table: TableModel, what: { mode: 'query' | 'scan'; query?: QuerySpec; scan?: ScanRequestSpec; readBudget?: number }, append: boolean): Promise<void> {
    const aws = await this.manager.options.loadAws();
    const startKey = append ? this.run?.lastKey : undefined;
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    let sent: SentRequest;
    let pages: AsyncIterable<Page>;
    const conn = this.conn();
    if (what.mode === 'query' && what.query) {
      const spec: QuerySpec = { ...what.query, ...(startKey ? { startKey } : {}) };
      sent = { operation: 'Query', input: buildQuery(spec).input };
      pages = aws.queryPages(conn, spec, { maxPages: 1, signal: controller.signal });
      this.post({ type: 'running', message: `${append ? 'Loading the next page of' : 'Querying'} ${spec.index ? `${table.name} ${spec.index}` : table.name}…` });
    } else if (what.mode === 'scan' && what.scan && what.readBudget !== undefined) {
      const spec: ScanRequestSpec = { ...what.scan, ...(startKey ? { startKey } : {}) };
      sent = { operation: 'Scan', input: buildScan(spec) };
      pages = aws.scanPages(conn, { ...spec, confirmed: true, readBudget: what.readBudget }, controller.signal);
      this.post({ type: 'running', message: `Scanning ${table.name} up to ${what.readBudget} read units…` });
    } else {
      return;
    }
    const result = await aws.collectPages(table, pages);
    if (controller.signal.aborted || this.disposed) return;
    this.abort = undefined;
    const index = what.query?.index ?? what.scan?.index;
    const indexModel = index ? table.indexes.find((i) => i.name === index) : undefined;
    const filtered = Boolean(what.query?.filter ?? what.scan?.filter);
    const stoppedByBudget = what.mode === 'scan' && result.lastEvaluatedKey !== undefined;
    const notes = [
      filtered && result.scannedCount > result.count ? aws.FILTER_NOTE : undefined,
      stoppedByBudget ? `The Scan stopped at its read budget of ${what.readBudget} RCU: Load more continues it (after another confirmation).` : undefined,
      indexModel ? projectionNote(indexModel) : undefined,
      billingNote(table),
    ].filter((n): n is string => n !== undefined);
    const summary: RunSummary = {
      mode: what.mode, count: result.count, scannedCount: result.scannedCount, readUnits: result.consumedCapacity.readUnits,
      costUsd: result.estimatedCostUsd, pages: result.pages, stoppedByBudget,
    };
    this.session = { runs: this.session.runs + 1, readUnits: this.session.readUnits + summary.readUnits, costUsd: this.session.costUsd + summary.costUsd };
    const previous = append ? this.run : undefined;
    this.run = {
      mode: what.mode,
      ...(what.query ? { query: what.query } : {}),
      ...(what.scan ? { scan: what.scan } : {}),
      ...(what.readBudget !== undefined ? { readBudget: what.readBudget } : {}),
      items: [...(previous?.items ?? []), ...result.items],
      ...(result.lastEvaluatedKey ? { lastKey: result.lastEvaluatedKey } : {}),
      sent,
      count: (previous?.count ?? 0) + result.count,
      scannedCount: (previous?.scannedCount ?? 0) + result.scannedCount,
      readUnits: (previous?.readUnits ?? 0) + summary.readUnits,
      costUsd: (previous?.costUsd ?? 0) + summary.costUsd,
      notes,
      last: summary,
    };
    this.postResults(table, append, result.items);
  }

  private keyNames(table: TableModel): string[] {
    const index = this.run?.query?.index ?? this.run?.scan?.index;
    const model = index ? table.indexes.find((i) => i.name === index) : undefined;
    return [table.partitionKey.name, table.sortKey?.name ?? '', model?.partitionKey.name ?? '', model?.sortKey?.name ?? ''].filter(Boolean);
  }

  private postResults(table: TableModel, append: boolean, items: JsonObject[]): void {
    const run = this.run;
    if (!run) return;
    this.post({ type: 'results', append, items, keyNames: this.keyNames(table), run: run.last, session: this.session, hasMore: run.lastKey !== undefined, notes: run.notes });
  }

  async exportResults(format: ExportFormat, target?: vscode.Uri): Promise<ExportOutcome> {
    const run = this.run;
    if (!run || run.items.length === 0) {
      const message = 'There are no loaded results to export: run a query first.';
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    const table = await this.model();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = target ?? (await vscode.window.showSaveDialog({
      title: `Export ${run.items.length} loaded items of ${table.name}`,
      ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${table.name}-${stamp}.${format}`) } : {}),
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      saveLabel: `Export ${format.toUpperCase()}`,
    }));
    if (!uri) return { status: 'cancelled' };
    const text = format === 'csv' ? itemsToCsv(run.items, this.keyNames(table)) : itemsToJson(run.items);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (err) {
      const message = `Could not write ${uri.fsPath || uri.toString()}: ${errorMessage(err)}`;
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    this.post({ type: 'notice', message: `Exported ${run.items.length} item${run.items.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(uri)}.` });
    return { status: 'exported', uri: uri.toString(), items: run.items.length };
  }

  async copy(flavor: CodeFlavor): Promise<CopyOutcome> {
    const run = this.run;
    if (!run) {
      const message = 'Run a query first: Copy as code copies the request that was sent.';
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    const connection = this.connection();
    const region = this.place.region ?? (await this.model().then((t) => t.region, () => undefined));
    const target: CodeTarget = { ...(region ? { region } : {}), ...(connection?.endpoint ? { endpoint: connection.endpoint } : {}), ...(connection?.profile ? { profile: connection.profile } : {}) };
    const text = copyAsCode(flavor, run.sent, target);
    await vscode.env.clipboard.writeText(text);
    const label = flavor === 'cli' ? 'AWS CLI' : flavor === 'sdk-client' ? 'SDK v3 client' : 'SDK v3 document client';
    this.post({ type: 'notice', message: `Copied the last request as ${label} code.` });
    return { status: 'copied', flavor, text };
  }

  private async fail(err: unknown): Promise<void> {
    if (err instanceof Cancelled) return;
    if (err instanceof Error && err.name === 'QueryInputError') {
      this.post({ type: 'error', message: err.message });
      return;
    }
    let aws: AwsModule | undefined;
    try {
      aws = await this.manager.options.loadAws();
    } catch {
      // The message below still makes sense without the AWS bundle.
    }
    const problem = aws?.toAwsProblem(err, this.context());
    if (problem?.code === 'aborted') {
      this.post({ type: 'cancelled' });
      return;
    }
    const message = problem?.message ?? errorMessage(err);
    this.manager.options.log.error(`query panel on ${this.table} failed${problem ? ` (${problem.code})` : ''}: ${message}`);
    if (problem?.cause instanceof Error) this.manager.options.log.error(problem.cause);
    this.post({ type: 'error', message });
  }

  /** Test-only: has the page act (submit, key press, snapshot) and answer with its DOM facts. */
  act(action: DebugAction): Promise<DomSnapshot> {
    const id = ++this.debugId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.debugReplies.delete(id); reject(new Error(`the query panel did not answer ${action.kind}`)); }, 15_000);
      this.debugReplies.set(id, (s) => { clearTimeout(timer); resolve(s); });
      this.post({ type: 'debug/act', id, action });
    });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.manager.forget(this);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

export class QueryPanelManager implements vscode.Disposable, vscode.WebviewPanelSerializer {
  readonly history: QueryHistory;
  private readonly panels = new Map<string, QueryPanel>();
  private lastFocused: QueryPanel | undefined;

  constructor(readonly options: QueryPanelOptions) {
    this.history = new QueryHistory(options.workspaceState);
  }

  panelFor(key: string): QueryPanel | undefined {
    return this.panels.get(key);
  }

  /** The panel the user worked in last (export and copy commands act on it). */
  active(): QueryPanel | undefined {
    return this.lastFocused && this.panels.get(this.lastFocused.key) === this.lastFocused ? this.lastFocused : [...this.panels.values()].pop();
  }

  focused(panel: QueryPanel): void {
    this.lastFocused = panel;
  }

  rekey(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
    this.panels.set(panel.key, panel);
  }

  forget(panel: QueryPanel): void {
    for (const [key, p] of this.panels) if (p === panel) this.panels.delete(key);
    if (this.lastFocused === panel) this.lastFocused = undefined;
  }

  async open(arg: unknown): Promise<OpenOutcome> {
    try {
      const { target, connection: given } = readTarget(arg);
      const connection = given ?? (await pickConnection(this.options.connections(), target.connectionName));
      const region = target.region !== undefined ? target.region ?? undefined : await pickRegion(connection);
      let table = target.table;
      if (table === undefined) {
        const aws = await this.options.loadAws();
        table = await pickTable(aws, clientOptions(connection, region), connection, region);
      }
      const place: Place = { connection: connection.name, region: region ?? null };
      const existing = this.panels.get(keyOf(place, table));
      if (existing) {
        existing.panel.reveal();
        existing.prefill(target);
        this.lastFocused = existing;
        return { status: 'opened', table, revealed: true };
      }
      const panel = vscode.window.createWebviewPanel(QUERY_PANEL_VIEW_TYPE, `Query ${table}`, vscode.ViewColumn.Active, {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.options.extensionUri, 'dist')],
      });
      const created = new QueryPanel(panel, place, table, this);
      this.panels.set(created.key, created);
      this.lastFocused = created;
      created.prefill(target);
      return { status: 'opened', table, revealed: false };
    } catch (err) {
      if (err instanceof Cancelled) return { status: 'cancelled' };
      const message = errorMessage(err);
      void vscode.window.showErrorMessage(notificationText(message));
      return { status: 'failed', message };
    }
  }

  /** Restores a panel after a window reload from the state its page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    if (!isPanelState(state) || !state.place || !state.table || this.panels.has(keyOf(state.place, state.table))) {
      // Nothing to restore it to (or a duplicate): close it rather than show an empty shell.
      panel.dispose();
      return;
    }
    const restored = new QueryPanel(panel, state.place, state.table, this, state);
    this.panels.set(restored.key, restored);
  }

  async exportResults(arg: unknown): Promise<ExportOutcome> {
    const a = (typeof arg === 'object' && arg !== null ? arg : {}) as { format?: unknown; target?: unknown };
    const format: ExportFormat = a.format === 'csv' ? 'csv' : 'json';
    const target = typeof a.target === 'string' ? vscode.Uri.parse(a.target) : a.target instanceof vscode.Uri ? a.target : undefined;
    const panel = this.active();
    if (!panel) return { status: 'failed', message: 'Open a query panel first.' };
    return panel.exportResults(format, target);
  }

  async copyAsCode(arg: unknown): Promise<CopyOutcome> {
    const flavor = typeof arg === 'object' && arg !== null ? (arg as { flavor?: unknown }).flavor : arg;
    const panel = this.active();
    if (!panel) return { status: 'failed', message: 'Open a query panel first.' };
    const chosen: CodeFlavor | undefined = flavor === 'sdk-client' || flavor === 'sdk-document' || flavor === 'cli' ? flavor : (await ask(vscode.window.showQuickPick(
      [{ label: 'AWS SDK v3 (client)', flavor: 'sdk-client' as const }, { label: 'AWS SDK v3 (document client)', flavor: 'sdk-document' as const }, { label: 'AWS CLI', flavor: 'cli' as const }],
      { title: 'Copy the last request as' },
    ).then((p) => p?.flavor)).catch(() => undefined));
    if (!chosen) return { status: 'failed', message: 'No code flavour chosen.' };
    return panel.copy(chosen);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
    this.panels.clear();
  }
}

export function registerQueryPanel(context: vscode.ExtensionContext, options: Omit<QueryPanelOptions, 'extensionUri' | 'workspaceState'>): QueryPanelManager {
  const manager = new QueryPanelManager({ ...options, extensionUri: context.extensionUri, workspaceState: context.workspaceState });
  context.subscriptions.push(
    manager,
    vscode.window.registerWebviewPanelSerializer(QUERY_PANEL_VIEW_TYPE, manager),
    vscode.commands.registerCommand(CommandIds.openQueryPanel, (arg?: unknown) => manager.open(arg)),
    vscode.commands.registerCommand(CommandIds.exportQueryResults, (arg?: unknown) => manager.exportResults(arg)),
    vscode.commands.registerCommand(CommandIds.copyQueryAsCode, (arg?: unknown) => manager.copyAsCode(arg)),
  );
  return manager;
}
