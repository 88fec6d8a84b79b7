import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

const RULE = 'hot-key-read' as const;

describe('rule hot-key-read', () => {
  const { result, text } = analyzeFixture('hotkeyRead/handler.ts');
  const hot = result.findings.filter((f) => f.rule === RULE);

  it('flags a GetCommand whose whole key is constant inside a handler, at info, on the partition-key value', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'CONFIG'",
      lineHint: 'new GetCommand(',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.severity, 'info');
    assert.deepEqual(f.data, {
      operation: 'GetCommand',
      api: 'sdk-v3-document',
      keyAttribute: 'pk',
      keyValue: 'CONFIG',
    });
    assert.match(f.message, /Every call reads the same item of table Orders \(pk "CONFIG", sk "flags"\)/);
    assert.match(f.message, /Cache the item/);
    assert.deepEqual(
      f.related?.map((r) => r.file),
      ['template.yaml'],
    );
  });

  it('follows typed values, imported enum members and a spread const key', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'Partition.Config',
        lineHint: 'new GetItemCommand(',
        confidence: 'high',
      }).data?.keyValue,
      'CONFIG',
    );
    expectFindingAt(result, text, {
      rule: RULE,
      needle: 'CONFIG_KEY',
      lineHint: 'Key: { ...CONFIG_KEY }',
      confidence: 'high',
    });
  });

  it('takes a sort-key parameter with a constant default as the item calls that leave it out read, at low confidence', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'SETTINGS'",
      lineHint: "const keys = { pk: 'SETTINGS', sk: variant }",
      confidence: 'low',
      table: 'Orders',
    });
    assert.match(f.message, /\(pk "SETTINGS", sk "default"\)/);
    assert.match(f.message, /Calls that leave out parameter variant read it with the default\./);
  });

  it('a partition key from a defaulted parameter, or a sort key from a parameter with no default, is no hot read', () => {
    assert.deepEqual(findingsOnLine(result, text, "Key: { pk: tenant, sk: 'settings' }"), []);
    assert.deepEqual(findingsOnLine(result, text, "Key: { pk: 'SETTINGS', sk: variant }"), []);
  });

  it('without a schema takes the Key object as the whole key, at medium confidence (v2 DocumentClient)', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'#config'",
      lineHint: "v2.get({ TableName: 'Settings'",
      confidence: 'medium',
      table: 'Settings',
    });
    assert.match(f.message, /No key schema is known/);
  });

  it('flags each constant key of a BatchGetItem and a TransactGetItems, not the variable ones', () => {
    assert.equal(findingsOnLine(result, text, 'new BatchGetItemCommand(').filter((f) => f.rule === RULE).length, 1);
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'CONFIG'",
      lineHint: 'new BatchGetItemCommand(',
      confidence: 'high',
    });
    assert.equal(findingsOnLine(result, text, 'doc.transactGet(').filter((f) => f.rule === RULE).length, 1);
    expectFindingAt(result, text, { rule: RULE, needle: "'CONFIG'", lineHint: 'doc.transactGet(', confidence: 'high' });
  });

  it('stays silent on variable keys, constants only in the sort key or a filter, partial and unresolved keys, cached results, module initialisation, S3 and in-memory look-alikes, and docstrings', () => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.includes('export const handler'));
    const end = lines.findIndex((l) => l.includes('export async function notHot'));
    const defaulted = lines.findIndex((l) => l.includes("const keys = { pk: 'SETTINGS', sk: variant }")) + 1;
    assert.deepEqual(
      hot.filter((f) => (f.line <= start || f.line > end) && f.line !== defaulted).map((f) => f.line),
      [],
    );
    assert.equal(hot.length, 7);
  });

  it('can be switched off, and single-value-partition-key stays silent on reads', () => {
    assert.deepEqual(
      analyzeFixture('hotkeyRead/handler.ts', { severities: { 'hot-key-read': 'off' } }).result.findings.filter(
        (f) => f.rule === RULE,
      ),
      [],
    );
    assert.deepEqual(
      result.findings.filter((f) => f.rule === 'single-value-partition-key'),
      [],
    );
  });
});
