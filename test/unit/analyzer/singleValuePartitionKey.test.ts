import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

const RULE = 'single-value-partition-key' as const;

describe('rule single-value-partition-key: writes', () => {
  const { result, text } = analyzeFixture('hotkey/writes.ts');

  it('flags a literal key in a PutCommand, with the table from process.env', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ORDERS'",
      lineHint: "new PutCommand({ TableName: TABLE, Item: { pk: 'ORDERS'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.keyAttribute, 'pk');
    assert.equal(f.data?.keyValue, 'ORDERS');
    assert.match(f.message, /table Orders/);
    assert.match(f.message, /"ORDERS"/);
    assert.match(f.message, /1,000 WCU \/ 3,000 RCU per second/);
    assert.deepEqual(
      f.related?.map((r) => r.file),
      ['template.yaml'],
    );
  });

  it('flags a typed attribute value { S: ... } at the inner value', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ORDERS'",
      lineHint: "Item: { pk: { S: 'ORDERS' }",
      confidence: 'high',
      table: 'Orders',
    });
  });

  it('flags a const imported from another file inside marshall()', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: 'ORDERS_PK',
      lineHint: 'Item: marshall({ pk: ORDERS_PK',
      confidence: 'high',
    });
    assert.equal(f.data?.keyValue, 'ORDERS');
  });

  it('flags an imported enum member and a member of an imported const object', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'Partition.Config',
        lineHint: 'pk: Partition.Config',
        confidence: 'high',
      }).data?.keyValue,
      'CONFIG',
    );
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'KEYS.counters',
        lineHint: 'Key: { pk: KEYS.counters',
        confidence: 'high',
      }).data?.keyValue,
      'COUNTERS',
    );
  });

  it('flags a concatenation of constants in a DeleteItemCommand key and a template of constants', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ORD' + 'ERS'",
      lineHint: 'new DeleteItemCommand(',
      confidence: 'high',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: 'LOCAL_PK',
      lineHint: 'Item: { pk: LOCAL_PK',
      confidence: 'high',
    });
  });

  it('does not flag variable keys, random shards, call results, let bindings or constant non-key attributes', () => {
    const start = text.split('\n').findIndex((l) => l.includes('export async function notConstant')) + 1;
    const end = text.split('\n').findIndex((l) => l.includes('export async function indexKeys')) + 1;
    assert.deepEqual(
      result.findings.filter((f) => f.line > start && f.line < end),
      [],
    );
  });

  it('flags a write that sets a GSI partition key to a constant, in a put and in an UpdateExpression', () => {
    const put = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ALL'",
      lineHint: "status: 'ALL'",
      confidence: 'high',
    });
    assert.equal(put.data?.index, 'byStatus');
    assert.equal(put.data?.keyAttribute, 'status');
    const upd = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'PENDING'",
      lineHint: "':st': { S: 'PENDING' }",
      confidence: 'high',
    });
    assert.equal(upd.data?.index, 'byStatus');
  });

  it('reports key values of every operation, null when not constant', () => {
    const put = result.operations.find((o) => o.keyValues?.pk === 'CONFIG');
    assert.deepEqual(put?.keyValues, { pk: 'CONFIG', sk: null });
    assert.equal(put?.kind, 'put');
    const upd = result.operations.find((o) => o.kind === 'update' && o.keyValues?.sk === 'orders');
    assert.deepEqual(upd?.keyValues, { pk: 'COUNTERS', sk: 'orders' });
  });
});

describe('rule single-value-partition-key: queries', () => {
  const { result, text } = analyzeFixture('hotkey/writes.ts');

  it('flags a Query whose key condition pins the key to a constant through ExpressionAttributeNames', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ORDERS'",
      lineHint: 'new QueryCommand(',
      confidence: 'high',
      table: 'Orders',
    });
    assert.match(f.message, /Query/);
  });

  it('uses the GSI partition key for a Query on IndexName', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'OPEN'",
      lineHint: "':s': 'OPEN'",
      confidence: 'high',
    });
    assert.equal(f.data?.index, 'byStatus');
    const op = result.operations.find((o) => o.kind === 'query' && o.keyValues?.status === 'OPEN');
    assert.equal(op?.index, 'byStatus');
  });

  it('does not flag a query with a variable partition key even when the sort key is constant', () => {
    assert.deepEqual(findingsOnLine(result, text, "':p': status, ':s': 'X'"), []);
    assert.deepEqual(findingsOnLine(result, text, "':s': status } });"), []);
  });

  it('counts all findings of the fixture', () => assert.equal(result.findings.length, 11));
});

describe('rule single-value-partition-key: batch and transaction writes', () => {
  const { result, text } = analyzeFixture('hotkey/batch.ts');
  it('flags PutRequest and DeleteRequest keys in RequestItems, including computed table keys and .map() items', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'BATCH'",
      lineHint: "pk: 'BATCH'",
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'GONE'",
      lineHint: "pk: 'GONE'",
      confidence: 'high',
      table: 'Orders',
    });
  });
  it('flags Put keys and GSI keys set by Update in TransactItems, but not variable keys', () => {
    expectFindingAt(result, text, { rule: RULE, needle: "'TX'", lineHint: "pk: 'TX'", confidence: 'high' });
    assert.equal(
      expectFindingAt(result, text, { rule: RULE, needle: "'DONE'", lineHint: "':s': 'DONE'", confidence: 'high' }).data
        ?.index,
      'byStatus',
    );
    assert.equal(result.findings.length, 4);
  });
});

describe('rule single-value-partition-key: unknown schemas and receivers', () => {
  const { result, text } = analyzeFixture('hotkey/noSchema.ts');
  it('falls back to conventional key names at low confidence', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'EVENTS'",
      lineHint: "PK: 'EVENTS'",
      confidence: 'low',
      table: 'Events',
    });
    assert.match(f.message, /No key schema is known/);
  });
  it('never flags constant attributes that are not conventional key names', () => {
    assert.deepEqual(findingsOnLine(result, text, "type: 'EVENT'"), []);
  });
  it('flags an unresolved receiver with a DynamoDB request at low confidence', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'GLOBAL'",
      lineHint: "pk: 'GLOBAL'",
      confidence: 'low',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'unresolved');
  });
  it('can be switched off', () => {
    assert.deepEqual(
      analyzeFixture('hotkey/noSchema.ts', { severities: { 'single-value-partition-key': 'off' } }).result.findings,
      [],
    );
  });
});

describe('rule single-value-partition-key: ElectroDB models', () => {
  const { result, text } = analyzeFixture('hotkey/electro.ts');
  it('flags an empty partition-key composite on the table and on a GSI, at the composite array', () => {
    const primary = expectFindingAt(result, text, {
      rule: RULE,
      needle: '[]',
      lineHint: "primary: { pk: { field: 'pk', composite: [] }",
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(primary.data?.keyAttribute, 'pk');
    const gsi = expectFindingAt(result, text, { rule: RULE, needle: '[]', lineHint: 'byValue: {', confidence: 'high' });
    assert.equal(gsi.data?.index, 'byStatus');
  });
  it('does not flag an empty sort-key composite', () => {
    assert.deepEqual(findingsOnLine(result, text, 'byKey: {'), []);
    assert.equal(result.findings.length, 2);
  });
});
