// The one-line cost of a table and its split, as the CLI (and the Tables view) show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviseTable } from '../../../src/core/cost/advice';
import { costParts, costSummary, glanceMoney, jsonUsd } from '../../../src/core/cost/costPresentation';
import type { TableModel } from '../../../src/core/tables/tableModel';

const PERIODS = 14 * 288;
const steady = (unitsPerSecond: number) => new Array<number>(PERIODS).fill(unitsPerSecond * 300);
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const table: TableModel = { name: 't', status: 'ACTIVE', billingMode: 'PAY_PER_REQUEST', partitionKey: { name: 'pk' }, tableClass: 'STANDARD', region: 'us-east-1', sizeBytes: 0, indexes: [] };

test('"≈ $49/month · save $29 with provisioned" for a steady on-demand table', () => {
  const a = adviseTable(table, { window, table: { read: steady(100), write: steady(10) }, indexes: {} });
  assert.equal(costSummary(a), '≈ $49/month · save $29 with provisioned');
});

test('no advice: the cost alone; small sums keep their cents', () => {
  const a = adviseTable(table, { window, table: { read: steady(1), write: steady(1) }, indexes: {} });
  assert.equal(costSummary(a), '≈ $1.97/month');
  assert.deepEqual(costParts(a.cost).map((p) => p.label), ['Reads', 'Writes', 'Storage', 'Indexes', 'Backups']);
});

test('glance amounts: whole dollars from $10, cents below, never "$0" for a real cost', () => {
  assert.deepEqual([glanceMoney(41.4), glanceMoney(4.2), glanceMoney(0.004), glanceMoney(0), glanceMoney(12, 'EUR')], ['$41', '$4.20', '$<0.01', '$0.00', '12 EUR']);
  assert.equal(jsonUsd(28.58680000001), 28.5868);
});
