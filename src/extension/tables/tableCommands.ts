// Commands on the Tables view: filter and pins (kept in mementos), console link, copy ARN, sign-in,
// and revealing a throttled table from the status bar.
import * as vscode from 'vscode';
import { notificationText } from '../../core/markdownText';
import { tableConsoleUrl } from '../../core/tables/consoleLinks';
import type * as AwsEntry from '../../core/entries/aws';
import { detailNodeArg, tableNodeArg } from '../commandArgs';
import { CommandIds } from '../commandIds';
import { clientOptions } from '../connections/connectionSettings';
import type { Log } from '../log';
import { tableKey } from '../../core/metrics/tableMetricsPoller';
import type { MetricsPoller } from './metricsPoller';
import type { TablesNode, TablesTreeProvider, TablesViewState } from './tablesTreeProvider';
import { registerCommand } from '../registerCommand';
import { errorMessage } from '../../core/errorMessage';

const FILTER_KEY = 'dynamoGuard.tableFilter';
const PINS_KEY = 'dynamoGuard.pinnedTables';

/** Filter per workspace, pins across workspaces (a table is the same table everywhere). */
export function mementoViewState(
  context: vscode.ExtensionContext,
): TablesViewState & { setFilter(f: string | undefined): Thenable<void>; setPinned(keys: string[]): Thenable<void> } {
  return {
    filter: () => context.workspaceState.get<string>(FILTER_KEY) || undefined,
    pinned: () => context.globalState.get<string[]>(PINS_KEY, []),
    setFilter: (f) => context.workspaceState.update(FILTER_KEY, f?.trim() || undefined),
    setPinned: (keys) => context.globalState.update(PINS_KEY, keys),
  };
}

const ALARM_FORMATS = [
  { label: 'AWS CLI', format: 'awsCli' },
  { label: 'CloudFormation', format: 'cloudFormation' },
  { label: 'AWS CDK', format: 'cdk' },
] as const;
type AlarmFormat = (typeof ALARM_FORMATS)[number]['format'];

export function registerTableCommands(
  context: vscode.ExtensionContext,
  deps: {
    tree: TablesTreeProvider;
    view: vscode.TreeView<TablesNode>;
    poller: MetricsPoller;
    state: ReturnType<typeof mementoViewState>;
    loadAws: () => Promise<typeof AwsEntry>;
    log: Log;
    onFilterChanged: () => void;
  },
): void {
  const { tree, view, poller, state } = deps;
  context.subscriptions.push(
    registerCommand(
      CommandIds.filterTables,
      async (pattern?: string) => {
        const value =
          typeof pattern === 'string'
            ? pattern
            : await vscode.window.showInputBox({
                title: 'Filter Tables',
                prompt: 'Part of a table name, or a glob such as orders-* (empty shows every table)',
                value: state.filter() ?? '',
              });
        if (value === undefined) return;
        await state.setFilter(value);
        deps.onFilterChanged();
        tree.rerender();
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.clearTableFilter,
      async () => {
        await state.setFilter(undefined);
        deps.onFilterChanged();
        tree.rerender();
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.pinTable,
      async (arg?: unknown) => {
        const node = tableNodeArg(arg);
        if (!node) return;
        const key = tableKey(node.connection.name, node.region, node.name);
        await state.setPinned([...new Set([...state.pinned(), key])]);
        tree.rerender();
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.unpinTable,
      async (arg?: unknown) => {
        const node = tableNodeArg(arg);
        if (!node) return;
        const key = tableKey(node.connection.name, node.region, node.name);
        await state.setPinned(state.pinned().filter((k) => k !== key));
        tree.rerender();
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.openInConsole,
      async (arg?: unknown) => {
        const node = tableNodeArg(arg);
        if (!node) return;
        return vscode.env.openExternal(vscode.Uri.parse(tableConsoleUrl(node.region, node.name), true));
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.copyArn,
      async (arg?: unknown) => {
        const node = tableNodeArg(arg);
        if (!node) return;
        let arn = poller.metricsFor(node.connection.name, node.region, node.name)?.model?.arn;
        if (!arn) {
          const aws = await deps.loadAws();
          try {
            arn = (await aws.describeTable(clientOptions(node.connection, node.region, { maxAttempts: 2 }), node.name))
              .arn;
          } catch (err) {
            const problem = aws.toAwsProblem(err, {
              profile: node.connection.profile,
              region: node.region,
              endpoint: node.connection.endpoint,
              table: node.name,
            });
            deps.log.error(`DescribeTable ${node.name}: ${errorMessage(err)}`);
            void vscode.window.showErrorMessage(
              notificationText(`Could not read the ARN of ${node.name}: ${problem.message}`),
            );
            return;
          }
        }
        if (!arn)
          return void vscode.window.showWarningMessage(
            notificationText(`DescribeTable returned no ARN for ${node.name}.`),
          );
        await vscode.env.clipboard.writeText(arn);
        void vscode.window.setStatusBarMessage(`Copied ${arn}`, 3000);
        return arn;
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.signIn,
      (profile?: string) => {
        const terminal = vscode.window.createTerminal({ name: 'AWS sign-in' });
        terminal.show();
        terminal.sendText(
          `aws sso login${typeof profile === 'string' && /^[\w.@+-]+$/.test(profile) ? ` --profile ${profile}` : ''}`,
        );
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.copyCostRecommendation,
      async (arg?: unknown) => {
        const node = detailNodeArg(arg);
        if (node?.row.copyText === undefined) return;
        await vscode.env.clipboard.writeText(node.row.copyText);
        void vscode.window.setStatusBarMessage('Copied the recommendation', 3000);
        return node.row.copyText;
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.copyAlarmDefinition,
      async (arg?: unknown, format?: unknown) => {
        const node = detailNodeArg(arg);
        if (!node?.row.alarm?.definition) return;
        const definition = node.row.alarm.definition;
        const chosen: AlarmFormat | undefined = ALARM_FORMATS.some((f) => f.format === format)
          ? (format as AlarmFormat)
          : (
              await vscode.window.showQuickPick(
                ALARM_FORMATS.map((f) => ({ ...f })),
                { title: `Copy alarm ${node.row.alarm.name} as` },
              )
            )?.format;
        if (!chosen) return;
        await vscode.env.clipboard.writeText(definition[chosen]);
        void vscode.window.setStatusBarMessage(`Copied alarm ${node.row.alarm.name}`, 3000);
        return definition[chosen];
      },
      deps.log,
    ),
    registerCommand(
      CommandIds.revealThrottled,
      async () => {
        const [first] = poller.throttled();
        if (!first) return;
        await vscode.commands.executeCommand('dynamoGuard.tables.focus');
        const node = await tree.tableNode(first.connection.name, first.region, first.table);
        if (node) await view.reveal(node, { select: true, focus: true, expand: true });
        return first.table;
      },
      deps.log,
    ),
  );
}
