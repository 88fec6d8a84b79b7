// "Find in Code" on a table: the analyzer's findings on that table (Scans, single-value keys) and every
// DynamoDB call in the workspace that uses it, in one quick pick that opens the line.
import * as vscode from 'vscode';
import { tableNodeArg } from '../commandArgs';
import { CommandIds } from '../commandIds';
import { notificationText } from '../../core/markdownText';
import type { Log } from '../log';
import type { CallSite } from '../analyzer/registerAnalyzer';
import { ruleDefinition } from '../../core/rules/registry';
import { openAt, type CodeFinding } from './tableNodes';
import { registerCommand } from '../registerCommand';

export interface CodeForTable {
  findings: readonly CodeFinding[];
  sites: readonly CallSite[];
}

interface Deps {
  log: Log;
  findingsForTable(table: string): readonly CodeFinding[];
  ensureAnalyzed(): Promise<void>;
  callSites(table: string, token?: vscode.CancellationToken): Promise<CallSite[]>;
}

export function registerFindInCode(context: vscode.ExtensionContext, deps: Deps): void {
  context.subscriptions.push(
    registerCommand(
      CommandIds.findInCode,
      async (node?: unknown, options?: { show?: boolean }) => {
        const table = tableNodeArg(node)?.name;
        if (!table) return undefined;
        const found = await vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: notificationText(`Finding ${table} in code…`),
            cancellable: true,
          },
          async (_progress, token): Promise<CodeForTable> => {
            await deps.ensureAnalyzed();
            return { findings: deps.findingsForTable(table), sites: await deps.callSites(table, token) };
          },
        );
        if (options?.show !== false) await show(table, found);
        return found;
      },
      deps.log,
    ),
  );
}

async function show(table: string, found: CodeForTable): Promise<void> {
  if (found.findings.length === 0 && found.sites.length === 0) {
    void vscode.window.showInformationMessage(
      notificationText(
        `No code in this workspace uses table ${table} (as far as the analyzer can resolve table names).`,
      ),
    );
    return;
  }
  type Item = vscode.QuickPickItem & { open?: vscode.Command };
  const items: Item[] = [];
  if (found.findings.length > 0) items.push({ label: 'Findings', kind: vscode.QuickPickItemKind.Separator });
  for (const { finding, uri } of found.findings) {
    items.push({
      label: `$(warning) ${ruleDefinition(finding.rule).title}`,
      description: `${vscode.workspace.asRelativePath(uri)}:${finding.line}`,
      detail: finding.message,
      open: openAt(uri, finding),
    });
  }
  if (found.sites.length > 0) items.push({ label: 'Call sites', kind: vscode.QuickPickItemKind.Separator });
  for (const site of found.sites) {
    items.push({
      label: `$(symbol-method) ${site.operation}`,
      description: `${vscode.workspace.asRelativePath(site.uri)}:${site.line}${site.index ? ` · index ${site.index}` : ''}`,
      open: openAt(site.uri, site),
    });
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: `${table} in code`,
    placeHolder: 'Open a finding or a call site',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked?.open)
    await vscode.commands.executeCommand(picked.open.command, ...((picked.open.arguments ?? []) as unknown[]));
}
