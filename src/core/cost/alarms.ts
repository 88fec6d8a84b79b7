// The CloudWatch alarms that watch a table (read with DescribeAlarmsForMetric), and copyable alarm
// definitions (AWS CLI, CloudFormation, CDK) for what is not watched yet: throttle events and
// consumed capacity near the limit. Read-only: nothing here creates an alarm.
import { DescribeAlarmsForMetricCommand, type MetricAlarm } from '@aws-sdk/client-cloudwatch';
import { cloudWatchClient, type ConnectionOptions } from '../aws/clients';
import { forEachConcurrently } from '../concurrency';
import { NAMESPACE } from '../metrics/metricQueries';
import { cloudWatchContext, describeCloudWatchError } from '../metrics/fetchMetrics';
import type { TableModel } from '../tables/tableModel';

/** The metrics whose alarms we look up per table (each is one DescribeAlarmsForMetric call). */
export const WATCHED_METRICS = [
  'ReadThrottleEvents',
  'WriteThrottleEvents',
  'ConsumedReadCapacityUnits',
  'ConsumedWriteCapacityUnits',
] as const;
export type WatchedMetric = (typeof WATCHED_METRICS)[number];

/** Alert when consumed capacity passes this share of the limit (the DynamoDB guide's example uses 80 %). */
export const NEAR_LIMIT_SHARE = 0.8;
/** On-demand tables without a configured maximum are limited by the per-table quota (AWS-FACTS 5.3). */
export const ON_DEMAND_TABLE_QUOTA = 40_000;

export interface AlarmDefinition {
  awsCli: string;
  cloudFormation: string;
  cdk: string;
}

export interface TableAlarm {
  /** `existing`: an alarm in CloudWatch; `suggested`: a definition to copy (nothing is created). */
  source: 'existing' | 'suggested';
  name: string;
  metric: WatchedMetric;
  statistic: string;
  period: number;
  evaluationPeriods: number;
  threshold: number;
  comparison: string;
  /** Existing alarms: their state (OK, ALARM, INSUFFICIENT_DATA). */
  state?: string;
  /** Existing alarms made by DynamoDB auto scaling (target tracking). */
  autoScaling?: boolean;
  /** Suggested alarms: why, in one sentence. */
  reason?: string;
  definition?: AlarmDefinition;
}

export interface AlarmLookup {
  alarms: TableAlarm[];
  /** Set when CloudWatch refused or failed the look-up (the suggestions are still there). */
  error?: string;
  calls: number;
}

function fromAws(a: MetricAlarm, metric: WatchedMetric): TableAlarm {
  return {
    source: 'existing',
    name: a.AlarmName ?? '',
    metric,
    statistic: a.Statistic ?? a.ExtendedStatistic ?? '',
    period: a.Period ?? 0,
    evaluationPeriods: a.EvaluationPeriods ?? 0,
    threshold: a.Threshold ?? 0,
    comparison: a.ComparisonOperator ?? '',
    ...(a.StateValue ? { state: a.StateValue } : {}),
    // Target tracking names its alarms TargetTracking-table/<name>-AlarmHigh-…/-AlarmLow-….
    autoScaling: (a.AlarmName ?? '').startsWith('TargetTracking-'),
  };
}

/** Existing alarms on the table's own metrics (one call per metric, never failing the analysis). */
export async function describeTableAlarms(
  conn: ConnectionOptions,
  table: TableModel,
  signal?: AbortSignal,
): Promise<AlarmLookup> {
  const client = cloudWatchClient(conn);
  const alarms: TableAlarm[] = [];
  let calls = 0;
  let error: string | undefined;
  await forEachConcurrently(WATCHED_METRICS, 2, async (metric) => {
    calls++;
    try {
      const out = await client.send(
        new DescribeAlarmsForMetricCommand({
          Namespace: NAMESPACE,
          MetricName: metric,
          Dimensions: [{ Name: 'TableName', Value: table.name }],
        }),
        { abortSignal: signal },
      );
      for (const a of out.MetricAlarms ?? []) alarms.push(fromAws(a, metric));
    } catch (err) {
      if (signal?.aborted) throw err;
      const e = err as { name?: string; message?: string };
      error ??=
        e.name === 'AccessDenied' || e.name === 'AccessDeniedException'
          ? 'CloudWatch denied DescribeAlarmsForMetric: allow cloudwatch:DescribeAlarmsForMetric to list the alarms that watch a table.'
          : describeCloudWatchError(err, cloudWatchContext(conn), 'DescribeAlarmsForMetric');
    }
  });
  alarms.sort(
    (a, b) => WATCHED_METRICS.indexOf(a.metric) - WATCHED_METRICS.indexOf(b.metric) || a.name.localeCompare(b.name),
  );
  return { alarms, ...(error ? { error } : {}), calls };
}

interface AlarmSpec {
  name: string;
  metric: WatchedMetric;
  threshold: number;
  reason: string;
}

/** Alarms a table should have: throttle events (any) and consumed capacity near its limit. */
function specsFor(table: TableModel): AlarmSpec[] {
  const specs: AlarmSpec[] = [];
  for (const d of ['Read', 'Write'] as const) {
    specs.push({
      name: `${table.name}-${d}ThrottleEvents`,
      metric: `${d}ThrottleEvents`,
      threshold: 1,
      reason: `Any throttled ${d.toLowerCase()} in a minute.`,
    });
  }
  for (const d of ['Read', 'Write'] as const) {
    const direction = d === 'Read' ? 'read' : 'write';
    const limit =
      table.billingMode === 'PROVISIONED'
        ? table.provisioned?.[direction]
        : (table.onDemandMax?.[direction] ?? ON_DEMAND_TABLE_QUOTA);
    if (!limit) continue;
    const kind =
      table.billingMode === 'PROVISIONED'
        ? 'provisioned capacity'
        : table.onDemandMax?.[direction]
          ? 'on-demand maximum'
          : 'per-table quota';
    // The metric is a per-minute Sum: 80 % of a per-second limit over 60 seconds.
    specs.push({
      name: `${table.name}-Consumed${d}NearLimit`,
      metric: `Consumed${d}CapacityUnits`,
      threshold: Math.round(limit * NEAR_LIMIT_SHARE * 60),
      reason: `${Math.round(NEAR_LIMIT_SHARE * 100)} % of the ${kind} (${limit}/s) for 5 minutes.`,
    });
  }
  return specs;
}

const shellQuote = (s: string) => (/^[A-Za-z0-9_.\-/:=]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);
const cfnId = (s: string) => s.replace(/[^A-Za-z0-9]/g, '').replace(/^[0-9]+/, '') || 'Alarm';

function definitionOf(table: TableModel, spec: AlarmSpec, evaluationPeriods: number): AlarmDefinition {
  const awsCli = [
    'aws cloudwatch put-metric-alarm',
    `  --alarm-name ${shellQuote(spec.name)}`,
    `  --alarm-description ${shellQuote(spec.reason)}`,
    `  --namespace ${NAMESPACE} --metric-name ${spec.metric}`,
    `  --dimensions Name=TableName,Value=${shellQuote(table.name)}`,
    `  --statistic Sum --period 60 --evaluation-periods ${evaluationPeriods}`,
    `  --threshold ${spec.threshold} --comparison-operator GreaterThanOrEqualToThreshold`,
    '  --treat-missing-data notBreaching',
    '  --alarm-actions <your SNS topic ARN>',
  ].join(' \\\n');
  const cloudFormation = [
    `${cfnId(spec.name)}:`,
    '  Type: AWS::CloudWatch::Alarm',
    '  Properties:',
    `    AlarmName: ${JSON.stringify(spec.name)}`,
    `    AlarmDescription: ${JSON.stringify(spec.reason)}`,
    `    Namespace: ${NAMESPACE}`,
    `    MetricName: ${spec.metric}`,
    '    Dimensions:',
    '      - Name: TableName',
    `        Value: ${JSON.stringify(table.name)}`,
    '    Statistic: Sum',
    '    Period: 60',
    `    EvaluationPeriods: ${evaluationPeriods}`,
    `    Threshold: ${spec.threshold}`,
    '    ComparisonOperator: GreaterThanOrEqualToThreshold',
    '    TreatMissingData: notBreaching',
    '    AlarmActions:',
    '      - <your SNS topic ARN>',
  ].join('\n');
  const cdk = [
    `new cloudwatch.Alarm(this, ${JSON.stringify(cfnId(spec.name))}, {`,
    `  alarmName: ${JSON.stringify(spec.name)},`,
    `  alarmDescription: ${JSON.stringify(spec.reason)},`,
    '  metric: new cloudwatch.Metric({',
    `    namespace: ${JSON.stringify(NAMESPACE)},`,
    `    metricName: ${JSON.stringify(spec.metric)},`,
    `    dimensionsMap: { TableName: ${JSON.stringify(table.name)} },`,
    "    statistic: 'Sum',",
    '    period: Duration.minutes(1),',
    '  }),',
    `  threshold: ${spec.threshold},`,
    `  evaluationPeriods: ${evaluationPeriods},`,
    '  comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,',
    '  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,',
    '});',
  ].join('\n');
  return { awsCli, cloudFormation, cdk };
}

/**
 * Suggested alarms for what no user alarm watches yet. Auto-scaling alarms do not count: they scale
 * the table, they tell nobody.
 */
export function suggestAlarms(table: TableModel, existing: readonly TableAlarm[]): TableAlarm[] {
  const watched = new Set(existing.filter((a) => a.source === 'existing' && !a.autoScaling).map((a) => a.metric));
  return specsFor(table)
    .filter((s) => !watched.has(s.metric))
    .map((s) => {
      const evaluationPeriods = s.metric.endsWith('ThrottleEvents') ? 1 : 5;
      return {
        source: 'suggested' as const,
        name: s.name,
        metric: s.metric,
        statistic: 'Sum',
        period: 60,
        evaluationPeriods,
        threshold: s.threshold,
        comparison: 'GreaterThanOrEqualToThreshold',
        reason: s.reason,
        definition: definitionOf(table, s, evaluationPeriods),
      };
    });
}
