// A status bar item that appears while any watched table throttled in its latest window and opens
// that table in the Tables view.
import * as vscode from 'vscode';
import { markdownText } from '../../core/markdownText';
import { CommandIds } from '../commandIds';
import type { MetricsPoller } from './metricsPoller';

export class ThrottleStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'dynamoGuard.throttled',
    vscode.StatusBarAlignment.Left,
    50,
  );
  private readonly subscription: vscode.Disposable;

  constructor(private readonly poller: MetricsPoller) {
    this.item.name = 'Dynamo Guard: throttled tables';
    this.item.command = CommandIds.revealThrottled;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    this.subscription = poller.onDidChange(() => this.update());
  }

  update(): void {
    const throttled = this.poller.throttled();
    if (throttled.length === 0) {
      this.item.hide();
      return;
    }
    const [first] = throttled;
    this.item.text =
      throttled.length === 1 ? `$(flame) ${first?.table} throttled` : `$(flame) ${throttled.length} tables throttled`;
    const md = new vscode.MarkdownString(
      throttled
        .map((t) => `**${markdownText(t.table)}** (${markdownText(t.region)}): ${markdownText(t.health.reason)}`)
        .join('\n\n'),
    );
    md.appendMarkdown('\n\n_Click to open it in the Tables view._');
    this.item.tooltip = md;
    this.item.accessibilityInformation = {
      label: `${throttled.length} DynamoDB table${throttled.length === 1 ? '' : 's'} throttled`,
      role: 'button',
    };
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
