import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableHealth } from '../../../src/core/metrics/health';
import { buildMetricPlan, type PlannedQuery } from '../../../src/core/metrics/metricQueries';
import type { SeriesPoints } from '../../../src/core/metrics/fetchMetrics';
import {
  capacityLine,
  operationsLine,
  parseReasonMetric,
  reasonTitle,
  resourceSummary,
  sparkline,
  throttleLine,
} from '../../../src/core/metrics/presentation';
import { onDemandTable, provisionedTable } from './fixtures';
import type { TableModel } from '../../../src/core/tables/tableModel';

const NOW = new Date('2026-11-22T12:00:30Z');

/** Health of one table from scripted per-minute sums, keyed by query role (e.g. `consumed:read`, `throttleReason:WriteKeyRangeThroughputThrottleEvents`). */
function healthWith(table: TableModel, perMinute: Record<string, (minute: number) => number>) {
  const plan = buildMetricPlan([table], { level: 'full', now: NOW });
  const series = new Map<string, SeriesPoints>();
  const start = plan.window.start.getTime() / 1000;
  const keyOf = (q: PlannedQuery) =>
    q.role.kind === 'throttleReason'
      ? `throttleReason:${q.role.metric}`
      : q.role.kind === 'consumed' || q.role.kind === 'provisioned' || q.role.kind === 'throttleEvents'
        ? `${q.role.kind}:${q.role.direction}`
        : `${q.role.kind}:${q.role.operation}`;
  for (const q of plan.queriesByTable[0] ?? []) {
    const points: SeriesPoints = new Map();
    const f = q.index === undefined ? perMinute[keyOf(q)] : undefined;
    if (f) for (let m = 0; m < 60; m++) if (f(m) !== 0) points.set(start + m * 60, f(m));
    series.set(q.id, points);
  }
  return tableHealth(
    {
      plan,
      series,
      tableErrors: new Map(),
      stats: { getMetricDataCalls: 1, metricsRequested: plan.queryCount, retries: 0 },
    },
    0,
  );
}

test('sparklines keep a one-minute spike visible and draw idle data flat', () => {
  const values = new Array<number>(60).fill(0.5);
  values[31] = 8;
  const line = sparkline(values);
  assert.equal(line.length, 15);
  assert.equal(line[7], '█');
  assert.equal(line.replace('█', ''), '▁'.repeat(14));
  assert.equal(sparkline(new Array<number>(60).fill(0)), '▁'.repeat(15));
  assert.equal(sparkline([0, 4, 8], 15), '▁▅█');
  assert.equal(sparkline([]), '');
});

test('capacity lines give average, peak and utilisation of the limit', () => {
  const h = healthWith(provisionedTable('orders', 100, 10), {
    'consumed:read': () => 600,
    'consumed:write': (m) => (m === 10 ? 540 : 60),
  });
  assert.equal(capacityLine(h.read, 'read'), 'avg 10/s · peak 10/s · 10% of 100 RCU');
  assert.equal(capacityLine(h.write, 'write'), 'avg 1.1/s · peak 9/s · 90% of 10 WCU');
  const od = healthWith(onDemandTable('events'), { 'consumed:read': () => 3 });
  assert.equal(capacityLine(od.read, 'read'), 'avg <0.1/s · peak <0.1/s · no limit set');
});

test('throttling lines name the causes, biggest first', () => {
  const h = healthWith(provisionedTable('orders', 100, 10), {
    'consumed:write': () => 600,
    'throttleEvents:write': (m) => (m < 4 ? 300 : 0),
    'throttleReason:WriteKeyRangeThroughputThrottleEvents': (m) => (m < 4 ? 275 : 0),
    'throttleReason:WriteProvisionedThroughputThrottleEvents': (m) => (m < 4 ? 25 : 0),
  });
  assert.equal(throttleLine(h), '1,200 events: hot partition (write) 1,100, provisioned capacity (write) 100');
  assert.equal(resourceSummary(h), `1,200 throttled ${'█'}${'▁'.repeat(14)}`);
  assert.equal(h.status, 'throttled');
});

test('an idle table and a healthy one read differently', () => {
  const idle = healthWith(onDemandTable('idle'), {});
  assert.equal(resourceSummary(idle), 'no data in the window');
  assert.equal(throttleLine(idle), 'none');
  const busy = healthWith(onDemandTable('busy'), {
    'consumed:read': () => 120,
    'consumed:write': () => 60,
    'latency:Query': () => 3.25,
    'systemErrors:PutItem': (m) => (m === 0 ? 2 : 0),
  });
  assert.equal(resourceSummary(busy), `R 2/s · W 1/s ${'█'.repeat(15)}`);
  assert.equal(operationsLine(busy), '2 errors · Query 3.3 ms');
});

test('per-reason metric names map to direction and cause', () => {
  assert.deepEqual(parseReasonMetric('ReadAccountLimitThrottleEvents'), { direction: 'read', cause: 'AccountLimit' });
  assert.equal(reasonTitle('WriteMaxOnDemandThroughputThrottleEvents'), 'On-demand maximum (write)');
});
