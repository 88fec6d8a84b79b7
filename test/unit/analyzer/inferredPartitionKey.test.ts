import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt } from './analyzerFixtures';

const RULE = 'single-value-partition-key' as const;

describe('rule single-value-partition-key: the partition key a key condition names', () => {
  const { result, text } = analyzeFixture('hotkey/inferredKeys.ts');

  it('takes the one attribute tested with = as the partition key of a table no file describes, through ExpressionAttributeNames', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: 'PREFIX',
      lineHint: "'#prefix = :prefix'",
      confidence: 'low',
      table: 'Sessions',
    });
    assert.deepEqual([f.data?.keyAttribute, f.data?.keyValue], ['prefix', 'SESSION']);
    assert.match(f.message, /"prefix" is taken as its partition key because the key condition tests it with =/);
  });

  it('does so beside begins_with and BETWEEN on the other attribute', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'LOGIN'",
      lineHint: "'kind = :k AND begins_with(#s, :s)'",
      confidence: 'low',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "'ACME'",
      lineHint: "'tenant = :t AND #at BETWEEN :a AND :b'",
      confidence: 'low',
    });
  });

  it('on an index the schema does not describe, at medium confidence', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: "'WALK_IN'",
      lineHint: "IndexName: 'byCustomer'",
      confidence: 'medium',
      table: 'Orders',
    });
    assert.equal(f.data?.index, 'byCustomer');
  });

  it('keeps the schema when one names the key, infers nothing from two equalities, a filter or an unresolved name, and ignores in-memory query helpers, SQL and docstrings', () => {
    assert.equal(result.operations.length, 9);
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.includes('export async function notInferred'));
    assert.deepEqual(
      result.findings.filter((f) => f.line > start),
      [],
    );
    assert.equal(result.findings.length, 4);
  });
});
