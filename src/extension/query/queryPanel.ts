// One query panel on the host side: a webview on one table, talking to its page only through the
// typed protocol. It validates every message, runs key queries (and Scans only after a confirmation
// showing the full-pass estimate, under a read budget) through the core engine, keeps the loaded
// items for export and the last request sent for "Copy as code" (core's RunBook), and records history.
import * as vscode from 'vscode';
import { clientOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import type { ConnectionOptions } from '../../core/aws/clients';
import type { ProblemContext } from '../../core/aws/errors';
import { notificationText } from '../../core/markdownText';
import { copyAsCode, type CodeFlavor, type CodeTarget, type SentRequest } from '../../core/query/copyAsCode';
import { itemsToCsv, itemsToJson } from '../../core/query/export';
import type { JsonObject } from '../../core/query/itemJson';
import {
  emptyPanelRequest,
  panelRequestFromCode,
  validatePanelRequest,
  type CodeKeys,
  type PanelRequest,
} from '../../core/query/panelRequest';
import type { QueryHistory } from '../../core/query/queryHistory';
import {
  RunBook,
  historySummary,
  placeKey,
  placesOf,
  resultKeyNames,
  runNotes,
  scanConfirmation,
  type Place,
  type RunSpec,
} from '../../core/query/queryRun';
import { buildQuery, buildScan, type QuerySpec, type ScanRequestSpec } from '../../core/query/requests';
import type { Page } from '../../core/query/run';
import type { TableModel } from '../../core/tables/tableModel';
import type * as AwsEntry from '../../core/entries/aws';
import {
  parseWebviewMessage,
  type ExportFormat,
  type HostMessage,
  type PanelState,
  type WebviewMessage,
} from '../../webview/protocol';
import { panelHtml } from './panelHtml';
import type { QueryPanelTarget } from './queryPanelTarget';
import { Cancelled, listTables } from './targetPicks';
import { errorMessage } from '../../core/errorMessage';
import { isQueryInputError } from '../../core/query/keyValue';

export type AwsModule = typeof AwsEntry;

export interface QueryPanelOptions {
  extensionUri: vscode.Uri;
  workspaceState: vscode.Memento;
  loadAws: () => Promise<AwsModule>;
  log: Log;
  connections: () => ConnectionSetting[];
}

/** What a panel needs of the manager that owns it: its options, the history, and the other panels. */
export interface QueryPanelHost {
  readonly options: QueryPanelOptions;
  readonly history: QueryHistory;
  panelFor(key: string): QueryPanel | undefined;
  rekey(panel: QueryPanel): void;
  forget(panel: QueryPanel): void;
}

export type ExportOutcome =
  { status: 'exported'; uri: string; items: number } | { status: 'cancelled' } | { status: 'failed'; message: string };
export type CopyOutcome =
  { status: 'copied'; flavor: CodeFlavor; text: string } | { status: 'failed'; message: string };

export class QueryPanel implements vscode.Disposable {
  private tableModel: Promise<TableModel> | undefined;
  private readonly runs: RunBook;
  private abort: AbortController | undefined;
  /** A form to hand the page on its next `ready` (a prefill it has not seen yet). */
  private pendingRequest: PanelRequest | undefined;
  private pendingCode: CodeKeys | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private place: Place,
    private table: string,
    private readonly host: QueryPanelHost,
    restored?: PanelState,
  ) {
    this.runs = new RunBook(restored?.session);
    // The page restores its own form from getState; the host hands it over too, should that be gone.
    if (restored) this.pendingRequest = restored.request;
    const dist = vscode.Uri.joinPath(host.options.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(host.options.extensionUri, 'media', 'dynamo-guard.svg');
    panel.webview.html = panelHtml(panel.webview, dist, (base, ...parts) => vscode.Uri.joinPath(base, ...parts), {
      bundle: 'webview',
      title: `Query ${table}`,
    });
    this.updateTitle();
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
    this.describe();
  }

  get key(): string {
    return placeKey(this.place, this.table);
  }

  get tableName(): string {
    return this.table;
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
    return this.host.options.connections().find((c) => c.name === this.place.connection);
  }

  private conn(): ConnectionOptions {
    const connection = this.connection();
    if (!connection)
      throw new Error(`Connection "${this.place.connection}" is no longer configured: pick another in the panel.`);
    return clientOptions(connection, this.place.region ?? undefined);
  }

  private context(): ProblemContext {
    const c = this.connection();
    return {
      ...(c?.profile ? { profile: c.profile } : {}),
      ...(this.place.region ? { region: this.place.region } : {}),
      ...(c?.endpoint ? { endpoint: c.endpoint } : {}),
      table: this.table,
    };
  }

  private describe(): void {
    const model = (async () => {
      const aws = await this.host.options.loadAws();
      return aws.describeTable(this.conn(), this.table);
    })();
    this.tableModel = model;
    model.then(
      (table) => {
        if (this.tableModel === model)
          this.post({ type: 'table', place: this.place, table, request: this.pendingRequest ?? emptyPanelRequest() });
      },
      (err) => {
        if (this.tableModel === model) void this.fail(err);
      },
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
    const message = parseWebviewMessage(raw);
    if (!message) {
      this.host.options.log.warn(
        `query panel: ignored a malformed message (${typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw})`,
      );
      return;
    }
    // Cancel bypasses the queue: it must act while a run is in progress.
    if (message.type === 'cancel') {
      this.abort?.abort();
      return;
    }
    this.queue = this.queue.then(() => this.handle(message)).catch((err) => this.fail(err));
  }

  private async handle(message: Exclude<WebviewMessage, { type: 'cancel' }>): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.sendInit();
      case 'selectPlace':
        return this.sendTables(message.place);
      case 'selectTable':
        return this.selectTable(message.place, message.table);
      case 'run':
        return this.runRequest(message.request);
      case 'loadMore':
        return this.loadMore();
      case 'export': {
        await this.exportResults(message.format);
        return;
      }
      case 'copyAsCode': {
        await this.copy(message.flavor);
        return;
      }
      case 'rerun':
        return this.rerun(message.id);
    }
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
      type: 'init',
      places: placesOf(this.host.options.connections()),
      place: this.place,
      tables: null,
      table,
      request: request ?? emptyPanelRequest(),
      history: this.host.history.entries(),
      session: this.runs.session,
    });
    if (request) this.post({ type: 'prefill', request });
    this.pendingRequest = undefined;
    const run = this.runs.run;
    if (run && table) this.postResults(table, false, run.items);
    void this.sendTables(this.place);
  }

  private async sendTables(place: Place): Promise<void> {
    try {
      const aws = await this.host.options.loadAws();
      const connection = this.host.options.connections().find((c) => c.name === place.connection);
      if (!connection) throw new Error(`Connection "${place.connection}" is no longer configured.`);
      const tables = await listTables(aws, clientOptions(connection, place.region ?? undefined));
      this.post({ type: 'tables', place, tables });
    } catch (err) {
      await this.fail(err);
    }
  }

  private async selectTable(place: Place, table: string): Promise<void> {
    const other = this.host.panelFor(placeKey(place, table));
    if (other && other !== this) {
      other.panel.reveal();
      this.post({ type: 'notice', message: `${table} is already open in another query panel.` });
      return;
    }
    this.abort?.abort();
    this.place = place;
    this.table = table;
    this.runs.clear();
    this.host.rekey(this);
    this.updateTitle();
    this.describe();
    await this.model().catch(() => undefined);
  }

  private async rerun(id: string): Promise<void> {
    const entry = this.host.history.find(id);
    if (!entry) {
      this.post({ type: 'error', message: 'That history entry is gone: run the query again from the form.' });
      return;
    }
    if (placeKey(entry.place, entry.table) !== this.key) await this.selectTable(entry.place, entry.table);
    if (placeKey(entry.place, entry.table) !== this.key) return;
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
    const run = this.runs.run;
    if (run && !this.disposed) {
      const entries = await this.host.history.add({
        place: this.place,
        table: this.table,
        request,
        summary: historySummary(table, request, run.count),
      });
      this.post({ type: 'history', entries });
    }
  }

  private async confirmScan(
    table: TableModel,
    spec: ScanRequestSpec,
    readBudget: number,
    continuing: boolean,
  ): Promise<boolean> {
    const aws = await this.host.options.loadAws();
    const estimate = aws.fullScanEstimate(table, { consistent: spec.consistent ?? false });
    const ask = scanConfirmation(table, spec, readBudget, estimate, continuing);
    const choice = await vscode.window.showWarningMessage(
      notificationText(ask.message),
      { modal: true, detail: ask.detail },
      ask.action,
    );
    return choice === ask.action;
  }

  private async loadMore(): Promise<void> {
    const next = this.runs.nextPage();
    if (!next) {
      this.post({ type: 'notice', message: 'Every item of this query is loaded: there is no next page.' });
      return;
    }
    const table = await this.model();
    if (next.mode === 'scan' && !(await this.confirmScan(table, next.scan, next.readBudget, true))) {
      this.post({ type: 'cancelled' });
      return;
    }
    await this.execute(table, next, true);
  }

  private async execute(table: TableModel, spec: RunSpec, append: boolean): Promise<void> {
    const aws = await this.host.options.loadAws();
    const startKey = append ? this.runs.startKey() : undefined;
    this.abort?.abort();
    const controller = new AbortController();
    this.abort = controller;
    let sent: SentRequest;
    let pages: AsyncIterable<Page>;
    const conn = this.conn();
    if (spec.mode === 'query') {
      const query: QuerySpec = { ...spec.query, ...(startKey ? { startKey } : {}) };
      sent = { operation: 'Query', input: buildQuery(query).input };
      pages = aws.queryPages(conn, query, { maxPages: 1, signal: controller.signal });
      this.post({
        type: 'running',
        message: `${append ? 'Loading the next page of' : 'Querying'} ${query.index ? `${table.name} ${query.index}` : table.name}…`,
      });
    } else {
      const scan: ScanRequestSpec = { ...spec.scan, ...(startKey ? { startKey } : {}) };
      sent = { operation: 'Scan', input: buildScan(scan) };
      pages = aws.scanPages(conn, { ...scan, confirmed: true, readBudget: spec.readBudget }, controller.signal);
      this.post({ type: 'running', message: `Scanning ${table.name} up to ${spec.readBudget} read units…` });
    }
    const result = await aws.collectPages(table, pages);
    if (controller.signal.aborted || this.disposed) return;
    this.abort = undefined;
    this.runs.record(spec, result, sent, runNotes(table, spec, result, aws.FILTER_NOTE), append);
    this.postResults(table, append, result.items);
  }

  private postResults(table: TableModel, append: boolean, items: JsonObject[]): void {
    const run = this.runs.run;
    if (!run) return;
    this.post({
      type: 'results',
      append,
      items,
      keyNames: resultKeyNames(table, run.spec),
      run: run.last,
      session: this.runs.session,
      hasMore: run.lastKey !== undefined,
      notes: run.notes,
    });
  }

  async exportResults(format: ExportFormat, target?: vscode.Uri): Promise<ExportOutcome> {
    const run = this.runs.run;
    if (!run || run.items.length === 0) {
      const message = 'There are no loaded results to export: run a query first.';
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    const table = await this.model();
    const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri =
      target ??
      (await vscode.window.showSaveDialog({
        title: `Export ${run.items.length} loaded items of ${table.name}`,
        ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, `${table.name}-${stamp}.${format}`) } : {}),
        filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
        saveLabel: `Export ${format.toUpperCase()}`,
      }));
    if (!uri) return { status: 'cancelled' };
    const text = format === 'csv' ? itemsToCsv(run.items, resultKeyNames(table, run.spec)) : itemsToJson(run.items);
    try {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    } catch (err) {
      const message = `Could not write ${uri.fsPath || uri.toString()}: ${errorMessage(err)}`;
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    this.post({
      type: 'notice',
      message: `Exported ${run.items.length} item${run.items.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(uri)}.`,
    });
    return { status: 'exported', uri: uri.toString(), items: run.items.length };
  }

  async copy(flavor: CodeFlavor): Promise<CopyOutcome> {
    const run = this.runs.run;
    if (!run) {
      const message = 'Run a query first: Copy as code copies the request that was sent.';
      this.post({ type: 'error', message });
      return { status: 'failed', message };
    }
    const connection = this.connection();
    const region =
      this.place.region ??
      (await this.model().then(
        (t) => t.region,
        () => undefined,
      ));
    const target: CodeTarget = {
      ...(region ? { region } : {}),
      ...(connection?.endpoint ? { endpoint: connection.endpoint } : {}),
      ...(connection?.profile ? { profile: connection.profile } : {}),
    };
    const text = copyAsCode(flavor, run.sent, target);
    await vscode.env.clipboard.writeText(text);
    const label = flavor === 'cli' ? 'AWS CLI' : flavor === 'sdk-client' ? 'SDK v3 client' : 'SDK v3 document client';
    this.post({ type: 'notice', message: `Copied the last request as ${label} code.` });
    return { status: 'copied', flavor, text };
  }

  private async fail(err: unknown): Promise<void> {
    if (err instanceof Cancelled) return;
    if (isQueryInputError(err)) {
      this.post({ type: 'error', message: err.message });
      return;
    }
    let aws: AwsModule | undefined;
    try {
      aws = await this.host.options.loadAws();
    } catch {
      // The message below still makes sense without the AWS bundle.
    }
    const problem = aws?.toAwsProblem(err, this.context());
    if (problem?.code === 'aborted') {
      this.post({ type: 'cancelled' });
      return;
    }
    const message = problem?.message ?? errorMessage(err);
    this.host.options.log.error(
      `query panel on ${this.table} failed${problem ? ` (${problem.code})` : ''}: ${message}`,
    );
    if (problem?.cause instanceof Error) this.host.options.log.error(problem.cause);
    this.post({ type: 'error', message });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.abort?.abort();
    this.host.forget(this);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}
