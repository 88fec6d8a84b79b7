// Runs a metric query plan against CloudWatch: pages each GetMetricData call by NextToken, retries
// throttling within a time bound, and turns a failed call into per-table errors instead of failing all.
import {
  GetMetricDataCommand,
  type GetMetricDataCommandOutput,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import { forEachConcurrently } from '../concurrency';
import { cloudWatchClient, type ConnectionOptions } from '../aws/clients';
import { toAwsProblem, type AwsProblemCode, type ProblemContext } from '../aws/errors';

/** Problems whose general sentence (with the command that fixes them) says more than CloudWatch's code. */
const GENERAL_PROBLEMS: readonly AwsProblemCode[] = [
  'expired-sso',
  'no-credentials',
  'mfa-required',
  'endpoint-down',
  'timeout',
  'unknown-region',
];
import { NAMESPACE, type MetricBatch, type MetricPlan } from './metricQueries';

/** One series as CloudWatch returned it, keyed by epoch seconds of each period start. */
export type SeriesPoints = Map<number, number>;

export interface FetchStats {
  /** GetMetricData requests we sent (each page counts; the SDK's own retries of one request do not). */
  getMetricDataCalls: number;
  /** Queries in every answered request: what CloudWatch bills, since every page repeats the whole query list. */
  metricsRequested: number;
  /** Requests re-sent by our own backoff after the SDK had given up. */
  retries: number;
}

export interface FetchResult {
  plan: MetricPlan;
  /** Points per query id; a query with no datapoints has an empty map. */
  series: Map<string, SeriesPoints>;
  /** Table positions that could not be read, with the reason in one sentence. */
  tableErrors: Map<number, string>;
  stats: FetchStats;
}

export interface RetryOptions {
  /** Extra attempts after the SDK's own retries are exhausted (default 2). */
  attempts: number;
  /** First backoff delay; doubles each attempt, with jitter (default 1,000 ms). */
  baseDelayMs: number;
}

export interface FetchOptions {
  signal?: AbortSignal;
  /** Calls in flight at once (default 2; GetMetricData allows 50 TPS per account). */
  concurrency?: number;
  retry?: Partial<RetryOptions>;
  /** Total time bound for the whole plan; calls not finished by then mark their tables as errors (default 60 s). */
  deadlineMs?: number;
  /** Datapoints per page (default CloudWatch's 100,800). */
  maxDatapoints?: number;
}

interface AwsErrorLike {
  name?: string;
  message?: string;
  Code?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const THROTTLING_CODES = new Set([
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'LimitExceededException',
]);

function asAwsError(err: unknown): AwsErrorLike {
  return typeof err === 'object' && err !== null ? err : { message: String(err) };
}

function isRetryable(err: unknown): boolean {
  const e = asAwsError(err);
  const status = e.$metadata?.httpStatusCode ?? 0;
  return THROTTLING_CODES.has(e.Code ?? e.name ?? '') || status === 429 || status >= 500;
}

/** The problem context of a call to CloudWatch on this connection: its sentences name CloudWatch and its endpoint. */
export function cloudWatchContext(conn: ConnectionOptions): ProblemContext {
  return {
    service: 'CloudWatch',
    ...(conn.profile ? { profile: conn.profile } : {}),
    ...(conn.region ? { region: conn.region } : {}),
    ...(conn.endpoint ? { endpoint: conn.endpoint } : {}),
  };
}

/** One sentence for the tree and the CLI: what failed and what to do next. */
export function describeCloudWatchError(err: unknown, ctx: ProblemContext = {}, operation = 'GetMetricData'): string {
  const e = asAwsError(err);
  const code = e.Code ?? e.name ?? 'Error';
  // Credentials, sign-in and network problems read as everywhere else, with the command that fixes them.
  const problem = toAwsProblem(err, { ...ctx, service: 'CloudWatch' });
  if (GENERAL_PROBLEMS.includes(problem.code))
    return problem.message.startsWith('CloudWatch') ? problem.message : `CloudWatch: ${problem.message}`;
  if (code === 'AccessDenied' || code === 'AccessDeniedException' || e.$metadata?.httpStatusCode === 403) {
    return `CloudWatch denied ${operation} (${code}): allow cloudwatch:${operation} for this identity.`;
  }
  if (THROTTLING_CODES.has(code))
    return `CloudWatch kept throttling ${operation} (${code}); refresh less often or watch fewer tables.`;
  if (code === 'DeadlineExceeded') return `${e.message ?? 'CloudWatch did not answer in time.'}`;
  if (code === 'RepeatedNextToken') return e.message ?? 'CloudWatch repeated a NextToken; stopped paging.';
  const status = e.$metadata?.httpStatusCode;
  return `CloudWatch ${operation} failed (${code}${status ? `, HTTP ${status}` : ''}): ${e.message ?? 'no message'}`;
}

function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error
    ? signal.reason
    : Object.assign(new Error('The metrics refresh was cancelled.'), { name: 'AbortError' });
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

function toWire(batch: MetricBatch): MetricDataQuery[] {
  return batch.queries.map((q) => ({
    Id: q.id,
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: q.metricName, Dimensions: q.dimensions },
      Period: q.period,
      Stat: q.stat,
    },
    ReturnData: true,
  }));
}

export async function fetchMetrics(
  conn: ConnectionOptions,
  plan: MetricPlan,
  options: FetchOptions = {},
): Promise<FetchResult> {
  const client = cloudWatchClient(conn);
  const retry: RetryOptions = {
    attempts: options.retry?.attempts ?? 2,
    baseDelayMs: options.retry?.baseDelayMs ?? 1_000,
  };
  const deadline = Date.now() + (options.deadlineMs ?? 60_000);
  const { signal } = options;
  const series = new Map<string, SeriesPoints>();
  const tableErrors = new Map<number, string>();
  const stats: FetchStats = { getMetricDataCalls: 0, metricsRequested: 0, retries: 0 };
  const tableOfQuery = new Map<string, number>();
  for (const batch of plan.batches)
    for (const q of batch.queries) {
      series.set(q.id, new Map());
      tableOfQuery.set(q.id, q.tableIndex);
    }

  const sendPage = async (
    queries: MetricDataQuery[],
    nextToken: string | undefined,
  ): Promise<GetMetricDataCommandOutput> => {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw abortError(signal);
      const remaining = deadline - Date.now();
      if (remaining <= 0)
        throw Object.assign(new Error('CloudWatch did not answer within the refresh time limit.'), {
          name: 'DeadlineExceeded',
        });
      stats.getMetricDataCalls++;
      // A per-request timer keeps a slow endpoint inside the total bound even when the socket stays open.
      const timeout = AbortSignal.timeout(remaining);
      const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
      try {
        const out = await client.send(
          new GetMetricDataCommand({
            MetricDataQueries: queries,
            StartTime: plan.window.start,
            EndTime: plan.window.end,
            ScanBy: 'TimestampAscending',
            ...(options.maxDatapoints ? { MaxDatapoints: options.maxDatapoints } : {}),
            ...(nextToken ? { NextToken: nextToken } : {}),
          }),
          { abortSignal: combined },
        );
        stats.metricsRequested += queries.length;
        return out;
      } catch (err) {
        if (signal?.aborted) throw abortError(signal);
        if (timeout.aborted)
          throw Object.assign(new Error('CloudWatch did not answer within the refresh time limit.'), {
            name: 'DeadlineExceeded',
          });
        if (!isRetryable(err) || attempt >= retry.attempts) throw err;
        const delay = retry.baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
        if (Date.now() + delay >= deadline) throw err;
        stats.retries++;
        await sleep(delay, signal);
      }
    }
  };

  const runBatch = async (batch: MetricBatch): Promise<void> => {
    const queries = toWire(batch);
    let nextToken: string | undefined;
    // A token seen before would only replay pages already read: a paging loop at the endpoint.
    const seenTokens = new Set<string>();
    try {
      do {
        if (nextToken !== undefined) {
          if (seenTokens.has(nextToken)) {
            throw Object.assign(
              new Error(
                `CloudWatch sent a GetMetricData NextToken it had already sent (after ${seenTokens.size + 1} pages); stopped paging: check the CloudWatch endpoint.`,
              ),
              { name: 'RepeatedNextToken' },
            );
          }
          seenTokens.add(nextToken);
        }
        const out = await sendPage(queries, nextToken);
        for (const r of out.MetricDataResults ?? []) {
          if (!r.Id) continue;
          const points = series.get(r.Id);
          if (!points) continue;
          (r.Timestamps ?? []).forEach((t, i) => {
            const v = r.Values?.[i];
            if (v !== undefined && Number.isFinite(v)) points.set(Math.round(t.getTime() / 1000), v);
          });
          if (r.StatusCode === 'Forbidden' || r.StatusCode === 'InternalError') {
            const table = tableOfQuery.get(r.Id);
            const detail = r.Messages?.map((m) => m.Value)
              .filter(Boolean)
              .join('; ');
            if (table !== undefined && !tableErrors.has(table)) {
              tableErrors.set(
                table,
                `CloudWatch returned ${r.StatusCode} for ${r.Label ?? r.Id}${detail ? `: ${detail}` : ''}.`,
              );
            }
          }
        }
        nextToken = out.NextToken;
      } while (nextToken);
    } catch (err) {
      if (signal?.aborted) throw err;
      const reason = describeCloudWatchError(err, cloudWatchContext(conn));
      for (const t of batch.tableIndexes) tableErrors.set(t, reason);
      for (const q of batch.queries) series.set(q.id, new Map());
    }
  };

  await forEachConcurrently(plan.batches, options.concurrency ?? 2, runBatch);
  if (signal?.aborted) throw abortError(signal);
  return { plan, series, tableErrors, stats };
}
