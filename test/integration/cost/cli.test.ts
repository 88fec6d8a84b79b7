// `dynamo-guard cost` as users run it: the built CLI (node dist/cli.js) against DynamoDB Local and the
// CloudWatch stand-in, with 14-day scenarios whose right answers are worked out below at us-east-1
// rates. A 730-hour month is 2,628,000 s, so 1 unit/s for a month costs $0.3285 in on-demand reads
// ($0.125/M) and $1.6425 in on-demand writes ($0.625/M); a provisioned RCU-month is 730 x $0.00013 =
// $0.0949 and a WCU-month 730 x $0.00065 = $0.4745. Target utilization 70 %.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BatchWriteItemCommand, CreateTableCommand, DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { startCloudWatchStandIn, type CloudWatchStandIn, type StandInPoint } from '../../harness/cloudWatchStandIn';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { buildCli } from '../../harness/builtCli';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join(ROOT, 'dist', 'cli.js');
const P = 300;

let standIn: CloudWatchStandIn;
let ddbEndpoint: string;
let cacheHome: string;
let archiveBytes = 0;
const ddbReady = testDynamoDb();
const steady = uniqueTableName('steady');
const spiky = uniqueTableName('spiky');
const idle = uniqueTableName('idle');
const indexed = uniqueTableName('indexed');
const archive = uniqueTableName('archive');

/**
 * One value per 5-minute period from 15 days before now to a day after: whichever 14-day window the
 * CLI's clock picks, every one of its 4,032 periods has a point. `f` gets the period's number.
 */
function periods(f: (n: number) => number): StandInPoint[] {
  const now = Math.floor(Date.now() / 1000 / P) * P;
  const out: StandInPoint[] = [];
  for (let t = now - 15 * 86_400, n = 0; t < now + 86_400; t += P, n++) out.push({ t, v: f(n) });
  return out;
}
const perSecond = (rate: number) => periods(() => rate * P);

function series(table: string, metric: string, points: StandInPoint[], index?: string, stat = 'Sum'): void {
  standIn.setSeries({
    metric,
    dimensions: index ? { TableName: table, GlobalSecondaryIndexName: index } : { TableName: table },
    stat,
    points,
  });
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(args: readonly string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        'cost',
        '--endpoint-url',
        ddbEndpoint,
        '--cloudwatch-endpoint-url',
        standIn.endpoint,
        '--region',
        'us-east-1',
        ...args,
      ],
      {
        env: {
          PATH: process.env.PATH ?? '',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          XDG_CACHE_HOME: cacheHome,
          DYNAMO_GUARD_COMPILE_CACHE: 'off',
        },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tableOf = (out: { tables: { table: string }[] }, name: string) => {
  const t = out.tables.find((x) => x.table === name);
  assert.ok(t, `${name} in the output`);
  return t as unknown as {
    monthlyUsd: Record<string, number>;
    recommendations: { kind: string; action: string; monthlySavingsUsd: number; evidence: string; index?: string }[];
    alarms: { source: string; name: string; metric: string }[];
    note?: string;
    billingMode: string;
    tableClass: string;
  };
};

before(async () => {
  buildCli();
  cacheHome = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-cost-cli-'));
  standIn = await startCloudWatchStandIn();
  const ddb = await ddbReady;
  ddbEndpoint = ddb.endpoint;
  const client = dynamoDbClient({ endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials });
  const keys = {
    AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' as const }],
    KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' as const }],
  };
  await client.send(new CreateTableCommand({ TableName: steady, BillingMode: 'PAY_PER_REQUEST', ...keys }));
  await client.send(new CreateTableCommand({ TableName: spiky, BillingMode: 'PAY_PER_REQUEST', ...keys }));
  await client.send(
    new CreateTableCommand({
      TableName: idle,
      BillingMode: 'PROVISIONED',
      TableClass: 'STANDARD',
      ProvisionedThroughput: { ReadCapacityUnits: 100, WriteCapacityUnits: 100 },
      ...keys,
    }),
  );
  await client.send(
    new CreateTableCommand({
      TableName: indexed,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'pk', AttributeType: 'S' },
        { AttributeName: 'status', AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byStatus',
          KeySchema: [{ AttributeName: 'status', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  await client.send(
    new CreateTableCommand({ TableName: archive, BillingMode: 'PAY_PER_REQUEST', TableClass: 'STANDARD', ...keys }),
  );
  // 40 items of 300 KB: DynamoDB Local cannot hold a production-sized table, so this one is small and
  // its test lowers --min-savings to 0; the decision rests on the same ratio as for terabytes.
  const blob = 'x'.repeat(300 * 1024);
  for (let b = 0; b < 40; b += 10) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [archive]: Array.from({ length: 10 }, (_, i) => ({
            PutRequest: { Item: { pk: { S: `item-${b + i}` }, blob: { S: blob } } },
          })),
        },
      }),
    );
  }
  archiveBytes = (await client.send(new DescribeTableCommand({ TableName: archive }))).Table?.TableSizeBytes ?? 0;

  // steady: 100 reads/s and 10 writes/s, every period.
  series(steady, 'ConsumedReadCapacityUnits', perSecond(100));
  series(steady, 'ConsumedWriteCapacityUnits', perSecond(10));
  // spiky: 1 read/s, and one 5-minute burst at 500/s every 6 hours (72 periods).
  series(
    spiky,
    'ConsumedReadCapacityUnits',
    periods((n) => (n % 72 === 36 ? 500 : 1) * P),
  );
  series(spiky, 'ConsumedWriteCapacityUnits', perSecond(0));
  // idle: provisioned 100/100 (CloudWatch says so too), used at 5 units/s each.
  series(idle, 'ConsumedReadCapacityUnits', perSecond(5));
  series(idle, 'ConsumedWriteCapacityUnits', perSecond(5));
  series(
    idle,
    'ProvisionedReadCapacityUnits',
    periods(() => 100),
    undefined,
    'Average',
  );
  series(
    idle,
    'ProvisionedWriteCapacityUnits',
    periods(() => 100),
    undefined,
    'Average',
  );
  standIn.addAlarm({
    name: 'idle-reads-throttled',
    metric: 'ReadThrottleEvents',
    dimensions: { TableName: idle },
    state: 'OK',
  });
  // indexed: the table reads and writes 1/s; its GSI is written 10/s and never read.
  series(indexed, 'ConsumedReadCapacityUnits', perSecond(1));
  series(indexed, 'ConsumedWriteCapacityUnits', perSecond(1));
  series(indexed, 'ConsumedWriteCapacityUnits', perSecond(10), 'byStatus');
  series(indexed, 'ConsumedReadCapacityUnits', perSecond(0), 'byStatus');
  // archive: one read unit a day, no writes.
  series(
    archive,
    'ConsumedReadCapacityUnits',
    periods((n) => (n % 288 === 0 ? 1 : 0)),
  );
});

after(async () => {
  await standIn?.stop();
  if (cacheHome) fs.rmSync(cacheHome, { recursive: true, force: true });
});

const four = () => ['--table', steady, '--table', spiky, '--table', idle, '--table', indexed];

test('--format json: the contract, exact costs and recommendations, and what the analysis cost', async () => {
  standIn.resetCounts();
  const run = await cli([...four(), '--format', 'json', '--no-cache']);
  assert.equal(run.code, 0, run.stderr);
  const out = JSON.parse(run.stdout);
  assert.deepEqual(Object.keys(out), ['window', 'tables', 'cloudWatch']);
  assert.deepEqual(Object.keys(out.window), ['start', 'end', 'days']);
  assert.equal(out.window.days, 14);
  assert.equal(Date.parse(out.window.end) - Date.parse(out.window.start), 14 * 86_400_000);
  assert.deepEqual(Object.keys(out.tables[0]).slice(0, 7), [
    'table',
    'region',
    'billingMode',
    'tableClass',
    'monthlyUsd',
    'recommendations',
    'alarms',
  ]);

  // steady, on-demand: reads 100 x $0.3285 = $32.85, writes 10 x $1.6425 = $16.425: $49.275.
  // Replayed with auto scaling: ceil(100/0.7) = 143 RCU and ceil(10/0.7) = 15 WCU all along, never
  // throttled: 143 x $0.0949 + 15 x $0.4745 = $20.6882. Savings $49.275 - $20.6882 = $28.5868.
  const s = tableOf(out, steady);
  assert.deepEqual(s.monthlyUsd, { reads: 32.85, writes: 16.425, storage: 0, indexes: 0, backups: 0, total: 49.275 });
  assert.deepEqual(
    s.recommendations.map((r) => [r.kind, r.monthlySavingsUsd]),
    [['billing-mode', 28.5868]],
  );
  assert.match(s.recommendations[0]?.action ?? '', /provisioned capacity with auto scaling at 70 %/);

  // spiky: a burst to 500/s lasts one period and scale-out needs two above target: every burst is
  // throttled, so it stays on-demand although provisioned would be cheaper.
  const k = tableOf(out, spiky);
  assert.equal(k.recommendations.filter((r) => r.kind === 'billing-mode').length, 0);
  assert.match(k.note ?? '', /^Stays on-demand: auto scaling would have throttled the table in 5[56] periods/);

  // idle, provisioned 100 RCU / 100 WCU at 5/s: reads 100 x $0.0949 = $9.49, writes 100 x $0.4745 = $47.45.
  // Over-provisioned: ceil(5/0.7) = 8 each, (100 - 8) x ($0.0949 + $0.4745) = $52.3848.
  // On-demand instead: 5 x ($0.3285 + $1.6425) = $9.855, saving $56.94 - $9.855 = $47.085.
  const i = tableOf(out, idle);
  assert.deepEqual(i.monthlyUsd, { reads: 9.49, writes: 47.45, storage: 0, indexes: 0, backups: 0, total: 56.94 });
  assert.deepEqual(
    i.recommendations.map((r) => [r.kind, r.monthlySavingsUsd]),
    [
      ['over-provisioned', 52.3848],
      ['billing-mode', 47.085],
    ],
  );
  assert.match(i.recommendations[0]?.evidence ?? '', /reads peaked at 5 units\/s, 5 % of 100 RCU/);

  // indexed: table reads $0.3285 and writes $1.6425; GSI byStatus writes 10 x $1.6425 = $16.425, never read.
  const x = tableOf(out, indexed);
  assert.equal(x.monthlyUsd.indexes, 16.425);
  const unused = x.recommendations.find((r) => r.kind === 'unused-index');
  assert.equal(unused?.index, 'byStatus');
  assert.equal(unused?.monthlySavingsUsd, 16.425);

  // Alarms: idle's own alarm is listed and not suggested again; the rest are suggested, none created.
  assert.deepEqual(
    i.alarms.filter((a) => a.source === 'existing').map((a) => a.name),
    ['idle-reads-throttled'],
  );
  assert.deepEqual(
    i.alarms.filter((a) => a.source === 'suggested').map((a) => a.metric),
    ['WriteThrottleEvents', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits'],
  );
  assert.equal(standIn.calls('PutMetricAlarm'), 0);

  // Series: steady 2, spiky 2, idle 4 (consumed + provisioned), indexed 4 (table + GSI) = 12, one call
  // (at most 25 series of 4,032 points fit a 100,800-point page).
  assert.deepEqual(out.cloudWatch, {
    getMetricDataCalls: 1,
    metricsRequested: 12,
    estimatedCostUsd: 0.00012,
    describeAlarmsCalls: 16,
    cachedTables: 0,
  });
  assert.equal(standIn.calls('GetMetricData'), 1);
  assert.equal(standIn.calls('DescribeAlarmsForMetric'), 16);
});

test('a large, rarely read table is better as Standard-IA', async () => {
  const run = await cli(['--table', archive, '--format', 'json', '--no-cache', '--min-savings', '0']);
  assert.equal(run.code, 0, run.stderr);
  const a = tableOf(JSON.parse(run.stdout), archive);
  // Storage S GB x $0.25 as Standard, x $0.10 as Standard-IA; reads: 14 units in 14 days = 1/day,
  // 1/86,400 per second x $0.3285 a month, 25 % dearer as IA. Savings = 0.15 S - 0.25 x reads.
  const gb = archiveBytes / 1024 ** 3;
  const reads = 0.3285 / 86_400;
  const expected = Math.round((0.15 * gb - 0.25 * reads) * 10_000) / 10_000;
  assert.ok(expected > 0, `${archiveBytes} bytes`);
  const rec = a.recommendations.find((r) => r.kind === 'table-class');
  assert.equal(rec?.monthlySavingsUsd, expected);
  assert.match(rec?.action ?? '', /Standard-IA/);
  assert.equal(a.tableClass, 'STANDARD');
});

test('a second run the same day reads the cache: no GetMetricData call, same figures', async () => {
  const first = await cli([...four(), '--format', 'json']);
  assert.equal(first.code, 0, first.stderr);
  standIn.resetCounts();
  const second = await cli([...four(), '--format', 'json']);
  assert.equal(second.code, 0, second.stderr);
  const a = JSON.parse(first.stdout);
  const b = JSON.parse(second.stdout);
  assert.equal(standIn.calls('GetMetricData'), 0);
  assert.equal(b.cloudWatch.getMetricDataCalls, 0);
  assert.equal(b.cloudWatch.cachedTables, 4);
  assert.deepEqual(
    b.tables.map((t: { monthlyUsd: unknown }) => t.monthlyUsd),
    a.tables.map((t: { monthlyUsd: unknown }) => t.monthlyUsd),
  );
});

test('text output: one line per table with the split, the advice and the CloudWatch bill', async () => {
  const run = await cli(['--table', steady, '--table', spiky, '--no-cache']);
  assert.equal(run.code, 0, run.stderr);
  assert.match(
    run.stdout,
    new RegExp(`${steady}  \\[on-demand, Standard, us-east-1\\]  ≈ \\$49/month · save \\$29 with provisioned`),
  );
  assert.match(run.stdout, /reads \$32\.85 · writes \$16\.43 · storage \$0\.00 · indexes \$0\.00 · backups \$0\.00/);
  assert.match(
    run.stdout,
    /→ Switch to provisioned capacity with auto scaling at 70 % target utilization\. Saves \$28\.59\/month\./,
  );
  assert.match(run.stdout, /Stays on-demand: auto scaling would have throttled/);
  assert.match(run.stdout, /CloudWatch: 1 GetMetricData call, 4 metrics requested/);
});

test('bad input is one sentence and exit code 2', async () => {
  for (const [args, message] of [
    [['--target-utilization', '95'], /--target-utilization must be a percentage from 20 to 90/],
    [['--days', '64'], /--days must be at most 63/],
    [['--prices', path.join(cacheHome, 'missing.json')], /--prices: cannot read .*missing\.json as JSON/],
  ] as const) {
    const run = await cli([...args]);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, message);
  }
});

test('a price override reprices in another currency', async () => {
  const file = path.join(cacheHome, 'prices.json');
  fs.writeFileSync(file, JSON.stringify({ currency: 'EUR', standard: { readPerMillion: 0.1, writePerMillion: 0.5 } }));
  const run = await cli(['--table', steady, '--format', 'json', '--no-cache', '--prices', file]);
  assert.equal(run.code, 0, run.stderr);
  const s = JSON.parse(run.stdout).tables[0];
  // 262.8 M reads x 0.10/M = 26.28; 26.28 M writes x 0.50/M = 13.14.
  assert.deepEqual([s.monthlyUsd.reads, s.monthlyUsd.writes, s.currency], [26.28, 13.14, 'EUR']);
});
