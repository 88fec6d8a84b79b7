import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

const PK = 'single-value-partition-key' as const;

describe('AppSync JavaScript resolvers: request objects', () => {
  it('flags a Scan request at its operation name, table unknown (it comes from the data source)', () => {
    const { result, text } = analyzeFixture('appsync/listAll.js');
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: "'Scan'",
      lineHint: "operation: 'Scan'",
      confidence: 'high',
    });
    assert.equal(f.table, undefined);
    assert.equal(f.data?.api, 'appsync');
    assert.match(f.message, /unknown table/);
    assert.equal(result.findings.length, 1);
  });

  it('flags a constant partition key inside util.dynamodb.toMapValues, but not a per-call sort key', () => {
    const { result, text } = analyzeFixture('appsync/writeCounter.js');
    const f = expectFindingAt(result, text, {
      rule: PK,
      needle: 'COUNTER',
      lineHint: 'pk: COUNTER',
      confidence: 'low',
    });
    assert.equal(f.data?.keyValue, 'VISITS');
    assert.equal(f.data?.operation, 'UpdateItem');
    assert.equal(result.findings.length, 1);
  });

  it('flags a Query whose key expression pins the partition key through toDynamoDB (arrow `request`)', () => {
    const { result, text } = analyzeFixture('appsync/queryFeed.ts');
    expectFindingAt(result, text, {
      rule: PK,
      needle: "'PUBLISHED'",
      lineHint: "':p': util.dynamodb.toDynamoDB",
      confidence: 'low',
    });
    assert.equal(result.findings.filter((f) => f.rule === 'scan').length, 0, 'scanIndexForward is not a Scan');
  });

  it('stays silent on per-identity queries, GetItem, comments and objects not returned by an exported request', () => {
    const { result, text } = analyzeFixture('appsync/perUser.js');
    assert.deepEqual(
      result.findings.filter((f) => f.rule !== 'hot-key-read'),
      [],
    );
    // Every anonymous call reads the one item: a hot-key read, the resolver being a request handler.
    expectFindingAt(result, text, {
      rule: 'hot-key-read',
      needle: "'ANONYMOUS'",
      lineHint: "pk: 'ANONYMOUS'",
      confidence: 'medium',
    });
    assert.equal(result.findings.length, 1);
    assert.deepEqual(result.operations.map((o) => o.operation).sort(), ['GetItem', 'Query']);
  });
});

describe('AppSync JavaScript resolvers: @aws-appsync/utils/dynamodb helpers', () => {
  const { result, text } = analyzeFixture('appsync/helpers.ts');

  it('flags ddb.scan and constant keys of ddb.query and a named put import', () => {
    expectFindingAt(result, text, { rule: 'scan', needle: 'scan', lineHint: 'return ddb.scan(', confidence: 'high' });
    assert.equal(
      expectFindingAt(result, text, { rule: PK, needle: "'OPEN'", lineHint: "eq: 'OPEN'", confidence: 'low' }).data
        ?.keyValue,
      'OPEN',
    );
    assert.equal(
      expectFindingAt(result, text, { rule: PK, needle: "'SINGLETON'", lineHint: "pk: 'SINGLETON'", confidence: 'low' })
        .data?.keyValue,
      'SINGLETON',
    );
  });

  it('stays silent on a per-owner query and in-memory scan/query helpers', () => {
    assert.deepEqual(findingsOnLine(result, text, 'eq: ctx.args.owner'), []);
    assert.deepEqual(findingsOnLine(result, text, 'scanner.scan(rows)'), []);
    assert.equal(result.findings.length, 3);
  });
});
