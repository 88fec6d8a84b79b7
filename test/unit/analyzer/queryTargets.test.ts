// What a "Run this query" CodeLens pre-fills: table, index and key values the analyzer resolved from
// Query and GetItem calls (constants across bindings; null where the code computes a value).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeSource } from '../../../src/core/analyzer/analyze';
import { keyConditionComparisons } from '../../../src/core/analyzer/dynamoExpressions';
import { queryTargets } from '../../../src/core/analyzer/queryTargets';
import { panelRequestFromCode } from '../../../src/core/query/panelRequest';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { shop } from '../panel/fixtures';

const schema: TableSchema = {
  name: 'shop',
  aliases: [],
  envVars: ['SHOP_TABLE'],
  partitionKey: { name: 'PK', type: 'S' },
  sortKey: { name: 'SK', type: 'S' },
  indexes: [
    { name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'total', type: 'N' } },
  ],
  source: { kind: 'config' },
};

const code = `
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));
const TABLE = process.env.SHOP_TABLE ?? 'shop';
const PREFIX = 'ORDER#';

export async function ordersOf(customerId: string) {
  return client.send(new QueryCommand({
    TableName: TABLE,
    KeyConditionExpression: '#pk = :pk AND begins_with(#sk, :prefix)',
    ExpressionAttributeNames: { '#pk': 'PK', '#sk': 'SK' },
    ExpressionAttributeValues: { ':pk': \`CUSTOMER#\${customerId}\`, ':prefix': PREFIX },
  }));
}

export async function byTotal(category: string, high: number) {
  return client.send(new QueryCommand({ TableName: 'shop', IndexName: 'GSI1', KeyConditionExpression: 'GSI1PK = :c AND total BETWEEN :lo AND :hi', ExpressionAttributeValues: { ':c': 'CATEGORY#books', ':lo': 10, ':hi': high } }));
}

export async function profile() {
  return new DynamoDBClient({}).send(new GetItemCommand({ TableName: TABLE, Key: { PK: { S: 'CUSTOMER#c001' }, SK: { S: 'PROFILE' } } }));
}

export async function writes(id: string) {
  await client.send(new PutCommand({ TableName: TABLE, Item: { PK: id, SK: 'X' } }));
}
`;

describe('query targets for the "Run this query" CodeLens', () => {
  const targets = queryTargets(analyzeSource('/w/src/orders.ts', code, { tables: [schema] }));

  it('offers Query and GetItem calls only, each at its operation', () => {
    assert.deepEqual(
      targets.map((t) => [t.operation, t.range.line]),
      [
        ['query', 9],
        ['query', 18],
        ['get', 22],
      ],
    );
  });

  it('resolves the table through process.env defaults and leaves computed key values empty', () => {
    const [orders] = targets;
    assert.equal(orders?.table, 'shop');
    assert.deepEqual(orders?.keyValues, { PK: null });
    assert.deepEqual(orders?.sortKeyCondition, { attribute: 'SK', op: 'begins_with', values: ['ORDER#'] });
  });

  it('reads the index and a between condition, one bound constant and one from a parameter', () => {
    const t = targets[1];
    assert.equal(t?.index, 'GSI1');
    assert.deepEqual(t?.keyValues, { GSI1PK: 'CATEGORY#books' });
    assert.deepEqual(t?.sortKeyCondition, { attribute: 'total', op: 'between', values: ['10', null] });
  });

  it('reads typed GetItem keys, and maps every target onto the live key schema for the panel form', () => {
    assert.deepEqual(targets[2]?.keyValues, { PK: 'CUSTOMER#c001', SK: 'PROFILE' });
    const get = panelRequestFromCode(shop, targets[2]);
    assert.deepEqual([get.index, get.pk, get.skOp, get.sk], ['', 'CUSTOMER#c001', '=', 'PROFILE']);
    const range = panelRequestFromCode(shop, targets[1] as NonNullable<(typeof targets)[1]>);
    assert.deepEqual(
      [range.index, range.pk, range.skOp, range.sk, range.sk2],
      ['GSI1', 'CATEGORY#books', 'between', '10', ''],
    );
    const prefix = panelRequestFromCode(shop, targets[0] as NonNullable<(typeof targets)[0]>);
    assert.deepEqual([prefix.pk, prefix.skOp, prefix.sk], ['', 'begins_with', 'ORDER#']);
  });

  it('without a known schema, keeps every key attribute the call names for the live schema to pick', () => {
    const [get, query] = queryTargets(analyzeSource('/w/a.ts', code.replace(/IndexName: 'GSI1', /, ''), { tables: [] }))
      .filter((t) => t.operation === 'get' || t.range.line === 18)
      .reverse();
    assert.deepEqual(get?.keyValues, { PK: 'CUSTOMER#c001', SK: 'PROFILE' });
    assert.deepEqual(query?.keyValues, { GSI1PK: 'CATEGORY#books' });
    assert.equal(query?.sortKeyCondition?.op, 'between');
  });

  it('parses every comparison of a key condition in order', () => {
    assert.deepEqual(keyConditionComparisons('#pk = :pk AND #sk BETWEEN :a AND :b'), [
      { attribute: '#pk', op: '=', placeholders: [':pk'] },
      { attribute: '#sk', op: 'between', placeholders: [':a', ':b'] },
    ]);
    assert.deepEqual(keyConditionComparisons('begins_with(sk, :p) and pk = :v'), [
      { attribute: 'sk', op: 'begins_with', placeholders: [':p'] },
      { attribute: 'pk', op: '=', placeholders: [':v'] },
    ]);
    assert.deepEqual(keyConditionComparisons('pk = :v AND sk <= :x'), [
      { attribute: 'pk', op: '=', placeholders: [':v'] },
      { attribute: 'sk', op: '<=', placeholders: [':x'] },
    ]);
  });
});
