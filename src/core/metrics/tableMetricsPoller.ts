// Keeps the Tables view's CloudWatch metrics fresh, editor-free: one `watch` read for every listed
// table, `full` detail (and top keys) for expanded tables, only while the view is visible (the
// RefreshScheduler decides when), at the configured interval stretched to stay inside the monthly
// budget; counts what it spent. The extension wraps it with its settings, clients, log and event.
import type * as AwsEntry from '../entries/aws';
import type { ConnectionOptions } from '../aws/clients';
import type { ConnectionSettings } from '../connections';
import { forEachConcurrently } from '../concurrency';
import { pollingBudgetUsd } from '../cost/analysisBudget';
import type { TableModel } from '../tables/tableModel';
import type { TopKeys } from './contributorInsights';
import { budgetedRefresh, getMetricDataCostUsd, type RefreshBudget } from './cost';
import type { TableHealth } from './health';
import { metricWindow, watchSeriesCount, WATCH_SERIES_PER_TABLE, type MetricWindow } from './metricQueries';
import type { MetricsReport } from './metricsReport';
import type { MetricsSettings } from './metricsSettings';
import { RefreshScheduler, type SchedulerTimers } from './refreshScheduler';
import { errorMessage } from '../errorMessage';

type AwsModule = typeof AwsEntry;

/** What the poller reads of a connection. */
export type PolledConnection = Pick<ConnectionSettings, 'name' | 'profile' | 'endpoint' | 'cloudWatchEndpoint'>;

/** Tables of one connection and region that the view lists (after its filter). */
export interface WatchTarget<C extends PolledConnection = PolledConnection> {
  connection: C;
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

/** Where the poller writes what went wrong (the detail; the view shows one sentence). */
export interface PollerLog {
  error(message: string): void;
  warn(message: string): void;
}

export interface TableMetricsPollerOptions<C extends PolledConnection> {
  loadAws: () => Promise<AwsModule>;
  log: PollerLog;
  settings: () => MetricsSettings;
  /** DynamoDB client options of a connection in a region (the request time bound included). */
  clientOptions: (connection: C, region: string, extra: Pick<ConnectionOptions, 'maxAttempts'>) => ConnectionOptions;
  /** The bound on each attempt of a CloudWatch request. */
  requestTimeout: () => Pick<ConnectionOptions, 'requestTimeoutMs' | 'timeoutHint'>;
  /** Called whenever metrics changed (after each connection's read, and after each refresh). */
  onChange: () => void;
  now?: () => Date;
  timers?: SchedulerTimers;
}

/** The key of a table across the view: connection name, region and table name. */
export function tableKey(connection: string, region: string, table: string): string {
  return `${connection}/${region}/${table}`;
}

/**
 * Which described tables a read covers at which level: expanded tables in full detail, the others
 * at the `watch` level, unless only the detail is wanted (a table was just expanded).
 */
export function splitByDetail(
  described: readonly string[],
  isExpanded: (table: string) => boolean,
  detailOnly: boolean,
): { watched: string[]; detailed: string[] } {
  return {
    detailed: described.filter((t) => isExpanded(t)),
    watched: detailOnly ? [] : described.filter((t) => !isExpanded(t)),
  };
}

/** The metrics one refresh of these tables requests; a table not yet described counts as the table-only minimum. */
export function watchedSeries(tables: readonly (TableModel | undefined)[]): number {
  let watched = 0;
  // Until a table is described its GSIs are unknown, so it counts as the table-only minimum.
  for (const model of tables) watched += model ? watchSeriesCount([model]) : WATCH_SERIES_PER_TABLE;
  return watched;
}

const MODEL_TTL_MS = 5 * 60_000;
const DESCRIBE_CONCURRENCY = 4;

export class TableMetricsPoller<C extends PolledConnection = PolledConnection> {
  private readonly targets = new Map<string, WatchTarget<C>>();
  private readonly metrics = new Map<string, TableMetrics>();
  private readonly models = new Map<string, { model: TableModel; at: number }>();
  private readonly expanded = new Set<string>();
  private readonly scheduler: RefreshScheduler;
  /** Aborts reads outside the scheduled runs when the poller is disposed. */
  private readonly stopped = new AbortController();
  private lastMetricsPerRefresh = 0;
  readonly spend: SessionSpend = { getMetricDataCalls: 0, metricsRequested: 0, usd: 0 };

  constructor(private readonly options: TableMetricsPollerOptions<C>) {
    this.scheduler = new RefreshScheduler({
      run: (signal) => this.readAll(signal),
      intervalMs: () => this.budget().seconds * 1000,
      onSettled: () => options.onChange(),
      ...(options.timers ? { timers: options.timers } : {}),
      now: () => this.now().getTime(),
    });
  }

  /** When the last refresh finished reading. */
  get lastRefresh(): Date | undefined {
    return this.scheduler.lastRefresh;
  }

  /** The interval in use: the setting, stretched when the budget needs it. */
  budget(): RefreshBudget {
    const s = this.options.settings();
    const listed: (TableModel | undefined)[] = [];
    for (const t of this.targets.values()) {
      for (const table of t.tables) listed.push(this.models.get(tableKey(t.connection.name, t.region, table))?.model);
    }
    const metricsPerRefresh = Math.max(this.lastMetricsPerRefresh, watchedSeries(listed));
    // The cost analyses keep their share of the budget (core/cost/analysisBudget.ts).
    return budgetedRefresh({
      metricsPerRefresh,
      requestedSeconds: s.refreshSeconds,
      budgetUsdPerMonth: pollingBudgetUsd(s.monthlyBudgetUsd),
    });
  }

  /** The view lists these tables for one connection and region; metrics are read for them. */
  setTarget(target: WatchTarget<C>): void {
    const key = `${target.connection.name}/${target.region}`;
    const before = this.targets.get(key);
    this.targets.set(key, target);
    const added = target.tables.some((t) => !before?.tables.includes(t)) || this.missing(target);
    if (!added) return;
    // A run under way may wait on another connection's time bound: this one is read on its own now.
    if (this.scheduler.busy && this.scheduler.isVisible) void this.readTarget(target);
    else this.scheduler.soon();
  }

  /** Reads one target outside the scheduled runs, and says so when done. */
  private async readTarget(target: WatchTarget<C>): Promise<void> {
    try {
      await this.refreshTables(target, this.stopped.signal, false);
    } catch (err) {
      this.options.log.error(
        `Reading metrics of ${target.connection.name} in ${target.region} failed: ${errorMessage(err)}`,
      );
    }
    if (!this.stopped.signal.aborted) this.options.onChange();
  }

  /** Whether some listed table has never been read (new, or forgotten by a reset). */
  private missing(target: WatchTarget<C>): boolean {
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
  throttled(): { connection: C; region: string; table: string; health: TableHealth }[] {
    const out: { connection: C; region: string; table: string; health: TableHealth }[] = [];
    for (const target of this.targets.values()) {
      for (const table of target.tables) {
        const health = this.metrics.get(tableKey(target.connection.name, target.region, table))?.health;
        if (health?.status === 'throttled')
          out.push({ connection: target.connection, region: target.region, table, health });
      }
    }
    return out;
  }

  setVisible(visible: boolean): void {
    this.scheduler.setVisible(
      visible,
      [...this.targets.values()].some((t) => this.missing(t)),
    );
  }

  /** A table node was expanded: read its full detail now and on every refresh while it stays open. */
  async expand(connection: C, region: string, table: string): Promise<void> {
    const key = tableKey(connection.name, region, table);
    const wasExpanded = this.expanded.has(key);
    this.expanded.add(key);
    const current = this.metrics.get(key);
    // Re-rendering calls this again for every expanded row: read only what is missing, and never
    // retry a failure here (the next refresh does), or a failing table would loop render -> read -> render.
    const missing = !current || (!current.unavailable && !current.error && current.health?.level !== 'full');
    if (!wasExpanded || missing)
      await this.refreshTables({ connection, region, tables: [table] }, new AbortController().signal, true);
  }

  collapse(key: string): void {
    this.expanded.delete(key);
  }

  /** Re-reads every target now (the refresh command, the timer). A call during a run gets the next run, shared. */
  refresh(): Promise<void> {
    return this.scheduler.refresh();
  }

  private async readAll(signal: AbortSignal): Promise<void> {
    let requested = 0;
    // Each connection and region on its own: one that takes until its time bound delays no other's rows.
    await Promise.all(
      [...this.targets.values()].map(async (target) => {
        requested += await this.refreshTables(target, signal, false);
        this.options.onChange();
      }),
    );
    this.lastMetricsPerRefresh = requested;
  }

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  /** Reads the tables of one target; returns the metrics requested (what this refresh cost). */
  private async refreshTables(target: WatchTarget<C>, signal: AbortSignal, detailOnly: boolean): Promise<number> {
    if (target.tables.length === 0) return 0;
    const settings = this.options.settings();
    const keyOf = (t: string) => tableKey(target.connection.name, target.region, t);
    if (!settings.enabled) {
      for (const t of target.tables)
        this.metrics.set(keyOf(t), { unavailable: 'Metrics are off (setting dynamoGuard.metrics.enabled).' });
      return 0;
    }
    const aws = await this.options.loadAws();
    const cw = aws.cloudWatchConnection(target.connection, target.region);
    if ('unavailable' in cw) {
      for (const t of target.tables)
        this.metrics.set(keyOf(t), { ...this.metrics.get(keyOf(t)), unavailable: cw.unavailable });
      return 0;
    }
    const ddb = this.options.clientOptions(target.connection, target.region, { maxAttempts: 2 });
    const models = await this.describe(aws, target, ddb, keyOf);
    const fresh = (t: string): TableMetrics => ({
      ...(models.get(t) ? { model: models.get(t) } : {}),
      ...this.kept(keyOf(t)),
    });
    const described = target.tables.filter((t) => models.has(t));
    const cwOptions = { ...cw.options, ...this.options.requestTimeout(), maxAttempts: 2 };
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
      const { watched, detailed } = splitByDetail(described, (t) => this.expanded.has(keyOf(t)), detailOnly);
      if (watched.length > 0)
        apply(
          await aws.readTableMetrics(
            cwOptions,
            watched.map((t) => models.get(t) as TableModel),
            { ...common, level: 'watch' },
          ),
        );
      if (detailed.length > 0) {
        apply(
          await aws.readTableMetrics(
            cwOptions,
            detailed.map((t) => models.get(t) as TableModel),
            { ...common, level: 'full' },
          ),
        );
        const window = metricWindow(now, settings.windowMinutes);
        await Promise.all(detailed.map((t) => this.readTopKeys(aws, ddb, cwOptions, keyOf(t), t, window, signal)));
      }
    } catch (err) {
      if (signal.aborted) return requested;
      const problem = aws.toAwsProblem(err, {
        service: 'CloudWatch',
        profile: target.connection.profile,
        region: target.region,
        ...(cwOptions.endpoint ? { endpoint: cwOptions.endpoint } : {}),
      });
      this.options.log.error(
        `Reading metrics of ${target.connection.name} in ${target.region} failed: ${errorMessage(err)}`,
      );
      for (const t of described) this.metrics.set(keyOf(t), { ...fresh(t), error: problem.message });
    }
    return requested;
  }

  /** What a refresh keeps of a table's previous state (top keys live until the next detail read). */
  private kept(key: string): Partial<TableMetrics> {
    const m = this.metrics.get(key);
    return {
      ...(m?.topKeys ? { topKeys: m.topKeys } : {}),
      ...(m?.contributorInsights ? { contributorInsights: m.contributorInsights } : {}),
    };
  }

  private async describe(
    aws: AwsModule,
    target: WatchTarget<C>,
    ddb: ConnectionOptions,
    keyOf: (t: string) => string,
  ): Promise<Map<string, TableModel>> {
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
        const problem = aws.toAwsProblem(err, {
          profile: target.connection.profile,
          region: target.region,
          endpoint: target.connection.endpoint,
          table: t,
        });
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
  async modelFor(connection: C, region: string, table: string): Promise<TableModel | undefined> {
    const key = tableKey(connection.name, region, table);
    const cached = this.cachedModel(key);
    if (cached) return cached;
    try {
      const aws = await this.options.loadAws();
      const model = await aws.describeTable(this.options.clientOptions(connection, region, { maxAttempts: 2 }), table);
      this.models.set(key, { model, at: Date.now() });
      return model;
    } catch (err) {
      this.options.log.warn(`DescribeTable ${table} failed: ${errorMessage(err)}`);
      return undefined;
    }
  }

  private async readTopKeys(
    aws: AwsModule,
    ddb: ConnectionOptions,
    cw: ConnectionOptions,
    key: string,
    table: string,
    window: MetricWindow,
    signal: AbortSignal,
  ): Promise<void> {
    try {
      const info = await aws.describeContributorInsights(ddb, table, undefined, signal);
      const entry = this.metrics.get(key) ?? {};
      if (!info.available) {
        this.metrics.set(key, { ...entry, contributorInsights: info.reason });
        return;
      }
      if (info.status !== 'ENABLED' || info.rules.length === 0) {
        this.metrics.set(key, {
          ...entry,
          contributorInsights: `Contributor Insights is ${info.status.toLowerCase()} on this table.`,
        });
        return;
      }
      const top = await aws.topKeys(cw, info.rules, window, { signal });
      const { contributorInsights: _off, ...rest } = this.metrics.get(key) ?? {};
      this.metrics.set(key, { ...rest, topKeys: top });
    } catch (err) {
      this.options.log.warn(`Contributor Insights of ${table}: ${errorMessage(err)}`);
    }
  }

  dispose(): void {
    this.stopped.abort();
    this.scheduler.dispose();
  }
}
