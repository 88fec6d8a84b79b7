import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FileAnalysis } from '../../../src/core/entries/analyzer';
import type { Finding } from '../../../src/core/analyzer/finding';
import { schemasFromOrmModels } from '../../../src/core/schema/ormModels';
import { analyzeFixture, expectFindingAt, readFixture } from './analyzerFixtures';

const RULE = 'single-value-partition-key' as const;

/** Analyzes a fixture against the key schemas its own ORM models declare, as discovery would. */
function analyzeWithOrmSchemas(relative: string): { result: FileAnalysis; text: string } {
  const { fileName, text } = readFixture(relative);
  const tables = schemasFromOrmModels(fileName, text).tables;
  assert.ok(tables.length > 0, `${relative} declares no ORM table`);
  return analyzeFixture(relative, { tables });
}

/** Findings of the rule between the lines holding `from` and `to`. */
function findingsBetween(result: FileAnalysis, text: string, from: string, to: string): Finding[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(from)) + 1;
  const end = lines.findIndex((l) => l.includes(to)) + 1;
  assert.ok(start > 0 && end > start, `fixture lacks ${from} or ${to}`);
  return result.findings.filter((f) => f.rule === RULE && f.line > start && f.line < end);
}

describe('rule single-value-partition-key: dynamoose', () => {
  const { result, text } = analyzeWithOrmSchemas('orm/dynamoose.ts');

  it('flags a constant hash key in Model.create, on the model table, using the hashKey: true attribute', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'CREATED'",
      lineHint: "Event.create({ pk: 'CREATED'",
      confidence: 'high',
      table: 'Events',
    });
    assert.deepEqual(
      [f.data?.api, f.data?.operation, f.data?.keyAttribute, f.data?.keyValue],
      ['dynamoose', 'create', 'pk', 'CREATED'],
    );
    assert.match(f.message, /table Events/);
  });

  it('flags new Model({...}).save(), inline and through a variable', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'SAVED'",
      lineHint: "new Event({ pk: 'SAVED'",
      confidence: 'high',
      table: 'Events',
    });
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'DRAFT'",
      lineHint: "new Event({ pk: 'DRAFT'",
      confidence: 'high',
      table: 'Events',
    });
    assert.equal(f.data?.operation, 'save');
  });

  it('flags a constant hash key in the key argument of Model.update', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'UPDATED'",
      lineHint: "Event.update({ pk: 'UPDATED'",
      confidence: 'high',
      table: 'Events',
    });
  });

  it('takes the first attribute as the hash key of a schema without hashKey: true', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'GLOBAL'",
      lineHint: "Counter.create({ id: 'GLOBAL'",
      confidence: 'high',
      table: 'Counters',
    });
    assert.equal(f.data?.keyAttribute, 'id');
  });

  it('flags a query chain that pins the hash key with eq(), and the object form', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'QUERIED'",
      lineHint: "Event.query('pk').eq('QUERIED')",
      confidence: 'high',
      table: 'Events',
    });
    assert.match(f.message, /every call of this Query reads the same partition/);
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'OBJECT'",
      lineHint: "Event.query({ pk: { eq: 'OBJECT' } })",
      confidence: 'high',
      table: 'Events',
    });
  });

  it('flags a query on a GSI named by using() against that index key', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'OPEN'",
      lineHint: ".using('byStatus')",
      confidence: 'high',
      table: 'Events',
    });
    assert.deepEqual([f.data?.keyAttribute, f.data?.index], ['status', 'byStatus']);
  });

  it('does not flag variable or templated hash keys, constant sort keys, or constant non-key attributes', () => {
    assert.deepEqual(findingsBetween(result, text, 'export async function notConstant', 'Look-alikes'), []);
  });

  it('does not flag or list create() on objects that are not dynamoose models', () => {
    const lookalikes = text.split('\n').findIndex((l) => l.includes('Look-alikes')) + 1;
    assert.deepEqual(
      result.findings.filter((f) => f.line > lookalikes),
      [],
    );
    assert.deepEqual(
      result.operations.filter((o) => o.range.line > lookalikes),
      [],
    );
    assert.equal(result.findings.length, 8);
  });
});

describe('rule single-value-partition-key: dynamodb-onetable', () => {
  const { result, text } = analyzeWithOrmSchemas('orm/oneTable.ts');

  it("flags a constant hash key in Model.create on the Table's name", () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ACCOUNTS'",
      lineHint: "Account.create({ pk: 'ACCOUNTS'",
      confidence: 'high',
      table: 'accounts',
    });
    assert.deepEqual([f.data?.api, f.data?.keyAttribute], ['onetable', 'pk']);
  });

  it('flags a constant hash key in Model.find', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ALL_ACCOUNTS'",
      lineHint: "Account.find({ pk: 'ALL_ACCOUNTS' })",
      confidence: 'high',
      table: 'accounts',
    });
  });

  it('does not flag templated or variable hash keys or constant non-key attributes', () => {
    assert.deepEqual(
      findingsBetween(result, text, 'export async function notConstant', 'Account.find({ pk: id })'),
      [],
    );
    assert.equal(result.findings.length, 2);
  });
});

describe('rule single-value-partition-key: dynamodb-toolbox v0', () => {
  const { result, text } = analyzeWithOrmSchemas('orm/toolboxV0.ts');

  it("flags Entity.put on the Entity's Table, not on the entity name, at high confidence from the Table's partitionKey", () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'PUT'",
      lineHint: "Thing.put({ pk: 'PUT'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.deepEqual([f.data?.api, f.data?.keyAttribute], ['dynamodb-toolbox', 'pk']);
    assert.doesNotMatch(f.message, /Thing/);
    assert.doesNotMatch(f.message, /No key schema is known/);
  });

  it('flags Entity.update and Table/Entity.query with a constant partition value', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'UPDATED'",
      lineHint: "Thing.update({ pk: 'UPDATED'",
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'QUERIED'",
      lineHint: "OrdersTable.query('QUERIED')",
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ENTITY_QUERY'",
      lineHint: "Thing.query('ENTITY_QUERY')",
      confidence: 'high',
      table: 'Orders',
    });
  });

  it("flags a query on an index against the index's partition key", () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'INDEXED'",
      lineHint: "OrdersTable.query('INDEXED'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.deepEqual([f.data?.keyAttribute, f.data?.index], ['gsi1pk', 'GSI1']);
  });

  it("reads the table's partition key from the Entity attribute flagged partitionKey: true", () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'MAPPED'",
      lineHint: "Customer.put({ customerId: 'MAPPED'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.keyAttribute, 'pk');
    const op = result.operations.find((o) => o.keyValues?.pk === 'MAPPED');
    assert.deepEqual(op?.keyValues, { pk: 'MAPPED', sk: null });
  });

  it('does not flag variable or templated partition values, constant sort keys or constant non-key attributes', () => {
    assert.deepEqual(findingsBetween(result, text, 'export async function notConstant', 'export const thingScan'), []);
  });

  it("takes the project's one toolbox table for an Entity whose table cannot be traced, never its entity name", () => {
    const scans = result.findings.filter((f) => f.rule === 'scan');
    assert.deepEqual(
      scans.map((f) => f.table),
      ['Orders', 'Orders'],
    );
    assert.equal(result.findings.length, 8);
  });
});

describe('rule single-value-partition-key: dynamodb-toolbox v1', () => {
  const { result, text } = analyzeWithOrmSchemas('orm/toolboxV1.ts');

  it("flags Entity.build(PutItemCommand).item({...}) on the Entity's Table", () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'PUT'",
      lineHint: "item({ pk: 'PUT'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.deepEqual([f.data?.operation, f.data?.keyAttribute], ['PutItemCommand', 'pk']);
  });

  it('flags Table.build(QueryCommand).query({ partition }) with a constant, on the table and on an index', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'QUERIED'",
      lineHint: "partition: 'QUERIED'",
      confidence: 'high',
      table: 'Orders',
    });
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'OPEN'",
      lineHint: "partition: 'OPEN'",
      confidence: 'high',
      table: 'Orders',
    });
    assert.deepEqual([f.data?.keyAttribute, f.data?.index], ['status', 'byStatus']);
  });

  it('flags a constant key in Entity.build(DeleteItemCommand).key({...})', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'GONE'",
      lineHint: "key({ pk: 'GONE'",
      confidence: 'high',
      table: 'Orders',
    });
  });

  it('does not flag templated or variable partition values or constant non-key attributes', () => {
    assert.deepEqual(findingsBetween(result, text, 'export async function notConstant', 'export const tableScan'), []);
    assert.equal(result.findings.filter((f) => f.rule === RULE).length, 4);
  });

  it('resolves classes and commands imported from dynamodb-toolbox subpaths', () => {
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'export const tableScan',
      confidence: 'high',
      table: 'Orders',
    });
  });
});
