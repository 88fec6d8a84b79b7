// A local HTTP server that speaks CloudWatch's AWS JSON 1.0 (query-compatible) wire protocol as
// @aws-sdk/client-cloudwatch sends and expects it, serves scripted series, injects errors and counts calls.
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

const TARGET_PREFIX = 'GraniteServiceVersion20100801.';
const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
/** GetMetricData accepts at most this many MetricDataQuery structures per call (AWS-FACTS 2.1). */
export const MAX_QUERIES_PER_CALL = 500;
const DEFAULT_MAX_DATAPOINTS = 100_800;
const LIST_METRICS_PAGE = 500;

export interface StandInPoint {
  /** Epoch seconds (or a Date) of the start of the period the value covers. */
  t: number | Date;
  v: number;
}

export interface SeriesSpec {
  namespace?: string;
  metric: string;
  dimensions: Readonly<Record<string, string>>;
  stat: string;
  /** Period of the scripted points in seconds (default 60); queries with a longer period get them aggregated. */
  period?: number;
  points: readonly StandInPoint[];
}

export interface InsightContributor {
  keys: string[];
  /** Per-period maximum values; the report's ApproximateAggregateValue is their maximum. */
  points: readonly StandInPoint[];
}

export interface InsightRuleSpec {
  keyLabels?: string[];
  contributors: readonly InsightContributor[];
}

/** A CloudWatch alarm on one metric, as DescribeAlarmsForMetric returns it. */
export interface StandInAlarm {
  name: string;
  namespace?: string;
  metric: string;
  dimensions: Readonly<Record<string, string>>;
  statistic?: string;
  period?: number;
  evaluationPeriods?: number;
  threshold?: number;
  comparison?: string;
  state?: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
}

export type InjectedFault = 'throttling' | 'access-denied' | 'server-error' | 'delay';

export interface InjectionSpec {
  fault: InjectedFault;
  /** How many matching calls get the fault; undefined means every matching call. */
  times?: number;
  /** Operations it applies to (default: all). */
  operations?: readonly string[];
  /** Only GetMetricData calls with a query on this TableName dimension value. */
  table?: string;
  /** For `delay` (and added before any other fault): milliseconds to wait before answering. */
  delayMs?: number;
}

export interface RecordedRequest {
  operation: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
  /** The status the stand-in answered with. */
  status: number;
}

export interface StandInOptions {
  /** Reject calls without `x-amzn-query-mode: true`, as a guard against misconfigured clients (default true). */
  requireQueryMode?: boolean;
  /** Broken paging: every GetMetricData answer carries the same NextToken, the one of the first page (default false). */
  repeatNextToken?: boolean;
}

interface MetricDataQueryWire {
  Id?: string;
  MetricStat?: {
    Metric?: { Namespace?: string; MetricName?: string; Dimensions?: { Name?: string; Value?: string }[] };
    Period?: number;
    Stat?: string;
  };
  Expression?: string;
  ReturnData?: boolean;
  Label?: string;
}

class WireError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly type: string,
    readonly fault: 'Sender' | 'Receiver',
    message: string,
  ) {
    super(message);
  }
}

function seriesKey(
  namespace: string,
  metric: string,
  dimensions: Readonly<Record<string, string>>,
  stat: string,
): string {
  const dims = Object.keys(dimensions)
    .sort()
    .map((k) => `${k}=${dimensions[k]}`)
    .join(',');
  return `${namespace}|${metric}|${dims}|${stat}`;
}

function epoch(t: number | Date): number {
  return t instanceof Date ? t.getTime() / 1000 : t;
}

/** Combines scripted points that fall into one query period the way CloudWatch's statistic would. */
function aggregate(stat: string, values: number[]): number {
  switch (stat) {
    case 'Sum':
      return values.reduce((a, b) => a + b, 0);
    case 'Maximum':
      return Math.max(...values);
    case 'Minimum':
      return Math.min(...values);
    case 'SampleCount':
      return values.reduce((a, b) => a + b, 0);
    default:
      return values.reduce((a, b) => a + b, 0) / values.length;
  }
}

export class CloudWatchStandIn {
  readonly endpoint: string;
  /** Every request received, in order (bodies parsed). */
  readonly requests: RecordedRequest[] = [];
  private readonly series = new Map<string, SeriesSpec>();
  private readonly rules = new Map<string, InsightRuleSpec>();
  private readonly alarms: StandInAlarm[] = [];
  private injections: (InjectionSpec & { remaining: number })[] = [];

  constructor(
    private readonly server: http.Server,
    private readonly options: Required<StandInOptions>,
  ) {
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
  }

  /** Scripts the datapoints one (metric, dimensions, statistic) series returns; replaces an earlier script of the same series. */
  setSeries(spec: SeriesSpec): void {
    this.series.set(seriesKey(spec.namespace ?? 'AWS/DynamoDB', spec.metric, spec.dimensions, spec.stat), spec);
  }

  /**
   * Scripts a DynamoDB table or GSI the way DynamoDB publishes it: consumed capacity every minute, and
   * throttle metrics only where non-zero, with each per-reason point also added to Read/WriteThrottleEvents.
   */
  scriptTable(scenario: TableScenario): void {
    const dimensions = dynamoDbDimensions(scenario.table, scenario.index);
    const minutes = scenario.minutes ?? 60;
    const perMinute = (v: number | readonly number[]) =>
      typeof v === 'number' ? steadyPoints(scenario.start, minutes, v) : minutePoints(scenario.start, v);
    if (scenario.readPerMinute !== undefined)
      this.setSeries({
        metric: 'ConsumedReadCapacityUnits',
        dimensions,
        stat: 'Sum',
        points: perMinute(scenario.readPerMinute),
      });
    if (scenario.writePerMinute !== undefined)
      this.setSeries({
        metric: 'ConsumedWriteCapacityUnits',
        dimensions,
        stat: 'Sum',
        points: perMinute(scenario.writePerMinute),
      });
    const totals = { Read: new Map<number, number>(), Write: new Map<number, number>() };
    for (const [metric, points] of Object.entries(scenario.throttles ?? {})) {
      if (!points) continue;
      this.setSeries({ metric, dimensions, stat: 'Sum', points });
      const direction = metric.startsWith('Read') ? totals.Read : totals.Write;
      for (const p of points) direction.set(epoch(p.t), (direction.get(epoch(p.t)) ?? 0) + p.v);
    }
    for (const [d, map] of Object.entries(totals)) {
      if (map.size > 0)
        this.setSeries({
          metric: `${d}ThrottleEvents`,
          dimensions,
          stat: 'Sum',
          points: [...map].map(([t, v]) => ({ t, v })),
        });
    }
    for (const [operation, op] of Object.entries(scenario.operations ?? {})) {
      const opDims = { TableName: scenario.table, Operation: operation };
      if (op.systemErrors)
        this.setSeries({ metric: 'SystemErrors', dimensions: opDims, stat: 'Sum', points: op.systemErrors });
      if (op.latencyMs)
        this.setSeries({
          metric: 'SuccessfulRequestLatency',
          dimensions: opDims,
          stat: 'Average',
          points: op.latencyMs,
        });
    }
  }

  /** Adds an alarm that DescribeAlarmsForMetric reports for its metric and exact dimensions. */
  addAlarm(alarm: StandInAlarm): void {
    this.alarms.push(alarm);
  }

  clearAlarms(): void {
    this.alarms.length = 0;
  }

  clearSeries(): void {
    this.series.clear();
  }

  setInsightRule(name: string, spec: InsightRuleSpec): void {
    this.rules.set(name, spec);
  }

  inject(spec: InjectionSpec): void {
    this.injections.push({ ...spec, remaining: spec.times ?? Number.POSITIVE_INFINITY });
  }

  clearInjections(): void {
    this.injections = [];
  }

  /** Forgets recorded requests (scripts and injections stay). */
  resetCounts(): void {
    this.requests.length = 0;
  }

  /** Requests per operation, including ones answered with an error. */
  calls(operation?: string): number {
    return operation ? this.requests.filter((r) => r.operation === operation).length : this.requests.length;
  }

  /** MetricDataQuery structures in successfully answered GetMetricData calls (what AWS bills). */
  metricsRequested(): number {
    return this.requests
      .filter((r) => r.operation === 'GetMetricData' && r.status === 200)
      .reduce((n, r) => n + ((r.body.MetricDataQueries as unknown[] | undefined)?.length ?? 0), 0);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.closeAllConnections();
      this.server.close(() => resolve());
    });
  }

  /** @internal */
  async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
    let body: Record<string, unknown> = {};
    const record: RecordedRequest = { operation, headers: req.headers, body, status: 0 };
    this.requests.push(record);
    try {
      if (req.method !== 'POST')
        throw new WireError(400, 'InvalidAction', 'InvalidAction', 'Sender', `Method ${req.method} is not supported`);
      const text = Buffer.concat(chunks).toString('utf8');
      try {
        body = text.length === 0 ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch {
        throw new WireError(
          400,
          'SerializationException',
          'SerializationException',
          'Sender',
          'Request body is not valid JSON',
        );
      }
      record.body = body;
      if (!String(req.headers['content-type'] ?? '').startsWith(JSON_CONTENT_TYPE)) {
        throw new WireError(
          400,
          'InvalidParameterValue',
          'InvalidParameterValueException',
          'Sender',
          `Unsupported content type ${String(req.headers['content-type'])}`,
        );
      }
      if (this.options.requireQueryMode && req.headers['x-amzn-query-mode'] !== 'true') {
        throw new WireError(
          400,
          'MissingParameter',
          'MissingRequiredParameterException',
          'Sender',
          'x-amzn-query-mode: true is required (the client is not query-compatible)',
        );
      }
      await this.applyInjections(operation, body);
      const out = this.dispatch(operation, body);
      record.status = 200;
      this.send(res, 200, out);
    } catch (err) {
      const e =
        err instanceof WireError
          ? err
          : new WireError(500, 'InternalServiceError', 'InternalServiceFault', 'Receiver', String(err));
      record.status = e.status;
      res.setHeader('x-amzn-query-error', `${e.code};${e.fault}`);
      this.send(res, e.status, { __type: `com.amazonaws.cloudwatch#${e.type}`, message: e.message });
    }
  }

  private send(res: http.ServerResponse, status: number, payload: unknown): void {
    const text = JSON.stringify(payload);
    res.writeHead(status, {
      'content-type': JSON_CONTENT_TYPE,
      'x-amzn-requestid': randomUUID(),
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }

  private async applyInjections(operation: string, body: Record<string, unknown>): Promise<void> {
    const tables = new Set<string>();
    for (const q of (body.MetricDataQueries as MetricDataQueryWire[] | undefined) ?? []) {
      for (const d of q.MetricStat?.Metric?.Dimensions ?? [])
        if (d.Name === 'TableName' && d.Value) tables.add(d.Value);
    }
    for (const inj of this.injections) {
      if (inj.remaining <= 0) continue;
      if (inj.operations && !inj.operations.includes(operation)) continue;
      if (inj.table !== undefined && !tables.has(inj.table)) continue;
      inj.remaining--;
      if (inj.delayMs) await new Promise((r) => setTimeout(r, inj.delayMs));
      switch (inj.fault) {
        case 'delay':
          break;
        case 'throttling':
          throw new WireError(400, 'Throttling', 'ThrottlingException', 'Sender', 'Rate exceeded');
        case 'access-denied':
          throw new WireError(
            403,
            'AccessDenied',
            'AccessDeniedException',
            'Sender',
            `User: arn:aws:iam::123456789012:user/dev is not authorized to perform: cloudwatch:${operation} because no identity-based policy allows the cloudwatch:${operation} action`,
          );
        case 'server-error':
          throw new WireError(
            500,
            'InternalServiceError',
            'InternalServiceFault',
            'Receiver',
            'Internal service error',
          );
      }
    }
  }

  private dispatch(operation: string, body: Record<string, unknown>): unknown {
    switch (operation) {
      case 'GetMetricData':
        return this.getMetricData(body);
      case 'ListMetrics':
        return this.listMetrics(body);
      case 'GetInsightRuleReport':
        return this.getInsightRuleReport(body);
      case 'DescribeAlarmsForMetric':
        return this.describeAlarmsForMetric(body);
      default:
        throw new WireError(
          400,
          'InvalidAction',
          'InvalidAction',
          'Sender',
          `Operation ${operation || '(no x-amz-target)'} is not supported by the CloudWatch stand-in`,
        );
    }
  }

  private getMetricData(body: Record<string, unknown>): unknown {
    const queries = body.MetricDataQueries as MetricDataQueryWire[] | undefined;
    if (!Array.isArray(queries) || queries.length === 0)
      throw new WireError(
        400,
        'MissingParameter',
        'MissingRequiredParameterException',
        'Sender',
        'The parameter MetricDataQueries is required.',
      );
    if (queries.length > MAX_QUERIES_PER_CALL) {
      throw new WireError(
        400,
        'InvalidParameterValue',
        'InvalidParameterValueException',
        'Sender',
        `The collection MetricDataQueries must not have a size greater than ${MAX_QUERIES_PER_CALL}.`,
      );
    }
    const start = Number(body.StartTime);
    const end = Number(body.EndTime);
    if (!Number.isFinite(start) || !Number.isFinite(end))
      throw new WireError(
        400,
        'MissingParameter',
        'MissingRequiredParameterException',
        'Sender',
        'StartTime and EndTime are required.',
      );
    if (start >= end)
      throw new WireError(
        400,
        'InvalidParameterValue',
        'InvalidParameterValueException',
        'Sender',
        'The parameter StartTime must be less than the parameter EndTime.',
      );
    const ids = new Set<string>();
    for (const q of queries) {
      if (!q.Id || !/^[a-z][A-Za-z0-9_]*$/.test(q.Id))
        throw new WireError(
          400,
          'ValidationError',
          'ValidationException',
          'Sender',
          `Invalid metric data query id: ${String(q.Id)}`,
        );
      if (ids.has(q.Id))
        throw new WireError(
          400,
          'ValidationError',
          'ValidationException',
          'Sender',
          `The metric data query id ${q.Id} is not unique.`,
        );
      ids.add(q.Id);
      if (!q.MetricStat === !q.Expression)
        throw new WireError(
          400,
          'ValidationError',
          'ValidationException',
          'Sender',
          `Query ${q.Id} must have exactly one of MetricStat or Expression.`,
        );
      if (q.Expression)
        throw new WireError(
          400,
          'InvalidParameterValue',
          'InvalidParameterValueException',
          'Sender',
          'The stand-in serves MetricStat queries only.',
        );
      const period = q.MetricStat?.Period ?? 0;
      if (period < 60 || period % 60 !== 0)
        throw new WireError(
          400,
          'InvalidParameterValue',
          'InvalidParameterValueException',
          'Sender',
          `The parameter MetricDataQueries.member.Period must be a multiple of 60 (query ${q.Id}).`,
        );
      if (!q.MetricStat?.Stat || !q.MetricStat.Metric?.MetricName)
        throw new WireError(
          400,
          'MissingParameter',
          'MissingRequiredParameterException',
          'Sender',
          `Query ${q.Id} needs MetricName and Stat.`,
        );
    }
    const ascending = body.ScanBy === 'TimestampAscending';
    const maxPoints = Number(body.MaxDatapoints ?? DEFAULT_MAX_DATAPOINTS);
    const offset = body.NextToken === undefined ? 0 : Number(String(body.NextToken).replace(/^p/, ''));
    if (!Number.isInteger(offset) || offset < 0)
      throw new WireError(400, 'InvalidNextToken', 'InvalidNextToken', 'Sender', 'The NextToken is invalid.');

    const full = queries
      .filter((q) => q.ReturnData !== false)
      .map((q) => ({ query: q, points: this.pointsFor(q, start, end, ascending) }));
    const total = full.reduce((n, r) => n + r.points.length, 0);
    let cursor = 0;
    const pageEnd = offset + maxPoints;
    const results = full.map(({ query, points }) => {
      const from = Math.max(0, offset - cursor);
      const to = Math.max(0, Math.min(points.length, pageEnd - cursor));
      cursor += points.length;
      const slice = from < to ? points.slice(from, to) : [];
      return {
        Id: query.Id,
        Label: query.Label ?? query.MetricStat?.Metric?.MetricName,
        Timestamps: slice.map((p) => p[0]),
        Values: slice.map((p) => p[1]),
        StatusCode: to < points.length ? 'PartialData' : 'Complete',
      };
    });
    if (this.options.repeatNextToken) return { MetricDataResults: results, Messages: [], NextToken: 'p0' };
    return { MetricDataResults: results, Messages: [], ...(pageEnd < total ? { NextToken: `p${pageEnd}` } : {}) };
  }

  private pointsFor(q: MetricDataQueryWire, start: number, end: number, ascending: boolean): [number, number][] {
    const stat = q.MetricStat!;
    const dims: Record<string, string> = {};
    for (const d of stat.Metric?.Dimensions ?? []) if (d.Name) dims[d.Name] = d.Value ?? '';
    const spec = this.series.get(
      seriesKey(stat.Metric?.Namespace ?? '', stat.Metric?.MetricName ?? '', dims, stat.Stat ?? ''),
    );
    if (!spec) return [];
    const period = stat.Period ?? 60;
    const buckets = new Map<number, number[]>();
    for (const p of spec.points) {
      const t = epoch(p.t);
      if (t < start || t >= end) continue;
      const bucket = start + Math.floor((t - start) / period) * period;
      buckets.set(bucket, [...(buckets.get(bucket) ?? []), p.v]);
    }
    const out = [...buckets.entries()].map(([t, vs]): [number, number] => [t, aggregate(stat.Stat ?? '', vs)]);
    out.sort((a, b) => (ascending ? a[0] - b[0] : b[0] - a[0]));
    return out;
  }

  private listMetrics(body: Record<string, unknown>): unknown {
    const filters = (body.Dimensions as { Name: string; Value?: string }[] | undefined) ?? [];
    const all = [...this.series.values()]
      .filter((s) => body.Namespace === undefined || (s.namespace ?? 'AWS/DynamoDB') === body.Namespace)
      .filter((s) => body.MetricName === undefined || s.metric === body.MetricName)
      .filter((s) =>
        filters.every((f) => f.Name in s.dimensions && (f.Value === undefined || s.dimensions[f.Name] === f.Value)),
      );
    const unique = new Map<string, SeriesSpec>();
    for (const s of all) unique.set(seriesKey(s.namespace ?? 'AWS/DynamoDB', s.metric, s.dimensions, ''), s);
    const list = [...unique.values()];
    const offset = body.NextToken === undefined ? 0 : Number(String(body.NextToken).replace(/^l/, ''));
    const page = list.slice(offset, offset + LIST_METRICS_PAGE);
    return {
      Metrics: page.map((s) => ({
        Namespace: s.namespace ?? 'AWS/DynamoDB',
        MetricName: s.metric,
        Dimensions: Object.entries(s.dimensions).map(([Name, Value]) => ({ Name, Value })),
      })),
      ...(offset + LIST_METRICS_PAGE < list.length ? { NextToken: `l${offset + LIST_METRICS_PAGE}` } : {}),
    };
  }

  /**
   * Like CloudWatch: MetricName and Namespace are required; an alarm matches when its dimensions are
   * exactly the given ones, and Statistic and Period, when given, match too.
   */
  private describeAlarmsForMetric(body: Record<string, unknown>): unknown {
    const metric = body.MetricName;
    const namespace = body.Namespace;
    if (typeof metric !== 'string' || typeof namespace !== 'string') {
      throw new WireError(
        400,
        'MissingParameter',
        'MissingRequiredParameterException',
        'Sender',
        'The parameters MetricName and Namespace are required.',
      );
    }
    const given: Record<string, string> = {};
    for (const d of (body.Dimensions as { Name?: string; Value?: string }[] | undefined) ?? [])
      if (d.Name) given[d.Name] = d.Value ?? '';
    const key = (dims: Readonly<Record<string, string>>) =>
      Object.keys(dims)
        .sort()
        .map((k) => `${k}=${dims[k]}`)
        .join(',');
    const matches = this.alarms.filter(
      (a) =>
        a.metric === metric &&
        (a.namespace ?? 'AWS/DynamoDB') === namespace &&
        key(a.dimensions) === key(given) &&
        (body.Statistic === undefined || body.Statistic === (a.statistic ?? 'Sum')) &&
        (body.Period === undefined || body.Period === (a.period ?? 60)),
    );
    return {
      MetricAlarms: matches.map((a) => ({
        AlarmName: a.name,
        AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${a.name}`,
        StateValue: a.state ?? 'OK',
        StateUpdatedTimestamp: Math.floor(Date.now() / 1000),
        Namespace: a.namespace ?? 'AWS/DynamoDB',
        MetricName: a.metric,
        Dimensions: Object.entries(a.dimensions).map(([Name, Value]) => ({ Name, Value })),
        Statistic: a.statistic ?? 'Sum',
        Period: a.period ?? 60,
        EvaluationPeriods: a.evaluationPeriods ?? 1,
        Threshold: a.threshold ?? 1,
        ComparisonOperator: a.comparison ?? 'GreaterThanOrEqualToThreshold',
        ActionsEnabled: true,
      })),
    };
  }

  private getInsightRuleReport(body: Record<string, unknown>): unknown {
    const name = String(body.RuleName ?? '');
    const rule = this.rules.get(name);
    if (!rule)
      throw new WireError(
        400,
        'ResourceNotFoundException',
        'ResourceNotFoundException',
        'Sender',
        `Rule ${name} does not exist.`,
      );
    const max = Number(body.MaxContributorCount ?? 10);
    // Contributor Insights for DynamoDB rejects more than 25 contributors (AWS-FACTS 4.1).
    if (name.startsWith('DynamoDBContributorInsights-') && max > 25) {
      throw new WireError(
        400,
        'InvalidParameterValue',
        'InvalidParameterValueException',
        'Sender',
        'Contributor Insights for DynamoDB has a limit of 25 contributors.',
      );
    }
    const start = Number(body.StartTime);
    const end = Number(body.EndTime);
    const contributors = rule.contributors
      .map((c) => {
        const points = c.points.map((p) => ({ t: epoch(p.t), v: p.v })).filter((p) => p.t >= start && p.t < end);
        return { keys: c.keys, points, max: points.reduce((m, p) => Math.max(m, p.v), 0) };
      })
      .filter((c) => c.points.length > 0)
      .sort((a, b) => b.max - a.max);
    const top = contributors.slice(0, max);
    return {
      KeyLabels: rule.keyLabels ?? ['PartitionKey'],
      AggregationStatistic: 'Sum',
      AggregateValue: contributors.reduce((n, c) => n + c.points.reduce((s, p) => s + p.v, 0), 0),
      ApproximateUniqueCount: contributors.length,
      Contributors: top.map((c) => ({
        Keys: c.keys,
        ApproximateAggregateValue: c.max,
        Datapoints: c.points.map((p) => ({ Timestamp: p.t, ApproximateValue: p.v })),
      })),
      MetricDatapoints: [],
    };
  }
}

export async function startCloudWatchStandIn(options: StandInOptions = {}): Promise<CloudWatchStandIn> {
  const handlers: { handle?: (req: http.IncomingMessage, res: http.ServerResponse) => Promise<void> } = {};
  const server = http.createServer((req, res) => {
    handlers.handle?.(req, res).catch((err: unknown) => {
      res.statusCode = 500;
      res.end(String(err));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const standIn = new CloudWatchStandIn(server, {
    requireQueryMode: options.requireQueryMode ?? true,
    repeatNextToken: options.repeatNextToken ?? false,
  });
  handlers.handle = (req, res) => standIn.handle(req, res);
  return standIn;
}

export function dynamoDbDimensions(table: string, index?: string): Record<string, string> {
  return index ? { TableName: table, GlobalSecondaryIndexName: index } : { TableName: table };
}

export interface TableScenario {
  table: string;
  index?: string;
  /** Epoch seconds of the first scripted minute. */
  start: number;
  /** Minutes of consumed-capacity points when a single number is given (default 60). */
  minutes?: number;
  /** Consumed units per minute (the Sum of one 1-minute period): one value for every minute, or one per minute. */
  readPerMinute?: number | readonly number[];
  writePerMinute?: number | readonly number[];
  /** Per-reason throttle metric name -> its non-zero points. */
  throttles?: Readonly<Record<string, readonly StandInPoint[]>>;
  operations?: Readonly<
    Record<string, { systemErrors?: readonly StandInPoint[]; latencyMs?: readonly StandInPoint[] }>
  >;
}

/** Per-minute points from `start` (epoch seconds), one per value, for scripting a series quickly. */
export function minutePoints(start: number, values: readonly number[]): StandInPoint[] {
  return values.map((v, i) => ({ t: start + i * 60, v }));
}

/** The same value in each of `count` minutes from `start`. */
export function steadyPoints(start: number, count: number, value: number): StandInPoint[] {
  return minutePoints(start, new Array<number>(count).fill(value));
}
