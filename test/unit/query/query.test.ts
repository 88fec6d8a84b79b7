// Typed key input, request building and the item JSON encoding, without any AWS call.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemToJson, numberToJson } from '../../../src/core/query/itemJson';
import { QueryInputError, parseKeyValue } from '../../../src/core/query/keyValue';
import { MAX_LIMIT, buildGetItem, buildQuery, buildScan, parseFilter } from '../../../src/core/query/requests';
import type { TableModel } from '../../../src/core/tables/tableModel';

const shop: TableModel = {
  name: 'shop', status: 'ACTIVE', billingMode: 'PAY_PER_REQUEST', tableClass: 'STANDARD',
  partitionKey: { name: 'PK', type: 'S' }, sortKey: { name: 'SK', type: 'S' },
  indexes: [
    { name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'total', type: 'N' }, projection: { type: 'ALL' } },
    { name: 'byDate', kind: 'LSI', partitionKey: { name: 'PK', type: 'S' }, sortKey: { name: 'date', type: 'S' }, projection: { type: 'ALL' } },
  ],
};

test('rejects "abc" for a number key, naming the attribute and its type', () => {
  assert.throws(() => parseKeyValue('abc', { name: 'orderNumber', type: 'N' }), (e: Error) => e instanceof QueryInputError && e.message === 'Key attribute orderNumber is a number (N), but "abc" is not a valid DynamoDB number.');
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
    tags: { SS: ['a', 'b'] }, nums: { NS: ['1', '99999999999999999999'] }, blob: { B: Buffer.from('hi') },
    bins: { BS: [Buffer.from([0])] }, nested: { M: { l: { L: [{ BOOL: true }, { NULL: true }] } } },
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
    assert.throws(() => buildQuery({ table: shop, pk: 'a', limit }), (e: unknown) => e instanceof QueryInputError && e.message === `Limit must be a whole number from 1 to 2147483647 (DynamoDB's largest Limit), got ${limit}.`);
    assert.throws(() => buildScan({ table: shop, limit }), QueryInputError);
  }
});

test('uses expression attribute names for every key, so reserved words work', () => {
  const { input } = buildQuery({ table: shop, pk: 'CUSTOMER#1', sk: { op: 'between', values: ['ORDER#1', 'ORDER#5'] }, descending: true, limit: 10 });
  assert.equal(input.KeyConditionExpression, '#pk = :pk AND #sk BETWEEN :sk0 AND :sk1');
  assert.deepEqual(input.ExpressionAttributeNames, { '#pk': 'PK', '#sk': 'SK' });
  assert.deepEqual(input.ExpressionAttributeValues, { ':pk': { S: 'CUSTOMER#1' }, ':sk0': { S: 'ORDER#1' }, ':sk1': { S: 'ORDER#5' } });
  assert.equal(input.ScanIndexForward, false);
  assert.equal(input.ReturnConsumedCapacity, 'INDEXES');
  assert.equal(input.Limit, 10);
});

test('refuses a consistent read on a GSI but allows it on an LSI', () => {
  assert.throws(() => buildQuery({ table: shop, index: 'GSI1', pk: 'x', consistent: true }), /GSI1 is a global secondary index.*leave out --consistent/);
  assert.equal(buildQuery({ table: shop, index: 'byDate', pk: 'x', consistent: true }).input.ConsistentRead, true);
});

test('refuses begins_with on a number sort key and an unknown index', () => {
  assert.throws(() => buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: 'begins_with', values: ['1'] } }), /total is a number \(N\): begins_with/);
  assert.throws(() => buildQuery({ table: shop, index: 'nope', pk: 'x' }), { message: 'Table shop has no index named nope (its indexes: GSI1, byDate).' });
});

test('types index sort-key values from the index schema', () => {
  const { input } = buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: '>=', values: ['100'] } });
  assert.deepEqual(input.ExpressionAttributeValues?.[':sk0'], { N: '100' });
  assert.throws(() => buildQuery({ table: shop, index: 'GSI1', pk: 'x', sk: { op: '>=', values: ['lots'] } }), /total is a number/);
});

test('GetItem needs the sort key of a composite table', () => {
  assert.throws(() => buildGetItem({ table: shop, pk: 'a' }), /sort key SK/);
  const input = buildGetItem({ table: shop, pk: 'a', sk: 'b', projection: ['name', 'status'] });
  assert.deepEqual(input.Key, { PK: { S: 'a' }, SK: { S: 'b' } });
  assert.equal(input.ProjectionExpression, '#p0, #p1');
  assert.deepEqual(input.ExpressionAttributeNames, { '#p0': 'name', '#p1': 'status' });
});

test('parses filter conditions with typed literals', () => {
  assert.deepEqual(parseFilter('status=SHIPPED'), { attribute: 'status', op: '=', value: 'SHIPPED' });
  assert.deepEqual(parseFilter('begins_with(name, Wid)'), { attribute: 'name', op: 'begins_with', value: 'Wid' });
  assert.deepEqual(parseFilter('attribute_exists(email)'), { attribute: 'email', op: 'attribute_exists' });
  assert.throws(() => parseFilter('nonsense'), QueryInputError);
  const { input } = buildQuery({ table: shop, pk: 'x', filter: [parseFilter('total>=100'), parseFilter('zip="02139"')] });
  assert.equal(input.FilterExpression, '#f0 >= :f0 AND #f1 = :f1');
  assert.deepEqual([input.ExpressionAttributeValues?.[':f0'], input.ExpressionAttributeValues?.[':f1']], [{ N: '100' }, { S: '02139' }]);
});
