// Recommendations, worked by hand at us-east-1 rates over 14 days of 5-minute periods, 70 % target.
// 1 unit/s for a 730-hour month is 2,628,000 units: $0.3285 on-demand reads, $1.6425 on-demand writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviseTable, throttleNote } from '../../../src/core/cost/advice';
import type { TableUsage } from '../../../src/core/cost/costModel';
import type { TableModel } from '../../../src/core/tables/tableModel';

const PERIODS = 14 * 288;
const GIB = 1024 ** 3;
const steady = (unitsPerSecond: number) => new Array<number>(PERIODS).fill(unitsPerSecond * 300);
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const close = (actual: number | undefined, expected: number, what: string) =>
  assert.ok(actual !== undefined && Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);
const base = (over: Partial<TableModel>): TableModel => ({
  name: 't',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  region: 'us-east-1',
  sizeBytes: 0,
  indexes: [],
  ...over,
});
const usageOf = (read: number[], write: number[], indexes: TableUsage['indexes'] = {}): TableUsage => ({
  window,
  table: { read, write },
  indexes,
});

test('steady on-demand load: provisioned with auto scaling, savings from the replay', () => {
  const a = adviseTable(base({}), usageOf(steady(100), steady(10)));
  // On-demand: 100/s reads $32.85 + 10/s writes $16.425 = $49.275.
  // Replay: ceil(100/0.7) = 143 RCU, ceil(10/0.7) = 15 WCU all along: (143 x 0.00013 + 15 x 0.00065) x 730 = $20.6882.
  const rec = a.recommendations.find((r) => r.kind === 'billing-mode');
  close(rec?.monthlySavingsUsd, 49.275 - 20.6882, 'savings');
  assert.match(rec?.action ?? '', /provisioned capacity with auto scaling at 70 %/);
  assert.match(rec?.evidence ?? '', /no throttled period/);
  assert.equal(throttleNote(a), undefined);
});

test('spiky on-demand load stays on-demand: the replay would have throttled', () => {
  // Quiet at 1/s with a 5-minute burst to 500/s every 6 hours: scale-out never reacts in time.
  const reads = steady(1).map((v, i) => (i % 72 === 36 ? 500 * 300 : v));
  const a = adviseTable(base({}), usageOf(reads, steady(0)));
  assert.equal(a.recommendations.filter((r) => r.kind === 'billing-mode').length, 0);
  assert.match(throttleNote(a) ?? '', /throttled the table in 56 periods/);
});

test('a cheaper provisioned replay is still refused when a GSI of the table would have throttled', () => {
  const spikes = steady(0).map((v, i) => (i % 72 === 36 ? 200 * 300 : v));
  const table = base({
    indexes: [{ name: 'g', kind: 'GSI', partitionKey: { name: 'g' }, projection: { type: 'ALL' } }],
  });
  const a = adviseTable(table, usageOf(steady(100), steady(10), { g: { read: spikes, write: steady(0) } }));
  assert.equal(a.recommendations.filter((r) => r.kind === 'billing-mode').length, 0);
  assert.match(throttleNote(a) ?? '', /index g in 56 periods/);
});

test('a provisioned table at 5 % use is over-provisioned', () => {
  const a = adviseTable(
    base({ billingMode: 'PROVISIONED', provisioned: { read: 100, write: 100 } }),
    usageOf(steady(5), steady(5)),
  );
  // Peak 5/s is 5 % of 100: lower to ceil(5/0.7) = 8 each. (100 - 8) x 730 x ($0.00013 + $0.00065) = $52.3848.
  const rec = a.recommendations.find((r) => r.kind === 'over-provisioned');
  close(rec?.monthlySavingsUsd, 52.3848, 'savings');
  assert.match(rec?.action ?? '', /read capacity from 100 to 8 RCU and write capacity from 100 to 8 WCU/);
  assert.match(rec?.evidence ?? '', /reads peaked at 5 units\/s, 5 % of 100 RCU/);
  // On-demand would cost 5/s x ($0.3285 + $1.6425) = $9.855 against 100 x 730 x $0.00078 = $56.94 provisioned: offered too.
  const mode = a.recommendations.find((r) => r.kind === 'billing-mode');
  close(mode?.monthlySavingsUsd, 100 * 730 * 0.00078 - 9.855, 'on-demand instead');
});

test('a provisioned table used near its capacity is not over-provisioned', () => {
  const a = adviseTable(
    base({ billingMode: 'PROVISIONED', provisioned: { read: 10, write: 10 } }),
    usageOf(steady(6), steady(6)),
  );
  assert.equal(a.recommendations.filter((r) => r.kind === 'over-provisioned').length, 0);
});

test('a large, rarely read table: Standard-IA', () => {
  const a = adviseTable(base({ sizeBytes: 100 * GIB }), usageOf(steady(0.1), steady(0.01)));
  // Standard: storage $25, throughput 0.1 x 0.3285 + 0.01 x 1.6425 = $0.049275 (storage 25 / 0.049275 = 50,736 % of it).
  // Standard-IA: storage $10, throughput x 1.25. Savings = 15 - 0.25 x 0.049275 = $14.98768125.
  const rec = a.recommendations.find((r) => r.kind === 'table-class');
  close(rec?.monthlySavingsUsd, 14.98768125, 'savings');
  assert.match(rec?.action ?? '', /Standard-IA/);
  assert.match(rec?.evidence ?? '', /Storage costs \$25\.00 a month, 50,736 % of the \$0\.05 of throughput/);
});

test('a busy small table stays Standard', () => {
  const a = adviseTable(base({ sizeBytes: GIB }), usageOf(steady(100), steady(10)));
  assert.equal(a.recommendations.filter((r) => r.kind === 'table-class').length, 0);
});

test('a GSI written but never read: its whole cost is the savings', () => {
  const table = base({
    indexes: [
      { name: 'byStatus', kind: 'GSI', partitionKey: { name: 's' }, projection: { type: 'ALL' }, sizeBytes: 2 * GIB },
    ],
  });
  const a = adviseTable(table, usageOf(steady(1), steady(1), { byStatus: { read: steady(0), write: steady(10) } }));
  // 10/s writes = $16.425 a month, 2 GB storage = $0.50; 10/s x 14 days = 12,096,000 units.
  const rec = a.recommendations.find((r) => r.kind === 'unused-index');
  close(rec?.monthlySavingsUsd, 16.925, 'savings');
  assert.equal(rec?.index, 'byStatus');
  assert.match(rec?.evidence ?? '', /^12,096,000 write units and no read units in 14 days/);
});

test('a GSI that is read is not unused', () => {
  const table = base({
    indexes: [{ name: 'g', kind: 'GSI', partitionKey: { name: 's' }, projection: { type: 'ALL' } }],
  });
  const reads = steady(0);
  reads[5] = 1;
  const a = adviseTable(table, usageOf(steady(1), steady(1), { g: { read: reads, write: steady(10) } }));
  assert.equal(a.recommendations.filter((r) => r.kind === 'unused-index').length, 0);
});

test('recommendations come largest savings first', () => {
  const a = adviseTable(
    base({ billingMode: 'PROVISIONED', provisioned: { read: 100, write: 100 } }),
    usageOf(steady(5), steady(5)),
  );
  const savings = a.recommendations.map((r) => r.monthlySavingsUsd);
  assert.deepEqual(
    savings,
    [...savings].sort((x, y) => y - x),
  );
});
