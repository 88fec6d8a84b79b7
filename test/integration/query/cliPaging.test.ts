// `query --max-items` / `--exclusive-start-key` and `--output dynamodb-json` through the built CLI
// against DynamoDB Local: pages continued by hand add up to the whole result, the printed key is
// accepted back as is, and an item printed as DynamoDB JSON is one PutItem takes unchanged.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  GetItemCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../../src/core/aws/clients';
import { LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';
import { buildCli, cliEnv, runCli, type CliRun } from '../../harness/builtCli';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';

const local = testDynamoDb();
const table = uniqueTableName('paging');
const copy = uniqueTableName('paging-copy');
const ITEMS = 13;
let ddb: ConnectionOptions & { endpoint: string };

/** An item of every attribute type, with a number no double holds and a binary that is not text. */
function item(n: number): Record<string, AttributeValue> {
  return {
    pk: { S: 'p' },
    sk: { N: String(n) },
    gpk: { S: n % 2 === 0 ? 'even' : 'odd' },
    gsk: { S: `g${String(n).padStart(3, '0')}` },
    kind: { S: n % 3 === 0 ? 'fizz' : 'plain' },
    big: { N: `1234567890123456789012345678901234567${n % 10}` },
    price: { N: '1.50' },
    raw: { B: Uint8Array.from([0, 255, n, 10]) },
    flag: { BOOL: n % 2 === 0 },
    nothing: { NULL: true },
    tags: { SS: ['a', `t${n}`] },
    scores: { NS: ['1000', '2.5', String(n)] },
    blobs: { BS: [Uint8Array.from([1, 2]), Uint8Array.from([n])] },
    nested: { M: { list: { L: [{ S: 'x' }, { N: '-0.001' }, { M: { deep: { BOOL: false } } }] }, empty: { M: {} } } },
  };
}

before(async () => {
  buildCli();
  const { endpoint, region, credentials } = await local;
  ddb = { endpoint, region, credentials };
  const client = dynamoDbClient(ddb);
  for (const name of [table, copy]) {
    await client.send(
      new CreateTableCommand({
        TableName: name,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [
          { AttributeName: 'pk', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'N' },
          { AttributeName: 'gpk', AttributeType: 'S' },
          { AttributeName: 'gsk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: 'byParity',
            KeySchema: [
              { AttributeName: 'gpk', KeyType: 'HASH' },
              { AttributeName: 'gsk', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
      }),
    );
  }
  const all = Array.from({ length: ITEMS }, (_, i) => item(i + 1));
  for (let i = 0; i < all.length; i += 25) {
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: { [table]: all.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
      }),
    );
  }
});

const env = () =>
  cliEnv({
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });

function cli(...argv: string[]): Promise<CliRun> {
  return runCli([...argv, '--endpoint-url', ddb.endpoint], env());
}

interface QueryOut {
  items: Record<string, unknown>[];
  count: number;
  lastEvaluatedKey: Record<string, unknown> | null;
  pages: number;
  notes: string[];
}

async function queryJson(...argv: string[]): Promise<QueryOut> {
  const run = await cli('query', table, ...argv, '--format', 'json');
  assert.equal(run.code, 0, `${argv.join(' ')}: ${run.stderr}`);
  return JSON.parse(run.stdout) as QueryOut;
}

/** Pages of at most `size` items, each continued from the lastEvaluatedKey the previous one printed, until none is printed. */
async function byHand(
  size: number,
  ...argv: string[]
): Promise<{ pages: QueryOut[]; items: Record<string, unknown>[] }> {
  const pages: QueryOut[] = [];
  let key: Record<string, unknown> | null = null;
  do {
    const page = await queryJson(
      ...argv,
      '--max-items',
      String(size),
      ...(key ? ['--exclusive-start-key', JSON.stringify(key)] : []),
    );
    assert.ok(page.items.length <= size, `a page of ${page.items.length} items for --max-items ${size}`);
    assert.equal(page.count, page.items.length);
    pages.push(page);
    key = page.lastEvaluatedKey;
    assert.ok(pages.length <= ITEMS + 1, 'paging by hand does not end');
  } while (key);
  return { pages, items: pages.flatMap((p) => p.items) };
}

test('--max-items pages continued with --exclusive-start-key add up to the whole result, in order, without repeats', async () => {
  const whole = await queryJson('--pk', 'p', '--all');
  assert.equal(whole.items.length, ITEMS);
  const { pages, items } = await byHand(5, '--pk', 'p');
  assert.deepEqual(
    pages.map((p) => p.items.length),
    [5, 5, 3],
  );
  assert.deepEqual(items, whole.items);
  // The key printed after a full page is where the next one starts: the fifth item's key.
  assert.deepEqual(pages[0]?.lastEvaluatedKey, { pk: 'p', sk: 5 });
});

test("a page cut inside DynamoDB's own page (a filter, a projection without the keys, a larger --limit) resumes after the last item printed", async () => {
  const argv = ['--pk', 'p', '--filter', 'kind = plain', '--projection', 'gsk', '--limit', '4'];
  const whole = await queryJson(...argv, '--all');
  assert.ok(whole.items.length > 4);
  for (const i of whole.items)
    assert.deepEqual(Object.keys(i), ['gsk'], 'the keys added to find the resume point are not printed');
  for (const size of [1, 2, 3]) {
    const { items } = await byHand(size, ...argv);
    assert.deepEqual(items, whole.items, `--max-items ${size}`);
  }
});

test('on an index, the printed key holds the index and table keys and is accepted back; DynamoDB JSON keys are too', async () => {
  const whole = await queryJson('--index', 'byParity', '--pk', 'odd', '--all');
  const first = await queryJson('--index', 'byParity', '--pk', 'odd', '--max-items', '3');
  assert.deepEqual(Object.keys(first.lastEvaluatedKey ?? {}).sort(), ['gpk', 'gsk', 'pk', 'sk']);
  const { items } = await byHand(3, '--index', 'byParity', '--pk', 'odd');
  assert.deepEqual(items, whole.items);
  const typed = await queryJson('--index', 'byParity', '--pk', 'odd', '--max-items', '3', '--output', 'dynamodb-json');
  assert.deepEqual(typed.lastEvaluatedKey, { gpk: { S: 'odd' }, gsk: { S: 'g005' }, pk: { S: 'p' }, sk: { N: '5' } });
  const rest = await queryJson(
    '--index',
    'byParity',
    '--pk',
    'odd',
    '--exclusive-start-key',
    JSON.stringify(typed.lastEvaluatedKey),
    '--all',
  );
  assert.deepEqual(rest.items, whole.items.slice(3));
});

test('the text output says how to continue, and the command it shows works', async () => {
  const run = await cli('query', table, '--pk', 'p', '--max-items', '2');
  assert.equal(run.code, 0, run.stderr);
  const hint = /continue with --exclusive-start-key '([^']+)'/.exec(run.stdout);
  assert.ok(hint, run.stdout);
  const next = await queryJson('--pk', 'p', '--max-items', '2', '--exclusive-start-key', hint[1] as string);
  assert.deepEqual(
    next.items.map((i) => i.sk),
    [3, 4],
  );
});

test('a start key that does not fit the key schema is refused with the attributes it needs', async () => {
  const cases: Array<[string[], number, string]> = [
    [
      ['--exclusive-start-key', '{"sk": 3}'],
      1,
      `The start key lacks pk: a query on table ${table} resumes from a key of pk, sk (the lastEvaluatedKey it printed).`,
    ],
    [
      ['--exclusive-start-key', '{"pk": "p", "sk": 3, "kind": "plain"}'],
      1,
      `The start key holds kind, which is not a key attribute of table ${table}: give only pk, sk.`,
    ],
    [
      ['--exclusive-start-key', '{"pk": "p", "sk": "three"}'],
      1,
      'Start key attribute sk is a number (N), but "three" is not a valid DynamoDB number.',
    ],
    [
      ['--exclusive-start-key', '{"pk": "p", "sk": {"S": "3"}}'],
      1,
      'Start key attribute sk is typed S, but its key type is N.',
    ],
    [
      ['--exclusive-start-key', '{"pk": "p", "sk": true}'],
      1,
      'Start key attribute sk must be a number value (its key type is N), got true.',
    ],
    [
      ['--index', 'byParity', '--exclusive-start-key', '{"pk": "p", "sk": 3}'],
      1,
      `The start key lacks gpk, gsk: a query on index byParity of table ${table} resumes from a key of gpk, gsk, pk, sk (the lastEvaluatedKey it printed).`,
    ],
    [
      ['--exclusive-start-key', '[1, 2]'],
      2,
      '--exclusive-start-key must be a JSON object, such as the lastEvaluatedKey a query printed',
    ],
    [
      ['--exclusive-start-key', "{pk: 'p'}"],
      2,
      '--exclusive-start-key must be JSON, such as the lastEvaluatedKey a query printed',
    ],
    [['--max-items', '0'], 2, '--max-items must be a positive whole number, got "0"'],
    [['--output', 'yaml'], 2, '--output must be json or dynamodb-json, got "yaml"'],
  ];
  for (const [argv, code, message] of cases) {
    const run = await cli('query', table, '--pk', argv.includes('byParity') ? 'odd' : 'p', ...argv);
    assert.equal(run.code, code, `${argv.join(' ')}: ${run.stderr}`);
    assert.equal(run.stdout, '');
    assert.ok(
      run.stderr.startsWith(`dynamo-guard query: ${message}`) && run.stderr.split('\n').length === 2,
      `${argv.join(' ')}: ${run.stderr}`,
    );
  }
});

test('get --output dynamodb-json prints only the item on stdout, and PutItem takes it unchanged', async () => {
  const key = { pk: { S: 'p' }, sk: { N: '7' } };
  const run = await cli('get', table, '--pk', 'p', '--sk', '7', '--output', 'dynamodb-json');
  assert.equal(run.code, 0, run.stderr);
  assert.match(run.stderr, /^Consumed 0\.5 read units/);
  const printed = JSON.parse(run.stdout) as Record<string, unknown>;
  assert.deepEqual(printed.big, { N: '12345678901234567890123456789012345677' });
  assert.deepEqual(printed.raw, { B: Buffer.from([0, 255, 7, 10]).toString('base64') });
  // What `aws dynamodb put-item --item "$(dynamo-guard get ...)"` sends: the printed JSON as the Item of the wire request.
  // DynamoDB Local reads the access key id from the Authorization header and does not check the signature.
  const response = await fetch(ddb.endpoint, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.0',
      'X-Amz-Target': 'DynamoDB_20120810.PutItem',
      Authorization: `AWS4-HMAC-SHA256 Credential=${LOCAL_CREDENTIALS.accessKeyId}/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: `{"TableName": ${JSON.stringify(copy)}, "Item": ${run.stdout}}`,
  });
  assert.equal(response.status, 200, await response.text());
  const client = dynamoDbClient(ddb);
  const original = await client.send(new GetItemCommand({ TableName: table, Key: key }));
  const copied = await client.send(new GetItemCommand({ TableName: copy, Key: key }));
  assert.deepEqual(copied.Item, original.Item);
});

test('query --output dynamodb-json writes one typed item a line on stdout; the JSON format keeps its fields', async () => {
  const run = await cli('query', table, '--pk', 'p', '--max-items', '2', '--output', 'dynamodb-json');
  assert.equal(run.code, 0, run.stderr);
  const lines = run.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  assert.deepEqual(
    lines.map((l) => l.sk),
    [{ N: '1' }, { N: '2' }],
  );
  assert.match(run.stderr, /^2 item\(s\)/);
  const json = await queryJson('--pk', 'p', '--max-items', '2', '--output', 'dynamodb-json');
  assert.deepEqual(Object.keys(json), [
    'items',
    'count',
    'scannedCount',
    'lastEvaluatedKey',
    'consumedCapacity',
    'estimatedCostUsd',
    'pages',
    'notes',
  ]);
  const plain = await queryJson('--pk', 'p', '--max-items', '2');
  assert.deepEqual(
    plain.items.map((i) => i.sk),
    [1, 2],
    'plain JSON stays the default',
  );
});
