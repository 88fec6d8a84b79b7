// Real TableHealth objects for tests, built by the core's own metric plan and health functions from a
// described traffic pattern (as if CloudWatch had returned those series), without any network.
import { tableHealth, type TableHealth } from '../../src/core/metrics/health';
import type { FetchResult, SeriesPoints } from '../../src/core/metrics/fetchMetrics';
import { buildMetricPlan, type ThrottleReasonMetric } from '../../src/core/metrics/metricQueries';
import type { TableModel } from '../../src/core/tables/tableModel';

export interface SimulatedTraffic {
  /** Consumed read units in every minute of the window. */
  readUnitsPerMinute?: number;
  writeUnitsPerMinute?: number;
  /** Throttle events by cause over the window (CloudWatch's per-reason metrics), all in its last minute. */
  throttles?: Partial<Record<ThrottleReasonMetric, number>>;
  /** Puts the traffic on this GSI instead of the table. */
  index?: string;
}

export function simulatedHealth(
  table: TableModel,
  traffic: SimulatedTraffic,
  options: { minutes?: number; now?: Date } = {},
): TableHealth {
  const plan = buildMetricPlan([table], {
    minutes: options.minutes ?? 60,
    ...(options.now ? { now: options.now } : {}),
  });
  const { window } = plan;
  const minutes: number[] = [];
  for (let t = window.start.getTime() / 1000; t < window.end.getTime() / 1000; t += window.periodSeconds)
    minutes.push(t);
  const last = minutes[minutes.length - 1] as number;
  const throttles = traffic.throttles ?? {};
  const throttled = (direction: 'read' | 'write') =>
    Object.entries(throttles)
      .filter(([m]) => m.toLowerCase().startsWith(direction))
      .reduce((n, [, v]) => n + (v ?? 0), 0);
  const series = new Map<string, SeriesPoints>();
  for (const q of plan.queriesByTable[0] ?? []) {
    const points: SeriesPoints = new Map();
    if (q.index === traffic.index) {
      const role = q.role;
      if (role.kind === 'consumed') {
        const perMinute = role.direction === 'read' ? traffic.readUnitsPerMinute : traffic.writeUnitsPerMinute;
        if (perMinute) for (const t of minutes) points.set(t, perMinute);
      } else if (role.kind === 'throttleEvents' && throttled(role.direction) > 0) {
        points.set(last, throttled(role.direction));
      } else if (role.kind === 'throttleReason' && throttles[role.metric]) {
        points.set(last, throttles[role.metric] as number);
      }
    }
    series.set(q.id, points);
  }
  const fetched: FetchResult = {
    plan,
    series,
    tableErrors: new Map(),
    stats: { getMetricDataCalls: 1, metricsRequested: plan.queryCount, retries: 0 },
  };
  return tableHealth(fetched, 0);
}
