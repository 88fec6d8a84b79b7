// Activation only wires services, providers and commands; heavy modules load on first use.
import * as vscode from 'vscode';
import { connectionNodeArg } from './commandArgs';
import { CommandIds } from './commandIds';
import { createLog } from './log';
import {
  affectsAwsSettings,
  affectsConnections,
  LOCAL_CONNECTION,
  readConnections,
  writeConnections,
  type ConnectionSetting,
} from './connections/connectionSettings';
import { MfaPrompter } from './connections/mfaPrompt';
import { TablesTreeProvider } from './tables/tablesTreeProvider';
import { tableKey } from '../core/metrics/tableMetricsPoller';
import { MetricsPoller } from './tables/metricsPoller';
import { CostAnalyzer } from './tables/costAnalyzer';
import { registerTableDashboard } from './tables/tableDashboard';
import { affectsCostPrices, affectsMetrics } from './tables/metricsSettings';
import { mementoViewState, registerTableCommands } from './tables/tableCommands';
import { ThrottleStatusBar } from './tables/throttleStatusBar';
import { registerFindInCode } from './tables/findInCode';
import type * as AwsModule from '../core/entries/aws';
import type * as AnalyzerModule from '../core/entries/analyzer';
import { ANALYZED_DOCUMENTS } from './analyzer/diagnosticsController';
import { registerAnalyzer } from './analyzer/registerAnalyzer';
import { registerPaletteCommands } from './query/paletteCommands';
import { registerQueryPanel } from './query/queryPanelManager';
import { QueryCodeLensProvider } from './query/queryCodeLens';
import { registerCommand } from './registerCommand';

// Measured from the first line of this bundle, so the figure includes evaluating our own code.
const moduleStartedAt = performance.now();

/** Asks for the MFA code of a profile whose role needs one, on behalf of every AWS client. */
const mfaPrompter = new MfaPrompter();

let awsModule: Promise<typeof AwsModule> | undefined;
function loadAws() {
  awsModule ??= import('../core/entries/aws').then((aws) => {
    aws.setMfaCodeProvider((serial, profile) => mfaPrompter.ask(serial, profile));
    return aws;
  });
  return awsModule;
}
let analyzerModule: Promise<typeof AnalyzerModule> | undefined;
function loadAnalyzer() {
  analyzerModule ??= import('../core/entries/analyzer');
  return analyzerModule;
}

export function activate(context: vscode.ExtensionContext): void {
  const activateStartedAt = performance.now();
  const log = createLog();
  context.subscriptions.push(log);

  const defaultConnection: ConnectionSetting = { name: 'Default profile' };
  const connections = () => {
    const configured = readConnections();
    return configured.length > 0 ? configured : [defaultConnection];
  };
  const poller = new MetricsPoller({ loadAws, log });
  const costs = new CostAnalyzer({ loadAws, log });
  const viewState = mementoViewState(context);
  const tree = new TablesTreeProvider({ connections, loadAws, log, poller, costs, state: viewState });
  const view = vscode.window.createTreeView('dynamoGuard.tables', { treeDataProvider: tree, showCollapseAll: true });
  const statusBar = new ThrottleStatusBar(poller);
  // The view's description says when metrics were read and which filter is on.
  const describeView = () => {
    const filter = viewState.filter();
    void vscode.commands.executeCommand('setContext', 'dynamoGuard.tableFilterActive', Boolean(filter));
    view.description =
      [
        poller.lastRefresh
          ? `updated ${poller.lastRefresh.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}`
          : undefined,
        filter ? `filter: ${filter}` : undefined,
      ]
        .filter(Boolean)
        .join(' · ') || undefined;
  };
  context.subscriptions.push(
    poller,
    costs,
    tree,
    view,
    statusBar,
    poller.onDidChange(describeView),
    // Metrics are read only while the view is visible; expanded tables get full detail.
    view.onDidChangeVisibility((e) => {
      poller.setVisible(e.visible);
      costs.setVisible(e.visible);
    }),
    view.onDidCollapseElement((e) => {
      if (e.element.kind === 'table')
        poller.collapse(tableKey(e.element.connection.name, e.element.region, e.element.name));
    }),
  );
  poller.setVisible(view.visible);
  costs.setVisible(view.visible);
  describeView();
  registerTableCommands(context, { tree, view, poller, state: viewState, loadAws, log, onFilterChanged: describeView });

  const analyzer = registerAnalyzer(context, { loadAnalyzer, loadAws, log, connections });
  // Hovers price findings with the metrics the Tables view has read; the view lists each table's findings.
  context.subscriptions.push(analyzer.liveMetrics.use(poller));
  tree.useCode(analyzer.workspaceFindings);
  registerFindInCode(context, {
    log,
    findingsForTable: (t) => analyzer.workspaceFindings.findingsForTable(t),
    ensureAnalyzed: () => analyzer.workspaceFindings.ensureAnalyzed(),
    callSites: (t, token) => analyzer.callSites(t, token),
  });
  registerPaletteCommands(context, { loadAws, log, connections });
  registerTableDashboard(context, { loadAws, log, connections, costs });
  registerQueryPanel(context, { loadAws, log, connections });
  context.subscriptions.push(
    vscode.languages.registerCodeLensProvider(ANALYZED_DOCUMENTS, new QueryCodeLensProvider(analyzer.diagnostics)),
  );

  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      const connectionsChanged = affectsConnections(e);
      // A new time bound re-lists too, so error rows left by the old one are retried.
      if (connectionsChanged || affectsAwsSettings(e)) {
        mfaPrompter.forgetCancels();
        tree.refresh();
      } else if (affectsMetrics(e)) void poller.refresh();
      // Repriced from the day's cached series: no CloudWatch call.
      else if (affectsCostPrices(e)) tree.refresh();
      analyzer.onDidChangeConfiguration(e, connectionsChanged);
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => tree.refresh()),
    // Re-listing hands the poller its tables again, and it reads their metrics at once.
    registerCommand(
      CommandIds.refreshTables,
      () => {
        // An explicit refresh asks again for an MFA code the user dismissed before.
        mfaPrompter.forgetCancels();
        tree.refresh();
      },
      log,
    ),
    registerCommand(CommandIds.showLog, () => log.show(), log),
    registerCommand(
      CommandIds.addLocalConnection,
      async (endpoint?: string) => {
        const existing = readConnections();
        const wanted = {
          ...LOCAL_CONNECTION,
          endpoint: typeof endpoint === 'string' ? endpoint : LOCAL_CONNECTION.endpoint,
        };
        if (!existing.some((c) => c.endpoint === wanted.endpoint)) await writeConnections([...existing, wanted]);
        tree.refresh();
      },
      log,
    ),
    registerCommand(
      CommandIds.addConnection,
      async () => {
        const name = await vscode.window.showInputBox({
          title: 'Add AWS Connection (1/3)',
          prompt: 'Name shown in the Tables view',
          validateInput: (v) => (v.trim() ? undefined : 'A name is required'),
        });
        if (!name) return;
        const profile = await vscode.window.showInputBox({
          title: 'Add AWS Connection (2/3)',
          prompt: 'AWS profile (empty: default credential chain)',
          placeHolder: 'default',
        });
        if (profile === undefined) return;
        const region = await vscode.window.showInputBox({
          title: 'Add AWS Connection (3/3)',
          prompt: 'Region(s), comma-separated',
          placeHolder: 'us-east-1',
          validateInput: (v) =>
            v.split(',').every((r) => /^\s*([a-z]{2}(-[a-z]+)+-\d)?\s*$/.test(r))
              ? undefined
              : 'Regions look like us-east-1, eu-west-2',
        });
        if (region === undefined) return;
        const regions = region
          .split(',')
          .map((r) => r.trim())
          .filter(Boolean);
        await writeConnections([
          ...readConnections(),
          {
            name: name.trim(),
            ...(profile.trim() ? { profile: profile.trim() } : {}),
            ...(regions.length ? { regions } : {}),
          },
        ]);
        tree.refresh();
      },
      log,
    ),
    registerCommand(
      CommandIds.removeConnection,
      async (arg?: unknown) => {
        const node = connectionNodeArg(arg);
        if (!node) return;
        await writeConnections(readConnections().filter((c) => c.name !== node.connection.name));
        tree.refresh();
      },
      log,
    ),
  );

  const end = performance.now();
  const activateMs = end - activateStartedAt;
  const moduleMs = moduleEvaluatedAt - moduleStartedAt;
  // Our code's cost (this bundle's top level plus activate()), then its parts and the wall time from
  // evaluating this bundle to here, the host's own work in between included (bench/activation.ts reads it).
  log.info(
    `activated in ${(moduleMs + activateMs).toFixed(1)} ms (activate ${activateMs.toFixed(2)} ms, module ${moduleMs.toFixed(2)} ms, wall ${(end - moduleStartedAt).toFixed(1)} ms)`,
  );
}

export function deactivate(): void {
  if (awsModule) void awsModule.then((aws) => aws.disposeClients());
}

const moduleEvaluatedAt = performance.now();
