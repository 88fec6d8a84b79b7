// A query panel's run bookkeeping: pages append to the loaded set with their resume key, session
// totals add up across runs and tables, a Scan's next page keeps its budget, and the notes, history
// line and Scan confirmation say what the run did.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SentRequest } from '../../../src/core/query/copyAsCode';
import { parseCondition } from '../../../src/core/query/conditionParser';
import { emptyPanelRequest } from '../../../src/core/query/panelRequest';
import {
  RunBook,
  historySummary,
  isPlace,
  placeKey,
  placesOf,
  resultKeyNames,
  runNotes,
  scanConfirmation,
  type RunResult,
  type RunSpec,
} from '../../../src/core/query/queryRun';
import { fullScanEstimate } from '../../../src/core/pricing';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { orders, shop } from '../panel/fixtures';

const FILTER_NOTE = 'filter note';
const query: RunSpec = { mode: 'query', query: { table: shop, pk: 'CUSTOMER#1' } };
const scan: RunSpec = { mode: 'scan', scan: { table: shop }, readBudget: 40 };
const sent: SentRequest = { operation: 'Query', input: { TableName: 'shop' } };

function page(items: number, extra: Partial<RunResult> = {}): RunResult {
  return {
    items: Array.from({ length: items }, (_, i) => ({ PK: 'CUSTOMER#1', SK: `ORDER#${i}` })),
    count: items,
    scannedCount: items,
    consumedCapacity: { readUnits: 0.5 * items },
    estimatedCostUsd: 0.125 * items,
    pages: 1,
    ...extra,
  };
}

test('a fresh run replaces the loaded set; Load more appends and keeps the newest resume key', () => {
  const book = new RunBook();
  book.record(query, page(2, { lastEvaluatedKey: { PK: { S: 'a' } } }), sent, [], false);
  assert.deepEqual(book.startKey(), { PK: { S: 'a' } });
  assert.deepEqual(book.nextPage(), query);
  const more = book.record(query, page(3), sent, ['n'], true);
  assert.equal(more.items.length, 5);
  assert.equal(more.count, 5);
  assert.equal(more.readUnits, 2.5);
  assert.equal(more.costUsd, 0.625);
  assert.equal(more.lastKey, undefined, 'the last page has no resume key');
  assert.equal(book.nextPage(), undefined, 'no next page once every item is loaded');
  assert.deepEqual(more.last, {
    mode: 'query',
    count: 3,
    scannedCount: 3,
    readUnits: 1.5,
    costUsd: 0.375,
    pages: 1,
    stoppedByBudget: false,
  });
  const fresh = book.record(query, page(1), sent, [], false);
  assert.equal(fresh.items.length, 1, 'a new run starts a new result set');
  assert.equal(fresh.count, 1);
});

test('the session adds up every run, and survives a change of table', () => {
  const book = new RunBook({ runs: 2, readUnits: 1, costUsd: 0.25 });
  book.record(query, page(2), sent, [], false);
  book.record(query, page(4), sent, [], true);
  assert.deepEqual(book.session, { runs: 4, readUnits: 4, costUsd: 1 });
  book.clear();
  assert.equal(book.run, undefined);
  assert.deepEqual(book.session, { runs: 4, readUnits: 4, costUsd: 1 });
});

test('a Scan stopped by its budget says so, and its next page keeps the budget', () => {
  const book = new RunBook();
  const result = page(2, { lastEvaluatedKey: { PK: { S: 'b' } } });
  const run = book.record(scan, result, sent, runNotes(shop, scan, result, FILTER_NOTE), false);
  assert.equal(run.last.stoppedByBudget, true);
  assert.deepEqual(book.nextPage(), scan);
  assert.deepEqual(run.notes, [
    'The Scan stopped at its read budget of 40 RCU: Load more continues it (after another confirmation).',
  ]);
  assert.equal(
    book.record(query, page(1, { lastEvaluatedKey: { PK: { S: 'c' } } }), sent, [], false).last.stoppedByBudget,
    false,
    'a Query is never stopped by a budget',
  );
});

test('notes: the filter only when it dropped items, the projection of the index, the billing of a provisioned table', () => {
  const filtered: RunSpec = { mode: 'query', query: { table: shop, pk: 'a', filter: parseCondition('paid = true') } };
  assert.deepEqual(runNotes(shop, filtered, page(2, { scannedCount: 5 }), FILTER_NOTE), [FILTER_NOTE]);
  assert.deepEqual(runNotes(shop, filtered, page(2), FILTER_NOTE), [], 'nothing dropped, nothing to say');
  const keysOnly: TableModel = { ...shop, indexes: [{ ...shop.indexes[0]!, projection: { type: 'KEYS_ONLY' } }] };
  assert.deepEqual(
    runNotes(keysOnly, { mode: 'query', query: { table: keysOnly, pk: 'a', index: 'GSI1' } }, page(1), FILTER_NOTE),
    ['Index GSI1 projects only key attributes: items show just their keys.'],
  );
  assert.match(
    runNotes(orders, { mode: 'query', query: { table: orders, pk: '1' } }, page(1), FILTER_NOTE)[0] ?? '',
    /^Table orders uses provisioned capacity/,
  );
});

test('pins the table keys, then the queried index keys', () => {
  assert.deepEqual(resultKeyNames(shop, undefined), ['PK', 'SK']);
  assert.deepEqual(resultKeyNames(shop, { mode: 'query', query: { table: shop, pk: 'a', index: 'GSI1' } }), [
    'PK',
    'SK',
    'GSI1PK',
    'total',
  ]);
  assert.deepEqual(resultKeyNames(shop, { mode: 'scan', scan: { table: shop, index: 'byDate' }, readBudget: 1 }), [
    'PK',
    'SK',
    'PK',
    'date',
  ]);
});

test('the history line names the index, the key condition, the filter and the item count', () => {
  const request = {
    ...emptyPanelRequest(),
    index: 'GSI1',
    pk: 'CATEGORY#books',
    skOp: 'between' as const,
    sk: '1',
    sk2: '9',
    filter: 'paid = true',
  };
  assert.equal(
    historySummary(shop, request, 3),
    'GSI1 · GSI1PK = CATEGORY#books · total between 1 and 9 · filter paid = true · 3 items',
  );
  assert.equal(
    historySummary(shop, { ...emptyPanelRequest(), pk: 'X', skOp: '>=', sk: 'B' }, 1),
    'shop · PK = X · SK >= B · 1 item',
  );
  assert.equal(
    historySummary(shop, { ...emptyPanelRequest(), mode: 'scan', readBudget: '25' }, undefined),
    'shop · Scan ≤ 25 RCU',
  );
});

test('the Scan confirmation gives the full-pass estimate, the budget and the filter warning', () => {
  const big: TableModel = { ...shop, sizeBytes: 3 * 1024 * 1024 };
  const ask = scanConfirmation(
    big,
    { table: big, index: 'GSI1', filter: parseCondition('paid = true') },
    40,
    fullScanEstimate(big, { consistent: false }),
    true,
  );
  assert.equal(ask.message, 'Continue the Scan of index GSI1 of shop?');
  assert.equal(ask.action, 'Scan up to 40 RCU');
  assert.match(
    ask.detail,
    /^A full pass over index GSI1 of shop reads about 384 read units in 3 pages and costs about \$[\d.]+ \(3\.0 MB\)\./,
  );
  assert.match(ask.detail, /stops paging once 40 read units are spent/);
  assert.match(ask.detail, /A filter does not reduce what a Scan reads or costs\.$/);
  assert.equal(
    scanConfirmation(shop, { table: shop }, 5, fullScanEstimate(shop, { consistent: false }), false).message,
    'Scan shop?',
  );
});

test('places: one per listed region, else the profile region; keys tell tables and regions apart', () => {
  assert.deepEqual(placesOf([{ name: 'prod', regions: ['eu-west-1', '', 'us-east-1'] }, { name: 'local' }]), [
    { connection: 'prod', region: 'eu-west-1' },
    { connection: 'prod', region: 'us-east-1' },
    { connection: 'local', region: null },
  ]);
  assert.notEqual(
    placeKey({ connection: 'prod', region: 'eu-west-1' }, 'shop'),
    placeKey({ connection: 'prod', region: null }, 'shop'),
  );
  assert.notEqual(placeKey({ connection: 'a', region: null }, 'bc'), placeKey({ connection: 'ab', region: null }, 'c'));
  assert.ok(isPlace({ connection: 'prod', region: null }));
  for (const bad of [
    null,
    { connection: '', region: null },
    { connection: 'a' },
    { connection: 'a', region: null, profile: 'x' },
    { connection: 'a', region: 3 },
  ])
    assert.equal(isPlace(bad), false, JSON.stringify(bad));
});
