// Typed key input, request building and the item JSON encoding, without any AWS call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemToJson, numberToJson } from '../../../src/core/query/itemJson';
import { parseCondition } from '../../../src/core/query/conditionParser';
import { QueryInputError, isDynamoDbNumber, parseKeyValue } from '../../../src/core/query/keyValue';
import { MAX_LIMIT, buildGetItem, buildQuery, buildScan } from '../../../src/core/query/requests';
import { summarizeCapacity } from '../../../src/core/query/run';
import type { TableModel } from '../../../src/core/tables/tableModel';

const shop: TableModel = {
  name: 'shop',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [
    {
      name: 'GSI1',
      kind: 'GSI',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'total', type: 'N' },
      projection: { type: 'ALL' },
    },
    {
      name: 'byDate',
      kind: 'LSI',
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'date', type: 'S' },
      projection: { type: 'ALL' },
    },
  ],
};

test('rejects "abc" for a number key, naming the attribute and its type', () => {
  assert.throws(
    () => parseKeyValue('abc', { name: 'orderNumber', type: 'N' }),
    (e: Error) =>
      e instanceof QueryInputError &&
      e.message === 'Key attribute orderNumber is a number (N), but "abc" is not a valid DynamoDB number.',
  );
  assert.deepEqual(parseKeyValue('-1.5e3', { name: 'n', type: 'N' }), { N: '-1.5e3' });
  assert.throws(() => parseKeyValue('1'.repeat(39), { name: 'n', type: 'N' }), QueryInputError, 'more than 38 digits');
  assert.throws(() => parseKeyValue('1e126', { name: 'n', type: 'N' }), QueryInputError, 'out of range');
});

test('reads binary keys from base64 and refuses anything else', () => {
  assert.deepEqual(parseKeyValue('AQID', { name: 'b', type: 'B' }), { B: Buffer.from([1, 2, 3]) });
  assert.throws(() => parseKeyValue('not base64!', { name: 'b', type: 'B' }), /binary \(B\)/);
});

test('keeps numbers as numbers only when a double reproduces them', () => {
  assert.equal(numberToJson('42'), 42);
  assert.equal(numberToJson('1.10'), 1.1);
  assert.equal(numberToJson('12345678901234567890'), '12345678901234567890');
  assert.equal(numberToJson('3.14159265358979323846264'), '3.14159265358979323846264');
  assert.equal(numberToJson('1e-130'), 1e-130);
});

test('marks sets and binary, and keeps a __proto__ attribute as data', () => {
  // JSON.parse makes "__proto__" an own property, the way an unmarshalled response would carry it.
  const attrs = JSON.parse('{"__proto__": {"S": "x"}}') as Record<string, never>;
  const json = itemToJson({
    ...attrs,
    tags: { SS: ['a', 'b'] },
    nums: { NS: ['1', '99999999999999999999'] },
    blob: { B: Buffer.from('hi') },
    bins: { BS: [Buffer.from([0])] },
    nested: { M: { l: { L: [{ BOOL: true }, { NULL: true }] } } },
  });
  assert.deepEqual(json.tags, { $set: 'SS', values: ['a', 'b'] });
  assert.deepEqual(json.nums, { $set: 'NS', values: [1, '99999999999999999999'] });
  assert.deepEqual(json.blob, { $binary: 'aGk=' });
  assert.deepEqual(json.bins, { $set: 'BS', values: ['AA=='] });
  assert.deepEqual(json.nested, { l: [true, null] });
  assert.equal(Object.getPrototypeOf(json), Object.prototype);
  assert.ok(Object.keys(json).includes('__proto__'));
  assert.equal(JSON.parse(JSON.stringify(json)).__proto__, 'x');
});

test('a Limit DynamoDB cannot take (above 2^31-1, below 1, fractional) is refused before any call', () => {
  assert.equal(MAX_LIMIT, 2_147_483_647);
  assert.equal(buildQuery({ table: shop, pk: 'a', limit: MAX_LIMIT }).input.Limit, MAX_LIMIT);
  for (const limit of [MAX_LIMIT + 1, 0, 1.5]) {
    assert.throws(
      () => buildQuery({ table: shop, pk: 'a', limit }),
      (e: unknown) =>
        e instanceof QueryInputError &&
        e.message === `Limit must be a whole number from 1 to 2147483647 (DynamoDB's largest Limit), got ${limit}.`,
    );
    assert.throws(() => buildScan({ table: shop, limit }), QueryInputError);
  }
});

test('uses expression attribute names for every key, so reserved words work', () => {
  const { input } = buildQuery({
    table: shop,
    pk: 'CUSTOMER#1',
    sk: { op: 'between', values: ['ORDER#1', 'ORDER#5'] },
    descending: true,
    limit: 10,
  });
  assert.equal(input.KeyConditionExpression, '#pk = :pk AND #sk BETWEEN :sk0 AND :sk1');
  assert.deepEqual(input.ExpressionAttributeNames, { '#pk': 'PK', '#sk': 'SK' });
  assert.deepEqual(input.ExpressionAttributeValues, {
    ':pk': { S: 'CUSTOMER#1' },
    ':sk0': { S: 'ORDER#1' },
    ':sk1': { S: 'ORDER#5' },
  });
  assert.equal(input.ScanIndexForward, false);
  assert.equal(input.ReturnConsumedCapacity, 'INDEXES');
  assert.equal(input.Limit, 10);
});

test('refuses a consistent read on a GSI but allows it on an LSI', () => {
  assert.throws(
    () => buildQuery({ table: shop, index: 'GSI1', pk: 'x', consistent: true }),
    /GSI1 is a global secondary index.*leave out --consistent/,
  );
  assert.equal(buildQuery({ table: shop, index: 'byDate', pk: 'x', consistent: true }).input.ConsistentRead, true);
});

test('refuses begins_with on a number sort key and an unknown index', () => {
  assert.throws(
    () => buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: 'begins_with', values: ['1'] } }),
    /total is a number \(N\): begins_with/,
  );
  assert.throws(() => buildQuery({ table: shop, index: 'nope', pk: 'x' }), {
    message: 'Table shop has no index named nope (its indexes: GSI1, byDate).',
  });
});

test('types index sort-key values from the index schema', () => {
  const { input } = buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: '>=', values: ['100'] } });
  assert.deepEqual(input.ExpressionAttributeValues?.[':sk0'], { N: '100' });
  assert.throws(
    () => buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: '>=', values: ['lots'] } }),
    /total is a number/,
  );
});

test('GetItem needs the sort key of a composite table', () => {
  assert.throws(() => buildGetItem({ table: shop, pk: 'a' }), /sort key SK/);
  const input = buildGetItem({ table: shop, pk: 'a', sk: 'b', projection: ['name', 'status'] });
  assert.deepEqual(input.Key, { PK: { S: 'a' }, SK: { S: 'b' } });
  assert.equal(input.ProjectionExpression, '#p0, #p1');
  assert.deepEqual(input.ExpressionAttributeNames, { '#p0': 'name', '#p1': 'status' });
});

test('checks DynamoDB numbers by their digits and magnitude', () => {
  for (const ok of [
    '0',
    '-0',
    '+1',
    '1.',
    '.5',
    '007',
    '1e5',
    '1E+5',
    '-1.5e-3',
    '1e-130',
    '9.99e125',
    '0.000',
    `${'9'.repeat(38)}`,
    `1${'0'.repeat(60)}`,
    ` 42 `,
  ]) {
    assert.ok(isDynamoDbNumber(ok), ok);
  }
  for (const bad of [
    '',
    '.',
    '-',
    '+',
    'e5',
    '1e',
    '1e+',
    '1.2.3',
    '1_000',
    '0x10',
    'NaN',
    'Infinity',
    '1e-131',
    '1e126',
    `${'9'.repeat(39)}`,
    `1${'0'.repeat(126)}`,
    '1 2',
  ]) {
    assert.ok(!isDynamoDbNumber(bad), bad);
  }
});

test('filter placeholders stay apart from those of the key condition and the projection', () => {
  const hostile: TableModel = {
    ...shop,
    partitionKey: { name: '#n0', type: 'S' },
    sortKey: { name: ':v0', type: 'S' },
  };
  const { input } = buildQuery({
    table: hostile,
    pk: ':v0',
    sk: { op: 'begins_with', values: ['#n0'] },
    projection: ['#n0', 'total'],
    filter: parseCondition('`#n0` = "#pk" AND (total > 100 OR `:v0` IN (":sk0", x))'),
  });
  assert.equal(input.KeyConditionExpression, '#pk = :pk AND begins_with(#sk, :sk0)');
  assert.equal(input.FilterExpression, '#n0 = :v0 AND (#n1 > :v1 OR #n2 IN (:v2, :v3))');
  assert.equal(input.ProjectionExpression, '#p0, #p1');
  assert.deepEqual(input.ExpressionAttributeNames, {
    '#pk': '#n0',
    '#sk': ':v0',
    '#n0': '#n0',
    '#n1': 'total',
    '#n2': ':v0',
    '#p0': '#n0',
    '#p1': 'total',
  });
  assert.deepEqual(input.ExpressionAttributeValues, {
    ':pk': { S: ':v0' },
    ':sk0': { S: '#n0' },
    ':v0': { S: '#pk' },
    ':v1': { N: '100' },
    ':v2': { S: ':sk0' },
    ':v3': { S: 'x' },
  });
  const scan = buildScan({ table: shop, filter: parseCondition('attribute_exists(email)') });
  assert.equal(scan.FilterExpression, 'attribute_exists(#n0)');
  assert.deepEqual(scan.ExpressionAttributeNames, { '#n0': 'email' });
  assert.equal(scan.ExpressionAttributeValues, undefined, 'DynamoDB refuses an empty value map');
});

test('key and capacity maps keep a __proto__ name from DescribeTable or ConsumedCapacity as data', () => {
  const table: TableModel = {
    ...shop,
    partitionKey: { name: 'constructor', type: 'S' },
    sortKey: { name: '__proto__', type: 'S' },
  };
  const key = buildGetItem({ table, pk: 'a', sk: 'b' }).Key as Record<string, unknown>;
  assert.deepEqual(Object.getOwnPropertyDescriptor(key, '__proto__')?.value, { S: 'b' });
  assert.equal(Object.getPrototypeOf(key), Object.prototype);
  const summary = summarizeCapacity('shop', [
    { TableName: 'shop', CapacityUnits: 2, GlobalSecondaryIndexes: JSON.parse('{"__proto__":{"CapacityUnits":1.5}}') },
    { TableName: 'shop', CapacityUnits: 1, GlobalSecondaryIndexes: JSON.parse('{"__proto__":{"CapacityUnits":0.5}}') },
  ]);
  assert.equal(Object.getOwnPropertyDescriptor(summary.indexes, '__proto__')?.value, 2);
});
