// The host's guard on panel messages: well-formed messages pass, anything else is dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyPanelRequest } from '../../../src/core/query/panelRequest';
import { isPanelState, parseWebviewMessage } from '../../../src/webview/protocol';

test('accepts each well-formed panel message', () => {
  const place = { connection: 'local', region: 'us-east-1' };
  for (const m of [
    { type: 'ready' },
    { type: 'loadMore' },
    { type: 'cancel' },
    { type: 'selectPlace', place: { connection: 'dev', region: null } },
    { type: 'selectTable', place, table: 'shop' },
    { type: 'run', request: emptyPanelRequest() },
    { type: 'export', format: 'csv' },
    { type: 'copyAsCode', flavor: 'cli' },
    { type: 'rerun', id: 'h1' },
  ])
    assert.deepEqual(parseWebviewMessage(m), m, JSON.stringify(m));
});

test('drops unknown types, extra or mistyped fields, oversized text and non-objects', () => {
  const bad: unknown[] = [
    null,
    'run',
    [],
    { type: 'eval', code: '1' },
    { type: 'ready', extra: 1 },
    { type: 'debug/result', id: 3, snapshot: {} },
    { type: 'run', request: { ...emptyPanelRequest(), pk: 7 } },
    { type: 'run', request: { ...emptyPanelRequest(), skOp: 'contains' } },
    { type: 'run', request: { ...emptyPanelRequest(), mode: 'delete' } },
    { type: 'run', request: { ...emptyPanelRequest(), __proto__: { polluted: true }, extra: 'x' } },
    { type: 'run', request: { ...emptyPanelRequest(), pk: 'x'.repeat(5000) } },
    { type: 'run' },
    { type: 'export', format: 'xlsx' },
    { type: 'copyAsCode', flavor: 'python' },
    { type: 'selectTable', place: { connection: '', region: null }, table: 'shop' },
    { type: 'selectTable', place: { connection: 'a', region: null }, table: '' },
  ];
  for (const m of bad) assert.equal(parseWebviewMessage(m), undefined, JSON.stringify(m));
});

test('reads back only well-formed panel state', () => {
  const state = {
    place: { connection: 'local', region: null },
    table: 'shop',
    request: emptyPanelRequest(),
    session: { runs: 2, readUnits: 1.5, costUsd: 0.0000002 },
  };
  assert.ok(isPanelState(state));
  assert.ok(!isPanelState({ ...state, session: { runs: -1, readUnits: 0, costUsd: 0 } }));
  assert.ok(!isPanelState({ ...state, table: 5 }));
  assert.ok(!isPanelState(undefined));
});
