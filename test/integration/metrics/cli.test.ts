import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { startCloudWatchStandIn, minutePoints, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';

// The CLI reads the real clock, so the scenarios are placed from the clock right before they are
// scripted (not at module load, which precedes DynamoDB Local's start-up) and sit in minutes 5-54 of
// the 60-minute window: the window moving up to 5 minutes on before a test runs changes no number.
let START = 0;
const at = (minute: number) => START + minute * 60;
const fiftyMinutes = (v: number) => minutePoints(at(5), new Array<number>(50).fill(v));

let standIn: CloudWatchStandIn;
let ddbEndpoint: string;
// Asked at the top level so the harness's own after() hook (stop DynamoDB Local) belongs to the file.
const ddbReady = testDynamoDb();
const orders = uniqueTableName('orders');
const events = uniqueTableName('events');
const recent = uniqueTableName('recent');

function io(): CliIo & { out: string; err: string } {
  const sink = { out: '', err: '' };
  return Object.assign(sink, {
    stdout: (t: string) => {
      sink.out += t;
    },
    stderr: (t: string) => {
      sink.err += t;
    },
    cwd: process.cwd(),
    env: { AWS_REGION: 'us-east-1' },
    isTty: false,
  });
}

before(async () => {
  // The stand-in and DynamoDB Local accept any signature; fixed keys keep the credential chain off the network.
  process.env.AWS_ACCESS_KEY_ID ??= 'local';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'local';
  standIn = await startCloudWatchStandIn();
  const ddb = await ddbReady;
  ddbEndpoint = ddb.endpoint;
  const client = dynamoDbClient({ endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials });
  await client.send(
    new CreateTableCommand({
      TableName: orders,
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 20 },
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'user', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byUser',
          KeySchema: [{ AttributeName: 'user', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
          ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 10 },
        },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: events,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: recent,
      BillingMode: 'PROVISIONED',
      ProvisionedThroughput: { ReadCapacityUnits: 50, WriteCapacityUnits: 20 },
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  START = Math.floor(Date.now() / 60_000) * 60 - 3600;
  standIn.setSeries({
    metric: 'ConsumedReadCapacityUnits',
    dimensions: { TableName: orders },
    stat: 'Sum',
    points: fiftyMinutes(72),
  });
  standIn.setSeries({
    metric: 'ConsumedWriteCapacityUnits',
    dimensions: { TableName: orders },
    stat: 'Sum',
    points: fiftyMinutes(36),
  });
  standIn.setSeries({
    metric: 'ConsumedWriteCapacityUnits',
    dimensions: { TableName: orders, GlobalSecondaryIndexName: 'byUser' },
    stat: 'Sum',
    points: fiftyMinutes(36),
  });
  standIn.scriptTable({
    table: events,
    start: at(5),
    minutes: 50,
    readPerMinute: 0,
    writePerMinute: 720,
    throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(20), [1000, 234]) },
  });
  // recent: a throttled burst in minutes 10-19 of the hour, outside the last 30 minutes, and steady reads
  // in minutes 40-49, inside them; both stay where they are if the window moves up to 10 minutes on.
  standIn.scriptTable({
    table: recent,
    start: at(10),
    throttles: { ReadProvisionedThroughputThrottleEvents: minutePoints(at(12), [500]) },
  });
  standIn.setSeries({
    metric: 'ConsumedReadCapacityUnits',
    dimensions: { TableName: recent },
    stat: 'Sum',
    points: [
      ...minutePoints(at(10), new Array<number>(10).fill(6000)),
      ...minutePoints(at(40), new Array<number>(10).fill(900)),
    ],
  });
});
after(() => standIn.stop());

const base = () => [
  'metrics',
  '--endpoint-url',
  ddbEndpoint,
  '--cloudwatch-endpoint-url',
  standIn.endpoint,
  '--region',
  'us-east-1',
  '--table',
  orders,
  '--table',
  events,
];

test('metrics --format json prints the documented contract with exact numbers', async () => {
  standIn.resetCounts();
  const sink = io();
  const code = await runCli([...base(), '--format', 'json'], sink);
  assert.equal(code, 0, sink.err);
  const out = JSON.parse(sink.out);
  assert.deepEqual(Object.keys(out), ['window', 'tables', 'cloudWatch']);
  assert.equal(out.window.periodSeconds, 60);
  assert.equal(Date.parse(out.window.end) - Date.parse(out.window.start), 3_600_000);
  const [o, e] = out.tables;
  assert.equal(o.table, orders);
  assert.equal(o.billingMode, 'PROVISIONED');
  assert.equal(o.status, 'ok');
  assert.deepEqual(o.read, {
    consumedPerSecond: 1,
    peakPerSecond: 1.2,
    provisioned: 50,
    utilization: 0.024,
    limitKind: 'provisioned',
  });
  assert.deepEqual(o.write, {
    consumedPerSecond: 0.5,
    peakPerSecond: 0.6,
    provisioned: 20,
    utilization: 0.03,
    limitKind: 'provisioned',
  });
  assert.deepEqual(o.throttleEvents, {
    read: 0,
    write: 0,
    byReason: {
      ReadKeyRangeThroughputThrottleEvents: 0,
      ReadProvisionedThroughputThrottleEvents: 0,
      WriteKeyRangeThroughputThrottleEvents: 0,
      WriteProvisionedThroughputThrottleEvents: 0,
    },
  });
  assert.equal(o.indexes.length, 1);
  assert.equal(o.indexes[0].index, 'byUser');
  assert.deepEqual(o.indexes[0].write, {
    consumedPerSecond: 0.5,
    peakPerSecond: 0.6,
    provisioned: 10,
    utilization: 0.06,
    limitKind: 'provisioned',
  });
  assert.equal(e.table, events);
  assert.equal(e.billingMode, 'PAY_PER_REQUEST');
  assert.equal(e.status, 'throttled');
  assert.equal(
    e.reason,
    'Hot partition: 1,234 write events throttled by partition limits (WriteKeyRangeThroughputThrottleEvents)',
  );
  assert.deepEqual(e.write, {
    consumedPerSecond: 10,
    peakPerSecond: 12,
    provisioned: null,
    utilization: null,
    limitKind: null,
  });
  assert.deepEqual(e.throttleEvents, {
    read: 0,
    write: 1234,
    byReason: {
      ReadKeyRangeThroughputThrottleEvents: 0,
      ReadAccountLimitThrottleEvents: 0,
      WriteKeyRangeThroughputThrottleEvents: 1234,
      WriteAccountLimitThrottleEvents: 0,
    },
  });
  // orders: 18 + 8 for its GSI; events: 18.
  assert.deepEqual(out.cloudWatch, { getMetricDataCalls: 1, metricsRequested: 44, estimatedCostUsd: 0.00044 });
  assert.equal(standIn.calls('GetMetricData'), 1);
});

test('--fail-on-throttle exits 1 and names the throttled table', async () => {
  const sink = io();
  const code = await runCli([...base(), '--fail-on-throttle'], sink);
  assert.equal(code, 1);
  assert.equal(sink.err, `dynamo-guard metrics: 1 table throttled: ${events}\n`);
});

test('--fail-on-throttle exits 0 when no listed table throttled', async () => {
  const sink = io();
  const code = await runCli(
    [
      'metrics',
      '--endpoint-url',
      ddbEndpoint,
      '--cloudwatch-endpoint-url',
      standIn.endpoint,
      '--table',
      orders,
      '--fail-on-throttle',
    ],
    sink,
  );
  assert.equal(code, 0, sink.err);
});

test('text output says why a table throttles and what the refresh cost', async () => {
  const sink = io();
  const code = await runCli(base(), sink);
  assert.equal(code, 0, sink.err);
  assert.match(sink.out, new RegExp(`${events}  \\[on-demand\\]  THROTTLED: Hot partition: 1,234 write events`));
  assert.match(sink.out, /read  1\/s avg, 1\.2\/s peak \(provisioned 50\/s, peak at 2%\)/);
  assert.match(sink.out, /index byUser  OK/);
  assert.match(sink.out, /CloudWatch: 1 GetMetricData call, 44 metrics requested/);
});

test('access denied on every call exits 1 with the reason, and JSON still lists each table as error', async () => {
  standIn.inject({ fault: 'access-denied' });
  try {
    const sink = io();
    const code = await runCli([...base(), '--format', 'json'], sink);
    assert.equal(code, 1);
    const out = JSON.parse(sink.out);
    assert.deepEqual(
      out.tables.map((t: { status: string }) => t.status),
      ['error', 'error'],
    );
    assert.match(sink.err, /CloudWatch denied GetMetricData \(AccessDenied\)/);
  } finally {
    standIn.clearInjections();
  }
});

test('a table that does not exist is a one-line error with exit 1', async () => {
  const sink = io();
  const code = await runCli(
    [
      'metrics',
      '--endpoint-url',
      ddbEndpoint,
      '--cloudwatch-endpoint-url',
      standIn.endpoint,
      '--table',
      'no-such-table-xyz',
    ],
    sink,
  );
  assert.equal(code, 1);
  assert.match(sink.err, /^dynamo-guard metrics: .*no-such-table-xyz/);
});

test('metrics --minutes 30 reads a 30-minute window and reports the numbers of those minutes only', async () => {
  standIn.resetCounts();
  const sink = io();
  const code = await runCli(
    [
      'metrics',
      '--endpoint-url',
      ddbEndpoint,
      '--cloudwatch-endpoint-url',
      standIn.endpoint,
      '--table',
      recent,
      '--minutes',
      '30',
      '--format',
      'json',
    ],
    sink,
  );
  assert.equal(code, 0, sink.err);
  const out = JSON.parse(sink.out);
  assert.equal(Date.parse(out.window.end) - Date.parse(out.window.start), 30 * 60_000);
  assert.equal(
    (standIn.requests[0]!.body.EndTime as number) - (standIn.requests[0]!.body.StartTime as number),
    30 * 60,
  );
  const [r] = out.tables;
  // 10 minutes of 900 units over 1,800 seconds; the 6,000-unit minutes and their throttling are older.
  assert.deepEqual(r.read, {
    consumedPerSecond: 5,
    peakPerSecond: 15,
    provisioned: 50,
    utilization: 0.3,
    limitKind: 'provisioned',
  });
  assert.equal(r.status, 'ok');
  assert.deepEqual([r.throttleEvents.read, r.throttleEvents.byReason.ReadProvisionedThroughputThrottleEvents], [0, 0]);
});

test('the same table over the default 60 minutes includes the older throttled burst', async () => {
  const sink = io();
  const code = await runCli(
    [
      'metrics',
      '--endpoint-url',
      ddbEndpoint,
      '--cloudwatch-endpoint-url',
      standIn.endpoint,
      '--table',
      recent,
      '--format',
      'json',
    ],
    sink,
  );
  assert.equal(code, 0, sink.err);
  const [r] = JSON.parse(sink.out).tables;
  assert.deepEqual(r.read, {
    consumedPerSecond: 19.1667,
    peakPerSecond: 100,
    provisioned: 50,
    utilization: 2,
    limitKind: 'provisioned',
  });
  assert.equal(r.status, 'throttled');
  assert.equal(r.throttleEvents.byReason.ReadProvisionedThroughputThrottleEvents, 500);
});

test('bad --minutes and --cloudwatch-endpoint-url are usage errors (exit 2)', async () => {
  assert.equal(await runCli(['metrics', '--minutes', '0'], io()), 2);
  assert.equal(await runCli(['metrics', '--minutes', '100000'], io()), 2);
  assert.equal(await runCli(['metrics', '--cloudwatch-endpoint-url', 'ftp://x'], io()), 2);
});
