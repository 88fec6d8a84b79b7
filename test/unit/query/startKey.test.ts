// The key a query resumes from, read back from what the CLI printed and checked against the key
// schema; and items written as DynamoDB's typed JSON.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { itemToDynamoDbJson, itemToJson } from '../../../src/core/query/itemJson';
import { QueryInputError } from '../../../src/core/query/keyValue';
import { keyOfItem, resumeKeyAttributes, startKeyFrom } from '../../../src/core/query/startKey';
import type { TableModel } from '../../../src/core/tables/tableModel';

const table: TableModel = {
  name: 'files',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  partitionKey: { name: 'owner', type: 'S' },
  sortKey: { name: 'hash', type: 'B' },
  indexes: [
    {
      name: 'bySize',
      kind: 'LSI',
      partitionKey: { name: 'owner', type: 'S' },
      sortKey: { name: 'size', type: 'N' },
      projection: { type: 'KEYS_ONLY' },
    },
    { name: '__proto__', kind: 'GSI', partitionKey: { name: '__proto__', type: 'S' }, projection: { type: 'ALL' } },
  ],
};

test("a query on an index resumes from its key and the table's, each named once", () => {
  assert.deepEqual(
    resumeKeyAttributes(table).map((a) => a.name),
    ['owner', 'hash'],
  );
  assert.deepEqual(
    resumeKeyAttributes(table, 'bySize').map((a) => a.name),
    ['owner', 'size', 'hash'],
  );
  assert.throws(() => resumeKeyAttributes(table, 'nope'), QueryInputError);
});

test('the plain JSON a query printed reads back as the key it came from, binary and big numbers included', () => {
  // Binaries come back as Buffers (Uint8Arrays): compare their DynamoDB JSON.
  const raw = {
    owner: { S: 'ann' },
    size: { N: '123456789012345678901234567890' },
    hash: { B: Uint8Array.from([0, 255, 7]) },
  };
  for (const printed of [itemToJson(raw), itemToDynamoDbJson(raw)]) {
    const key = startKeyFrom(JSON.parse(JSON.stringify(printed)), table, 'bySize');
    assert.deepEqual(itemToDynamoDbJson(key), itemToDynamoDbJson(raw));
  }
});

test('an attribute named __proto__ stays a key attribute, not a prototype', () => {
  const key = startKeyFrom(
    JSON.parse('{"__proto__": "x", "owner": "ann", "hash": {"$binary": "AQI="}}'),
    table,
    '__proto__',
  );
  assert.deepEqual(Object.keys(key), ['__proto__', 'owner', 'hash']);
  assert.deepEqual(Object.getOwnPropertyDescriptor(key, '__proto__')?.value, { S: 'x' });
  assert.equal(Object.getPrototypeOf(key), Object.prototype);
});

test('a key that does not fit is refused with what it lacks, holds too much or mistypes', () => {
  const refuse = (json: unknown, message: string, index?: string) =>
    assert.throws(
      () => startKeyFrom(json as never, table, index),
      (e: Error) => e instanceof QueryInputError && e.message === message,
      message,
    );
  refuse(
    { owner: 'ann' },
    'The start key lacks hash: a query on table files resumes from a key of owner, hash (the lastEvaluatedKey it printed).',
  );
  refuse(
    { owner: 'ann', hash: { $binary: 'AQI=' } },
    'The start key lacks size: a query on index bySize of table files resumes from a key of owner, size, hash (the lastEvaluatedKey it printed).',
    'bySize',
  );
  refuse(
    { owner: 'ann', hash: { $binary: 'AQI=' }, size: 1 },
    'The start key holds size, which is not a key attribute of table files: give only owner, hash.',
  );
  refuse(
    { owner: 'ann', hash: 'AQI=' },
    'Start key attribute hash must be a binary ({"$binary": "<base64>"}) value (its key type is B), got "AQI=".',
  );
  refuse(
    { owner: 7, hash: { B: 'AQI=' } },
    'Start key attribute owner must be a string value (its key type is S), got 7.',
  );
  refuse({ owner: { N: '7' }, hash: { B: 'AQI=' } }, 'Start key attribute owner is typed N, but its key type is S.');
  refuse(
    { owner: 'ann', hash: { B: 'not base64!' } },
    'Start key attribute hash is a binary (B): give its value as base64, "not base64!" is not.',
  );
  refuse(
    ['ann'],
    'The start key must be a JSON object of owner, hash, the lastEvaluatedKey a query on table files printed.',
  );
});

test('the key of an item is its key attributes as DynamoDB sent them', () => {
  const item = { owner: { S: 'ann' }, hash: { B: Uint8Array.from([1]) }, size: { N: '3' }, name: { S: 'a.txt' } };
  assert.deepEqual(keyOfItem(item, resumeKeyAttributes(table, 'bySize')), {
    owner: { S: 'ann' },
    size: { N: '3' },
    hash: { B: Uint8Array.from([1]) },
  });
  assert.throws(() => keyOfItem({ owner: { S: 'ann' } }, resumeKeyAttributes(table)), QueryInputError);
});

test('DynamoDB JSON keeps every type as DynamoDB sent it', () => {
  assert.deepEqual(
    itemToDynamoDbJson({
      s: { S: 'x' },
      n: { N: '1.50' },
      b: { B: Uint8Array.from([0, 255]) },
      t: { BOOL: true },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { M: { k: { SS: ['a'] } } }] },
      ns: { NS: ['1', '2'] },
      bs: { BS: [Uint8Array.from([1])] },
    }),
    {
      s: { S: 'x' },
      n: { N: '1.50' },
      b: { B: 'AP8=' },
      t: { BOOL: true },
      z: { NULL: true },
      l: { L: [{ N: '1' }, { M: { k: { SS: ['a'] } } }] },
      ns: { NS: ['1', '2'] },
      bs: { BS: ['AQ=='] },
    },
  );
});
