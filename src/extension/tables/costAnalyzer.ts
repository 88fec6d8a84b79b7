// The Tables view's cost analyses: 14 days of capacity per table through core's analyzeCosts (the
// day's cache first), started when a table is expanded (with its alarms), and for every listed table
// once a UTC day while the view is visible when that fits the budget's share. The tree never waits:
// it shows each table's state and re-renders on the change event.
import * as vscode from 'vscode';
import type * as AwsEntry from '../../core/entries/aws';
import { backgroundAnalysis, DEFAULT_COST_DAYS } from '../../core/cost/analysisBudget';
import { CostCache } from '../../core/cost/costCache';
import type { TableCostReport } from '../../core/cost/costReport';
import type { AnalysisSpend } from '../../core/cost/costPresentation';
import { utcDay } from '../../core/cost/costCache';
import { forEachConcurrently } from '../../core/concurrency';
import { getMetricDataCostUsd } from '../../core/metrics/cost';
import type { MetricsSettings } from '../../core/metrics/metricsSettings';
import type { TableModel } from '../../core/tables/tableModel';
import type { ConnectionSetting } from '../connections/connectionSettings';
import type { Log } from '../log';
import { tableKey, type WatchTarget } from '../../core/metrics/tableMetricsPoller';
import { readCostPrices, readMetricsSettings } from './metricsSettings';
import type { CostPricesSetting } from '../../core/cost/priceOverride';
import type { PriceOverride } from '../../core/cost/costModel';
import { errorMessage } from '../../core/errorMessage';

type AwsModule = typeof AwsEntry;

export type TableCostState =
  | { status: 'computing' }
  /** `prices`: the override the report was priced at (the Scans in code are priced the same). */
  | { status: 'done'; report: TableCostReport; alarmsChecked: boolean; day: string; prices?: PriceOverride }
  | { status: 'error'; message: string; day: string }
  /** No analysis possible here (no CloudWatch for the connection, metrics off): the row is left out. */
  | { status: 'unavailable'; message: string };

export interface BackgroundNote {
  /** Whether the last listing was analysed in the background, and why (not). */
  allowed: boolean;
  metrics: number;
  usdPerMonth: number;
  shareUsdPerMonth?: number;
}

const DESCRIBE_CONCURRENCY = 4;

export class CostAnalyzer implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly states = new Map<string, TableCostState>();
  private readonly listed = new Map<string, WatchTarget>();
  private readonly backgroundDays = new Map<string, string>();
  private readonly abort = new AbortController();
  private visible = false;
  lastBackground: BackgroundNote | undefined;
  readonly spend: AnalysisSpend & { analyses: number } = {
    getMetricDataCalls: 0,
    metricsRequested: 0,
    usd: 0,
    describeAlarmsCalls: 0,
    cachedTables: 0,
    analyses: 0,
  };

  constructor(
    private readonly options: {
      loadAws: () => Promise<AwsModule>;
      log: Log;
      settings?: () => MetricsSettings;
      /** The user's price override (default: the dynamoGuard.cost.prices setting). */
      prices?: () => CostPricesSetting;
      /** Says once per distinct problem that the price override was not used. */
      warn?: (message: string) => void;
      cache?: CostCache;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return (this.options.now ?? (() => new Date()))();
  }

  private settings(): MetricsSettings {
    return (this.options.settings ?? readMetricsSettings)();
  }

  private pricesProblem: string | undefined;

  private prices(): CostPricesSetting['prices'] {
    const { prices, problem } = (this.options.prices ?? readCostPrices)();
    if (problem && problem !== this.pricesProblem) {
      this.options.log.warn(problem);
      (this.options.warn ?? ((m: string) => void vscode.window.showWarningMessage(m)))(problem);
    }
    this.pricesProblem = problem;
    return prices;
  }

  stateFor(connection: string, region: string, table: string): TableCostState | undefined {
    return this.states.get(tableKey(connection, region, table));
  }

  /** The analysed tables of a connection and how many it lists (for its total). */
  totalsFor(connection: string): { reports: TableCostReport[]; listed: number } {
    const reports: TableCostReport[] = [];
    let listed = 0;
    for (const target of this.listed.values()) {
      if (target.connection.name !== connection) continue;
      for (const t of target.tables) {
        listed++;
        const s = this.states.get(tableKey(connection, target.region, t));
        if (s?.status === 'done' && s.report.advice) reports.push(s.report);
      }
    }
    return { reports, listed };
  }

  /** Forget what was worked out (the view was refreshed); the day's cache keeps the series. */
  reset(): void {
    this.states.clear();
    this.listed.clear();
    this.backgroundDays.clear();
  }

  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) for (const target of this.listed.values()) this.background(target);
  }

  /** The view lists these tables: analyse them in the background once a day, when that is cheap. */
  setListed(target: WatchTarget): void {
    this.listed.set(`${target.connection.name}/${target.region}`, target);
    if (this.visible) this.background(target);
  }

  /** A table was expanded: analyse it with its alarms unless today's analysis with alarms is there. */
  ensure(connection: ConnectionSetting, region: string, table: string): void {
    const s = this.states.get(tableKey(connection.name, region, table));
    const today = utcDay(this.now());
    if (s?.status === 'computing' || s?.status === 'unavailable') return;
    if (s?.status === 'error' && s.day === today) return;
    if (s?.status === 'done' && s.day === today && s.alarmsChecked) return;
    void this.analyze(connection, region, [table], true);
  }

  /** CloudWatch reads made for a dashboard count with the analyses. */
  addSpend(s: { getMetricDataCalls: number; metricsRequested: number }): void {
    this.spend.getMetricDataCalls += s.getMetricDataCalls;
    this.spend.metricsRequested += s.metricsRequested;
    this.spend.usd = getMetricDataCostUsd(this.spend.metricsRequested);
    this.changed.fire();
  }

  /** Analyses one table now and resolves with its report (the dashboard); undefined when it cannot. */
  async reportFor(connection: ConnectionSetting, region: string, table: string): Promise<TableCostState> {
    const key = tableKey(connection.name, region, table);
    // One analysis at a time per table: a background one under way is waited for, not repeated.
    while (this.states.get(key)?.status === 'computing')
      await new Promise<void>((resolve) => {
        const d = this.onDidChange(() => {
          d.dispose();
          resolve();
        });
      });
    const current = this.states.get(key);
    if (current?.status === 'done' && current.day === utcDay(this.now())) return current;
    await this.analyze(connection, region, [table], true);
    return this.states.get(key) ?? { status: 'unavailable', message: 'The table could not be analysed.' };
  }

  private background(target: WatchTarget): void {
    const key = `${target.connection.name}/${target.region}`;
    const today = utcDay(this.now());
    if (this.backgroundDays.get(key) === today) return;
    this.backgroundDays.set(key, today);
    const pending = target.tables.filter((t) => !this.states.has(tableKey(target.connection.name, target.region, t)));
    if (pending.length === 0) return;
    void this.analyze(target.connection, target.region, pending, false, true);
  }

  private async analyze(
    connection: ConnectionSetting,
    region: string,
    tables: readonly string[],
    alarms: boolean,
    background = false,
  ): Promise<void> {
    const keyOf = (t: string) => tableKey(connection.name, region, t);
    const set = (t: string, s: TableCostState) => this.states.set(keyOf(t), s);
    const day = utcDay(this.now());
    // Marked before the first await, so a re-render meanwhile does not start the same analysis again;
    // a table with a result keeps showing it while its alarms are looked up.
    const previous = new Map(tables.map((t) => [t, this.states.get(keyOf(t))]));
    for (const t of tables) if (previous.get(t)?.status !== 'done') set(t, { status: 'computing' });
    const settings = this.settings();
    const aws = await this.options.loadAws();
    if (!settings.enabled) {
      for (const t of tables)
        set(t, { status: 'unavailable', message: 'Metrics are off (setting dynamoGuard.metrics.enabled).' });
      this.changed.fire();
      return;
    }
    const cw = aws.cloudWatchConnection(connection, region);
    if ('unavailable' in cw) {
      for (const t of tables) set(t, { status: 'unavailable', message: cw.unavailable });
      this.changed.fire();
      return;
    }
    this.changed.fire();
    const ddb = { profile: connection.profile, region, endpoint: connection.endpoint, maxAttempts: 2 };
    const models: TableModel[] = [];
    await forEachConcurrently(tables, DESCRIBE_CONCURRENCY, async (t) => {
      try {
        // extras: point-in-time recovery prices the backups.
        models.push(await aws.describeTable(ddb, t, { extras: true, signal: this.abort.signal }));
      } catch (err) {
        const problem = aws.toAwsProblem(err, { profile: connection.profile, region, table: t });
        this.options.log.warn(`Cost analysis: DescribeTable ${t} failed: ${errorMessage(err)}`);
        set(t, { status: 'error', message: problem.message, day });
      }
    });
    if (background) {
      const decision = backgroundAnalysis(models, settings.monthlyBudgetUsd, DEFAULT_COST_DAYS);
      this.lastBackground = decision;
      if (!decision.allowed) {
        // Too dear to do for every table each day: each waits for its row to be expanded.
        for (const m of models) {
          const before = previous.get(m.name);
          if (before) set(m.name, before);
          else this.states.delete(keyOf(m.name));
        }
        this.options.log.info(
          `Cost analysis of ${models.length} tables in the background skipped: about $${decision.usdPerMonth.toFixed(2)} a month, more than its share of the budget.`,
        );
        this.changed.fire();
        return;
      }
    }
    if (models.length === 0) {
      this.changed.fire();
      return;
    }
    const prices = this.prices();
    try {
      const report = await aws.analyzeCosts({ ...cw.options, maxAttempts: 2 }, models, {
        days: DEFAULT_COST_DAYS,
        ...(prices ? { prices } : {}),
        now: this.now(),
        cache: this.options.cache ?? new CostCache(),
        // The CLI's key for the same connection, so the two share the day's cache.
        connectionKey: [connection.profile ?? '', region, connection.endpoint ?? '', cw.options.endpoint ?? ''].join(
          '|',
        ),
        alarms,
        signal: this.abort.signal,
      });
      this.spend.analyses++;
      this.spend.getMetricDataCalls += report.cloudWatch.getMetricDataCalls;
      this.spend.metricsRequested += report.cloudWatch.metricsRequested;
      this.spend.usd = getMetricDataCostUsd(this.spend.metricsRequested);
      this.spend.describeAlarmsCalls += report.cloudWatch.describeAlarmsCalls;
      this.spend.cachedTables += report.cloudWatch.cachedTables;
      for (const r of report.tables) {
        if (r.error || !r.advice)
          set(r.table.name, {
            status: 'error',
            message: r.error ?? 'CloudWatch returned no capacity for this table.',
            day,
          });
        else
          set(r.table.name, { status: 'done', report: r, alarmsChecked: alarms, day, ...(prices ? { prices } : {}) });
      }
    } catch (err) {
      if (this.abort.signal.aborted) return;
      const problem = aws.toAwsProblem(err, { profile: connection.profile, region });
      this.options.log.error(`Cost analysis of ${connection.name} in ${region} failed: ${errorMessage(err)}`);
      for (const m of models) set(m.name, { status: 'error', message: problem.message, day });
    }
    this.changed.fire();
  }

  dispose(): void {
    this.abort.abort();
    this.changed.dispose();
  }
}
