import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  parsePartiqlSelect,
  parsePartiqlStatement,
  whereBranches,
  wherePinsKey,
} from '../../../src/core/analyzer/dynamoExpressions';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

describe('rule scan: PartiQL', () => {
  const { result, text } = analyzeFixture('scan/partiql.ts');

  it('flags a SELECT without WHERE at the statement string', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders"'`,
      lineHint: 'export const whole',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.api, 'partiql');
    assert.match(f.message, /no WHERE clause/);
  });

  it('flags a SELECT whose WHERE filters a non-key attribute, through a template with a constant table', () => {
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: '`SELECT * FROM "${TABLE}" WHERE status = ?`',
      lineHint: 'export const filtered',
      confidence: 'high',
      table: 'Orders',
    });
    assert.match(f.message, /partition key "pk"/);
  });

  it('accepts a SELECT pinning the partition key with = or IN', () => {
    assert.deepEqual(findingsOnLine(result, text, 'export const pinned ='), []);
    assert.deepEqual(findingsOnLine(result, text, 'export const pinnedIn'), []);
  });

  it('uses the index partition key for FROM "T"."Index"', () => {
    assert.deepEqual(findingsOnLine(result, text, 'export const onIndex ='), []);
    const f = expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders"."byStatus" WHERE pk = ?'`,
      lineHint: 'export const onIndexWrongKey',
      confidence: 'high',
      table: 'Orders',
    });
    assert.equal(f.data?.index, 'byStatus');
  });

  it('checks each statement of a BatchExecuteStatement', () => {
    const found = findingsOnLine(result, text, 'export const batch');
    assert.equal(found.length, 1);
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders" WHERE total > ?'`,
      lineHint: 'export const batch',
      confidence: 'high',
    });
  });

  it('ignores writes and flags an OR that leaves a branch unpinned', () => {
    assert.deepEqual(findingsOnLine(result, text, 'export const insert'), []);
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders" WHERE pk = ? OR total > ?'`,
      lineHint: 'export const pinnedOr',
      confidence: 'high',
    });
    assert.equal(result.findings.length, 5);
  });

  it('records every statement call as a partiql operation', () => {
    assert.equal(result.operations.filter((o) => o.kind === 'partiql').length, 9);
  });

  it('without a schema, a WHERE testing any attribute with = in every branch may be a key lookup; others are low confidence', () => {
    const r = analyzeFixture('scan/partiql.ts', { tables: [] });
    assert.deepEqual(findingsOnLine(r.result, r.text, 'export const pinned ='), []);
    assert.deepEqual(findingsOnLine(r.result, r.text, 'export const filtered'), []);
    const f = expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders" WHERE total > ?'`,
      lineHint: 'export const batch',
      confidence: 'low',
    });
    assert.equal(f.table, 'Orders');
    expectFindingAt(r.result, r.text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Orders"'`,
      lineHint: 'export const whole',
      confidence: 'medium',
    });
  });
});

describe('PartiQL parsing', () => {
  it('reads table, index and WHERE', () => {
    assert.deepEqual(parsePartiqlSelect('select a, b from "T"."I" where x = ?'), {
      table: 'T',
      index: 'I',
      where: 'x = ?',
    });
    assert.deepEqual(parsePartiqlSelect('SELECT * FROM Orders'), { table: 'Orders' });
    assert.equal(parsePartiqlSelect('UPDATE "T" SET a = 1 WHERE pk = ?'), undefined);
  });
  it('does not take a comparison other than = or IN as pinning', () => {
    assert.equal(wherePinsKey('pk >= ?', 'pk'), false);
    assert.equal(wherePinsKey('"pk" = ? AND sk > ?', 'pk'), true);
    assert.equal(wherePinsKey('other_pk = ?', 'pk'), false);
    assert.equal(wherePinsKey("'A' = pk", 'pk'), true);
  });
  it('reads INSERT, UPDATE and DELETE statements', () => {
    assert.deepEqual(parsePartiqlStatement(`INSERT INTO "T" VALUE {'pk': 'X', 'sk': ?, 'm': {'a': 1}, 'n': 3}`), {
      verb: 'insert',
      table: 'T',
      item: { pk: 'X', sk: null, m: null, n: '3' },
    });
    assert.deepEqual(parsePartiqlStatement(`update T set a = 1 where pk = 'A'`), {
      verb: 'update',
      table: 'T',
      where: "pk = 'A'",
    });
    assert.deepEqual(parsePartiqlStatement('DELETE FROM "T" WHERE pk = ?'), {
      verb: 'delete',
      table: 'T',
      where: 'pk = ?',
    });
    assert.equal(parsePartiqlStatement('EXISTS(SELECT * FROM "T")'), undefined);
  });
  it('splits a WHERE clause into OR-branches of = and IN tests, literals as values and ? as null', () => {
    assert.deepEqual(whereBranches(`"pk" = 'A' AND sk BETWEEN ? AND ? AND 3 = n`), [
      [
        { attribute: 'pk', op: '=', value: 'A' },
        { attribute: 'n', op: '=', value: '3' },
      ],
    ]);
    assert.deepEqual(whereBranches(`(pk = ? AND (a = 'x' OR b = 'y'))`), [[{ attribute: 'pk', op: '=', value: null }]]);
    assert.deepEqual(whereBranches(`pk IN ['a', 'b'] OR total > ?`), [
      [{ attribute: 'pk', op: 'in', value: null }],
      [],
    ]);
    assert.deepEqual(whereBranches(`note = 'it''s pk = ''X'''`), [
      [{ attribute: 'note', op: '=', value: "it's pk = 'X'" }],
    ]);
    assert.deepEqual(whereBranches(`contains(tags, 'a')`), [[]]);
  });
});
