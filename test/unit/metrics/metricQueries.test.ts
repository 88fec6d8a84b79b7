import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  buildMetricPlan,
  metricWindow,
  packBatches,
  queriesForTable,
  watchSeriesCount,
} from '../../../src/core/metrics/metricQueries';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { onDemandTable, provisionedTable } from './fixtures';

test('window ends at the last whole minute (exclusive) and spans the asked minutes', () => {
  const w = metricWindow(new Date('2026-03-01T10:17:42.500Z'), 60);
  assert.equal(w.end.toISOString(), '2026-03-01T10:17:00.000Z');
  assert.equal(w.start.toISOString(), '2026-03-01T09:17:00.000Z');
  assert.equal(w.periodSeconds, 60);
});

test("watch level asks 4 one-minute Sum series per table and each GSI's read and write throttle events", () => {
  const q = queriesForTable(
    provisionedTable('Orders', 10, 5, [
      { name: 'byUser', read: 5, write: 5 },
      { name: 'byDay', read: 5, write: 5 },
    ]),
    3,
    'watch',
  );
  assert.deepEqual(
    q.map((x) => [x.id, x.metricName, x.stat, x.period, x.index]),
    [
      ['t3_rcu', 'ConsumedReadCapacityUnits', 'Sum', 60, undefined],
      ['t3_wcu', 'ConsumedWriteCapacityUnits', 'Sum', 60, undefined],
      ['t3_rte', 'ReadThrottleEvents', 'Sum', 60, undefined],
      ['t3_wte', 'WriteThrottleEvents', 'Sum', 60, undefined],
      ['t3_g0_rte', 'ReadThrottleEvents', 'Sum', 60, 'byUser'],
      ['t3_g0_wte', 'WriteThrottleEvents', 'Sum', 60, 'byUser'],
      ['t3_g1_rte', 'ReadThrottleEvents', 'Sum', 60, 'byDay'],
      ['t3_g1_wte', 'WriteThrottleEvents', 'Sum', 60, 'byDay'],
    ],
  );
  assert.deepEqual(q[0]?.dimensions, [{ Name: 'TableName', Value: 'Orders' }]);
  assert.deepEqual(q[5]?.dimensions, [
    { Name: 'TableName', Value: 'Orders' },
    { Name: 'GlobalSecondaryIndexName', Value: 'byUser' },
  ]);
});

test('a watch refresh counts 4 series per table and 2 per GSI, none for an LSI', () => {
  const withLsi: TableModel = { ...provisionedTable('Orders', 10, 5, [{ name: 'byUser', read: 5, write: 5 }]) };
  withLsi.indexes.push({
    name: 'byDate',
    kind: 'LSI',
    partitionKey: { name: 'pk', type: 'S' },
    projection: { type: 'ALL' },
  });
  const tables = [withLsi, onDemandTable('Events'), onDemandTable('Audit', undefined, ['a', 'b', 'c'])];
  assert.equal(watchSeriesCount(tables), 6 + 4 + 10);
  assert.equal(buildMetricPlan(tables, { level: 'watch' }).queryCount, watchSeriesCount(tables));
});

test('provisioned tables get key-range and provisioned-throughput reasons, never on-demand ones', () => {
  const names = queriesForTable(provisionedTable('Orders', 10, 5), 0).map((q) => q.metricName);
  assert.ok(names.includes('ReadProvisionedThroughputThrottleEvents'));
  assert.ok(names.includes('WriteKeyRangeThroughputThrottleEvents'));
  assert.ok(!names.some((n) => n.includes('AccountLimit') || n.includes('MaxOnDemand')));
  assert.equal(names.length, 4 + 4 + 10);
});

test('on-demand tables get account-limit reasons, and on-demand-maximum reasons only for a configured maximum', () => {
  const noMax = queriesForTable(onDemandTable('Events'), 0).map((q) => q.metricName);
  assert.ok(noMax.includes('WriteAccountLimitThrottleEvents'));
  assert.ok(!noMax.some((n) => n.includes('Provisioned') || n.includes('MaxOnDemand')));
  const readMax = queriesForTable(onDemandTable('Events', { read: 100 }), 0).map((q) => q.metricName);
  assert.ok(readMax.includes('ReadMaxOnDemandThroughputThrottleEvents'));
  assert.ok(!readMax.includes('WriteMaxOnDemandThroughputThrottleEvents'));
});

test('GSI series carry TableName and GlobalSecondaryIndexName; operation series carry TableName and Operation', () => {
  const q = queriesForTable(onDemandTable('Events', undefined, ['byDay']), 7);
  const gsiWal = q.find((x) => x.id === 't7_g0_wal');
  assert.deepEqual(gsiWal?.dimensions, [
    { Name: 'TableName', Value: 'Events' },
    { Name: 'GlobalSecondaryIndexName', Value: 'byDay' },
  ]);
  assert.equal(gsiWal?.index, 'byDay');
  const lat = q.find((x) => x.id === 't7_query_lat');
  assert.deepEqual(lat?.dimensions, [
    { Name: 'TableName', Value: 'Events' },
    { Name: 'Operation', Value: 'Query' },
  ]);
  assert.equal(lat?.stat, 'Average');
  assert.equal(q.length, 18 + 8);
});

test('ids are unique across a plan and valid CloudWatch ids', () => {
  const tables = Array.from({ length: 40 }, (_, i) =>
    i % 2
      ? provisionedTable(`p${i}`, 5, 5, [{ name: 'g', read: 1, write: 1 }])
      : onDemandTable(`o${i}`, { write: 9 }, ['a', 'b']),
  );
  const plan = buildMetricPlan(tables);
  const ids = plan.batches.flatMap((b) => b.queries.map((q) => q.id));
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z][A-Za-z0-9_]*$/);
});

test('600 full-detail tables fill 22 calls of 500 queries (the fewest the limit allows), a table continuing into the next call where one fills', () => {
  const tables = Array.from({ length: 600 }, (_, i) => provisionedTable(`t${i}`, 5, 5));
  const plan = buildMetricPlan(tables);
  assert.equal(plan.queryCount, 600 * 18);
  assert.equal(plan.batches.length, Math.ceil((600 * 18) / 500));
  assert.deepEqual(
    plan.batches.map((b) => b.queries.length),
    [...new Array<number>(21).fill(500), 300],
  );
  for (const b of plan.batches) assert.deepEqual([...new Set(b.queries.map((q) => q.tableIndex))], b.tableIndexes);
  // 500 = 27 tables of 18 and 14 series of the 28th (index 27), whose other 4 open the second call.
  assert.deepEqual([plan.batches[0]!.tableIndexes.at(-1), plan.batches[1]!.tableIndexes[0]], [27, 27]);
  assert.equal(plan.batches[1]!.queries.filter((q) => q.tableIndex === 27).length, 4);
  assert.deepEqual(
    plan.batches.flatMap((b) => b.queries.map((q) => q.id)),
    plan.queriesByTable.flat().map((q) => q.id),
    'every query once, in table order',
  );
});

test('small tables share a call until it is full', () => {
  const q = (t: number, n: number) =>
    Array.from({ length: n }, (_, i) => ({ id: `t${t}_${i}`, tableIndex: t })) as never[];
  assert.deepEqual(
    packBatches([q(0, 2), q(1, 2), q(2, 2)], 3).map((b) => [b.queries.length, b.tableIndexes]),
    [
      [3, [0, 1]],
      [3, [1, 2]],
    ],
  );
});

test('a table larger than one call spans several calls', () => {
  const big = Array.from({ length: 7 }, (_, i) => ({ id: `x${i}`, tableIndex: 1 })) as never[];
  const batches = packBatches([[], big], 3);
  assert.deepEqual(
    batches.map((b) => [b.queries.length, b.tableIndexes]),
    [
      [3, [1]],
      [3, [1]],
      [1, [1]],
    ],
  );
});
