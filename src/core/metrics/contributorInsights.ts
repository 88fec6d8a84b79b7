// Contributor Insights for a table or GSI: its rule names from DescribeContributorInsights (never built
// by hand) and, through GetInsightRuleReport, the most-throttled and most-accessed keys in a window.
import { GetInsightRuleReportCommand } from '@aws-sdk/client-cloudwatch';
import { DescribeContributorInsightsCommand } from '@aws-sdk/client-dynamodb';
import { cloudWatchClient, dynamoDbClient, type ConnectionOptions } from '../aws/clients';
import { cloudWatchContext, describeCloudWatchError } from './fetchMetrics';
import type { MetricWindow } from './metricQueries';

/** Contributor Insights for DynamoDB rejects more than 25 contributors (AWS-FACTS 4.1). */
export const MAX_CONTRIBUTORS = 25;

export type ContributorInsightsInfo =
  | { available: false; reason: string }
  | { available: true; status: string; mode?: string; rules: string[]; failure?: string };

interface AwsErrorLike {
  name?: string;
  message?: string;
}

export async function describeContributorInsights(
  conn: ConnectionOptions,
  table: string,
  index?: string,
  signal?: AbortSignal,
): Promise<ContributorInsightsInfo> {
  try {
    const out = await dynamoDbClient(conn).send(
      new DescribeContributorInsightsCommand({ TableName: table, ...(index ? { IndexName: index } : {}) }),
      { abortSignal: signal },
    );
    const failure = out.FailureException
      ? `${out.FailureException.ExceptionName ?? 'Failure'}: ${out.FailureException.ExceptionDescription ?? ''}`.trim()
      : undefined;
    return {
      available: true,
      status: out.ContributorInsightsStatus ?? 'DISABLED',
      ...(out.ContributorInsightsMode ? { mode: out.ContributorInsightsMode } : {}),
      rules: out.ContributorInsightsRuleList ?? [],
      ...(failure ? { failure } : {}),
    };
  } catch (err) {
    const e = (typeof err === 'object' && err !== null ? err : {}) as AwsErrorLike;
    // DynamoDB Local and some emulators do not implement the API: that is "not available", not a failure.
    if (e.name === 'UnknownOperationException')
      return {
        available: false,
        reason: 'This endpoint does not implement DescribeContributorInsights (DynamoDB Local does not).',
      };
    if (e.name === 'AccessDeniedException')
      return { available: false, reason: 'Not allowed to call dynamodb:DescribeContributorInsights.' };
    throw err;
  }
}

export interface RuleKind {
  subject: 'throttled' | 'accessed';
  keys: 'partition' | 'partition+sort';
}

/** PKC/PKT/SKC/SKT as DynamoDB names its rules (AWS-FACTS 4.2); undefined for anything else. */
export function ruleKind(rule: string): RuleKind | undefined {
  const m = /^DynamoDBContributorInsights-(PK|SK)(C|T)-/.exec(rule);
  if (!m) return undefined;
  return { subject: m[2] === 'T' ? 'throttled' : 'accessed', keys: m[1] === 'PK' ? 'partition' : 'partition+sort' };
}

export interface KeyContributor {
  keys: string[];
  /** Highest per-period value in the window: throttle count, or consumed throughput units (3 × writes + reads). */
  maxValue: number;
}

export interface RuleReport {
  rule: string;
  kind: RuleKind;
  contributors: KeyContributor[];
}

export interface TopKeys {
  /** From the partition-key rules (PKT / PKC); empty when the rule is absent. */
  throttled: KeyContributor[];
  accessed: KeyContributor[];
  rules: RuleReport[];
  errors: { rule: string; reason: string }[];
  /** GetInsightRuleReport calls made (each is billed; none is in the free tier). */
  calls: number;
}

export interface TopKeysOptions {
  maxContributors?: number;
  signal?: AbortSignal;
}

export async function topKeys(
  conn: ConnectionOptions,
  rules: readonly string[],
  window: MetricWindow,
  options: TopKeysOptions = {},
): Promise<TopKeys> {
  const client = cloudWatchClient(conn);
  const max = Math.max(1, Math.min(MAX_CONTRIBUTORS, options.maxContributors ?? 10));
  const result: TopKeys = { throttled: [], accessed: [], rules: [], errors: [], calls: 0 };
  for (const rule of rules) {
    const kind = ruleKind(rule);
    if (!kind) continue;
    result.calls++;
    try {
      const out = await client.send(
        new GetInsightRuleReportCommand({
          RuleName: rule,
          StartTime: window.start,
          EndTime: window.end,
          Period: window.periodSeconds,
          MaxContributorCount: max,
          // Only these two statistics are meaningful for DynamoDB-created rules (AWS-FACTS 4.1).
          Metrics: ['MaxContributorValue', 'Maximum'],
          OrderBy: 'Maximum',
        }),
        { abortSignal: options.signal },
      );
      const contributors = (out.Contributors ?? []).map((c) => ({
        keys: c.Keys ?? [],
        maxValue:
          c.ApproximateAggregateValue ?? Math.max(0, ...(c.Datapoints ?? []).map((d) => d.ApproximateValue ?? 0)),
      }));
      result.rules.push({ rule, kind, contributors });
      if (kind.keys === 'partition') result[kind.subject] = contributors;
    } catch (err) {
      if (options.signal?.aborted) throw err;
      result.errors.push({
        rule,
        reason: describeCloudWatchError(err, cloudWatchContext(conn), 'GetInsightRuleReport'),
      });
    }
  }
  return result;
}
