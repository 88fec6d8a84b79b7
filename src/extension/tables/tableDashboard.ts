// Table dashboards on the host side: one webview panel per table (revealed when asked for again),
// restored after a reload by a serializer, talking to its page only through the dashboard protocol.
// The data is the Tables view's cost analysis of the table (the day's cache first) plus the same
// days' throttling and latency, shaped by core into charts the page only draws.
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import { dashboardModel } from '../../core/cost/dashboardModel';
import { DEFAULT_COST_DAYS } from '../../core/cost/analysisBudget';
import { notificationText } from '../../core/markdownText';
import {
  DASHBOARD_VIEW_TYPE,
  isDashboardTarget,
  isTimeRange,
  parseDashboardPageMessage,
  type DashboardHostMessage,
  type DashboardTarget,
  type RenderedChart,
  type TimeRange,
} from '../../webview/dashboardProtocol';
import { tableOfNodeArg } from '../commandArgs';
import { CommandIds } from '../commandIds';
import type { ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { panelHtml } from '../query/panelHtml';
import type { CostAnalyzer } from './costAnalyzer';
import { registerCommand } from '../registerCommand';
import { errorMessage } from '../../core/errorMessage';

type AwsModule = typeof AwsEntry;

export interface DashboardOptions {
  extensionUri: vscode.Uri;
  loadAws: () => Promise<AwsModule>;
  log: Log;
  connections: () => ConnectionSetting[];
  costs: CostAnalyzer;
}

export type DashboardOutcome =
  { status: 'opened'; table: string; revealed: boolean } | { status: 'failed'; message: string };

const keyOf = (t: DashboardTarget) => `${t.connection}\u0000${t.region}\u0000${t.table}`;

/**
 * The command argument: a table node, any row under one (the Cost row), or
 * `{ connectionName, region, table, lastDays? }`. Anything else is refused rather than trusted.
 */
function readTarget(arg: unknown): { target: DashboardTarget; lastDays?: number } | undefined {
  const t = tableOfNodeArg(arg);
  if (t) {
    const target = { connection: t.connection.name, region: t.region, table: t.name };
    return isDashboardTarget(target) ? { target } : undefined;
  }
  if (typeof arg !== 'object' || arg === null) return undefined;
  const a = arg as Record<string, unknown>;
  const target = { connection: a.connectionName, region: a.region, table: a.table };
  if (!isDashboardTarget(target)) return undefined;
  const days = a.lastDays;
  return {
    target,
    ...(typeof days === 'number' && Number.isInteger(days) && days > 0 && days <= DEFAULT_COST_DAYS
      ? { lastDays: days }
      : {}),
  };
}

export class TableDashboard implements vscode.Disposable {
  private range: TimeRange | null = null;
  private loading: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly target: DashboardTarget,
    private readonly manager: DashboardManager,
    restoredRange: TimeRange | null = null,
  ) {
    this.range = restoredRange;
    const dist = vscode.Uri.joinPath(manager.options.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(manager.options.extensionUri, 'media', 'dynamo-guard.svg');
    panel.title = `Dashboard ${target.table}`;
    panel.webview.html = panelHtml(panel.webview, dist, (base, ...parts) => vscode.Uri.joinPath(base, ...parts), {
      bundle: 'dashboard',
      title: `Dashboard ${target.table}`,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => this.receive(raw)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  get key(): string {
    return keyOf(this.target);
  }

  private post(message: DashboardHostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    const message = parseDashboardPageMessage(raw);
    if (!message) {
      this.manager.options.log.warn(
        `table dashboard: ignored a malformed message (${typeof raw === 'object' && raw !== null ? String((raw as { type?: unknown }).type) : typeof raw})`,
      );
      return;
    }
    switch (message.type) {
      case 'ready':
      case 'refresh':
        void this.load();
        return;
      case 'rendered':
        this.range = message.range;
        this.manager.options.log.info(
          `table dashboard ${this.target.table}: drew ${drawnLine(message.charts)} over ${message.range ? `${message.range.from}–${message.range.to}` : 'the whole window'} (${message.theme ?? 'theme unknown'})`,
        );
        return;
    }
  }

  /** Shows the last `days` days (every chart follows), or the whole window. */
  showLastDays(days: number | undefined): void {
    this.range = null;
    if (days === undefined || days >= DEFAULT_COST_DAYS) {
      this.post({ type: 'range', range: null });
      return;
    }
    const end = Math.floor(Date.now() / 1000);
    this.range = { from: end - days * 86_400, to: end };
    this.post({ type: 'range', range: this.range });
  }

  /** Reads the analysis and the history, then hands the page its model. One load at a time. */
  load(): Promise<void> {
    this.loading ??= this.read().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async read(): Promise<void> {
    const { target } = this;
    const connection = this.manager.options.connections().find((c) => c.name === target.connection);
    if (!connection) {
      this.post({ type: 'error', target, message: `Connection "${target.connection}" is no longer configured.` });
      return;
    }
    this.post({
      type: 'loading',
      target,
      message: `Reading ${DEFAULT_COST_DAYS} days of ${target.table} from CloudWatch…`,
    });
    const state = await this.manager.options.costs.reportFor(connection, target.region, target.table);
    if (state.status !== 'done') {
      this.post({
        type: 'error',
        target,
        message: state.status === 'computing' ? 'The analysis did not finish.' : state.message,
      });
      return;
    }
    const aws = await this.manager.options.loadAws();
    const cw = aws.cloudWatchConnection(connection, target.region);
    let history: Awaited<ReturnType<AwsModule['readTableHistory']>> | undefined;
    const w = state.report.usage?.window;
    if ('options' in cw && w) {
      try {
        // The same window as the analysis (which may come from earlier today's cache).
        const end = new Date((w.startSec + w.periods * w.periodSeconds) * 1000);
        history = await aws.readTableHistory({ ...cw.options, maxAttempts: 2 }, state.report.table, {
          days: DEFAULT_COST_DAYS,
          now: end,
        });
        this.manager.options.costs.addSpend(history.cloudWatch);
      } catch (err) {
        const problem = aws.toAwsProblem(err, {
          profile: connection.profile,
          region: target.region,
          table: target.table,
        });
        this.manager.options.log.error(`table dashboard ${target.table}: ${errorMessage(err)}`);
        history = undefined;
        this.post({ type: 'loading', target, message: problem.message });
      }
    }
    const model = dashboardModel(state.report, history);
    if (!model) {
      this.post({ type: 'error', target, message: 'CloudWatch returned no capacity for this table.' });
      return;
    }
    this.post({ type: 'data', target, model, range: this.range });
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.manager.forget(this);
    for (const d of this.disposables) d.dispose();
    this.panel.dispose();
  }
}

export class DashboardManager implements vscode.Disposable, vscode.WebviewPanelSerializer {
  private readonly panels = new Map<string, TableDashboard>();

  constructor(readonly options: DashboardOptions) {}

  panelFor(connection: string, region: string, table: string): TableDashboard | undefined {
    return this.panels.get(keyOf({ connection, region, table }));
  }

  forget(panel: TableDashboard): void {
    if (this.panels.get(panel.key) === panel) this.panels.delete(panel.key);
  }

  open(arg: unknown): DashboardOutcome {
    const read = readTarget(arg);
    if (!read) {
      const message = 'Open a table dashboard from a table in the Tables view.';
      void vscode.window.showErrorMessage(notificationText(message));
      return { status: 'failed', message };
    }
    const existing = this.panels.get(keyOf(read.target));
    if (existing) {
      existing.panel.reveal();
      if (read.lastDays !== undefined) existing.showLastDays(read.lastDays);
      return { status: 'opened', table: read.target.table, revealed: true };
    }
    const panel = vscode.window.createWebviewPanel(
      DASHBOARD_VIEW_TYPE,
      `Dashboard ${read.target.table}`,
      vscode.ViewColumn.Active,
      {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.options.extensionUri, 'dist')],
      },
    );
    const end = Math.floor(Date.now() / 1000);
    const zoom =
      read.lastDays !== undefined && read.lastDays < DEFAULT_COST_DAYS
        ? { from: end - read.lastDays * 86_400, to: end }
        : null;
    const created = new TableDashboard(panel, read.target, this, zoom);
    this.panels.set(created.key, created);
    return { status: 'opened', table: read.target.table, revealed: false };
  }

  /** Restores a dashboard after a window reload from the target its page saved. */
  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const s = state as { target?: unknown; range?: unknown } | undefined;
    if (!s || !isDashboardTarget(s.target) || this.panels.has(keyOf(s.target))) {
      panel.dispose();
      return;
    }
    const restored = new TableDashboard(panel, s.target, this, isTimeRange(s.range) ? s.range : null);
    this.panels.set(restored.key, restored);
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.dispose();
    this.panels.clear();
  }
}

export function registerTableDashboard(
  context: vscode.ExtensionContext,
  options: Omit<DashboardOptions, 'extensionUri'>,
): DashboardManager {
  const manager = new DashboardManager({ ...options, extensionUri: context.extensionUri });
  context.subscriptions.push(
    manager,
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, manager),
    registerCommand(CommandIds.openTableDashboard, (arg?: unknown) => manager.open(arg), options.log),
  );
  return manager;
}

/** "read [Consumed: 4032; Provisioned: 4032], throttles []": each chart, its series and the points drawn of each. */
function drawnLine(charts: readonly RenderedChart[]): string {
  return charts
    .map((c) => `${c.id} [${c.series.map((name, i) => `${name}: ${c.points[i] ?? 0}`).join('; ')}]`)
    .join(', ');
}
