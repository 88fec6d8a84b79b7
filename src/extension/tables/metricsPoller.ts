// Keeps the Tables view's CloudWatch metrics fresh: one `watch` refresh for every listed table (its
// throttled tables drilled down), `full` detail for expanded tables, only while the view is visible,
// at the configured interval stretched to stay inside the monthly budget; counts what it spent.
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import type { ConnectionOptions } from '../../core/aws/clients';
import type { TopKeys } from '../../core/metrics/contributorInsights';
import type { TableHealth } from '../../core/metrics/health';
import type { MetricsReport } from '../../core/metrics/metricsReport';
import type { TableModel } from '../../core/tables/tableModel';
import { forEachConcurrently } from '../../core/concurrency';
import { pollingBudgetUsd } from '../../core/cost/analysisBudget';
import { budgetedRefresh, getMetricDataCostUsd, type RefreshBudget } from '../../core/metrics/cost';
import { metricWindow, watchSeriesCount, WATCH_SERIES_PER_TABLE, type MetricWindow } from '../../core/metrics/metricQueries';
import { clientOptions, requestTimeoutOptions, type ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import type { MetricsSettings } from '../../core/metrics/metricsSettings';
import { readMetricsSettings } from './metricsSettings';

type AwsModule = typeof AwsEntry;

/** Tables of one connection and region that the view lists (after its filter). */
export interface WatchTarget {
  connection: ConnectionSetting;
  region: string;
  tables: readonly string[];
}

export interface TableMetrics {
  model?: TableModel;
  health?: TableHealth;
  /** Why there are no metrics at all (DynamoDB Local without a CloudWatch endpoint, metrics off). */
  unavailable?: string;
  /** DescribeTable or CloudWatch failed for this table: one sentence. */
  error?: string;
  topKeys?: TopKeys;
  /** Contributor Insights state in words when it is not enabled or not available. */
  contributorInsights?: string;
}

export interface SessionSpend {
  getMetricDataCalls: number;
  metricsRequested: number;
  usd: number;
}

/** The key of a table across the view: connection name, region and table name. */
export function tableKey(connection: string, region: string, table: string): string {
  return `${connection}/${region}/${table}`;
}

const MODEL_TTL_MS = 5 * 60_000;
const DESCRIBE_CONCURRENCY = 4;

export class MetricsPoller implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly targets = new Map<string, WatchTarget>();
  private readonly metrics = new Map<string, TableMetrics>();
  private readonly models = new Map<string, { model: TableModel; at: number }>();
  private readonly expanded = new Set<string>();
  private visible = false;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private lastMetricsPerRefresh = 0;
  /** New tables arrived during a run: read them right after it. */
  private rerun = false;
  lastRefresh: Date | undefined;
  readonly spend: SessionSpend = { getMetricDataCalls: 0, metricsRequested: 0, usd: 0 };

  constructor(private readonly options: { loadAws: () => Promise<AwsModule>; log: Log; settings?: () => MetricsSettings; now?: () => Date }) {}

  private settings(): MetricsSettings {
    return (this.options.settings ?? readMetricsSettings)();
  }

  /** The interval in use: the setting, stretched when the budget needs it. */
  budget(): RefreshBudget {
    const s = this.settings();
    // Until a table is described its GSIs are unknown, so it counts as the table-only minimum.
    let watched = 0;
    for (const t of this.targets.values()) {
      for (const table of t.tables) {
        const model = this.models.get(tableKey(t.connection.name, t.region, table))?.model;
        watched += model ? watchSeriesCount([model]) : WATCH_SERIES_PER_TABLE;
      }
    }
    const metricsPerRefresh = Math.max(this.lastMetricsPerRefresh, watched);
    // The cost analyses keep their share of the budget (core/cost/analysisBudget.ts).
    return budgetedRefresh({ metricsPerRefresh, requestedSeconds: s.refreshSeconds, budgetUsdPerMonth: pollingBudgetUsd(s.monthlyBudgetUsd) });
  }

  /** The view lists these tables for one connection and region; metrics are read for them. */
  setTarget(target: WatchTarget): void {
    const key = `${target.connection.name}/${target.region}`;
    const before = this.targets.get(key);
    this.targets.set(key, target);
    const added = target.tables.some((t) => !before?.tables.includes(t)) || this.missing(target);
    if (added && this.visible) this.scheduleSoon();
  }

  /** Whether some listed table has never been read (new, or forgotten by a reset). */
  private missing(target: WatchTarget): boolean {
    return target.tables.some((t) => !this.metrics.has(tableKey(target.connection.name, target.region, t)));
  }

  /** Forget targets and cached table descriptions (the view was refreshed or the connections changed). */
  reset(): void {
    this.targets.clear();
    this.models.clear();
    this.metrics.clear();
  }

  metricsFor(connection: string, region: string, table: string): TableMetrics | undefined {
    return this.metrics.get(tableKey(connection, region, table));
  }

  /** Latest health of a table by name, from any watched connection (the first with data). */
  healthFor(table: string): TableHealth | undefined {
    for (const [key, m] of this.metrics) if (key.endsWith(`/${table}`) && m.health?.table === table) return m.health;
    return undefined;
  }

  topKeysFor(table: string): TopKeys | undefined {
    for (const [key, m] of this.metrics) if (key.endsWith(`/${table}`) && m.topKeys) return m.topKeys;
    return undefined;
  }

  /** Every watched table whose latest window has throttle events. */
  throttled(): { connection: ConnectionSetting; region: string; table: string; health: TableHealth }[] {
    const out: { connection: ConnectionSetting; region: string; table: string; health: TableHealth }[] = [];
    for (const target of this.targets.values()) {
      for (const table of target.tables) {
        const health = this.metrics.get(tableKey(target.connection.name, target.region, table))?.health;
        if (health?.status === 'throttled') out.push({ connection: target.connection, region: target.region, table, health });
      }
    }
    return out;
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    clearTimeout(this.timer);
    this.timer = undefined;
    if (!visible) return;
    const stale = [...this.targets.values()].some((t) => this.missing(t));
    const due = this.lastRefresh && !stale ? this.lastRefresh.getTime() + this.budget().seconds * 1000 - Date.now() : 0;
    this.schedule(Math.max(0, due));
  }

  /** A table node was expanded: read its full detail now and on every refresh while it stays open. */
  async expand(connection: ConnectionSetting, region: string, table: string): Promise<void> {
    const key = tableKey(connection.name, region, table);
    const wasExpanded = this.expanded.has(key);
    this.expanded.add(key);
    const current = this.metrics.get(key);
    // Re-rendering calls this again for every expanded row: read only what is missing, and never
    // retry a failure here (the next refresh does), or a failing table would loop render -> read -> render.
    const missing = !current || (!current.unavailable && !current.error && current.health?.level !== 'full');
    if (!wasExpanded || missing) await this.refreshTables({ connection, region, tables: [table] }, new AbortController().signal, true);
  }

  collapse(key: string): void {
    this.expanded.delete(key);
  }

  /** Re-reads every target now (the refresh command, the timer). A call during a run gets the next run, shared. */
  refresh(): Promise<void> {
    if (this.running) {
      this.queued ??= this.running.then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    const abort = new AbortController();
    this.abort = abort;
    // Cleared only after `running` is assigned: a run with nothing to await finishes synchronously.
    const run = this.readAll(abort.signal).finally(() => {
      if (this.running === run) this.running = undefined;
      this.changed.fire();
      const again = this.rerun;
      this.rerun = false;
      if (this.visible && !abort.signal.aborted) this.schedule(again ? 50 : this.budget().seconds * 1000);
    });
    this.running = run;
    return run;
  }

  private async readAll(signal: AbortSignal): Promise<void> {
    let requested = 0;
    // Each connection and region on its own: one that takes until its time bound delays no other's rows.
    await Promise.all([...this.targets.values()].map(async (target) => {
      requested += await this.refreshTables(target, signal, false);
      this.changed.fire();
    }));
    this.lastMetricsPerRefresh = requested;
    this.lastRefresh = this.now();
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private scheduleSoon(): void {
    if (this.running) this.rerun = true;
    else this.schedule(50);
  }

  private schedule(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.visible) void this.refresh();
    }, ms);
  }

  /** Reads the tables of one target; returns the metrics requested (what this refresh cost). */
  private async refreshTables(target: WatchTarget, signal: AbortSignal, detailOnly: boolean): Promise<number> {
    if (target.tables.length === 0) return 0;
    const settings = this.settings();
    const keyOf = (t: string) => tableKey(target.connection.name, target.region, t);
    if (!settings.enabled) {
      for (const t of target.tables) this.metrics.set(keyOf(t), { unavailable: 'Metrics are off (setting dynamoGuard.metrics.enabled).' });
      return 0;
    }
    const aws = await this.options.loadAws();
    const cw = aws.cloudWatchConnection(target.connection, target.region);
    if ('unavailable' in cw) {
      for (const t of target.tables) this.metrics.set(keyOf(t), { ...this.metrics.get(keyOf(t)), unavailable: cw.unavailable });
      return 0;
    }
    const ddb = clientOptions(target.connection, target.region, { maxAttempts: 2 });
    const models = await this.describe(aws, target, ddb, keyOf);
    const fresh = (t: string): TableMetrics => ({ ...(models.get(t) ? { model: models.get(t) } : {}), ...this.kept(keyOf(t)) });
    const described = target.tables.filter((t) => models.has(t));
    const cwOptions = { ...cw.options, ...requestTimeoutOptions(), maxAttempts: 2 };
    // One "now" for the metrics and the top keys, so both describe the same minutes.
    const now = this.now();
    const common = { minutes: settings.windowMinutes, now, signal, deadlineMs: 45_000 };
    let requested = 0;
    const apply = (report: MetricsReport) => {
      requested += report.cloudWatch.metricsRequested;
      this.spend.getMetricDataCalls += report.cloudWatch.getMetricDataCalls;
      this.spend.metricsRequested += report.cloudWatch.metricsRequested;
      this.spend.usd = getMetricDataCostUsd(this.spend.metricsRequested);
      // A new reading replaces an earlier error; the model and top keys carry over.
      for (const health of report.tables) this.metrics.set(keyOf(health.table), { ...fresh(health.table), health });
    };
    try {
      const detailed = described.filter((t) => this.expanded.has(keyOf(t)));
      const watched = detailOnly ? [] : described.filter((t) => !this.expanded.has(keyOf(t)));
      if (watched.length > 0) apply(await aws.readTableMetrics(cwOptions, watched.map((t) => models.get(t) as TableModel), { ...common, level: 'watch' }));
      if (detailed.length > 0) {
        apply(await aws.readTableMetrics(cwOptions, detailed.map((t) => models.get(t) as TableModel), { ...common, level: 'full' }));
        const window = metricWindow(now, settings.windowMinutes);
        await Promise.all(detailed.map((t) => this.readTopKeys(aws, ddb, cwOptions, keyOf(t), t, window, signal)));
      }
    } catch (err) {
      if (signal.aborted) return requested;
      const problem = aws.toAwsProblem(err, { service: 'CloudWatch', profile: target.connection.profile, region: target.region, ...(cwOptions.endpoint ? { endpoint: cwOptions.endpoint } : {}) });
      this.options.log.error(`Reading metrics of ${target.connection.name} in ${target.region} failed: ${err instanceof Error ? err.message : String(err)}`);
      for (const t of described) this.metrics.set(keyOf(t), { ...fresh(t), error: problem.message });
    }
    return requested;
  }

  /** What a refresh keeps of a table's previous state (top keys live until the next detail read). */
  private kept(key: string): Partial<TableMetrics> {
    const m = this.metrics.get(key);
    return { ...(m?.topKeys ? { topKeys: m.topKeys } : {}), ...(m?.contributorInsights ? { contributorInsights: m.contributorInsights } : {}) };
  }

  private async describe(aws: AwsModule, target: WatchTarget, ddb: ConnectionOptions, keyOf: (t: string) => string): Promise<Map<string, TableModel>> {
    const out = new Map<string, TableModel>();
    await forEachConcurrently(target.tables, DESCRIBE_CONCURRENCY, async (t) => {
      const key = keyOf(t);
      const cached = this.cachedModel(key);
      if (cached) {
        out.set(t, cached);
        return;
      }
      try {
        const model = await aws.describeTable(ddb, t);
        this.models.set(key, { model, at: Date.now() });
        out.set(t, model);
      } catch (err) {
        const problem = aws.toAwsProblem(err, { profile: target.connection.profile, region: target.region, endpoint: target.connection.endpoint, table: t });
        this.metrics.set(key, { error: problem.message });
      }
    });
    return out;
  }

  private cachedModel(key: string): TableModel | undefined {
    const cached = this.models.get(key);
    return cached && Date.now() - cached.at < MODEL_TTL_MS ? cached.model : undefined;
  }

  /**
   * One table's description, from the cache the refreshes keep (DescribeTable when it is missing or
   * stale), for views that need it without metrics; undefined when DescribeTable fails (logged).
   */
  async modelFor(connection: ConnectionSetting, region: string, table: string): Promise<TableModel | undefined> {
    const key = tableKey(connection.name, region, table);
    const cached = this.cachedModel(key);
    if (cached) return cached;
    try {
      const aws = await this.options.loadAws();
      const model = await aws.describeTable(clientOptions(connection, region, { maxAttempts: 2 }), table);
      this.models.set(key, { model, at: Date.now() });
      return model;
    } catch (err) {
      this.options.log.warn(`DescribeTable ${table} failed: ${err instanceof Error ? err.message : String(err)}`);
      return undefined;
    }
  }

  private async readTopKeys(aws: AwsModule, ddb: ConnectionOptions, cw: ConnectionOptions, key: string, table: string, window: MetricWindow, signal: AbortSignal): Promise<void> {
    try {
      const info = await aws.describeContributorInsights(ddb, table, undefined, signal);
      const entry = this.metrics.get(key) ?? {};
      if (!info.available) {
        this.metrics.set(key, { ...entry, contributorInsights: info.reason });
        return;
      }
      if (info.status !== 'ENABLED' || info.rules.length === 0) {
        this.metrics.set(key, { ...entry, contributorInsights: `Contributor Insights is ${info.status.toLowerCase()} on this table.` });
        return;
      }
      const top = await aws.topKeys(cw, info.rules, window, { signal });
      const { contributorInsights: _off, ...rest } = this.metrics.get(key) ?? {};
      this.metrics.set(key, { ...rest, topKeys: top });
    } catch (err) {
      this.options.log.warn(`Contributor Insights of ${table}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.abort?.abort();
    this.changed.dispose();
  }
}
