// Wires the analyzer into the editor: the shared session, open-document diagnostics, the background
// workspace analysis, hovers, quick fixes and their commands. Nothing here loads the analyzer bundle;
// the first relevant document does.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import { ruleDocPath } from '../../core/rules/registry';
import { CommandIds } from '../commandIds';
import type { ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { affectsAnalyzerSettings } from './analyzerSettings';
import { AnalyzerSession, type AnalyzerModule } from './analyzerSession';
import { ConfigDiagnostics } from './configDiagnostics';
import { ANALYZED_DOCUMENTS, DiagnosticsController } from './diagnosticsController';
import { FindingCodeActions, ignoreFinding, openRuleDoc } from './findingCodeActions';
import { FindingHoverProvider } from './findingHover';
import { LiveMetricsRegistry, LiveTableFacts } from './liveTableFacts';
import { WorkspaceAnalysis } from './workspaceAnalysis';
import { WorkspaceFindings } from './workspaceFindings';
import { registerCommand } from '../registerCommand';

export interface AnalyzerServices {
  diagnostics: DiagnosticsController;
  workspaceFindings: WorkspaceFindings;
  workspaceAnalysis: WorkspaceAnalysis;
  liveMetrics: LiveMetricsRegistry;
  tableFacts: LiveTableFacts;
  /** The part of the one configuration handler that concerns the analyzer. */
  onDidChangeConfiguration(e: vscode.ConfigurationChangeEvent, connectionsChanged: boolean): void;
  /** Every DynamoDB call on a table in the workspace (a fresh project run, worker threads for large trees). */
  callSites(table: string, token?: vscode.CancellationToken): Promise<CallSite[]>;
}

export interface CallSite {
  uri: vscode.Uri;
  /** 1-based, as the analyzer reports. */
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  operation: string;
  kind: string;
  index?: string;
}

export function registerAnalyzer(
  context: vscode.ExtensionContext,
  deps: {
    loadAnalyzer: () => Promise<AnalyzerModule>;
    loadAws: () => Promise<typeof AwsEntry>;
    log: Log;
    connections: () => ConnectionSetting[];
  },
): AnalyzerServices {
  const ruleDoc = (rule: string) => vscode.Uri.joinPath(context.extensionUri, ...ruleDocPath(rule).split('/'));
  const session = new AnalyzerSession({ loadAnalyzer: deps.loadAnalyzer, log: deps.log });
  const workspaceFindings = new WorkspaceFindings();
  const workspaceAnalysis = new WorkspaceAnalysis({ session, findings: workspaceFindings, log: deps.log });
  const diagnostics = new DiagnosticsController({
    session,
    findings: workspaceFindings,
    log: deps.log,
    ruleDoc,
    onFirstAnalysis: () => void workspaceAnalysis.start(),
  });
  const liveMetrics = new LiveMetricsRegistry();
  const tableFacts = new LiveTableFacts({ connections: deps.connections, loadAws: deps.loadAws, log: deps.log });
  const selector = ANALYZED_DOCUMENTS;
  const services = { session, findings: workspaceFindings };
  context.subscriptions.push(
    session,
    workspaceFindings,
    workspaceAnalysis,
    diagnostics,
    liveMetrics,
    new ConfigDiagnostics(session),
    workspaceAnalysis.onDidChangeWrapperNames((names) => diagnostics.setWrapperNames(names)),
    // The walkthrough's "See a finding" step completes once the workspace has one.
    workspaceFindings.onDidChange(
      () =>
        void vscode.commands.executeCommand(
          'setContext',
          'dynamoGuard.hasFindings',
          workspaceFindings.allFindings().length > 0,
        ),
    ),
    vscode.languages.registerHoverProvider(
      selector,
      new FindingHoverProvider({ ...services, tableFacts, metrics: liveMetrics }),
    ),
    vscode.languages.registerCodeActionsProvider(
      selector,
      new FindingCodeActions(services),
      FindingCodeActions.metadata,
    ),
    registerCommand(
      CommandIds.ignoreFinding,
      (uri: unknown, ref: unknown, reason?: unknown) => ignoreFinding(services, uri, ref, reason),
      deps.log,
    ),
    registerCommand(CommandIds.openRuleDoc, (rule: unknown) => openRuleDoc(ruleDoc, rule), deps.log),
    registerCommand(
      CommandIds.analyzeWorkspace,
      async () => {
        if (!vscode.workspace.getConfiguration('dynamoGuard.analyzer').get<boolean>('workspace', true)) {
          void vscode.window.showInformationMessage(
            'Workspace analysis is off (setting dynamoGuard.analyzer.workspace); open files are still analyzed.',
          );
          return;
        }
        // A full re-read first: configuration and key schemas as they are on disk now.
        await session.reload();
        await workspaceAnalysis.analyzeNow();
      },
      deps.log,
    ),
  );
  return {
    diagnostics,
    workspaceFindings,
    workspaceAnalysis,
    liveMetrics,
    tableFacts,
    async callSites(table, token) {
      const mod = await session.ready();
      const controller = new AbortController();
      const cancel = token?.onCancellationRequested(() => controller.abort(new Error('cancelled')));
      try {
        const out: CallSite[] = [];
        for (const folder of session.analyzedFolders()) {
          const root = folder.uri.fsPath;
          const result = await mod.analyzeProject({
            root,
            config: session.projectConfigFor(folder),
            tables: session.tables,
            signal: controller.signal,
          });
          for (const site of result.sites) {
            if (site.table !== table) continue;
            const { file, table: _table, ...rest } = site;
            out.push({ ...rest, uri: vscode.Uri.file(path.resolve(root, file)) });
          }
        }
        return out;
      } finally {
        cancel?.dispose();
      }
    },
    onDidChangeConfiguration(e, connectionsChanged) {
      if (connectionsChanged) tableFacts.invalidate();
      if (!affectsAnalyzerSettings(e)) return;
      session.settingsChanged();
      if (e.affectsConfiguration('dynamoGuard.analyzer.workspace')) workspaceAnalysis.settingsChanged();
    },
  };
}
