// The Tables view: connection → region → table, children loaded one level at a time, with real
// empty and error nodes. The AWS bundle is loaded on the first expansion, never at activation.
import * as vscode from 'vscode';
import { CommandIds } from '../commandIds';
import type { ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';

import type * as AwsEntry from '../../core/entries/aws';

type AwsModule = typeof AwsEntry;

export type TablesNode =
  | { kind: 'connection'; connection: ConnectionSetting }
  | { kind: 'region'; connection: ConnectionSetting; region: string }
  | { kind: 'table'; connection: ConnectionSetting; region: string; name: string }
  | { kind: 'message'; text: string; detail?: string; icon: string; command?: vscode.Command; contextValue?: string };

export interface TablesTreeOptions {
  connections: () => ConnectionSetting[];
  loadAws: () => Promise<AwsModule>;
  log: Log;
}

export class TablesTreeProvider implements vscode.TreeDataProvider<TablesNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<TablesNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly options: TablesTreeOptions) {}

  refresh(): void {
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.changed.dispose();
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

  getTreeItem(node: TablesNode): vscode.TreeItem {
    switch (node.kind) {
      case 'connection': {
        const item = new vscode.TreeItem(node.connection.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon(node.connection.endpoint ? 'server' : 'cloud');
        item.description = [node.connection.profile ? `profile ${node.connection.profile}` : undefined, node.connection.endpoint].filter(Boolean).join(' · ');
        item.contextValue = 'connection';
        item.tooltip = new vscode.MarkdownString(`**${node.connection.name}**\n\nProfile: \`${node.connection.profile ?? 'default chain'}\`\n\nRegions: ${this.configuredRegions(node.connection).join(', ') || 'from the profile'}${node.connection.endpoint ? `\n\nEndpoint: \`${node.connection.endpoint}\`` : ''}`);
        return item;
      }
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        return item;
      }
      case 'table': {
        const item = new vscode.TreeItem(node.name, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('database');
        item.contextValue = 'table';
        item.id = `${node.connection.name}/${node.region}/${node.name}`;
        item.tooltip = `${node.name} (${node.region})`;
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
    if (!node) return this.options.connections().map((connection) => ({ kind: 'connection', connection }));
    switch (node.kind) {
      case 'connection': {
        const regions = await this.regionsOf(node.connection);
        if (regions.length === 0) {
          return [{ kind: 'message', icon: 'warning', text: `No region: set one on the connection or in profile ${node.connection.profile ?? 'default'}`, command: { title: 'Add Connection', command: CommandIds.addConnection } }];
        }
        if (regions.length === 1) return this.tables(node.connection, regions[0] as string);
        return regions.map((region) => ({ kind: 'region', connection: node.connection, region }));
      }
      case 'region':
        return this.tables(node.connection, node.region);
      case 'table':
      case 'message':
        return [];
    }
  }

  private async tables(connection: ConnectionSetting, region: string): Promise<TablesNode[]> {
    const aws = await this.options.loadAws();
    const conn = { profile: connection.profile, region, endpoint: connection.endpoint, maxAttempts: 2 };
    try {
      const names: string[] = [];
      for await (const name of aws.listTableNames(conn)) names.push(name);
      if (names.length === 0) return [{ kind: 'message', icon: 'info', text: 'No tables in this region' }];
      return names.map((name) => ({ kind: 'table', connection, region, name }));
    } catch (err) {
      // One sentence with the next step in the view; the SDK's detail goes to the log.
      const problem = aws.toAwsProblem(err, { profile: connection.profile, region, endpoint: connection.endpoint });
      this.options.log.error(`Listing tables of ${connection.name} in ${region} failed: ${err instanceof Error ? err.message : String(err)}`);
      return [{
        kind: 'message', icon: 'error', text: `Could not list tables: ${problem.message}`, detail: problem.message, contextValue: 'error',
        command: { title: 'Retry', command: CommandIds.refreshTables },
      }];
    }
  }
}
