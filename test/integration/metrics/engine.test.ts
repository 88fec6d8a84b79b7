import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../../src/core/aws/clients';
import { describeTable } from '../../../src/core/tables/describe';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { readTableMetrics } from '../../../src/core/metrics/metricsReport';
import { buildMetricPlan } from '../../../src/core/metrics/metricQueries';
import { fetchMetrics } from '../../../src/core/metrics/fetchMetrics';
import { startCloudWatchStandIn, minutePoints, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';

const NOW = new Date('2026-01-01T01:00:30Z');
const START = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;
const at = (minute: number) => START + minute * 60;

let standIn: CloudWatchStandIn;
let cw: ConnectionOptions;
const fast = { retry: { attempts: 2, baseDelayMs: 10 } };

function table(name: string, billing: 'PROVISIONED' | 'PAY_PER_REQUEST', gsi?: string): CreateTableCommandInput {
  const throughput =
    billing === 'PROVISIONED' ? { ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 50 } } : {};
  return {
    TableName: name,
    BillingMode: billing,
    AttributeDefinitions: [
      { AttributeName: 'pk', AttributeType: 'S' },
      ...(gsi ? [{ AttributeName: 'gpk', AttributeType: 'S' as const }] : []),
    ],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    ...throughput,
    ...(gsi
      ? {
          GlobalSecondaryIndexes: [
            {
              IndexName: gsi,
              KeySchema: [{ AttributeName: 'gpk', KeyType: 'HASH' as const }],
              Projection: { ProjectionType: 'ALL' as const },
              ...(billing === 'PROVISIONED'
                ? { ProvisionedThroughput: { ReadCapacityUnits: 20, WriteCapacityUnits: 10 } }
                : {}),
            },
          ],
        }
      : {}),
  };
}

before(async () => {
  standIn = await startCloudWatchStandIn();
  cw = { endpoint: standIn.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 3 };
});
after(() => standIn.stop());

describe('metrics engine against DynamoDB Local tables and the CloudWatch stand-in', () => {
  const names = {
    steady: uniqueTableName('steady'),
    hot: uniqueTableName('hot'),
    saturated: uniqueTableName('saturated'),
    account: uniqueTableName('account'),
    silent: uniqueTableName('silent'),
    busy: uniqueTableName('busy'),
    gsiHot: uniqueTableName('gsihot'),
  };
  let models: TableModel[];

  before(async () => {
    const ddb = await testDynamoDb();
    const conn: ConnectionOptions = { endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials };
    const client = dynamoDbClient(conn);
    await Promise.all([
      client.send(new CreateTableCommand(table(names.steady, 'PROVISIONED', 'byUser'))),
      client.send(new CreateTableCommand(table(names.hot, 'PAY_PER_REQUEST', 'byDay'))),
      client.send(new CreateTableCommand(table(names.saturated, 'PROVISIONED'))),
      client.send(new CreateTableCommand(table(names.account, 'PAY_PER_REQUEST'))),
      client.send(new CreateTableCommand(table(names.silent, 'PAY_PER_REQUEST'))),
      client.send(new CreateTableCommand(table(names.busy, 'PROVISIONED', 'byUser'))),
      client.send(new CreateTableCommand(table(names.gsiHot, 'PROVISIONED', 'byStatus'))),
    ]);
    models = await Promise.all(Object.values(names).map((n) => describeTable(conn, n)));
    standIn.clearSeries();
    // steady: 60 RCU and 30 WCU every minute, no throttle points at all (DynamoDB publishes none).
    standIn.scriptTable({ table: names.steady, start: START, readPerMinute: 60, writePerMinute: 30 });
    standIn.scriptTable({ table: names.steady, index: 'byUser', start: START, readPerMinute: 6, writePerMinute: 30 });
    standIn.scriptTable({
      table: names.steady,
      start: START,
      operations: { GetItem: { latencyMs: minutePoints(at(0), [4, 6]) } },
    });
    // hot: on-demand table, 1,234 writes throttled by partition limits over three minutes.
    standIn.scriptTable({
      table: names.hot,
      start: START,
      readPerMinute: 0,
      writePerMinute: 600,
      throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(10), [1000, 200, 34]) },
    });
    // saturated: 100 RCU provisioned, one minute at 6,000 units (100/s), 300 reads throttled by capacity.
    standIn.scriptTable({
      table: names.saturated,
      start: START,
      readPerMinute: [...new Array<number>(59).fill(1200), 6000],
      writePerMinute: 0,
      throttles: { ReadProvisionedThroughputThrottleEvents: minutePoints(at(59), [300]) },
    });
    // account: on-demand, 50 writes throttled by the account's per-table quota.
    standIn.scriptTable({
      table: names.account,
      start: START,
      readPerMinute: 0,
      writePerMinute: 120,
      throttles: { WriteAccountLimitThrottleEvents: minutePoints(at(30), [20, 30]) },
    });
    // busy: no throttling, but the GSI's peak minute reaches 90 % of its 10 WCU, and GetItem had 3 system errors.
    standIn.scriptTable({ table: names.busy, start: START, readPerMinute: 60, writePerMinute: 60 });
    standIn.scriptTable({
      table: names.busy,
      index: 'byUser',
      start: START,
      readPerMinute: 0,
      writePerMinute: [...new Array<number>(59).fill(60), 540],
    });
    // gsiHot: the table itself never throttles; its GSI's 10 WCU throttle 40 writes. DynamoDB counts
    // these only in the GSI's own series (AWS-FACTS 1.2), so the table-level series show nothing.
    standIn.scriptTable({ table: names.gsiHot, start: START, readPerMinute: 60, writePerMinute: 300 });
    standIn.scriptTable({
      table: names.gsiHot,
      index: 'byStatus',
      start: START,
      readPerMinute: 0,
      writePerMinute: 300,
      throttles: { WriteProvisionedThroughputThrottleEvents: minutePoints(at(45), [25, 15]) },
    });
  });

  test('computes exact rates, limits, statuses and reasons for each scripted scenario in one GetMetricData call', async () => {
    standIn.resetCounts();
    const report = await readTableMetrics(cw, models, { now: NOW, ...fast });
    assert.deepEqual(report.window, {
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-01-01T01:00:00.000Z',
      periodSeconds: 60,
    });
    const byName = new Map(report.tables.map((t) => [t.table, t]));

    const steady = byName.get(names.steady)!;
    assert.equal(steady.status, 'ok');
    assert.deepEqual(steady.read, {
      consumedPerSecond: 1,
      peakPerSecond: 1,
      provisioned: 100,
      limitKind: 'provisioned',
      utilization: 0.01,
    });
    assert.deepEqual(steady.write, {
      consumedPerSecond: 0.5,
      peakPerSecond: 0.5,
      provisioned: 50,
      limitKind: 'provisioned',
      utilization: 0.01,
    });
    assert.deepEqual(steady.throttleEvents, {
      read: 0,
      write: 0,
      byReason: {
        ReadKeyRangeThroughputThrottleEvents: 0,
        ReadProvisionedThroughputThrottleEvents: 0,
        WriteKeyRangeThroughputThrottleEvents: 0,
        WriteProvisionedThroughputThrottleEvents: 0,
      },
    });
    assert.equal(steady.indexes.length, 1);
    assert.deepEqual(steady.indexes[0]!.write, {
      consumedPerSecond: 0.5,
      peakPerSecond: 0.5,
      provisioned: 10,
      limitKind: 'provisioned',
      utilization: 0.05,
    });
    assert.equal(steady.operations.find((o) => o.operation === 'GetItem')?.latencyMs, 5);
    assert.equal(steady.operations.find((o) => o.operation === 'Query')?.latencyMs, null);
    assert.equal(steady.sparkline.read.length, 60);

    const hot = byName.get(names.hot)!;
    assert.equal(hot.status, 'throttled');
    assert.equal(
      hot.reason,
      'Hot partition: 1,234 write events throttled by partition limits (WriteKeyRangeThroughputThrottleEvents)',
    );
    assert.equal(hot.throttleEvents.write, 1234);
    assert.equal(hot.throttleEvents.byReason.WriteKeyRangeThroughputThrottleEvents, 1234);
    assert.equal(hot.throttleEvents.byReason.WriteAccountLimitThrottleEvents, 0);
    assert.equal(hot.write.provisioned, null);
    assert.equal(hot.write.utilization, null);
    assert.equal(hot.write.consumedPerSecond, 10);
    assert.equal(hot.sparkline.throttleEvents[10], 1000);

    const saturated = byName.get(names.saturated)!;
    assert.equal(saturated.status, 'throttled');
    assert.match(
      saturated.reason,
      /^Provisioned capacity: 300 read events throttled by provisioned capacity \(ReadProvisionedThroughputThrottleEvents\); Read peak 100\/s is 100% of provisioned 100 RCU$/,
    );
    assert.equal(saturated.read.peakPerSecond, 100);
    assert.equal(saturated.read.utilization, 1);
    assert.equal(saturated.read.consumedPerSecond, 21.3333, '(59 × 1200 + 6000) / 3600, rounded to 4 places');

    const account = byName.get(names.account)!;
    assert.equal(account.status, 'throttled');
    assert.equal(
      account.reason,
      "Account limit: 50 write events throttled by the account's per-table quota (WriteAccountLimitThrottleEvents)",
    );

    const silent = byName.get(names.silent)!;
    assert.equal(silent.status, 'no-data');
    assert.equal(silent.read.consumedPerSecond, 0);

    const busy = byName.get(names.busy)!;
    assert.equal(busy.status, 'warning');
    assert.equal(busy.reason, 'Index byUser: Write peak 9/s is 90% of provisioned 10 WCU');
    assert.equal(busy.indexes[0]!.status, 'warning');

    const gsiHot = byName.get(names.gsiHot)!;
    assert.equal(gsiHot.status, 'throttled');
    assert.equal(
      gsiHot.reason,
      'Index byStatus: Provisioned capacity: 40 write events throttled by provisioned capacity (WriteProvisionedThroughputThrottleEvents)',
    );
    assert.deepEqual([gsiHot.throttleEvents.read, gsiHot.throttleEvents.write], [0, 0]);
    assert.equal(gsiHot.indexes[0]!.status, 'throttled');
    assert.equal(gsiHot.indexes[0]!.throttleEvents.write, 40);

    // 7 tables: 18 series each (4 capacity/throttle + 4 reasons + 10 operation), plus 8 per GSI (4 GSIs).
    assert.equal(report.cloudWatch.metricsRequested, 7 * 18 + 4 * 8);
    assert.equal(report.cloudWatch.getMetricDataCalls, 1);
    assert.equal(standIn.calls('GetMetricData'), 1);
    assert.equal(standIn.metricsRequested(), 158);
    assert.equal(report.cloudWatch.estimatedCostUsd, 0.00158);
  });

  test('a watch refresh asks 4 series per table and 2 per GSI, then full detail only for the throttled ones, a GSI-only throttle included, to name the cause', async () => {
    standIn.resetCounts();
    const report = await readTableMetrics(cw, models, { now: NOW, level: 'watch', ...fast });
    const hot = report.tables.find((t) => t.table === names.hot)!;
    assert.equal(hot.level, 'full');
    assert.equal(
      hot.reason,
      'Hot partition: 1,234 write events throttled by partition limits (WriteKeyRangeThroughputThrottleEvents)',
    );
    assert.equal(report.tables.find((t) => t.table === names.steady)!.level, 'watch');
    const gsiHot = report.tables.find((t) => t.table === names.gsiHot)!;
    assert.equal(gsiHot.level, 'full', 'the GSI throttle alone triggered the drill-down');
    assert.equal(gsiHot.status, 'throttled');
    assert.equal(
      gsiHot.reason,
      'Index byStatus: Provisioned capacity: 40 write events throttled by provisioned capacity (WriteProvisionedThroughputThrottleEvents)',
    );
    assert.equal(gsiHot.indexes[0]!.throttleEvents.byReason.WriteProvisionedThroughputThrottleEvents, 40);
    const busy = report.tables.find((t) => t.table === names.busy)!;
    assert.deepEqual([busy.level, busy.status], ['watch', 'ok'], 'watch level reads GSI throttling, not GSI capacity');

    assert.equal(standIn.calls('GetMetricData'), 2);
    const [watchCall, detailCall] = standIn.requests.map(
      (r) =>
        r.body.MetricDataQueries as {
          MetricStat: { Metric: { MetricName: string; Dimensions: { Name: string }[] } };
        }[],
    );
    // 7 tables × 4 series, plus ReadThrottleEvents and WriteThrottleEvents for each of the 4 GSIs.
    assert.equal(watchCall!.length, 7 * 4 + 4 * 2);
    const gsiSeries = watchCall!.filter((q) =>
      q.MetricStat.Metric.Dimensions.some((d) => d.Name === 'GlobalSecondaryIndexName'),
    );
    assert.deepEqual(
      [...new Set(gsiSeries.map((q) => q.MetricStat.Metric.MetricName))],
      ['ReadThrottleEvents', 'WriteThrottleEvents'],
    );
    assert.equal(gsiSeries.length, 8);
    // Then hot (18 + 8 for its GSI) + saturated (18) + account (18) + gsiHot (18 + 8 for its GSI).
    assert.equal(detailCall!.length, 26 + 18 + 18 + 26);
    assert.equal(report.cloudWatch.metricsRequested, 36 + 88);
    assert.equal(report.cloudWatch.getMetricDataCalls, 2);
  });

  test('pages by NextToken when a call returns more datapoints than MaxDatapoints', async () => {
    standIn.resetCounts();
    const report = await readTableMetrics(cw, models, { now: NOW, maxDatapoints: 100, ...fast });
    const hot = report.tables.find((t) => t.table === names.hot)!;
    assert.equal(hot.throttleEvents.write, 1234);
    assert.equal(hot.write.consumedPerSecond, 10);
    const pages = standIn.calls('GetMetricData');
    assert.ok(pages > 1);
    assert.equal(report.cloudWatch.getMetricDataCalls, pages);
    const tokens = standIn.requests.map((r) => r.body.NextToken);
    assert.equal(tokens[0], undefined);
    assert.equal(tokens[1], 'p100');
  });

  test('CloudWatch throttling is retried and the refresh then succeeds', async () => {
    standIn.resetCounts();
    standIn.inject({ fault: 'throttling', times: 2 });
    try {
      const report = await readTableMetrics(cw, models, { now: NOW, ...fast });
      assert.equal(standIn.calls('GetMetricData'), 3, 'two throttled attempts and one answered');
      assert.equal(report.tables.find((t) => t.table === names.hot)!.status, 'throttled');
      assert.equal(report.tables.filter((t) => t.status === 'error').length, 0);
    } finally {
      standIn.clearInjections();
    }
  });

  test('throttling beyond the SDK retries is retried by our backoff within the bound', async () => {
    standIn.resetCounts();
    standIn.inject({ fault: 'throttling', times: 4 });
    try {
      const report = await readTableMetrics(cw, models, { now: NOW, ...fast });
      assert.equal(standIn.calls('GetMetricData'), 5);
      assert.equal(report.cloudWatch.retries, 1);
      assert.equal(report.tables.filter((t) => t.status === 'error').length, 0);
    } finally {
      standIn.clearInjections();
    }
  });

  test("access denied for the call holding one table marks that call's tables as error and the others stay fine", async () => {
    standIn.resetCounts();
    standIn.inject({ fault: 'access-denied', table: names.hot });
    try {
      // 26 queries per call at most: every table gets its own call.
      const report = await readTableMetrics(cw, models, { now: NOW, maxQueriesPerCall: 26, ...fast });
      assert.equal(standIn.calls('GetMetricData'), 7);
      const hot = report.tables.find((t) => t.table === names.hot)!;
      assert.equal(hot.status, 'error');
      assert.equal(
        hot.reason,
        'CloudWatch denied GetMetricData (AccessDenied): allow cloudwatch:GetMetricData for this identity.',
      );
      assert.equal(report.tables.find((t) => t.table === names.steady)!.status, 'ok');
      assert.equal(report.tables.find((t) => t.table === names.account)!.status, 'throttled');
      assert.equal(report.cloudWatch.metricsRequested, 158 - 26, 'the denied call is not billed');
    } finally {
      standIn.clearInjections();
    }
  });

  test('CloudWatch throttling that never stops ends as error for the affected tables after a bounded number of attempts', async () => {
    standIn.resetCounts();
    standIn.inject({ fault: 'throttling' });
    try {
      const report = await readTableMetrics(cw, models.slice(0, 2), { now: NOW, ...fast });
      assert.deepEqual(
        report.tables.map((t) => t.status),
        ['error', 'error'],
      );
      assert.equal(
        report.tables[0]!.reason,
        'CloudWatch kept throttling GetMetricData (Throttling); refresh less often or watch fewer tables.',
      );
      assert.equal(report.tables[1]!.reason, report.tables[0]!.reason);
      // Our 1 + 2 attempts, each of which the SDK tries 3 times (maxAttempts), and then it stops.
      assert.equal(standIn.calls('GetMetricData'), 3 * 3);
      assert.deepEqual(
        [report.cloudWatch.getMetricDataCalls, report.cloudWatch.retries, report.cloudWatch.metricsRequested],
        [3, 2, 0],
      );
      assert.equal(report.tables[0]!.read.consumedPerSecond, 0);
      assert.equal(report.tables[0]!.read.provisioned, 100, 'the limit still comes from DescribeTable');
    } finally {
      standIn.clearInjections();
    }
  });

  test('endless CloudWatch throttling stops at the deadline instead of waiting out a backoff longer than it', async () => {
    standIn.resetCounts();
    standIn.inject({ fault: 'throttling' });
    try {
      // The SDK's own 3 attempts back off at most 1.5 s in all; our first backoff (at least 30 s with
      // jitter) would end past the 10 s bound, so it is not taken and the throttling is reported.
      const report = await readTableMetrics(cw, models.slice(0, 2), {
        now: NOW,
        deadlineMs: 10_000,
        retry: { attempts: 5, baseDelayMs: 60_000 },
      });
      assert.deepEqual(
        report.tables.map((t) => t.status),
        ['error', 'error'],
      );
      assert.equal(
        report.tables[0]!.reason,
        'CloudWatch kept throttling GetMetricData (Throttling); refresh less often or watch fewer tables.',
      );
      assert.equal(report.cloudWatch.retries, 0);
      assert.equal(report.cloudWatch.getMetricDataCalls, 1);
    } finally {
      standIn.clearInjections();
    }
  });

  test('a slow CloudWatch turns into an error status once the time bound passes', async () => {
    standIn.inject({ fault: 'delay', delayMs: 1500 });
    try {
      const report = await readTableMetrics(cw, models.slice(0, 2), { now: NOW, deadlineMs: 300, ...fast });
      assert.deepEqual(
        report.tables.map((t) => t.status),
        ['error', 'error'],
      );
      assert.equal(report.tables[0]!.reason, 'CloudWatch did not answer within the refresh time limit.');
    } finally {
      standIn.clearInjections();
    }
  });

  test('an aborted refresh rejects instead of reporting tables', async () => {
    standIn.inject({ fault: 'delay', delayMs: 1000 });
    try {
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 100);
      await assert.rejects(
        readTableMetrics(cw, models, { now: NOW, signal: controller.signal, ...fast }),
        (e: Error) => e.name === 'AbortError',
      );
    } finally {
      standIn.clearInjections();
    }
  });
});

test('600 tables need 22 GetMetricData calls of at most 500 queries, and each table gets its own numbers, one split across two calls too', async () => {
  standIn.clearSeries();
  standIn.resetCounts();
  const tables: TableModel[] = Array.from({ length: 600 }, (_, i) => ({
    name: `fleet-${i}`,
    status: 'ACTIVE',
    billingMode: 'PROVISIONED',
    partitionKey: { name: 'pk' },
    provisioned: { read: 10, write: 10 },
    tableClass: 'STANDARD',
    indexes: [],
  }));
  for (let i = 0; i < 600; i += 50)
    standIn.scriptTable({ table: `fleet-${i}`, start: START, readPerMinute: i, writePerMinute: 0 });
  standIn.scriptTable({
    table: 'fleet-555',
    start: START,
    throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(5), [7]) },
  });
  // fleet-27's 18 series start at query 486: its consumption is in the first call, its throttle series in the second.
  standIn.scriptTable({
    table: 'fleet-27',
    start: START,
    readPerMinute: 270,
    writePerMinute: 0,
    throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(5), [3]) },
  });
  const plan = buildMetricPlan(tables, { now: NOW });
  const fetched = await fetchMetrics(cw, plan, fast);
  assert.equal(plan.batches.length, 22);
  assert.equal(fetched.stats.getMetricDataCalls, 22);
  assert.equal(standIn.calls('GetMetricData'), 22);
  assert.deepEqual(
    plan.batches.map((b, i) => (b.tableIndexes.includes(27) ? i : -1)).filter((i) => i >= 0),
    [0, 1],
  );
  assert.equal(standIn.metricsRequested(), 600 * 18);
  for (const r of standIn.requests) assert.ok((r.body.MetricDataQueries as unknown[]).length <= 500);
  const report = await readTableMetrics(cw, tables, { now: NOW, ...fast });
  assert.equal(report.tables[550]!.read.consumedPerSecond, 9.1667);
  assert.equal(report.tables[555]!.status, 'throttled');
  assert.equal(report.tables[555]!.throttleEvents.byReason.WriteKeyRangeThroughputThrottleEvents, 7);
  assert.equal(report.tables[27]!.status, 'throttled');
  assert.equal(report.tables[27]!.throttleEvents.byReason.WriteKeyRangeThroughputThrottleEvents, 3);
  assert.equal(report.tables[27]!.read.peakPerSecond, 4.5);
  assert.equal(report.tables[1]!.status, 'no-data');
  // 500 and 550 read units a minute are 8.3/s and 9.2/s: over 80 % of 10 RCU.
  assert.deepEqual(
    report.tables.filter((t) => t.status === 'warning').map((t) => t.table),
    ['fleet-500', 'fleet-550'],
  );
  assert.equal(report.tables.filter((t) => t.status === 'ok').length, 10);
  // 12 scripted every 50th, fleet-555 and fleet-27 have data.
  assert.equal(report.tables.filter((t) => t.status === 'no-data').length, 600 - 14);
});
