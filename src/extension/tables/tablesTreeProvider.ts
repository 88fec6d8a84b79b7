// The Tables view: connection → region → table → {read, write, throttling, errors & latency,
// indexes, top keys}, children loaded one level at a time, with real empty and error nodes. Table
// rows carry live CloudWatch health; the AWS bundle loads on the first expansion, never at activation.
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import { clientOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import type * as AwsEntry from '../../core/entries/aws';
import { isLocalEndpoint } from '../../core/aws/endpoints';
import { mentionsSignIn } from '../../core/aws/errors';
import { markdownCode, markdownText } from '../../core/markdownText';
import { formatUsd } from '../../core/pricing';
import { BACKGROUND_ANALYSIS_SHARE } from '../../core/cost/analysisBudget';
import { analysisSpendLine, costTotalLine } from '../../core/cost/costPresentation';
import type { CostAnalyzer } from './costAnalyzer';
import { tableKey } from '../../core/metrics/tableMetricsPoller';
import type { MetricsPoller } from './metricsPoller';
import {
  costGuardRow,
  costRow,
  describedIndexRows,
  tableDetailRows,
  tableRowLook,
  tableTooltip,
  type CodeFinding,
  type DetailRow,
} from './tableNodes';
import { errorMessage } from '../../core/errorMessage';

type AwsModule = typeof AwsEntry;

export type TablesNode =
  | { kind: 'connection'; connection: ConnectionSetting }
  | { kind: 'region'; connection: ConnectionSetting; region: string }
  | { kind: 'table'; connection: ConnectionSetting; region: string; name: string; parent: TablesNode }
  | { kind: 'detail'; row: DetailRow; parent?: TablesNode }
  | {
      kind: 'message';
      text: string;
      detail?: string;
      icon: string;
      command?: vscode.Command;
      contextValue?: string;
      parent?: TablesNode;
    };

/** Where the view keeps its filter and pins (workspace and global memento in the extension). */
export interface TablesViewState {
  filter(): string | undefined;
  pinned(): readonly string[];
}

export interface TablesTreeOptions {
  connections: () => ConnectionSetting[];
  loadAws: () => Promise<AwsModule>;
  log: Log;
  poller: MetricsPoller;
  /** Each table's monthly cost and advice (the "Cost" rows). */
  costs: CostAnalyzer;
  state: TablesViewState;
  /** The analyzer's findings per table (the "Cost guard" rows); absent in tests of the tree alone. */
  code?: {
    findingsForTable(table: string): readonly CodeFinding[];
    ensureAnalyzed(): Promise<void>;
    readonly onDidChange: vscode.Event<void>;
  };
}

/** How long a table's expansion waits for the first workspace analysis before showing "analyzing…". */
const CODE_WAIT_MS = 3000;

/** A filter is a case-insensitive substring, or a glob when it holds `*` or `?`. */
export function matchesFilter(name: string, filter: string | undefined): boolean {
  if (!filter?.trim()) return true;
  const f = filter.trim();
  if (!/[*?]/.test(f)) return name.toLowerCase().includes(f.toLowerCase());
  const re = new RegExp(
    `^${f
      .split('')
      .map((c) => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[\\^$.+()|{}[\]]/g, '\\$&')))
      .join('')}$`,
    'i',
  );
  return re.test(name);
}

export class TablesTreeProvider implements vscode.TreeDataProvider<TablesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TablesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** Listed tables per connection/region, so a metrics refresh re-renders without re-listing. */
  private readonly lists = new Map<string, Promise<TablesNode[]>>();
  private readonly disposables: vscode.Disposable[] = [this.changed];

  private readonly options: TablesTreeOptions;

  constructor(options: TablesTreeOptions) {
    this.options = { ...options };
    this.disposables.push(
      options.poller.onDidChange(() => this.changed.fire(undefined)),
      options.costs.onDidChange(() => this.changed.fire(undefined)),
    );
  }

  /** Re-lists tables and re-reads their metrics. */
  refresh(): void {
    this.lists.clear();
    this.options.poller.reset();
    this.options.costs.reset();
    this.changed.fire(undefined);
  }

  /** Re-renders with the current filter and pins, re-listing from the cache-free source. */
  rerender(): void {
    this.lists.clear();
    this.changed.fire(undefined);
  }

  /** The analyzer's workspace findings, once the analyzer services exist (activation builds the tree first). */
  useCode(code: NonNullable<TablesTreeOptions['code']>): void {
    this.options.code = code;
    this.disposables.push(code.onDidChange(() => this.changed.fire(undefined)));
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }

  private configuredRegions(connection: ConnectionSetting): string[] {
    return connection.regions?.filter((r) => r.length > 0) ?? [];
  }

  /** The connection's regions, or the one its profile resolves to (env, then ~/.aws/config). */
  private async regionsOf(connection: ConnectionSetting): Promise<string[]> {
    const configured = this.configuredRegions(connection);
    if (configured.length > 0) return configured;
    const region = await (await this.options.loadAws()).profileRegion(connection.profile);
    return region ? [region] : [];
  }

  getParent(node: TablesNode): TablesNode | undefined {
    switch (node.kind) {
      case 'connection':
        return undefined;
      case 'region':
        return { kind: 'connection', connection: node.connection };
      case 'table':
      case 'detail':
        return node.parent;
      case 'message':
        return node.parent;
    }
  }

  getTreeItem(node: TablesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(node.connection.name, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `connection/${node.connection.name}`;
        item.iconPath = new vscode.ThemeIcon(node.connection.endpoint ? 'server' : 'cloud');
        const totals = this.options.costs.totalsFor(node.connection.name);
        const total = costTotalLine(
          totals.reports.map((r) => r.advice?.cost).filter((c) => c !== undefined),
          totals.listed,
        );
        item.description = [
          node.connection.profile ? `profile ${node.connection.profile}` : undefined,
          node.connection.endpoint,
          total,
        ]
          .filter(Boolean)
          .join(' · ');
        item.contextValue = 'connection';
        item.tooltip = new vscode.MarkdownString(
          `**${markdownText(node.connection.name)}**\n\nProfile: ${markdownCode(node.connection.profile ?? 'default chain')}\n\nRegions: ${markdownText(this.configuredRegions(node.connection).join(', ') || 'from the profile')}${node.connection.endpoint ? `\n\nEndpoint: ${markdownCode(node.connection.endpoint)}` : ''}${total ? `\n\nCost: ${markdownText(total)} (the listed tables' cost at their billing mode, from 14 days of CloudWatch)` : ''}`,
        );
        return item;
      }
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region/${node.connection.name}/${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        return item;
      }
      case 'table': {
        const key = tableKey(node.connection.name, node.region, node.name);
        const metrics = this.options.poller.metricsFor(node.connection.name, node.region, node.name);
        const pinned = this.options.state.pinned().includes(key);
        const look = tableRowLook(metrics);
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `table/${key}`;
        item.iconPath = look.icon;
        item.description = [pinned ? '📌' : '', look.description].filter(Boolean).join(' ');
        item.tooltip = tableTooltip(node.name, node.region, metrics, this.options.poller.lastRefresh);
        item.contextValue = `table.${isLocalEndpoint(node.connection.endpoint) ? 'local' : 'aws'}${pinned ? '.pinned' : ''}`;
        return item;
      }
      case 'detail': {
        const row = node.row;
        const item = new vscode.TreeItem(
          row.label,
          row.children?.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `detail/${row.id}`;
        item.iconPath = row.icon;
        if (row.description) item.description = row.description;
        if (row.tooltip) item.tooltip = row.tooltip;
        if (row.command) item.command = row.command;
        item.contextValue = row.contextValue ?? 'detail';
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        if (node.detail) item.tooltip = node.detail;
        if (node.command) item.command = node.command;
        item.contextValue = node.contextValue ?? 'message';
        return item;
      }
    }
  }

  async getChildren(node?: TablesNode): Promise<TablesNode[]> {
    if (!node) {
      const roots: TablesNode[] = this.options.connections().map((connection) => ({ kind: 'connection', connection }));
      const spend = [this.costNode(), this.analysisNode()].filter((n) => n !== undefined);
      return [...roots, ...spend];
    }
    switch (node.kind) {
      case 'connection': {
        const regions = await this.regionsOf(node.connection);
        if (regions.length === 0) {
          return [
            {
              kind: 'message',
              icon: 'warning',
              text: `No region: set one on the connection or in profile ${node.connection.profile ?? 'default'}`,
              command: { title: 'Add Connection', command: CommandIds.addConnection },
              parent: node,
            },
          ];
        }
        if (regions.length === 1) return this.tables(node.connection, regions[0] as string, node);
        return regions.map((region) => ({ kind: 'region', connection: node.connection, region }));
      }
      case 'region':
        return this.tables(node.connection, node.region, node);
      case 'table':
        return this.tableChildren(node);
      case 'detail':
        return (node.row.children ?? []).map((row) => ({ kind: 'detail', row, parent: node }));
      case 'message':
        return [];
    }
  }

  /** The table nodes the view currently shows (listed, filtered), for reveal and the status bar. */
  async tableNode(connection: string, region: string, table: string): Promise<TablesNode | undefined> {
    return (await this.lists.get(`${connection}/${region}`))?.find((n) => n.kind === 'table' && n.name === table);
  }

  private costNode(): TablesNode | undefined {
    const poller = this.options.poller;
    if (!poller.lastRefresh) return undefined;
    const budget = poller.budget();
    const minutes = Math.round(budget.seconds / 60);
    const row: DetailRow = {
      id: 'monitoring-cost',
      label: 'Monitoring cost',
      description: `${formatUsd(poller.spend.usd)} this session · ≈${formatUsd(budget.usdPerMonth)}/month · every ${minutes} min`,
      tooltip: new vscode.MarkdownString(
        [
          `What this view's own CloudWatch reads cost: GetMetricData bills $0.01 per 1,000 metrics requested.`,
          `This session: ${poller.spend.getMetricDataCalls} calls, ${poller.spend.metricsRequested} metrics, ${formatUsd(poller.spend.usd)}.`,
          `At one refresh every ${minutes} min while the view is open 10 h a day, 22 days a month: about ${formatUsd(budget.usdPerMonth)} a month.`,
          budget.stretched
            ? `The interval is longer than the \`dynamoGuard.metrics.refreshIntervalSeconds\` setting so that polling stays within \`dynamoGuard.metrics.monthlyBudgetUsd\`.`
            : '',
          `Last refresh ${poller.lastRefresh?.toLocaleTimeString()}.`,
        ]
          .filter(Boolean)
          .join('\n\n'),
      ),
      icon: new vscode.ThemeIcon('credit-card'),
    };
    return { kind: 'detail', row };
  }

  /** "Cost analysis": what the cost rows' CloudWatch reads cost, beside "Monitoring cost". */
  private analysisNode(): TablesNode | undefined {
    const costs = this.options.costs;
    if (costs.spend.analyses === 0) return undefined;
    const bg = costs.lastBackground;
    const row: DetailRow = {
      id: 'analysis-cost',
      label: 'Cost analysis',
      description: analysisSpendLine(costs.spend),
      tooltip: new vscode.MarkdownString(
        [
          "What the Cost rows' CloudWatch reads cost: 14 days of consumed (and provisioned) capacity per table and GSI at 5-minute periods, one metric per series, $0.01 per 1,000 metrics.",
          "Each table is read at most once a UTC day: the series are kept in the day's cache (shared with `dynamo-guard cost`).",
          bg
            ? bg.allowed
              ? `Listed tables are analysed in the background once a day: about ${formatUsd(bg.usdPerMonth)} a month, within the ${Math.round(BACKGROUND_ANALYSIS_SHARE * 100)} % of \`dynamoGuard.metrics.monthlyBudgetUsd\` kept for it.`
              : `Too many tables to analyse in the background within ${Math.round(BACKGROUND_ANALYSIS_SHARE * 100)} % of \`dynamoGuard.metrics.monthlyBudgetUsd\` (about ${formatUsd(bg.usdPerMonth)} a month): a table is analysed when its row is expanded.`
            : '',
        ]
          .filter(Boolean)
          .join('\n\n'),
      ),
      icon: new vscode.ThemeIcon('pie-chart'),
    };
    return { kind: 'detail', row };
  }

  private async tableChildren(node: Extract<TablesNode, { kind: 'table' }>): Promise<TablesNode[]> {
    // Never awaited: the row says "computing…" and the change event brings the result.
    this.options.costs.ensure(node.connection, node.region, node.name);
    const [metrics, code] = await Promise.all([this.metricChildren(node), this.costGuard(node)]);
    const key = tableKey(node.connection.name, node.region, node.name);
    const cost = costRow(
      key,
      this.options.costs.stateFor(node.connection.name, node.region, node.name),
      code?.findings,
    );
    return [
      ...metrics,
      ...(cost ? [{ kind: 'detail' as const, row: cost, parent: node }] : []),
      ...(code ? [code.node] : []),
    ];
  }

  private async costGuard(
    node: Extract<TablesNode, { kind: 'table' }>,
  ): Promise<{ node: TablesNode; findings?: readonly CodeFinding[] } | undefined> {
    const code = this.options.code;
    if (!code) return undefined;
    let analyzed = false;
    let timer: NodeJS.Timeout | undefined;
    const first = code.ensureAnalyzed().then(
      () => {
        analyzed = true;
      },
      () => {
        analyzed = true;
      },
    );
    await Promise.race([
      first,
      new Promise((r) => {
        timer = setTimeout(r, CODE_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
    const key = tableKey(node.connection.name, node.region, node.name);
    const findings = analyzed ? code.findingsForTable(node.name) : undefined;
    return {
      node: { kind: 'detail', row: costGuardRow(key, findings), parent: node },
      ...(findings ? { findings } : {}),
    };
  }

  private async metricChildren(node: Extract<TablesNode, { kind: 'table' }>): Promise<TablesNode[]> {
    const poller = this.options.poller;
    await poller.expand(node.connection, node.region, node.name);
    const m = poller.metricsFor(node.connection.name, node.region, node.name);
    const key = tableKey(node.connection.name, node.region, node.name);
    if (m?.unavailable) {
      const note: TablesNode = {
        kind: 'message',
        icon: 'info',
        text: m.unavailable,
        detail: m.unavailable,
        parent: node,
      };
      // Without metrics the indexes still matter: they are where the query panel opens.
      const model = m.model ?? (await poller.modelFor(node.connection, node.region, node.name));
      return [
        note,
        ...(model
          ? describedIndexRows(key, model).map((row): TablesNode => ({ kind: 'detail', row, parent: node }))
          : []),
      ];
    }
    // DescribeTable failed (no health), or CloudWatch failed for this table (health says `error`).
    const failure = m?.health?.status === 'error' ? m.health.reason : m?.health ? undefined : m?.error;
    if (failure) {
      return [
        {
          kind: 'message',
          icon: 'error',
          text: failure,
          detail: failure,
          contextValue: 'error',
          command: { title: 'Retry', command: CommandIds.refreshTables },
          parent: node,
        },
        ...(mentionsSignIn(failure)
          ? [
              {
                kind: 'message' as const,
                icon: 'sign-in',
                text: 'Sign in',
                command: { title: 'Sign In', command: CommandIds.signIn, arguments: [node.connection.profile] },
                parent: node,
              },
            ]
          : []),
        {
          kind: 'message',
          icon: 'output',
          text: 'Show log',
          command: { title: 'Show Log', command: CommandIds.showLog },
          parent: node,
        },
      ];
    }
    if (!m?.health) return [{ kind: 'message', icon: 'loading~spin', text: 'Reading metrics…', parent: node }];
    return tableDetailRows(key, m, m.health).map((row) => ({ kind: 'detail', row, parent: node }));
  }

  private tables(connection: ConnectionSetting, region: string, parent: TablesNode): Promise<TablesNode[]> {
    const key = `${connection.name}/${region}`;
    let list = this.lists.get(key);
    if (!list) {
      list = this.listTables(connection, region, parent);
      this.lists.set(key, list);
    }
    return list;
  }

  private async listTables(connection: ConnectionSetting, region: string, parent: TablesNode): Promise<TablesNode[]> {
    const aws = await this.options.loadAws();
    const conn = clientOptions(connection, region, { maxAttempts: 2 });
    try {
      const names: string[] = [];
      for await (const name of aws.listTableNames(conn)) names.push(name);
      if (names.length === 0) return [{ kind: 'message', icon: 'info', text: 'No tables in this region', parent }];
      const filter = this.options.state.filter();
      const shown = names.filter((n) => matchesFilter(n, filter));
      if (shown.length === 0) {
        return [
          {
            kind: 'message',
            icon: 'filter',
            text: `No table matches "${filter}"`,
            command: { title: 'Clear Filter', command: CommandIds.clearTableFilter },
            parent,
          },
        ];
      }
      const pinned = new Set(this.options.state.pinned());
      const isPinned = (n: string) => pinned.has(tableKey(connection.name, region, n));
      // Pinned tables first, each group in ListTables order (alphabetical).
      shown.sort((a, b) => Number(isPinned(b)) - Number(isPinned(a)));
      this.options.poller.setTarget({ connection, region, tables: shown });
      this.options.costs.setListed({ connection, region, tables: shown });
      return shown.map((name) => ({ kind: 'table', connection, region, name, parent }));
    } catch (err) {
      // One sentence with the next step in the view; the SDK's detail goes to the log.
      this.lists.delete(`${connection.name}/${region}`);
      const problem = aws.toAwsProblem(err, { profile: connection.profile, region, endpoint: connection.endpoint });
      this.options.log.error(`Listing tables of ${connection.name} in ${region} failed: ${errorMessage(err)}`);
      const signIn = problem.code === 'expired-sso' || problem.code === 'no-credentials';
      return [
        {
          kind: 'message',
          icon: 'error',
          text: `Could not list tables: ${problem.message}`,
          detail: problem.message,
          contextValue: 'error',
          command: signIn
            ? { title: 'Sign In', command: CommandIds.signIn, arguments: [connection.profile] }
            : { title: 'Retry', command: CommandIds.refreshTables },
          parent,
        },
      ];
    }
  }
}
