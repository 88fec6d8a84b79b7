// Filters as users type them, against real DynamoDB Local: the built CLI (`node dist/cli.js query
// --filter ...`) returns exactly the right orders for AND and OR, an unreadable filter exits 2 with
// its column, and every form the parser writes (NOT, parentheses, BETWEEN, IN, functions, paths,
// quoted names) is accepted by DynamoDB and selects the items it should.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { CreateTableCommand, PutItemCommand, QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../../src/core/aws/clients';
import { parseCondition } from '../../../src/core/query/conditionParser';
import { buildQuery } from '../../../src/core/query/requests';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { buildCli } from '../../harness/builtCli';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const local = testDynamoDb();
const tableName = uniqueTableName('filters');
let conn: ConnectionOptions;

const PK = 'CUSTOMER#1';
/** The orders of one customer; each filter below names the SKs it must return. */
const ORDERS: Record<string, unknown>[] = [
  {
    SK: 'ORDER#01',
    status: 'pending',
    total: 50,
    lines: [{ sku: 'A1' }],
    address: { city: 'Boston' },
    tags: new Set(['gift']),
    'gift note': 'hi',
  },
  {
    SK: 'ORDER#02',
    status: 'pending',
    total: 150,
    lines: [{ sku: 'B2' }, { sku: 'A1' }],
    address: { city: 'Austin' },
    limit: 200,
  },
  {
    SK: 'ORDER#03',
    status: 'shipped',
    total: 500,
    lines: [],
    address: { city: 'Boston' },
    tags: new Set(['gift', 'rush']),
    limit: 100,
  },
  { SK: 'ORDER#04', status: 'shipped', total: 5, paid: true, note: null, ['__proto__']: 'kept as data' },
  { SK: 'ORDER#05', status: 'pending', total: 100, paid: false },
  { SK: 'ORDER#06', status: 'cancelled', total: 3 },
  { SK: 'ORDER#07', status: 'pending', total: 3, 'gift note': 'for mum' },
];

// `shop`'s key names, as DescribeTable would give them; no indexes needed here.
const table: TableModel = {
  name: tableName,
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [],
};

before(async () => {
  const ddb = await local;
  conn = { endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials };
  const client = dynamoDbClient(conn);
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
    }),
  );
  for (const { tags, ['__proto__']: proto, ...plain } of ORDERS) {
    const item: Record<string, AttributeValue> = marshall({ PK, ...plain }, { removeUndefinedValues: true });
    if (tags instanceof Set) item.tags = { SS: [...tags] as string[] };
    // defineProperty, not assignment, so the attribute named __proto__ stays data.
    if (typeof proto === 'string')
      Object.defineProperty(item, '__proto__', {
        value: { S: proto },
        enumerable: true,
        configurable: true,
        writable: true,
      });
    await client.send(new PutItemCommand({ TableName: tableName, Item: item }));
  }
  // The tests run the CLI exactly as users get it: the esbuild bundles `npm run build` writes.
  buildCli();
});

interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

function builtCli(...argv: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'dist', 'cli.js'), ...argv], {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH ?? '',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
        AWS_ACCESS_KEY_ID: 'local',
        AWS_SECRET_ACCESS_KEY: 'local',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => {
      stdout += b.toString();
    });
    child.stderr.on('data', (b: Buffer) => {
      stderr += b.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function cliOrders(filter: string): Promise<string[]> {
  const { endpoint } = await local;
  const r = await builtCli(
    'query',
    tableName,
    '--pk',
    PK,
    '--filter',
    filter,
    '--format',
    'json',
    '--endpoint-url',
    endpoint,
  );
  assert.equal(r.code, 0, r.stderr);
  return (JSON.parse(r.stdout) as { items: { SK: string }[] }).items.map((i) => i.SK).sort();
}

test('the built CLI returns the pending orders over 100 for `status = "pending" AND total > 100`', async () => {
  assert.deepEqual(await cliOrders('status = "pending" AND total > 100'), ['ORDER#02']);
});

test('the built CLI returns every order over 10 and every pending one for `total > 10 OR status = "pending"`', async () => {
  assert.deepEqual(await cliOrders('total > 10 OR status = "pending"'), [
    'ORDER#01',
    'ORDER#02',
    'ORDER#03',
    'ORDER#05',
    'ORDER#07',
  ]);
});

test('repeated --filter flags must all hold, and an OR inside one keeps its meaning', async () => {
  const { endpoint } = await local;
  const r = await builtCli(
    'query',
    tableName,
    '--pk',
    PK,
    '--filter',
    'total > 10 OR status = "pending"',
    '--filter',
    'status <> pending',
    '--format',
    'json',
    '--endpoint-url',
    endpoint,
  );
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(
    (JSON.parse(r.stdout) as { items: { SK: string }[] }).items.map((i) => i.SK),
    ['ORDER#03'],
  );
});

test('the built CLI refuses an unreadable filter with exit 2 and its column, before any request', async () => {
  const { endpoint } = await local;
  const cases: Array<[string[], string]> = [
    [
      ['--filter', 'status = "pending" AND total >'],
      'dynamo-guard query: --filter at column 31: expected a value (a "quoted string", a number, true, false, null or size(...)), found the end\n',
    ],
    [
      ['--filter', 'total > 10 OR'],
      'dynamo-guard query: --filter at column 14: expected a condition (an attribute name, a function such as attribute_exists(...), NOT or "("), found the end\n',
    ],
    [
      ['--filter', 'total > 1', '--filter', 'status != "x"'],
      'dynamo-guard query: --filter #2 at column 8: expected <> for "not equal" (DynamoDB has no !=), found "!="\n',
    ],
  ];
  for (const [flags, stderr] of cases) {
    const r = await builtCli('query', tableName, '--pk', PK, ...flags, '--endpoint-url', endpoint);
    assert.deepEqual(r, { code: 2, stdout: '', stderr }, flags.join(' '));
  }
});

test('every form the parser writes is accepted by DynamoDB and selects the right orders', async () => {
  const client = dynamoDbClient(conn);
  const cases: Array<[string, string[]]> = [
    ['status = pending', ['01', '02', '05', '07']],
    ['status <> pending', ['03', '04', '06']],
    ['total < 5', ['06', '07']],
    ['total <= 5', ['04', '06', '07']],
    ['total >= 150', ['02', '03']],
    ['total BETWEEN 50 AND 150', ['01', '02', '05']],
    ['status IN (shipped, "cancelled")', ['03', '04', '06']],
    ['NOT status = pending', ['03', '04', '06']],
    ['NOT NOT status = pending', ['01', '02', '05', '07']],
    ['NOT (status = pending OR total < 10)', ['03']],
    ['(status = pending OR status = shipped) AND total > 60', ['02', '03', '05']],
    ['status = pending OR status = shipped AND total > 60', ['01', '02', '03', '05', '07']],
    ['status = shipped AND (total > 60 OR paid = true)', ['03', '04']],
    ['((status = shipped))', ['03', '04']],
    ['attribute_exists(paid)', ['04', '05']],
    ['attribute_not_exists(lines) AND total > 4', ['04', '05']],
    ['attribute_type(tags, SS)', ['01', '03']],
    ['attribute_type(note, NULL) AND note = null', ['04']],
    ['paid = false', ['05']],
    ['begins_with(status, pen) AND begins_with(address.city, "Bos")', ['01']],
    ['contains(tags, rush)', ['03']],
    ['contains(status, "ipp")', ['03', '04']],
    ['size(lines) > 1', ['02']],
    ['size(lines) = 0', ['03']],
    ['lines[0].sku = A1', ['01']],
    ['lines[1].sku = A1', ['02']],
    ['address.city = Boston', ['01', '03']],
    ['`gift note` = "for mum"', ['07']],
    ['attribute_exists(`gift note`)', ['01', '07']],
    ['__proto__ = "kept as data"', ['04']],
    ['total < `limit`', ['02']],
    ['size(lines) < size(`lines`) OR total = size(status)', []],
  ];
  for (const [filter, expected] of cases) {
    const { input } = buildQuery({ table, pk: PK, filter: parseCondition(filter) });
    const out = await client.send(new QueryCommand(input));
    const got = (out.Items ?? []).map((i) => (i.SK?.S ?? '').slice('ORDER#'.length)).sort();
    assert.deepEqual(got, expected, `${filter}  =>  ${input.FilterExpression}`);
  }
});
