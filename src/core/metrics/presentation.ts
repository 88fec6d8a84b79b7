// Words and small pictures for metric health, shared by the Tables view and the CLI's text output:
// Unicode sparklines, capacity and throttling lines, and what each number's source metric is.
import {
  CAUSE_WORDS,
  type CapacityHealth,
  type IndexHealth,
  type OperationHealth,
  type ResourceHealth,
  type TableHealth,
} from './health';
import type { Direction, ThrottleCause, ThrottleReasonMetric } from './metricQueries';

const BARS = '▁▂▃▄▅▆▇█';

/**
 * A Unicode sparkline of `values` in at most `width` characters (each the maximum of its bucket, so a
 * one-minute spike stays visible). All-zero data is a flat line; scale is per line, from 0 to its max.
 */
export function sparkline(values: readonly number[], width = 15): string {
  if (values.length === 0) return '';
  const buckets = Math.min(width, values.length);
  const per = values.length / buckets;
  const peaks: number[] = [];
  for (let b = 0; b < buckets; b++) {
    let peak = 0;
    for (let i = Math.floor(b * per); i < Math.floor((b + 1) * per); i++) peak = Math.max(peak, values[i] ?? 0);
    peaks.push(peak);
  }
  const max = Math.max(...peaks);
  if (!(max > 0)) return BARS[0]!.repeat(buckets);
  return peaks.map((v) => BARS[Math.min(BARS.length - 1, Math.round((v / max) * (BARS.length - 1)))]).join('');
}

const num = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatRate(perSecond: number): string {
  return perSecond > 0 && perSecond < 0.1 ? '<0.1' : num.format(perSecond);
}

export function formatCount(n: number): string {
  return whole.format(n);
}

/** The unit a direction is billed and limited in. */
export function unitOf(direction: Direction): 'RCU' | 'WCU' {
  return direction === 'read' ? 'RCU' : 'WCU';
}

/** `avg 1.2/s · peak 4/s · 4% of 100 RCU` (or `no limit` for on-demand without a maximum). */
export function capacityLine(c: CapacityHealth, direction: Direction): string {
  const limit =
    c.provisioned === null
      ? 'no limit set'
      : `${Math.round((c.utilization ?? 0) * 100)}% of ${num.format(c.provisioned)} ${unitOf(direction)}${c.limitKind === 'on-demand-max' ? ' (on-demand max)' : ''}`;
  return `avg ${formatRate(c.consumedPerSecond)}/s · peak ${formatRate(c.peakPerSecond)}/s · ${limit}`;
}

/** `WriteKeyRangeThroughputThrottleEvents` → `{ direction: 'write', cause: 'KeyRangeThroughput' }`. */
export function parseReasonMetric(metric: ThrottleReasonMetric): { direction: Direction; cause: ThrottleCause } {
  const direction: Direction = metric.startsWith('Read') ? 'read' : 'write';
  const cause = metric.slice(direction === 'read' ? 4 : 5, -'ThrottleEvents'.length) as ThrottleCause;
  return { direction, cause };
}

/** `Hot partition (write)` for a per-reason metric. */
export function reasonTitle(metric: ThrottleReasonMetric): string {
  const { direction, cause } = parseReasonMetric(metric);
  return `${CAUSE_WORDS[cause].title} (${direction})`;
}

/** `none` or `1,204 events: hot partition 1,100, provisioned capacity 104`. */
export function throttleLine(h: ResourceHealth): string {
  const total = h.throttleEvents.read + h.throttleEvents.write;
  if (total === 0) return 'none';
  const reasons = (Object.entries(h.throttleEvents.byReason) as [ThrottleReasonMetric, number][])
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([m, n]) => `${reasonTitle(m).toLowerCase()} ${formatCount(n)}`);
  return `${formatCount(total)} event${total === 1 ? '' : 's'}${reasons.length ? `: ${reasons.join(', ')}` : ''}`;
}

/** `0 errors · Query 3.1 ms · GetItem 2 ms`. */
export function operationsLine(t: TableHealth): string {
  const latencies = t.operations
    .filter((o) => o.latencyMs !== null)
    .map((o) => `${o.operation} ${num.format(o.latencyMs as number)} ms`);
  return [`${formatCount(t.systemErrors)} error${t.systemErrors === 1 ? '' : 's'}`, ...latencies].join(' · ');
}

export function operationLine(o: OperationHealth): string {
  return `${o.latencyMs === null ? 'no requests' : `${num.format(o.latencyMs)} ms avg`} · ${formatCount(o.systemErrors)} error${o.systemErrors === 1 ? '' : 's'}`;
}

/**
 * The short description of a table or index row: throttling first, else the two rates, then a sparkline.
 * A table's throttling includes its GSIs', which DynamoDB counts apart from the table's own (AWS-FACTS
 * 1.2), so a table throttled only through an index does not read as calm next to a throttled icon.
 */
export function resourceSummary(h: TableHealth | IndexHealth): string {
  switch (h.status) {
    case 'error':
      return 'metrics unavailable';
    case 'no-data':
      return 'no data in the window';
    default: {
      const total = h.sparkline.read.map((r, i) => r + (h.sparkline.write[i] ?? 0));
      const parts: ResourceHealth[] = [h, ...('indexes' in h ? h.indexes : [])];
      const throttled = parts.reduce((n, p) => n + p.throttleEvents.read + p.throttleEvents.write, 0);
      const throttledPerMinute = h.sparkline.throttleEvents.map((v, i) =>
        parts.slice(1).reduce((n, p) => n + (p.sparkline.throttleEvents[i] ?? 0), v),
      );
      const head =
        throttled > 0
          ? `${formatCount(throttled)} throttled`
          : `R ${formatRate(h.read.consumedPerSecond)}/s · W ${formatRate(h.write.consumedPerSecond)}/s`;
      return `${head} ${sparkline(throttled > 0 ? throttledPerMinute : total)}`;
    }
  }
}

/** Where each number comes from, for tooltips. */
export const SOURCE_METRICS = {
  read: 'ConsumedReadCapacityUnits (Sum per minute ÷ 60); the limit from DescribeTable',
  write: 'ConsumedWriteCapacityUnits (Sum per minute ÷ 60); the limit from DescribeTable',
  throttling:
    'ReadThrottleEvents / WriteThrottleEvents and the per-reason <Read|Write><Reason>ThrottleEvents (Sum); a missing point is zero',
  operations: 'SystemErrors (Sum) and SuccessfulRequestLatency (Average) per Operation',
} as const;
