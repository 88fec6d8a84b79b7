import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

const RULE = 'single-value-partition-key' as const;

describe('rule single-value-partition-key: PartiQL', () => {
  const { result, text } = analyzeFixture('hotkey/partiql.ts');

  it('flags a SELECT whose WHERE pins the partition key to a literal, at the statement (v3 client and document client)', () => {
    const f = expectFindingAt(result, text, {
      rule: RULE,
      needle: '`SELECT * FROM "Orders" WHERE "pk" = \'MATCH\'`',
      lineHint: `WHERE "pk" = 'MATCH'`,
      confidence: 'high',
      table: 'Orders',
    });
    assert.deepEqual(f.data, {
      operation: 'ExecuteStatementCommand',
      api: 'partiql',
      keyAttribute: 'pk',
      keyValue: 'MATCH',
    });
    assert.match(f.message, /every call of this statement reads the same partition/);
    const doc = expectFindingAt(result, text, {
      rule: RULE,
      needle: '`SELECT * FROM "Orders" WHERE pk = \'${ORDERS_PK}\' AND sk > ?`',
      lineHint: 'new DocStatement(',
      confidence: 'high',
    });
    assert.equal(doc.data?.keyValue, 'ORDERS');
  });

  it('flags constant keys in BatchExecuteStatement, ExecuteTransaction and v2 executeStatement writes', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: '`UPDATE "Orders" SET n = 1 WHERE pk = \'COUNTERS\' AND sk = ?`',
        lineHint: 'new BatchExecuteStatementCommand(',
        confidence: 'high',
      }).data?.keyValue,
      'COUNTERS',
    );
    const insert = expectFindingAt(result, text, {
      rule: RULE,
      needle: "`INSERT INTO \"Orders\" VALUE {'pk': 'AUDIT', 'sk': ?}`",
      lineHint: 'new ExecuteTransactionCommand(',
      confidence: 'high',
    });
    assert.match(insert.message, /every call writes to the same partition/);
    expectFindingAt(result, text, {
      rule: RULE,
      needle: '`DELETE FROM "Orders" WHERE pk = \'GONE\' AND sk = ?`',
      lineHint: 'v2.executeStatement(',
      confidence: 'high',
    });
  });

  it('uses the index key for FROM "T"."Index" and GSI keys of an INSERT', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: '`SELECT * FROM "Orders"."byStatus" WHERE status = \'OPEN\'`',
        lineHint: `WHERE status = 'OPEN'`,
        confidence: 'high',
      }).data?.index,
      'byStatus',
    );
    const gsi = expectFindingAt(result, text, {
      rule: RULE,
      needle: "`INSERT INTO \"Orders\" VALUE {'pk': ?, 'sk': ?, 'status': 'ALL'}`",
      lineHint: `'status': 'ALL'`,
      confidence: 'high',
    });
    assert.deepEqual([gsi.data?.keyAttribute, gsi.data?.index], ['status', 'byStatus']);
  });

  it('stays silent on parameters, templates of variables, OR, constants only in the sort key or non-key attributes, and key text inside a string', () => {
    const lines = text.split('\n');
    const start = lines.findIndex((l) => l.includes('export async function variableKeys')) + 1;
    const end = lines.findIndex((l) => l.includes('export async function unknownTables')) + 1;
    assert.deepEqual(
      result.findings.filter((f) => f.rule === RULE && f.line > start && f.line < end),
      [],
    );
    assert.deepEqual(result.operations.find((o) => o.keyValues?.sk === 'LATEST')?.keyValues, {
      pk: null,
      sk: 'LATEST',
    });
  });

  it('without a schema, flags conventional key names at low confidence and never other attributes', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: '`SELECT * FROM "Events" WHERE PK = \'EVENTS\'`',
      lineHint: `WHERE PK = 'EVENTS'`,
      confidence: 'low',
      table: 'Events',
    });
    expectFindingAt(result, text, {
      rule: RULE,
      needle: "`INSERT INTO \"Events\" VALUE {'PK': 'EVENTS', 'SK': ?}`",
      lineHint: `{'PK': 'EVENTS'`,
      confidence: 'low',
    });
    assert.deepEqual(findingsOnLine(result, text, `WHERE title = 'Jaws'`), []);
  });

  it('counts the findings of the fixture', () =>
    assert.equal(result.findings.filter((f) => f.rule === RULE).length, 9));
});

describe('rule scan: PartiQL on a table of unknown keys', () => {
  const { result, text } = analyzeFixture('hotkey/partiql.ts');
  it('does not call a SELECT a Scan when its WHERE tests attributes with = (the keys may be year and title)', () => {
    assert.deepEqual(findingsOnLine(result, text, 'WHERE year = ? AND title = ?'), []);
    assert.deepEqual(findingsOnLine(result, text, `WHERE title = 'Jaws'`), []);
  });
  it('still flags a SELECT with only range tests, or an OR-branch without =, at low confidence', () => {
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Movies" WHERE rating > ?'`,
      lineHint: 'WHERE rating > ?',
      confidence: 'low',
      table: 'Movies',
    });
    expectFindingAt(result, text, {
      rule: 'scan',
      needle: `'SELECT * FROM "Movies" WHERE year = ? OR rating > ?'`,
      lineHint: 'WHERE year = ? OR rating > ?',
      confidence: 'low',
    });
  });
});
