// The Tables view's metrics poller in the editor: core's TableMetricsPoller with the extension's
// settings, client options, log, and one change event for the tree, the status bar and the hovers.
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import { TableMetricsPoller } from '../../core/metrics/tableMetricsPoller';
import type { MetricsSettings } from '../../core/metrics/metricsSettings';
import { clientOptions, requestTimeoutOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { readMetricsSettings } from './metricsSettings';

export class MetricsPoller extends TableMetricsPoller<ConnectionSetting> implements vscode.Disposable {
  readonly onDidChange: vscode.Event<void>;
  private readonly changed: vscode.EventEmitter<void>;

  constructor(options: {
    loadAws: () => Promise<typeof AwsEntry>;
    log: Log;
    settings?: () => MetricsSettings;
    now?: () => Date;
  }) {
    const changed = new vscode.EventEmitter<void>();
    super({
      loadAws: options.loadAws,
      log: options.log,
      settings: options.settings ?? readMetricsSettings,
      clientOptions,
      requestTimeout: requestTimeoutOptions,
      onChange: () => changed.fire(),
      ...(options.now ? { now: options.now } : {}),
    });
    this.changed = changed;
    this.onDidChange = changed.event;
  }

  override dispose(): void {
    super.dispose();
    this.changed.dispose();
  }
}
