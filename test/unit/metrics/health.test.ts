import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableHealth } from '../../../src/core/metrics/health';
import { buildMetricPlan, type PlanLevel, type PlannedQuery } from '../../../src/core/metrics/metricQueries';
import type { SeriesPoints } from '../../../src/core/metrics/fetchMetrics';
import { capacityLine, resourceSummary } from '../../../src/core/metrics/presentation';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { onDemandTable, provisionedTable } from './fixtures';

const NOW = new Date('2026-11-22T12:00:30Z');

/**
 * Health of one table from scripted per-minute sums (minute 0..59 of the window), keyed by query role:
 * `consumed:read`, `throttleEvents:write`, `throttleReason:<metric>`, `systemErrors:<operation>`, and
 * `<index>/...` for a GSI's series. Unscripted series have no datapoints, as DynamoDB publishes them.
 */
function healthWith(
  table: TableModel,
  perMinute: Record<string, (minute: number) => number>,
  level: PlanLevel = 'full',
) {
  const plan = buildMetricPlan([table], { level, now: NOW });
  const start = plan.window.start.getTime() / 1000;
  const roleKey = (q: PlannedQuery) => {
    switch (q.role.kind) {
      case 'consumed':
      case 'provisioned':
      case 'throttleEvents':
        return `${q.role.kind}:${q.role.direction}`;
      case 'throttleReason':
        return `throttleReason:${q.role.metric}`;
      case 'systemErrors':
      case 'latency':
        return `${q.role.kind}:${q.role.operation}`;
    }
  };
  const series = new Map<string, SeriesPoints>();
  for (const q of plan.queriesByTable[0] ?? []) {
    const points: SeriesPoints = new Map();
    const f = perMinute[q.index === undefined ? roleKey(q) : `${q.index}/${roleKey(q)}`];
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

test('an on-demand table with a configured maximum is measured against it and its MaxOnDemandThroughput throttles are named', () => {
  const h = healthWith(onDemandTable('events', { read: 100, write: 50 }), {
    'consumed:read': (m) => (m === 59 ? 5400 : 600),
    'consumed:write': () => 600,
    'throttleEvents:read': (m) => (m === 59 ? 120 : 0),
    'throttleReason:ReadMaxOnDemandThroughputThrottleEvents': (m) => (m === 59 ? 120 : 0),
  });
  assert.deepEqual(h.read, {
    consumedPerSecond: 11.3333,
    peakPerSecond: 90,
    provisioned: 100,
    limitKind: 'on-demand-max',
    utilization: 0.9,
  });
  assert.deepEqual(h.write, {
    consumedPerSecond: 10,
    peakPerSecond: 10,
    provisioned: 50,
    limitKind: 'on-demand-max',
    utilization: 0.2,
  });
  assert.deepEqual(h.throttleEvents, {
    read: 120,
    write: 0,
    byReason: {
      ReadKeyRangeThroughputThrottleEvents: 0,
      ReadAccountLimitThrottleEvents: 0,
      ReadMaxOnDemandThroughputThrottleEvents: 120,
      WriteKeyRangeThroughputThrottleEvents: 0,
      WriteAccountLimitThrottleEvents: 0,
      WriteMaxOnDemandThroughputThrottleEvents: 0,
    },
  });
  assert.equal(h.status, 'throttled');
  assert.equal(
    h.reason,
    'On-demand maximum: 120 read events throttled by the configured on-demand maximum (ReadMaxOnDemandThroughputThrottleEvents); Read peak 90/s is 90% of on-demand maximum 100/s',
  );
  assert.equal(capacityLine(h.read, 'read'), 'avg 11.3/s · peak 90/s · 90% of 100 RCU (on-demand max)');
});

test('an on-demand maximum set for writes only gives reads no limit', () => {
  const h = healthWith(onDemandTable('events', { write: 50 }), {
    'consumed:read': () => 600,
    'consumed:write': () => 600,
  });
  assert.deepEqual(h.read, {
    consumedPerSecond: 10,
    peakPerSecond: 10,
    provisioned: null,
    limitKind: null,
    utilization: null,
  });
  assert.equal(h.write.limitKind, 'on-demand-max');
  assert.equal(h.write.utilization, 0.2);
  assert.equal(h.status, 'ok');
});

test('a table whose only problem is system errors is a warning that says how many and on which operations', () => {
  const h = healthWith(provisionedTable('orders', 100, 50), {
    'consumed:read': () => 600,
    'systemErrors:GetItem': (m) => (m === 3 ? 2 : 0),
    'systemErrors:Query': (m) => (m === 40 ? 5 : 0),
  });
  assert.equal(h.status, 'warning');
  assert.equal(h.reason, 'System errors: 7 HTTP 500s from DynamoDB (GetItem 2, Query 5)');
  assert.equal(h.systemErrors, 7);
  assert.deepEqual(
    h.operations.map((o) => [o.operation, o.systemErrors]),
    [
      ['GetItem', 2],
      ['Query', 5],
      ['Scan', 0],
      ['PutItem', 0],
      ['UpdateItem', 0],
    ],
  );
  assert.equal(h.throttleEvents.read + h.throttleEvents.write, 0);
});

test("at watch level a GSI's throttle events make the table throttled and name the index", () => {
  const table = provisionedTable('orders', 100, 50, [{ name: 'byStatus', read: 20, write: 10 }]);
  const h = healthWith(
    table,
    { 'consumed:write': () => 60, 'byStatus/throttleEvents:write': (m) => (m === 10 ? 40 : 0) },
    'watch',
  );
  assert.equal(h.level, 'watch');
  assert.equal(h.status, 'throttled');
  assert.equal(h.reason, 'Index byStatus: 40 write events throttled (WriteThrottleEvents); cause not broken down');
  assert.deepEqual(h.throttleEvents, { read: 0, write: 0, byReason: {} }, "the table's own series saw no throttling");
  assert.deepEqual(h.indexes, [], 'a watched GSI has no consumption to show, so it gets no row until the drill-down');
});

test('at watch level a GSI with no throttle points leaves a busy table ok', () => {
  const table = provisionedTable('orders', 100, 50, [{ name: 'byStatus', read: 20, write: 10 }]);
  const h = healthWith(table, { 'consumed:read': () => 600, 'consumed:write': () => 60 }, 'watch');
  assert.equal(h.status, 'ok');
  assert.equal(h.reason, 'No throttling, errors or capacity pressure in the window.');
});

test('at watch level an idle table whose GSI throttles is throttled, not no-data', () => {
  const table = onDemandTable('events', undefined, ['byDay']);
  const h = healthWith(table, { 'byDay/throttleEvents:read': (m) => (m === 0 ? 3 : 0) }, 'watch');
  assert.equal(h.status, 'throttled');
  assert.equal(h.hasData, true);
  assert.equal(h.reason, 'Index byDay: 3 read events throttled (ReadThrottleEvents); cause not broken down');
});

test("a table throttled only through its GSI reads as throttled in its row, with the index's minutes in the sparkline", () => {
  const table = provisionedTable('orders', 100, 50, [{ name: 'byStatus', read: 20, write: 10 }]);
  const h = healthWith(table, {
    'consumed:write': () => 60,
    'byStatus/consumed:write': () => 60,
    'byStatus/throttleEvents:write': (m) => (m === 59 ? 40 : 0),
  });
  assert.equal(h.status, 'throttled');
  assert.equal(resourceSummary(h), `40 throttled ${'▁'.repeat(14)}█`);
  assert.equal(resourceSummary(h.indexes[0]!), `40 throttled ${'▁'.repeat(14)}█`);
});
