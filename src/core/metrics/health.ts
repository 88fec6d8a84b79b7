// Turns fetched series into per-table and per-GSI health: rates, utilisation, throttle events by
// cause, errors and latency, a status and a reason in words, and per-minute sparkline data.
import type { BillingMode, TableModel, Throughput } from '../tables/tableModel';
import type { FetchResult, SeriesPoints } from './fetchMetrics';
import type {
  Direction,
  MetricWindow,
  PlanLevel,
  PlannedQuery,
  ThrottleCause,
  ThrottleReasonMetric,
} from './metricQueries';

export type HealthStatus = 'ok' | 'warning' | 'throttled' | 'no-data' | 'error';

/** Peak utilisation above this share of the limit makes a table `warning`. */
export const UTILIZATION_WARNING = 0.8;

export interface CapacityHealth {
  /** Average over the window: total consumed units / window seconds. */
  consumedPerSecond: number;
  /** Busiest minute's sum / 60. */
  peakPerSecond: number;
  /** Provisioned capacity units, or the on-demand maximum; null when there is no limit to compare with. */
  provisioned: number | null;
  limitKind: 'provisioned' | 'on-demand-max' | null;
  /** peakPerSecond / provisioned; null when there is no limit. */
  utilization: number | null;
}

export interface ThrottleHealth {
  read: number;
  write: number;
  /** Per-reason metric name -> events in the window; only the reasons that were asked for (missing points count 0). */
  byReason: Partial<Record<ThrottleReasonMetric, number>>;
}

export interface OperationHealth {
  operation: string;
  systemErrors: number;
  /** Mean of the per-minute average latencies that have data; null when the operation had no successful requests. */
  latencyMs: number | null;
}

export interface Sparkline {
  /** One value per minute of the window, oldest first, in units per second (missing minutes are 0). */
  read: number[];
  write: number[];
  /** Read + write throttle events per minute. */
  throttleEvents: number[];
}

export interface ResourceHealth {
  status: HealthStatus;
  reason: string;
  read: CapacityHealth;
  write: CapacityHealth;
  throttleEvents: ThrottleHealth;
  sparkline: Sparkline;
  /** False when CloudWatch returned no datapoint for any series of this resource. */
  hasData: boolean;
}

export interface IndexHealth extends ResourceHealth {
  index: string;
}

export interface TableHealth extends ResourceHealth {
  table: string;
  billingMode: BillingMode;
  /**
   * `watch` health has no per-reason, per-operation or GSI detail (`indexes` is empty), but a GSI's
   * throttle events still make the table `throttled` and are named in its reason.
   */
  level: PlanLevel;
  systemErrors: number;
  operations: OperationHealth[];
  indexes: IndexHealth[];
}

/** How a throttle cause reads in a reason and in the Tables view. */
export const CAUSE_WORDS: Record<ThrottleCause, { title: string; by: string }> = {
  KeyRangeThroughput: { title: 'Hot partition', by: 'throttled by partition limits' },
  ProvisionedThroughput: { title: 'Provisioned capacity', by: 'throttled by provisioned capacity' },
  AccountLimit: { title: 'Account limit', by: "throttled by the account's per-table quota" },
  MaxOnDemandThroughput: { title: 'On-demand maximum', by: 'throttled by the configured on-demand maximum' },
};

const number = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

function round(n: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

function sum(points: SeriesPoints | undefined): number {
  let total = 0;
  for (const v of points?.values() ?? []) total += v;
  return total;
}

function perMinute(points: SeriesPoints | undefined, window: MetricWindow): number[] {
  const start = window.start.getTime() / 1000;
  const n = Math.round((window.end.getTime() - window.start.getTime()) / 1000 / window.periodSeconds);
  const out = new Array<number>(n).fill(0);
  for (const [t, v] of points ?? []) {
    const i = Math.floor((t - start) / window.periodSeconds);
    if (i >= 0 && i < n) out[i] = (out[i] as number) + v;
  }
  return out;
}

function capacity(
  points: SeriesPoints | undefined,
  window: MetricWindow,
  limit: number | undefined,
  limitKind: CapacityHealth['limitKind'],
): CapacityHealth {
  const seconds = (window.end.getTime() - window.start.getTime()) / 1000;
  let peak = 0;
  for (const v of points?.values() ?? []) peak = Math.max(peak, v);
  const peakPerSecond = peak / window.periodSeconds;
  const hasLimit = limit !== undefined && limit > 0;
  return {
    consumedPerSecond: round(sum(points) / seconds),
    peakPerSecond: round(peakPerSecond),
    provisioned: hasLimit ? limit : null,
    limitKind: hasLimit ? limitKind : null,
    utilization: hasLimit ? round(peakPerSecond / limit) : null,
  };
}

function limitFor(
  billingMode: BillingMode,
  provisioned: Throughput | undefined,
  onDemandMax: Partial<Throughput> | undefined,
  direction: Direction,
): { limit: number | undefined; kind: CapacityHealth['limitKind'] } {
  // Read from the TableModel (DescribeTable) rather than ProvisionedRead/WriteCapacityUnits: the same
  // number for free, where the metric would cost two more series per table and GSI on every refresh.
  if (billingMode === 'PROVISIONED') return { limit: provisioned?.[direction], kind: 'provisioned' };
  return { limit: onDemandMax?.[direction], kind: 'on-demand-max' };
}

interface Finding {
  severity: 'throttled' | 'warning';
  count: number;
  text: string;
}

function resourceHealth(
  queries: readonly PlannedQuery[],
  series: ReadonlyMap<string, SeriesPoints>,
  window: MetricWindow,
  billingMode: BillingMode,
  provisioned: Throughput | undefined,
  onDemandMax: Partial<Throughput> | undefined,
  label: string,
): { health: ResourceHealth; findings: Finding[] } {
  const of = (pred: (q: PlannedQuery) => boolean) => queries.find(pred);
  const pointsOf = (q: PlannedQuery | undefined) => (q ? series.get(q.id) : undefined);
  const rcu = pointsOf(of((q) => q.role.kind === 'consumed' && q.role.direction === 'read'));
  const wcu = pointsOf(of((q) => q.role.kind === 'consumed' && q.role.direction === 'write'));
  const rte = pointsOf(of((q) => q.role.kind === 'throttleEvents' && q.role.direction === 'read'));
  const wte = pointsOf(of((q) => q.role.kind === 'throttleEvents' && q.role.direction === 'write'));
  const readLimit = limitFor(billingMode, provisioned, onDemandMax, 'read');
  const writeLimit = limitFor(billingMode, provisioned, onDemandMax, 'write');
  const read = capacity(rcu, window, readLimit.limit, readLimit.kind);
  const write = capacity(wcu, window, writeLimit.limit, writeLimit.kind);
  const byReason: Partial<Record<ThrottleReasonMetric, number>> = {};
  const findings: Finding[] = [];
  const where = label ? `${label}: ` : '';
  for (const q of queries) {
    if (q.role.kind !== 'throttleReason') continue;
    // DynamoDB publishes throttle metrics only when non-zero, so a missing point is a zero (AWS-FACTS 1.1).
    const n = sum(series.get(q.id));
    byReason[q.role.metric] = n;
    if (n > 0) {
      const words = CAUSE_WORDS[q.role.cause];
      findings.push({
        severity: 'throttled',
        count: n,
        text: `${where}${words.title}: ${number.format(n)} ${q.role.direction} events ${words.by} (${q.role.metric})`,
      });
    }
  }
  const throttleEvents: ThrottleHealth = { read: sum(rte), write: sum(wte), byReason };
  const explained = { read: 0, write: 0 };
  for (const q of queries)
    if (q.role.kind === 'throttleReason') explained[q.role.direction] += byReason[q.role.metric] ?? 0;
  for (const direction of ['read', 'write'] as const) {
    const unexplained = throttleEvents[direction] - explained[direction];
    if (unexplained > 0) {
      const metric = direction === 'read' ? 'ReadThrottleEvents' : 'WriteThrottleEvents';
      findings.push({
        severity: 'throttled',
        count: unexplained,
        text: `${where}${number.format(unexplained)} ${direction} events throttled (${metric}); cause not broken down`,
      });
    }
  }
  for (const [direction, cap] of [
    ['read', read],
    ['write', write],
  ] as const) {
    if (cap.utilization !== null && cap.utilization > UTILIZATION_WARNING) {
      const limitWords =
        cap.limitKind === 'provisioned'
          ? `provisioned ${number.format(cap.provisioned ?? 0)} ${direction === 'read' ? 'RCU' : 'WCU'}`
          : `on-demand maximum ${number.format(cap.provisioned ?? 0)}/s`;
      findings.push({
        severity: 'warning',
        count: cap.utilization,
        text: `${where}${direction === 'read' ? 'Read' : 'Write'} peak ${number.format(cap.peakPerSecond)}/s is ${Math.round(cap.utilization * 100)}% of ${limitWords}`,
      });
    }
  }
  const hasData = queries.some((q) => (series.get(q.id)?.size ?? 0) > 0);
  const readTh = perMinute(rte, window);
  const writeTh = perMinute(wte, window);
  const sparkline: Sparkline = {
    read: perMinute(rcu, window).map((v) => round(v / window.periodSeconds)),
    write: perMinute(wcu, window).map((v) => round(v / window.periodSeconds)),
    throttleEvents: readTh.map((v, i) => v + (writeTh[i] as number)),
  };
  const status = statusOf(findings, hasData);
  return {
    health: { status, reason: reasonOf(status, findings), read, write, throttleEvents, sparkline, hasData },
    findings,
  };
}

function statusOf(findings: readonly Finding[], hasData: boolean): HealthStatus {
  if (findings.some((f) => f.severity === 'throttled')) return 'throttled';
  if (findings.length > 0) return 'warning';
  return hasData ? 'ok' : 'no-data';
}

function reasonOf(status: HealthStatus, findings: readonly Finding[]): string {
  switch (status) {
    case 'throttled':
    case 'warning': {
      // Throttling first (the biggest cause leads), then the capacity pressure that usually explains it.
      const rank = (f: Finding) => (f.severity === 'throttled' ? 0 : 1);
      return [...findings]
        .sort((a, b) => rank(a) - rank(b) || b.count - a.count)
        .map((f) => f.text)
        .join('; ');
    }
    case 'ok':
      return 'No throttling, errors or capacity pressure in the window.';
    case 'no-data':
      return 'CloudWatch returned no datapoints in the window (idle or new table, or another account/region).';
    case 'error':
      return 'Could not read metrics.';
  }
}

function operationsHealth(
  queries: readonly PlannedQuery[],
  series: ReadonlyMap<string, SeriesPoints>,
): OperationHealth[] {
  const byOp = new Map<string, OperationHealth>();
  for (const q of queries) {
    if (q.role.kind !== 'systemErrors' && q.role.kind !== 'latency') continue;
    const op = byOp.get(q.role.operation) ?? { operation: q.role.operation, systemErrors: 0, latencyMs: null };
    const points = series.get(q.id);
    if (q.role.kind === 'systemErrors') op.systemErrors = sum(points);
    else if (points && points.size > 0) op.latencyMs = round(sum(points) / points.size, 2);
    byOp.set(q.role.operation, op);
  }
  return [...byOp.values()];
}

const emptyCapacity = (): CapacityHealth => ({
  consumedPerSecond: 0,
  peakPerSecond: 0,
  provisioned: null,
  limitKind: null,
  utilization: null,
});

/** Health of one table of a fetched plan (its GSIs included). */
export function tableHealth(fetched: FetchResult, tableIndex: number): TableHealth {
  const { plan, series } = fetched;
  const table: TableModel = plan.tables[tableIndex] as TableModel;
  const queries = plan.queriesByTable[tableIndex] ?? [];
  const own = queries.filter((q) => q.index === undefined);
  const base = resourceHealth(own, series, plan.window, table.billingMode, table.provisioned, table.onDemandMax, '');
  const findings = [...base.findings];
  const indexes: IndexHealth[] = [];
  let indexHasData = false;
  for (const ix of table.indexes) {
    const ixQueries = queries.filter((q) => q.index === ix.name);
    if (ixQueries.length === 0) continue;
    const r = resourceHealth(
      ixQueries,
      series,
      plan.window,
      table.billingMode,
      ix.provisioned,
      ix.onDemandMax,
      `Index ${ix.name}`,
    );
    findings.push(...r.findings);
    indexHasData ||= r.health.hasData;
    // A watched GSI has only its throttle series: an index row built from them would show zero
    // consumption, so the table carries the finding and the drill-down brings the index detail.
    if (plan.level === 'full') indexes.push({ index: ix.name, ...r.health });
  }
  const operations = operationsHealth(own, series);
  const systemErrors = operations.reduce((n, o) => n + o.systemErrors, 0);
  if (systemErrors > 0) {
    const parts = operations
      .filter((o) => o.systemErrors > 0)
      .map((o) => `${o.operation} ${number.format(o.systemErrors)}`);
    findings.push({
      severity: 'warning',
      count: Number.MAX_SAFE_INTEGER,
      text: `System errors: ${number.format(systemErrors)} HTTP 500s from DynamoDB (${parts.join(', ')})`,
    });
  }
  const hasData = base.health.hasData || indexHasData;
  const error = fetched.tableErrors.get(tableIndex);
  const status: HealthStatus = error ? 'error' : statusOf(findings, hasData);
  const result: TableHealth = {
    table: table.name,
    billingMode: table.billingMode,
    level: plan.level,
    ...base.health,
    status,
    reason: error ?? reasonOf(status, findings),
    systemErrors,
    operations,
    indexes,
    hasData,
  };
  if (error) {
    // A failed read is not an idle table: keep only the limits, which come from DescribeTable, not CloudWatch.
    result.read = {
      ...emptyCapacity(),
      provisioned: base.health.read.provisioned,
      limitKind: base.health.read.limitKind,
    };
    result.write = {
      ...emptyCapacity(),
      provisioned: base.health.write.provisioned,
      limitKind: base.health.write.limitKind,
    };
  }
  return result;
}

export function healthOf(fetched: FetchResult): TableHealth[] {
  return fetched.plan.tables.map((_, i) => tableHealth(fetched, i));
}
