// The page's guard on host messages: every message the query panel posts passes unchanged, anything
// malformed (missing, mistyped or extra fields, unknown types, non-object items) is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyPanelRequest } from '../../../src/core/query/panelRequest';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { parseHostMessage, type HistoryEntry, type HostMessage, type Place } from '../../../src/webview/protocol';
import { orders, shop } from './fixtures';

const place: Place = { connection: 'local', region: null };
const request = {
  ...emptyPanelRequest(),
  index: 'GSI1',
  pk: 'CATEGORY#books',
  skOp: '>=' as const,
  sk: '10',
  limit: '25',
};
// A live DescribeTable model carries more than the page reads: the guard lets it through.
const described: TableModel = {
  ...shop,
  arn: 'arn:aws:dynamodb:us-east-1:123456789012:table/shop',
  itemCount: 1200,
  sizeBytes: 480000,
  stream: { enabled: false },
  deletionProtection: true,
  createdAt: '2024-03-01T09:00:00.000Z',
  indexes: shop.indexes.map((i) => ({ ...i, status: 'ACTIVE', itemCount: 300 })),
};
const entry: HistoryEntry = {
  id: 'lzx3k2-a1b2c3',
  at: '2025-01-15T10:20:30.000Z',
  place,
  table: 'shop',
  request,
  summary: 'GSI1 · GSI1PK = CATEGORY#books · 3 items',
};
const session = { runs: 2, readUnits: 1.5, costUsd: 0.0000001875 };

// One realistic example per variant, shaped like queryPanel.ts's post(...) calls; the mapped type
// makes this fail to compile when a variant is added without an example.
const examples: { [K in HostMessage['type']]: Extract<HostMessage, { type: K }> } = {
  init: {
    type: 'init',
    places: [place, { connection: 'dev', region: 'eu-west-1' }],
    place,
    tables: null,
    table: described,
    request: emptyPanelRequest(),
    history: [entry],
    session,
  },
  tables: { type: 'tables', place, tables: ['orders', 'shop'] },
  table: { type: 'table', place, table: orders, request: emptyPanelRequest() },
  running: { type: 'running', message: 'Querying shop GSI1…' },
  results: {
    type: 'results',
    append: false,
    items: [
      {
        PK: 'CUSTOMER#1',
        SK: 'ORDER#2',
        total: 12.5,
        paid: true,
        note: null,
        tags: { $set: 'SS', values: ['a', 'b'] },
        blob: { $binary: 'AQID' },
        big: '12345678901234567890',
        lines: [{ sku: 'X', qty: 2 }],
      },
      { PK: 'CUSTOMER#1', SK: 'ORDER#3', total: 7 },
    ],
    keyNames: ['PK', 'SK', 'GSI1PK', 'total'],
    run: {
      mode: 'query',
      count: 2,
      scannedCount: 3,
      readUnits: 0.5,
      costUsd: 0.0000000625,
      pages: 1,
      stoppedByBudget: false,
    },
    session,
    hasMore: true,
    notes: ['The filter dropped 1 of 3 items read: they were still paid for.'],
  },
  invalid: {
    type: 'invalid',
    errors: {
      pk: 'Partition key GSI1PK is required.',
      consistent:
        'Index GSI1 is a global secondary index, which only supports eventually consistent reads: turn off Consistent read.',
    },
  },
  error: { type: 'error', message: 'That history entry is gone: run the query again from the form.' },
  cancelled: { type: 'cancelled' },
  history: {
    type: 'history',
    entries: [entry, { ...entry, id: 'lzx3k0-z9y8x7', summary: 'shop · PK = CUSTOMER#1 · 12 items' }],
  },
  notice: { type: 'notice', message: 'Exported 2 items to exports/shop.json.' },
  prefill: { type: 'prefill', request },
};

function without(m: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...m };
  delete copy[key];
  return copy;
}

function rejects(m: unknown): void {
  assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
}

test('accepts every message the query panel posts, unchanged', () => {
  for (const m of Object.values(examples)) assert.deepEqual(parseHostMessage(m), m, m.type);
  assert.deepEqual(
    parseHostMessage({ ...examples.init, tables: ['shop'], table: null, place: null, places: [], history: [] }),
    { ...examples.init, tables: ['shop'], table: null, place: null, places: [], history: [] },
  );
  assert.deepEqual(parseHostMessage({ ...examples.results, append: true, items: [], hasMore: false, notes: [] }), {
    ...examples.results,
    append: true,
    items: [],
    hasMore: false,
    notes: [],
  });
  assert.deepEqual(parseHostMessage({ ...examples.invalid, errors: {} }), { ...examples.invalid, errors: {} });
});

test('drops non-objects and unknown types', () => {
  for (const m of [
    null,
    undefined,
    'init',
    42,
    true,
    [],
    [examples.cancelled],
    {},
    { type: 5 },
    { type: 'eval', code: '1' },
    { type: 'debug/result', id: 1, snapshot: {} },
    { type: 'debug/act', id: 1, action: { kind: 'submit' } },
    { type: 'INIT' },
  ])
    rejects(m);
});

test('drops a message missing any one of its fields', () => {
  for (const m of Object.values(examples)) {
    for (const key of Object.keys(m).filter((k) => k !== 'type')) rejects(without(m, key));
  }
});

test('drops a message with an extra unknown field', () => {
  for (const m of Object.values(examples)) rejects({ ...m, extra: 1 });
  rejects({ ...examples.results, run: { ...examples.results.run, extra: 1 } });
  rejects({ ...examples.tables, place: { ...place, profile: 'dev' } });
  rejects({ ...examples.prefill, request: { ...request, extra: 'x' } });
});

test('drops mistyped fields', () => {
  for (const m of [
    { ...examples.init, tables: 'shop' },
    { ...examples.init, places: [{ connection: '', region: null }] },
    { ...examples.init, session: { runs: -1, readUnits: 0, costUsd: 0 } },
    { ...examples.init, history: [{ ...entry, request: { ...request, skOp: 'contains' } }] },
    { ...examples.init, history: [without(entry, 'summary')] },
    { ...examples.init, history: [{ ...entry, place: { connection: 'local' } }] },
    { ...examples.tables, tables: ['shop', 3] },
    { ...examples.tables, tables: [''] },
    { ...examples.tables, place: null },
    { ...examples.running, message: 42 },
    { ...examples.error, message: null },
    { ...examples.notice, message: ['x'] },
    { ...examples.results, append: 'false' },
    { ...examples.results, hasMore: 1 },
    { ...examples.results, keyNames: [null] },
    { ...examples.results, notes: [1] },
    { ...examples.results, run: { ...examples.results.run, mode: 'delete' } },
    { ...examples.results, run: { ...examples.results.run, count: 1.5 } },
    { ...examples.results, run: { ...examples.results.run, costUsd: Number.NaN } },
    { ...examples.results, run: without(examples.results.run, 'pages') },
    { ...examples.results, session: { runs: 1, readUnits: '0.5', costUsd: 0 } },
    { ...examples.invalid, errors: { mode: 'not a form field' } },
    { ...examples.invalid, errors: { pk: 7 } },
    { ...examples.invalid, errors: [] },
    { ...examples.history, entries: {} },
    { ...examples.history, entries: [{ ...entry, id: 5 }] },
    { ...examples.prefill, request: { ...request, pk: 7 } },
    { ...examples.prefill, request: { ...request, mode: 'delete' } },
  ])
    rejects(m);
});

test('drops table models the page could not read', () => {
  for (const table of [
    without(shop, 'partitionKey'),
    without(shop, 'indexes'),
    without(shop, 'billingMode'),
    without(shop, 'name'),
    { ...shop, name: '' },
    { ...shop, billingMode: 'FREE' },
    { ...shop, partitionKey: { name: 'PK', type: 'SS' } },
    { ...shop, sortKey: { type: 'S' } },
    { ...shop, indexes: 'GSI1' },
    { ...shop, indexes: [{ ...shop.indexes[0], kind: 'MV' }] },
    { ...shop, indexes: [without(shop.indexes[0]!, 'projection')] },
    { ...shop, indexes: [{ ...shop.indexes[0], projection: { type: 'SOME' } }] },
    { ...shop, indexes: [without(shop.indexes[0]!, 'partitionKey')] },
    null,
    [],
  ]) {
    rejects({ ...examples.table, table });
    if (table !== null) rejects({ ...examples.init, table });
  }
});

test('drops results whose items are not plain objects', () => {
  for (const items of [
    [1],
    ['PK'],
    [null],
    [[{ PK: 'a' }]],
    [new Date(0)],
    [new Map([['PK', 'a']])],
    [{ PK: 'a' }, true],
    { PK: 'a' },
  ]) {
    rejects({ ...examples.results, items });
  }
});
