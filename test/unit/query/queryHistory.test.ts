// Query history: newest first, a repeated query moves to the top, at most 50 kept, bad entries dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HISTORY_LIMIT, QueryHistory, type HistoryStore } from '../../../src/core/query/queryHistory';
import { emptyPanelRequest } from '../../../src/core/query/panelRequest';

function memento(initial?: unknown): HistoryStore {
  const store = new Map<string, unknown>(initial === undefined ? [] : [['dynamoGuard.queryHistory', initial]]);
  return {
    get: (key: string) => store.get(key),
    update: async (key: string, value: unknown) => {
      store.set(key, value);
    },
  };
}

const place = { connection: 'local', region: 'us-east-1' };
const entry = (pk: string) => ({
  place,
  table: 'shop',
  request: { ...emptyPanelRequest(), pk },
  summary: `shop · PK = ${pk}`,
});

test('keeps the newest first and moves a repeated query to the top instead of repeating it', async () => {
  const history = new QueryHistory(memento());
  await history.add(entry('a'), new Date('2026-01-01T00:00:00Z'));
  await history.add(entry('b'), new Date('2026-01-01T00:01:00Z'));
  await history.add(entry('a'), new Date('2026-01-01T00:02:00Z'));
  assert.deepEqual(
    history.entries().map((e) => [e.request.pk, e.at]),
    [
      ['a', '2026-01-01T00:02:00.000Z'],
      ['b', '2026-01-01T00:01:00.000Z'],
    ],
  );
  const first = history.entries()[0];
  assert.equal(history.find(first?.id ?? '')?.request.pk, 'a');
});

test(`keeps at most ${HISTORY_LIMIT} entries`, async () => {
  const history = new QueryHistory(memento());
  for (let i = 0; i < HISTORY_LIMIT + 5; i++) await history.add(entry(String(i)));
  const entries = history.entries();
  assert.equal(entries.length, HISTORY_LIMIT);
  assert.equal(entries[0]?.request.pk, String(HISTORY_LIMIT + 4));
});

test('drops stored entries that do not validate', () => {
  const good = { ...entry('a'), id: 'x', at: '2026-01-01T00:00:00Z' };
  const history = new QueryHistory(memento([good, { ...good, request: { pk: 1 } }, null, 'x']));
  assert.deepEqual(history.entries(), [good]);
  assert.deepEqual(new QueryHistory(memento({ not: 'a list' })).entries(), []);
});
