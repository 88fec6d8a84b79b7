import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeFixture, expectFindingAt, findingsOnLine } from './analyzerFixtures';

const RULE = 'single-value-partition-key' as const;

function between(text: string, startHint: string, endHint?: string): [number, number] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.includes(startHint)) + 1;
  const end = endHint === undefined ? lines.length + 1 : lines.findIndex((l) => l.includes(endHint)) + 1;
  return [start, end];
}

describe('constant folding: module-level and imported constants (ESM)', () => {
  const { result, text } = analyzeFixture('folding/moduleConst.ts');

  it('flags a module-level const used as a shorthand key property', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'pk',
        lineHint: 'Item: { pk, sk: id }',
        confidence: 'high',
        table: 'Orders',
      }).data?.keyValue,
      'EVENTS',
    );
  });

  it('follows a renamed re-export and `export *` to the constant', () => {
    assert.equal(
      expectFindingAt(result, text, { rule: RULE, needle: 'FEED', lineHint: 'Item: { pk: FEED', confidence: 'high' })
        .data?.keyValue,
      'FEED',
    );
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'STATUS_ALL',
        lineHint: 'Item: { pk: FEED',
        confidence: 'high',
      }).data?.index,
      'byStatus',
    );
  });

  it('folds a template literal of an imported constant', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'ARCHIVE',
        lineHint: 'Key: { pk: ARCHIVE',
        confidence: 'high',
      }).data?.keyValue,
      'TENANT#ARCHIVE',
    );
  });

  it('flags a Query whose partition-key value is an imported constant', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: 'FEED',
      lineHint: "ExpressionAttributeValues: { ':p': FEED } }",
      confidence: 'high',
    });
  });

  it('stays silent on templates with variables, `let` exports, GetItem, filter-only and sort-key-only constants', () => {
    const [start] = between(text, 'export async function notConstant');
    assert.deepEqual(
      result.findings.filter((f) => f.line > start && f.rule !== 'hot-key-read'),
      [],
    );
  });

  it('reports the GetItem of an imported constant key as a hot-key read', () => {
    const f = expectFindingAt(result, text, {
      rule: 'hot-key-read',
      needle: 'SINGLETON_KEY',
      lineHint: 'Key: SINGLETON_KEY',
      confidence: 'high',
    });
    assert.equal(f.data?.keyValue, 'SETTINGS');
  });
});

describe('constant folding: CommonJS modules', () => {
  const { result, text } = analyzeFixture('folding/moduleConstCjs.js');

  it('follows `const { X } = require(...)` into `module.exports = { X }`', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'QUEUE_PARTITION',
        lineHint: 'Item: { pk: QUEUE_PARTITION',
        confidence: 'high',
      }).data?.keyValue,
      'QUEUE',
    );
  });

  it('reports a required key object where it enters the request', () => {
    assert.equal(
      expectFindingAt(result, text, { rule: RULE, needle: 'LOCK', lineHint: 'Key: LOCK', confidence: 'high' }).data
        ?.keyValue,
      'LOCK',
    );
  });

  it('follows `exports.X = ...` through a required module object, also into a spread', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'keys.AUDIT',
        lineHint: 'pk: keys.AUDIT',
        confidence: 'high',
      }).data?.keyValue,
      'AUDIT',
    );
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'keys.counterKey',
        lineHint: '...keys.counterKey',
        confidence: 'high',
      }).data?.keyValue,
      'COUNTERS',
    );
  });

  it('does not fold an export assigned twice or a name the module does not export', () => {
    assert.deepEqual(findingsOnLine(result, text, 'pk: keys.changing'), []);
    assert.deepEqual(findingsOnLine(result, text, 'pk: keys.missing'), []);
  });

  it('reports nothing outside the file', () => {
    assert.ok(result.findings.every((f) => f.line > 1));
  });
});

describe('constant folding: key objects spread, merged and built step by step', () => {
  const { result, text } = analyzeFixture('folding/stepBuilt.ts');

  it('reports a spread module-level key object at each spread, also one imported', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'BASE_KEY',
        lineHint: 'Item: { ...BASE_KEY',
        confidence: 'high',
      }).data?.keyValue,
      'REPORTS',
    );
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: 'SINGLETON_KEY',
        lineHint: 'Item: { ...SINGLETON_KEY',
        confidence: 'high',
      }).data?.keyValue,
      'SETTINGS',
    );
  });

  it('reads Object.assign({}, KEY, {...}) as the merged object', () => {
    expectFindingAt(result, text, {
      rule: RULE,
      needle: 'BASE_KEY',
      lineHint: 'Object.assign({}, BASE_KEY',
      confidence: 'high',
    });
  });

  it('follows values assigned to the request after its declaration', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: "'INBOX'",
        lineHint: "params.ExpressionAttributeValues[':p'] = 'INBOX'",
        confidence: 'high',
      }).data?.keyValue,
      'INBOX',
    );
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: "'COUNTER'",
        lineHint: "Object.assign(params.Key, { pk: 'COUNTER' })",
        confidence: 'high',
      }).data?.keyValue,
      'COUNTER',
    );
  });

  it('knows a value every path sets to the same constant', () => {
    assert.equal(
      expectFindingAt(result, text, {
        rule: RULE,
        needle: "'JOBS'",
        lineHint: "params.Item['pk'] = 'JOBS'",
        confidence: 'high',
      }).data?.keyValue,
      'JOBS',
    );
    assert.equal(result.findings.filter((f) => f.data?.keyValue === 'JOBS').length, 1);
  });

  it('stays silent when paths differ, a later assignment replaces the constant, a computed key may overwrite it, or only the sort key is constant', () => {
    const [start] = between(text, 'export async function notConstant');
    assert.deepEqual(
      result.findings.filter((f) => f.line > start),
      [],
    );
    const put = result.operations.filter((o) => o.kind === 'put' && o.range.line > start);
    assert.deepEqual(
      put.map((o) => o.keyValues?.pk ?? null),
      [null, null, null, null],
    );
  });
});
