// The metric query plan: which AWS/DynamoDB series each table and GSI needs, with deterministic ids,
// packed into as few GetMetricData calls as the 500-query limit allows.
import type { BillingMode, TableModel } from '../tables/tableModel';

/** GetMetricData accepts at most 500 MetricDataQuery structures per call (AWS-FACTS 2.1). */
export const MAX_QUERIES_PER_CALL = 500;
/** ...and returns at most 100,800 datapoints per page before paginating (AWS-FACTS 2.1). */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

/**
 * Queries per call so that one call's series fit in one page: every further page repeats the whole
 * query list and is billed again, so long windows are cheapest in smaller calls that never page.
 */
export function queriesPerPage(pointsPerSeries: number, maxPerCall: number = MAX_QUERIES_PER_CALL): number {
  return Math.max(1, Math.min(maxPerCall, Math.floor(MAX_DATAPOINTS_PER_CALL / Math.max(1, pointsPerSeries))));
}
export const NAMESPACE = 'AWS/DynamoDB';
export const DEFAULT_WINDOW_MINUTES = 60;
/** Every series we ask for is a 1-minute metric (AWS-FACTS 1.1). */
export const PERIOD_SECONDS = 60;

export type Direction = 'read' | 'write';

export type ThrottleReasonMetric =
  | 'ReadKeyRangeThroughputThrottleEvents'
  | 'WriteKeyRangeThroughputThrottleEvents'
  | 'ReadProvisionedThroughputThrottleEvents'
  | 'WriteProvisionedThroughputThrottleEvents'
  | 'ReadAccountLimitThrottleEvents'
  | 'WriteAccountLimitThrottleEvents'
  | 'ReadMaxOnDemandThroughputThrottleEvents'
  | 'WriteMaxOnDemandThroughputThrottleEvents';

export type ThrottleCause = 'KeyRangeThroughput' | 'ProvisionedThroughput' | 'AccountLimit' | 'MaxOnDemandThroughput';

export function reasonMetric(direction: Direction, cause: ThrottleCause): ThrottleReasonMetric {
  return `${direction === 'read' ? 'Read' : 'Write'}${cause}ThrottleEvents`;
}

/**
 * Operations whose SystemErrors and SuccessfulRequestLatency we read. DynamoDB publishes these only per
 * (TableName, Operation) (AWS-FACTS 1.3), so each operation costs two metrics per table: the set is the
 * reads the analyzer cares about (GetItem, Query, Scan) and the two commonest writes.
 */
export const DEFAULT_OPERATIONS = ['GetItem', 'Query', 'Scan', 'PutItem', 'UpdateItem'] as const;

/**
 * `watch`: 4 series per table (consumed read/write, read/write throttle events) plus 2 per GSI (its
 * read/write throttle events), for periodic refreshes; `full`: also each GSI's consumption, the
 * per-reason throttle series and per-operation errors and latency; `cost`: days of consumed and
 * provisioned capacity of each table and GSI at 5-minute periods, for the cost advice (src/core/cost);
 * `history`: the same days' throttle events by cause (table and GSIs) and per-operation latency at
 * 5-minute periods, for the table dashboard's charts.
 */
export type PlanLevel = 'watch' | 'full' | 'cost' | 'history';

/** Series a `watch` plan asks per table, before its GSIs. */
export const WATCH_SERIES_PER_TABLE = 4;
/**
 * Series a `watch` plan asks per GSI: a GSI's throttling is not counted in the table's own
 * Read/WriteThrottleEvents (AWS-FACTS 1.2), and a GSI short of write capacity throttles the table's
 * writes, so without these a table throttled through its index would look healthy.
 */
export const WATCH_SERIES_PER_GSI = 2;

/** Series one `watch` refresh asks for these tables: what it costs, for budgeting the interval. */
export function watchSeriesCount(tables: readonly TableModel[]): number {
  return tables.reduce(
    (n, t) => n + WATCH_SERIES_PER_TABLE + WATCH_SERIES_PER_GSI * t.indexes.filter((ix) => ix.kind === 'GSI').length,
    0,
  );
}

export type SeriesRole =
  | { kind: 'consumed'; direction: Direction }
  | { kind: 'provisioned'; direction: Direction }
  | { kind: 'throttleEvents'; direction: Direction }
  | { kind: 'throttleReason'; direction: Direction; cause: ThrottleCause; metric: ThrottleReasonMetric }
  | { kind: 'systemErrors'; operation: string }
  | { kind: 'latency'; operation: string };

export interface Dimension {
  Name: string;
  Value: string;
}

export interface PlannedQuery {
  /** Unique in the plan: `t<table>_<series>` or `t<table>_g<index>_<series>`. */
  id: string;
  /** Position of the table in the plan's `tables`. */
  tableIndex: number;
  /** GSI name when the series belongs to an index. */
  index?: string;
  role: SeriesRole;
  metricName: string;
  dimensions: Dimension[];
  stat: 'Sum' | 'Average';
  period: number;
}

export interface MetricWindow {
  /** Inclusive, aligned to the period. */
  start: Date;
  /** Exclusive, aligned to the period: the current, still-filling minute is never included. */
  end: Date;
  periodSeconds: number;
}

export interface MetricBatch {
  queries: PlannedQuery[];
  /** Table positions whose series are all in this batch (a table is never split across calls). */
  tableIndexes: number[];
}

export interface MetricPlan {
  window: MetricWindow;
  level: PlanLevel;
  tables: readonly TableModel[];
  /** Queries per table position, in table order. */
  queriesByTable: PlannedQuery[][];
  batches: MetricBatch[];
  queryCount: number;
}

export interface PlanOptions {
  level?: PlanLevel;
  /** Window length in minutes (default 60). */
  minutes?: number;
  /** "Now" for the window (default the clock). */
  now?: Date;
  operations?: readonly string[];
  /** Lower only in tests; AWS's limit is 500. */
  maxQueriesPerCall?: number;
}

export function metricWindow(
  now: Date = new Date(),
  minutes: number = DEFAULT_WINDOW_MINUTES,
  periodSeconds: number = PERIOD_SECONDS,
): MetricWindow {
  if (!Number.isInteger(minutes) || minutes <= 0)
    throw new RangeError(`window minutes must be a positive whole number, got ${minutes}`);
  // Aligned boundaries let CloudWatch answer from its pre-aggregated periods (AWS-FACTS 2.1).
  const periodMs = periodSeconds * 1000;
  const end = Math.floor(now.getTime() / periodMs) * periodMs;
  return { start: new Date(end - minutes * 60_000), end: new Date(end), periodSeconds };
}

/** Causes that can throttle a table in this billing mode (AWS-FACTS 1.5); on-demand maximum only when one is configured. */
export function applicableCauses(
  billingMode: BillingMode,
  direction: Direction,
  onDemandMax: { read?: number; write?: number } | undefined,
): ThrottleCause[] {
  if (billingMode === 'PROVISIONED') return ['KeyRangeThroughput', 'ProvisionedThroughput'];
  const causes: ThrottleCause[] = ['KeyRangeThroughput', 'AccountLimit'];
  if (onDemandMax?.[direction] !== undefined) causes.push('MaxOnDemandThroughput');
  return causes;
}

const CAUSE_SUFFIX: Record<ThrottleCause, string> = {
  KeyRangeThroughput: 'kr',
  ProvisionedThroughput: 'pt',
  AccountLimit: 'al',
  MaxOnDemandThroughput: 'od',
};

function resourceQueries(
  prefix: string,
  tableIndex: number,
  dims: Dimension[],
  index: string | undefined,
  level: PlanLevel,
  billingMode: BillingMode,
  onDemandMax: { read?: number; write?: number } | undefined,
): PlannedQuery[] {
  const out: PlannedQuery[] = [];
  const add = (
    suffix: string,
    role: SeriesRole,
    metricName: string,
    stat: PlannedQuery['stat'] = 'Sum',
    dimensions: Dimension[] = dims,
  ) => {
    out.push({
      id: `${prefix}_${suffix}`,
      tableIndex,
      ...(index ? { index } : {}),
      role,
      metricName,
      dimensions,
      stat,
      period: PERIOD_SECONDS,
    });
  };
  // A watched GSI gets only its throttle events: that is all it takes to spot throttling and trigger
  // the drill-down, and its consumption matters only once the table is looked at in detail.
  const watchedIndex = level === 'watch' && index !== undefined;
  if (!watchedIndex) {
    for (const direction of ['read', 'write'] as const) {
      const d = direction === 'read' ? 'Read' : 'Write';
      add(`${direction[0]}cu`, { kind: 'consumed', direction }, `Consumed${d}CapacityUnits`);
    }
  }
  for (const direction of ['read', 'write'] as const) {
    add(
      `${direction[0]}te`,
      { kind: 'throttleEvents', direction },
      `${direction === 'read' ? 'Read' : 'Write'}ThrottleEvents`,
    );
  }
  if (level === 'watch') return out;
  for (const direction of ['read', 'write'] as const) {
    for (const cause of applicableCauses(billingMode, direction, onDemandMax)) {
      const metric = reasonMetric(direction, cause);
      add(`${direction[0]}${CAUSE_SUFFIX[cause]}`, { kind: 'throttleReason', direction, cause, metric }, metric);
    }
  }
  return out;
}

/**
 * Cost analysis replays auto scaling, which needs 5-minute or finer data; 5 minutes is what
 * CloudWatch keeps for 63 days and what the provisioned-capacity metrics are published at (AWS-FACTS 1.1).
 */
export const COST_PERIOD_SECONDS = 300;
/** 5-minute points are kept 63 days (AWS-FACTS 1.1). */
export const MAX_COST_DAYS = 63;

/**
 * `cost` plan of one table: consumed read and write capacity (Sum) of the table and each GSI, plus the
 * provisioned capacity (Average) when the table is provisioned, so the cost of capacity that auto
 * scaling moved is measured rather than assumed from DescribeTable's current value.
 */
function costQueriesForTable(table: TableModel, tableIndex: number): PlannedQuery[] {
  const out: PlannedQuery[] = [];
  const resource = (prefix: string, dims: Dimension[], index: string | undefined) => {
    for (const direction of ['read', 'write'] as const) {
      const d = direction === 'read' ? 'Read' : 'Write';
      const common = { tableIndex, ...(index ? { index } : {}), dimensions: dims, period: COST_PERIOD_SECONDS };
      out.push({
        id: `${prefix}_${direction[0]}cu`,
        ...common,
        role: { kind: 'consumed', direction },
        metricName: `Consumed${d}CapacityUnits`,
        stat: 'Sum',
      });
      if (table.billingMode === 'PROVISIONED') {
        out.push({
          id: `${prefix}_${direction[0]}pc`,
          ...common,
          role: { kind: 'provisioned', direction },
          metricName: `Provisioned${d}CapacityUnits`,
          stat: 'Average',
        });
      }
    }
  };
  const tableDims: Dimension[] = [{ Name: 'TableName', Value: table.name }];
  resource(`t${tableIndex}`, tableDims, undefined);
  table.indexes
    .filter((ix) => ix.kind === 'GSI')
    .forEach((ix, j) =>
      resource(`t${tableIndex}_g${j}`, [...tableDims, { Name: 'GlobalSecondaryIndexName', Value: ix.name }], ix.name),
    );
  return out;
}

/** `history` plan of one table: per-cause throttle events of the table and each GSI, and each operation's latency. */
function historyQueriesForTable(table: TableModel, tableIndex: number, operations: readonly string[]): PlannedQuery[] {
  const out: PlannedQuery[] = [];
  const tableDims: Dimension[] = [{ Name: 'TableName', Value: table.name }];
  const reasons = (
    prefix: string,
    dims: Dimension[],
    index: string | undefined,
    onDemandMax: TableModel['onDemandMax'],
  ) => {
    for (const direction of ['read', 'write'] as const) {
      for (const cause of applicableCauses(table.billingMode, direction, onDemandMax)) {
        const metric = reasonMetric(direction, cause);
        out.push({
          id: `${prefix}_${direction[0]}${CAUSE_SUFFIX[cause]}`,
          tableIndex,
          ...(index ? { index } : {}),
          role: { kind: 'throttleReason', direction, cause, metric },
          metricName: metric,
          dimensions: dims,
          stat: 'Sum',
          period: COST_PERIOD_SECONDS,
        });
      }
    }
  };
  reasons(`t${tableIndex}`, tableDims, undefined, table.onDemandMax);
  table.indexes
    .filter((ix) => ix.kind === 'GSI')
    .forEach((ix, j) =>
      reasons(
        `t${tableIndex}_g${j}`,
        [...tableDims, { Name: 'GlobalSecondaryIndexName', Value: ix.name }],
        ix.name,
        ix.onDemandMax,
      ),
    );
  for (const operation of operations) {
    out.push({
      id: `t${tableIndex}_${operation.toLowerCase()}_lat`,
      tableIndex,
      role: { kind: 'latency', operation },
      metricName: 'SuccessfulRequestLatency',
      dimensions: [...tableDims, { Name: 'Operation', Value: operation }],
      stat: 'Average',
      period: COST_PERIOD_SECONDS,
    });
  }
  return out;
}

/** The series one table and each of its GSIs need; `tableIndex` makes the ids unique in a plan. */
export function queriesForTable(
  table: TableModel,
  tableIndex: number,
  level: PlanLevel = 'full',
  operations: readonly string[] = DEFAULT_OPERATIONS,
): PlannedQuery[] {
  const prefix = `t${tableIndex}`;
  const tableDims: Dimension[] = [{ Name: 'TableName', Value: table.name }];
  const out = resourceQueries(prefix, tableIndex, tableDims, undefined, level, table.billingMode, table.onDemandMax);
  if (level === 'full')
    operations.forEach((operation) => {
      const dims: Dimension[] = [...tableDims, { Name: 'Operation', Value: operation }];
      const op = operation.toLowerCase();
      out.push({
        id: `${prefix}_${op}_err`,
        tableIndex,
        role: { kind: 'systemErrors', operation },
        metricName: 'SystemErrors',
        dimensions: dims,
        stat: 'Sum',
        period: PERIOD_SECONDS,
      });
      out.push({
        id: `${prefix}_${op}_lat`,
        tableIndex,
        role: { kind: 'latency', operation },
        metricName: 'SuccessfulRequestLatency',
        dimensions: dims,
        stat: 'Average',
        period: PERIOD_SECONDS,
      });
    });
  table.indexes
    .filter((ix) => ix.kind === 'GSI')
    .forEach((ix, j) => {
      const dims: Dimension[] = [...tableDims, { Name: 'GlobalSecondaryIndexName', Value: ix.name }];
      out.push(
        ...resourceQueries(`${prefix}_g${j}`, tableIndex, dims, ix.name, level, table.billingMode, ix.onDemandMax),
      );
    });
  return out;
}

/**
 * Packs every table's queries into as few calls as the per-call limit allows: calls are filled to
 * the limit, so a table's series may continue in the next call (it is then listed in both, and a
 * failure of either marks it). ceil(all queries / limit) calls, whatever the tables' sizes.
 */
export function packBatches(
  queriesByTable: readonly PlannedQuery[][],
  maxPerCall: number = MAX_QUERIES_PER_CALL,
): MetricBatch[] {
  const batches: MetricBatch[] = [];
  let current: MetricBatch = { queries: [], tableIndexes: [] };
  queriesByTable.forEach((queries, tableIndex) => {
    let i = 0;
    while (i < queries.length) {
      if (current.queries.length === maxPerCall) {
        batches.push(current);
        current = { queries: [], tableIndexes: [] };
      }
      const take = Math.min(maxPerCall - current.queries.length, queries.length - i);
      current.queries.push(...queries.slice(i, i + take));
      current.tableIndexes.push(tableIndex);
      i += take;
    }
  });
  if (current.queries.length > 0) batches.push(current);
  return batches;
}

export function buildMetricPlan(tables: readonly TableModel[], options: PlanOptions = {}): MetricPlan {
  const level = options.level ?? 'full';
  const period = level === 'cost' || level === 'history' ? COST_PERIOD_SECONDS : PERIOD_SECONDS;
  const minutes = options.minutes ?? DEFAULT_WINDOW_MINUTES;
  const window = metricWindow(options.now ?? new Date(), minutes, period);
  const operations = options.operations ?? DEFAULT_OPERATIONS;
  const queriesByTable = tables.map((t, i) => {
    switch (level) {
      case 'cost':
        return costQueriesForTable(t, i);
      case 'history':
        return historyQueriesForTable(t, i, operations);
      case 'watch':
      case 'full':
        return queriesForTable(t, i, level, operations);
    }
  });
  const perCall = queriesPerPage(Math.ceil((minutes * 60) / period), options.maxQueriesPerCall ?? MAX_QUERIES_PER_CALL);
  const batches = packBatches(queriesByTable, perCall);
  return {
    window,
    level,
    tables,
    queriesByTable,
    batches,
    queryCount: batches.reduce((n, b) => n + b.queries.length, 0),
  };
}
