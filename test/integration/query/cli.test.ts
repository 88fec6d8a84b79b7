// Every `get` / `query` / `tables` form and every bad-input path, through runCli in-process against
// DynamoDB Local seeded with the sample shop.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import { freePort, LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';
import { seedSampleShop, IMAGES, IMAGE_BYTES, type SampleShop } from '../../harness/sampleShop';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';

// No EC2 metadata look-ups while the default chain looks for credentials on this machine.
process.env.AWS_EC2_METADATA_DISABLED = 'true';
// The CLI finds the seeding credentials through the chain: DynamoDB Local keeps tables per access key.
process.env.AWS_ACCESS_KEY_ID = LOCAL_CREDENTIALS.accessKeyId;
process.env.AWS_SECRET_ACCESS_KEY = LOCAL_CREDENTIALS.secretAccessKey;
const local = testDynamoDb();
let shop: SampleShop;
let endpoint: string;

before(async () => {
  const ddb = await local;
  endpoint = ddb.endpoint;
  shop = await seedSampleShop(
    { endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials },
    { prefix: `${uniqueTableName('cli')}-` },
  );
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
  json: () => Record<string, unknown>;
}

async function cli(...argv: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: process.cwd(),
    env: { AWS_REGION: 'us-east-1' },
    isTty: false,
  };
  const code = await runCli([...argv, '--endpoint-url', endpoint], io);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) as Record<string, unknown> };
}

test('get returns one item with a string key as exact JSON (big number as string, set and binary marked)', async () => {
  const r = await cli('get', shop.shop, '--pk', 'CUSTOMER#c001', '--sk', 'PROFILE', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = r.json();
  assert.deepEqual(out.item, {
    PK: 'CUSTOMER#c001',
    SK: 'PROFILE',
    GSI1PK: 'EMAIL#c001@example.com',
    GSI1SK: 'PROFILE',
    type: 'customer',
    name: 'Customer 001',
    email: 'c001@example.com',
    tags: (out.item as { tags: unknown }).tags,
    avatar: { $binary: Buffer.from([1, 2, 3]).toString('base64') },
    lifetimeValueCents: '12345678901234567001',
  });
  const tags = (out.item as { tags: { $set: string; values: string[] } }).tags;
  assert.equal(tags.$set, 'SS');
  assert.ok(tags.values.includes('newsletter'));
  assert.deepEqual(Object.keys(out), ['item', 'consumedCapacity', 'estimatedCostUsd']);
  const cc = out.consumedCapacity as { tableName: string; readUnits: number };
  assert.equal(cc.tableName, shop.shop);
  assert.equal(cc.readUnits, 0.5);
  assert.equal(out.estimatedCostUsd, (0.5 * 0.125) / 1_000_000);
});

test('get on a number partition key types the value and prices it as provisioned', async () => {
  const r = await cli('get', shop.ordersByNumber, '--pk', '1000', '--consistent', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = r.json() as {
    item: { orderNumber: number; orderId: string };
    consumedCapacity: { readUnits: number };
    estimatedCostUsd: number;
  };
  assert.equal(out.item.orderNumber, 1000);
  assert.equal(out.item.orderId, 'o1000');
  assert.equal(out.consumedCapacity.readUnits, 1);
  assert.equal(out.estimatedCostUsd, 0.00013 / 3600);
});

test('get of a missing key prints item null', async () => {
  const r = await cli('get', shop.shop, '--pk', 'CUSTOMER#nobody', '--sk', 'PROFILE', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.json().item, null);
});

test('query with each sort-key condition returns the matching orders only', async () => {
  const base = await cli('query', shop.shop, '--pk', 'CUSTOMER#c002', '--format', 'json');
  assert.equal(base.code, 0, base.stderr);
  const all = (base.json().items as { SK: string }[]).map((i) => i.SK);
  const orders = all.filter((sk) => sk.startsWith('ORDER#'));
  assert.ok(orders.length >= 1);
  assert.deepEqual(all, [...orders, 'PROFILE'].sort(), 'ascending by sort key');
  const first = orders[0] as string;
  const last = orders[orders.length - 1] as string;
  const cases: Array<[string[], string[]]> = [
    [['--sk', first], [first]],
    [['--sk-begins-with', 'ORDER#'], orders],
    [['--sk-between', first, last], orders],
    [['--sk-gt', first], all.filter((s) => s > first)],
    [['--sk-ge', first], all.filter((s) => s >= first)],
    [['--sk-lt', 'ORDER#9'], orders],
    [['--sk-le', first], all.filter((s) => s <= first)],
  ];
  for (const [flags, expected] of cases) {
    const r = await cli('query', shop.shop, '--pk', 'CUSTOMER#c002', ...flags, '--format', 'json');
    assert.equal(r.code, 0, `${flags.join(' ')}: ${r.stderr}`);
    assert.deepEqual(
      (r.json().items as { SK: string }[]).map((i) => i.SK),
      expected,
      flags.join(' '),
    );
  }
});

test('query --desc --limit returns one page in reverse with a lastEvaluatedKey to resume from', async () => {
  const r = await cli('query', shop.shop, '--pk', 'CUSTOMER#c002', '--desc', '--limit', '1', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const out = r.json();
  assert.deepEqual(
    (out.items as { SK: string }[]).map((i) => i.SK),
    ['PROFILE'],
  );
  assert.equal(out.count, 1);
  assert.equal(out.scannedCount, 1);
  assert.deepEqual(out.lastEvaluatedKey, { PK: 'CUSTOMER#c002', SK: 'PROFILE' });
  assert.equal(out.pages, 1);
});

test('query on a GSI finds an order by id; on a number-keyed status index with projection', async () => {
  const byId = await cli('query', shop.shop, '--index', 'GSI1', '--pk', 'ORDER#o1000', '--format', 'json');
  assert.equal(byId.code, 0, byId.stderr);
  const items = byId.json().items as { orderNumber: number; type: string }[];
  assert.deepEqual(
    items.map((i) => [i.type, i.orderNumber]),
    [['order', 1000]],
  );
  const shipped = await cli(
    'query',
    shop.shop,
    '--index',
    'GSI2',
    '--pk',
    'SHIPPED',
    '--sk-begins-with',
    '2026-0',
    '--projection',
    'total,customerId',
    '--format',
    'json',
  );
  assert.equal(shipped.code, 0, shipped.stderr);
  const rows = shipped.json().items as Record<string, unknown>[];
  assert.ok(rows.length > 0);
  for (const row of rows) assert.deepEqual(Object.keys(row).sort(), ['customerId', 'total']);
});

test('query on an LSI with a numeric sort key condition and a consistent read', async () => {
  const r = await cli(
    'query',
    shop.reviews,
    '--index',
    'byRating',
    '--pk',
    'p001',
    '--sk-ge',
    '3',
    '--consistent',
    '--format',
    'json',
  );
  assert.equal(r.code, 0, r.stderr);
  const ratings = (r.json().items as { rating: number }[]).map((i) => i.rating);
  assert.ok(ratings.every((x) => x >= 3));
  assert.deepEqual(
    ratings,
    [...ratings].sort((a, b) => a - b),
  );
  const every = await cli('query', shop.reviews, '--pk', 'p001', '--format', 'json');
  assert.equal((every.json().items as { rating: number }[]).filter((i) => i.rating >= 3).length, ratings.length);
});

test('a > 1 MB partition takes two pages: one page by default, all of them with --all', async () => {
  const one = await cli('query', shop.shop, '--pk', shop.bigPartition, '--format', 'json');
  assert.equal(one.code, 0, one.stderr);
  const first = one.json();
  assert.ok((first.items as unknown[]).length < IMAGES, 'DynamoDB stops a page at 1 MB');
  assert.notEqual(first.lastEvaluatedKey, null);
  const all = await cli('query', shop.shop, '--pk', shop.bigPartition, '--all', '--format', 'json');
  assert.equal(all.code, 0, all.stderr);
  const out = all.json() as {
    items: unknown[];
    count: number;
    pages: number;
    lastEvaluatedKey: unknown;
    consumedCapacity: { readUnits: number };
  };
  assert.equal(out.count, IMAGES);
  assert.equal(out.pages, 2);
  assert.equal(out.lastEvaluatedKey, null);
  assert.ok(out.consumedCapacity.readUnits >= (IMAGES * IMAGE_BYTES) / 4096 / 2);
});

test('--all stops at the read budget and says so', async () => {
  const r = await cli(
    'query',
    shop.shop,
    '--pk',
    shop.bigPartition,
    '--all',
    '--max-read-units',
    '10',
    '--format',
    'json',
  );
  assert.equal(r.code, 0, r.stderr);
  const out = r.json() as { pages: number; lastEvaluatedKey: unknown; notes: string[] };
  assert.equal(out.pages, 1);
  assert.notEqual(out.lastEvaluatedKey, null);
  assert.match(out.notes.join(' '), /read budget of 10/);
});

test('a filter narrows items but not the read, and the note says so', async () => {
  const r = await cli(
    'query',
    shop.shop,
    '--index',
    'GSI1',
    '--pk',
    'CATEGORY#books',
    '--filter',
    'price>=50',
    '--format',
    'json',
  );
  assert.equal(r.code, 0, r.stderr);
  const out = r.json() as { items: { price: number }[]; count: number; scannedCount: number; notes: string[] };
  assert.ok(out.items.every((i) => i.price >= 50));
  assert.ok(out.scannedCount >= out.count);
  assert.match(out.notes[0] ?? '', /do not reduce read cost/);
});

test('text format prints items and a capacity summary', async () => {
  const r = await cli('query', shop.ordersByNumber, '--pk', '1001');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /"orderNumber":1001/);
  assert.match(r.stdout, /1 item\(s\), 1 read, 1 page\(s\); consumed 0\.5 read units/);
});

test('tables lists the sample tables with typed keys and indexes', async () => {
  const r = await cli('tables', '--format', 'json');
  assert.equal(r.code, 0, r.stderr);
  const tables = r.json().tables as {
    name: string;
    partitionKey: unknown;
    indexes: { name: string; kind: string }[];
    billingMode: string;
  }[];
  const byName = new Map(tables.map((t) => [t.name, t]));
  assert.deepEqual(byName.get(shop.ordersByNumber)?.partitionKey, { name: 'orderNumber', type: 'N' });
  assert.equal(byName.get(shop.ordersByNumber)?.billingMode, 'PROVISIONED');
  assert.deepEqual(
    byName.get(shop.shop)?.indexes.map((i) => `${i.kind}:${i.name}`),
    ['GSI:GSI1', 'GSI:GSI2'],
  );
  assert.deepEqual(
    byName.get(shop.reviews)?.indexes.map((i) => `${i.kind}:${i.name}`),
    ['LSI:byRating'],
  );
  const text = await cli('tables');
  assert.match(text.stdout, new RegExp(`${shop.ordersByNumber}  \\[ACTIVE, provisioned 5/5`));
});

test('bad input: each path exits with its code and one readable line', async () => {
  const cases: Array<[string[], number, string]> = [
    [
      ['get', shop.ordersByNumber, '--pk', 'abc'],
      1,
      `dynamo-guard get: Key attribute orderNumber is a number (N), but "abc" is not a valid DynamoDB number.\n`,
    ],
    [['query', shop.shop], 2, 'dynamo-guard query: missing --pk <value>\n'],
    [
      ['query', shop.shop, '--index', 'GSI1', '--pk', 'x', '--consistent'],
      1,
      'dynamo-guard query: Index GSI1 is a global secondary index, which only supports eventually consistent reads: leave out --consistent.\n',
    ],
    [
      ['query', 'no-such-table', '--pk', 'x'],
      1,
      `dynamo-guard query: Table no-such-table was not found in us-east-1 at ${endpoint}: check the name, region and account.\n`,
    ],
    [
      ['query', shop.shop, '--index', 'GSI9', '--pk', 'x'],
      1,
      `dynamo-guard query: Table ${shop.shop} has no index named GSI9 (its indexes: GSI1, GSI2).\n`,
    ],
    [
      ['query', shop.shop, '--pk', 'x', '--bogus'],
      2,
      'dynamo-guard query: unknown option --bogus (see `dynamo-guard query --help`)\n',
    ],
    [
      ['query', shop.shop, '--pk', 'x', '--sk', 'a', '--sk-gt', 'b'],
      2,
      'dynamo-guard query: give at most one sort-key condition, got --sk and --sk-gt\n',
    ],
    [
      ['query', shop.shop, '--pk', 'x', '--limit', '0'],
      2,
      'dynamo-guard query: --limit must be a positive whole number, got "0"\n',
    ],
    [
      ['query', shop.reviews, '--index', 'byRating', '--pk', 'p001', '--sk-begins-with', '4'],
      1,
      'dynamo-guard query: Sort key rating is a number (N): begins_with works only on string and binary keys.\n',
    ],
    [
      ['get', shop.shop, '--pk', 'CUSTOMER#c001'],
      1,
      `dynamo-guard get: Table ${shop.shop} has sort key SK: give its value too (--sk) to get one item.\n`,
    ],
  ];
  for (const [argv, code, stderr] of cases) {
    const r = await cli(...argv);
    assert.deepEqual(
      { code: r.code, stderr: r.stderr, stdout: r.stdout },
      { code, stderr, stdout: '' },
      argv.join(' '),
    );
  }
});

test('endpoint down: a closed port gives exit 1 and names the endpoint', async () => {
  const port = await freePort();
  let stderr = '';
  const io: CliIo = {
    stdout: () => undefined,
    stderr: (t) => {
      stderr += t;
    },
    cwd: process.cwd(),
    env: { AWS_REGION: 'us-east-1' },
    isTty: false,
  };
  const code = await runCli(['query', 'shop', '--pk', 'x', '--endpoint-url', `http://127.0.0.1:${port}`], io);
  assert.equal(code, 1);
  assert.equal(
    stderr,
    `dynamo-guard query: DynamoDB at http://127.0.0.1:${port} does not answer (is DynamoDB Local running?): start it or fix the endpoint URL.\n`,
  );
});
