// The cost plan: 5-minute series of consumed (and provisioned) capacity, packed so that no call pages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildMetricPlan, queriesPerPage } from '../../../src/core/metrics/metricQueries';
import { usageFromFetch } from '../../../src/core/cost/costReport';
import { onDemandTable, provisionedTable } from '../metrics/fixtures';

const NOW = new Date('2026-01-20T10:07:30Z');

test('14 days at 5 minutes is 4,032 points a series, so 25 series fill one 100,800-point page', () => {
  assert.equal(queriesPerPage(14 * 288), 25);
  assert.equal(queriesPerPage(60), 500, 'the 1-hour watch plan is still limited by the 500-query cap');
  assert.equal(queriesPerPage(63 * 288), 5);
});

test('100 on-demand tables with a GSI: 400 series in 16 calls of at most 25, none paging', () => {
  const tables = Array.from({ length: 100 }, (_, i) => onDemandTable(`t${i}`, undefined, ['g']));
  const plan = buildMetricPlan(tables, { level: 'cost', minutes: 14 * 1440, now: NOW });
  assert.equal(plan.queryCount, 400);
  assert.equal(plan.batches.length, 16);
  assert.ok(plan.batches.every((b) => b.queries.length <= 25));
  assert.equal(plan.window.periodSeconds, 300);
  assert.equal(
    plan.window.end.toISOString(),
    '2026-01-20T10:05:00.000Z',
    'aligned to 5 minutes, the running period left out',
  );
  assert.equal(plan.window.end.getTime() - plan.window.start.getTime(), 14 * 86_400_000);
});

test('a provisioned table also asks its provisioned capacity, table and GSI', () => {
  const plan = buildMetricPlan([provisionedTable('p', 10, 5, [{ name: 'g', read: 1, write: 1 }])], {
    level: 'cost',
    minutes: 1440,
    now: NOW,
  });
  assert.deepEqual(
    plan.queriesByTable[0]?.map((q) => `${q.id}:${q.metricName}:${q.stat}:${q.period}`),
    [
      't0_rcu:ConsumedReadCapacityUnits:Sum:300',
      't0_rpc:ProvisionedReadCapacityUnits:Average:300',
      't0_wcu:ConsumedWriteCapacityUnits:Sum:300',
      't0_wpc:ProvisionedWriteCapacityUnits:Average:300',
      't0_g0_rcu:ConsumedReadCapacityUnits:Sum:300',
      't0_g0_rpc:ProvisionedReadCapacityUnits:Average:300',
      't0_g0_wcu:ConsumedWriteCapacityUnits:Sum:300',
      't0_g0_wpc:ProvisionedWriteCapacityUnits:Average:300',
    ],
  );
});

test('series become dense per-period arrays: missing consumption is 0, missing provisioned capacity is unknown', () => {
  const plan = buildMetricPlan([provisionedTable('p', 10, 5, [{ name: 'g', read: 1, write: 1 }])], {
    level: 'cost',
    minutes: 60,
    now: NOW,
  });
  const start = plan.window.start.getTime() / 1000;
  const series = new Map<string, Map<number, number>>([
    [
      't0_rcu',
      new Map([
        [start, 30],
        [start + 600, 60],
      ]),
    ],
    ['t0_rpc', new Map([[start + 300, 10]])],
    [
      't0_g0_wcu',
      new Map([
        [start + 3300, 9],
        [start + 3600, 99],
      ]),
    ],
  ]);
  const u = usageFromFetch(plan, { series }, 0);
  assert.deepEqual(u.window, { startSec: start, periodSeconds: 300, periods: 12 });
  assert.deepEqual(u.table.read, [30, 0, 60, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(u.table.provisionedRead?.slice(0, 3), [Number.NaN, 10, Number.NaN]);
  assert.deepEqual(u.indexes.g?.write.slice(-1), [9], 'a point at the exclusive end is dropped');
});
