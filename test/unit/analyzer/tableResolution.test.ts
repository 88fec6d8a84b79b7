import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt } from './analyzerFixtures';

describe('table resolution through a shared module', () => {
  const { result, text } = analyzeFixture('envDefault/handler.ts');

  it('resolves an imported `process.env.X ?? default` constant to the table the infrastructure wires to X', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'TableName: TABLE_NAME',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.suggestedIndex, 'byStatus');
  });

  it('falls back to the default of `process.env.X || default` when X is not wired, and knows its keys', () => {
    const f = expectFindingAt(result, text, {
      rule: 'single-value-partition-key',
      needle: "'ALL_EVENTS'",
      lineHint: 'ALL_EVENTS',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.keyAttribute, 'pk');
  });

  it('names an unknown table by the default value when no schema matches either side', () => {
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: 'ScanCommand',
      lineHint: 'NOT_WIRED',
      confidence: 'high',
      table: 'audit-log',
    });
  });
});
