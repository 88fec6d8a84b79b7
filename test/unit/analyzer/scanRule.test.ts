import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ORDERS, analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

describe('rule scan: AWS SDK v3', () => {
  const { result, text } = analyzeFixture('scan/v3Client.ts');

  it('flags a named ScanCommand import and suggests the GSI whose key the filter tests', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'return client.send(new ScanCommand({',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.severity, 'warning');
    assert.equal(f.data?.suggestedIndex, 'byStatus');
    assert.deepEqual(f.data?.filterAttributes, ['status']);
    assert.equal(f.data?.paginated, false);
    assert.match(f.message, /Query index byStatus instead/);
    assert.match(f.message, /table Orders/);
    assert.deepEqual(
      f.related?.map((r) => [r.file, r.line]),
      [['template.yaml', 10]],
    );
  });

  it('flags a ScanCommand imported under an alias and resolves the table from process.env', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'DocScan',
      lineHint: 'new DocScan(',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'sdk-v3-document');
    assert.equal(f.data?.operation, 'ScanCommand');
  });

  it('flags a ScanCommand reached through a namespace import, naming an unknown table as written', () => {
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'new ddb.ScanCommand',
      confidence: 'high',
      table: 'Unknown',
    });
  });

  it('does not flag a QueryCommand', () => {
    assert.deepEqual(findingsOnLine(result, text, 'new QueryCommand('), []);
    assert.equal(result.findings.length, 3);
  });

  it('flags require, destructured and aliased-destructured ScanCommands', () => {
    const r = analyzeFixture('scan/v3Require.js');
    const plain = expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'new ScanCommand(params)',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(plain.data?.paginated, true, 'params carry ExclusiveStartKey');
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'RawScan',
      lineHint: 'new RawScan(',
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'new sdk.ScanCommand(',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(r.result.findings.length, 3);
  });

  it('flags DynamoDBDocument#scan through from(), a typed parameter, a class field and constructor parameter property', () => {
    const r = analyzeFixture('scan/v3Document.ts');
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'viaFrom = () => doc.scan',
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'viaParam = (db: DynamoDBDocument) => db.scan',
      confidence: 'high',
      table: 'Orders',
    });
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'return this.docs.scan',
      confidence: 'high',
      table: 'Orders',
    });
    const looped = expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'await this.client.send(new ScanCommand',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(looped.data?.paginated, true);
    const pages = expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'paginateScan',
      lineHint: 'for await (const page of paginateScan',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(pages.data?.paginated, true);
    assert.equal(r.result.findings.length, 5);
  });

  it('flags a ScanCommand re-exported from a local module, with the table from an imported constant', () => {
    const r = analyzeFixture('scan/reexport.ts');
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'new ScanCommand({ TableName: ORDERS_TABLE })',
      confidence: 'high',
      table: 'Orders',
    });
  });

  it('without a module resolver, a locally re-exported ScanCommand with a DynamoDB-shaped request is low confidence', () => {
    const r = analyzeFixture('scan/reexport.ts', { resolveModule: () => undefined });
    assert.equal(r.result.findings.length, 1);
    assert.equal(r.result.findings[0]?.confidence, 'low');
  });
});

describe('rule scan: AWS SDK v2', () => {
  const { result, text } = analyzeFixture('scan/v2.js');
  it('flags DocumentClient#scan in promise form', () => {
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'promiseForm',
      confidence: 'high',
      table: 'Orders',
    });
  });
  it('flags DynamoDB#scan in callback form', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: 'callbackForm',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'sdk-v2');
  });
  it('flags DocumentClient from aws-sdk/clients/dynamodb, default and named', () => {
    expectFindingAt(result, text, { rule: 'scan', needle: 'scan', lineHint: 'clientsForm', confidence: 'high' });
    expectFindingAt(result, text, { rule: 'scan', needle: 'scan', lineHint: 'namedForm', confidence: 'high' });
  });
  it('does not flag a v2 query', () => {
    assert.deepEqual(findingsOnLine(result, text, 'exports.query'), []);
    assert.equal(result.findings.length, 4);
  });
});

describe('rule scan: ORMs', () => {
  const { result, text } = analyzeFixture('scan/orms.ts');
  const cases: Array<[string, string, string, string | undefined]> = [
    ['ElectroDB entity.scan', 'electroScan', 'electrodb', 'Orders'],
    ['dynamoose Model.scan()', 'dynScan', 'dynamoose', 'Cat'],
    ['dynamodb-toolbox v0 table.scan()', 'toolboxV0', 'dynamodb-toolbox', 'Orders'],
    [
      'dynamodb-toolbox v0 entity.scan() on the table its `table:` names, not the entity name',
      'toolboxEntityScan',
      'dynamodb-toolbox',
      'Orders',
    ],
    ['dynamodb-onetable Model.scan', 'oneScan', 'onetable', 'Orders'],
    ['TypeDORM scan manager', 'typedormScan', 'typedorm', undefined],
  ];
  for (const [label, hint, api, table] of cases) {
    it(`flags ${label}`, () => {
      const f = expectFindingAt(result, text, {
        rule: 'scan',
        needle: 'scan',
        lineHint: `export const ${hint}`,
        confidence: 'high',
        ...(table ? { table } : {}),
      });
      assert.equal(f.data?.api, api);
    });
  }
  it('flags dynamodb-toolbox v1 table.build(ScanCommand) at the command', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ToolboxScan',
      lineHint: 'export const toolboxV1',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'dynamodb-toolbox');
  });
  it('reports nothing else', () => assert.equal(result.findings.length, 7));
});

describe('rule scan: look-alikes are never flagged', () => {
  const { result } = analyzeFixture('scan/lookalikes.ts');
  it('ignores Redis scan, a barcode scanner, Inspector2 ScanCommand, a local ScanCommand class, strings, comments and identifiers', () => {
    assert.deepEqual(result.findings, []);
    assert.deepEqual(result.operations, []);
  });
});

describe('rule scan: unresolved receivers', () => {
  const { result, text } = analyzeFixture('scan/unresolved.ts');
  it('flags at low confidence only when the argument looks like a DynamoDB request', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'scan',
      lineHint: "db.scan({ TableName: 'Orders'",
      confidence: 'low',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'unresolved');
    assert.equal(result.findings.length, 1);
  });
});

describe('rule scan: severity', () => {
  it('uses the configured severity and drops the rule when off', () => {
    assert.ok(
      analyzeFixture('scan/v2.js', { severities: { scan: 'error' } }).result.findings.every(
        (f) => f.severity === 'error',
      ),
    );
    assert.deepEqual(analyzeFixture('scan/v2.js', { severities: { scan: 'off' } }).result.findings, []);
  });
  it('keeps working with no schemas: the table is named as written', () => {
    const r = analyzeFixture('scan/v2.js', { tables: [] });
    assert.equal(r.result.findings.length, 4);
    assert.equal(r.result.findings[0]?.table, 'Orders');
    assert.equal(r.result.findings[0]?.related, undefined);
  });
  it('does not suggest an index the schema lacks', () => {
    const r = analyzeFixture('scan/v3Client.ts', { tables: [{ ...ORDERS, indexes: [] }] });
    assert.equal(r.result.findings[0]?.data?.suggestedIndex, undefined);
  });
});
