// What the Scans in code cost a month at the observed read rate, worked by hand. Window: 14 days of
// 5-minute periods; a month is 730 h = 2,628,000 s.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scansInCodeCost } from '../../../src/core/cost/scansInCode';
import { scansInCodeEvidence, scansInCodeLine } from '../../../src/core/cost/costPresentation';
import type { TableUsage } from '../../../src/core/cost/costModel';
import type { TableModel } from '../../../src/core/tables/tableModel';

const PERIODS = 14 * 288;
const steady = (unitsPerSecond: number) => new Array<number>(PERIODS).fill(unitsPerSecond * 300);
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const close = (actual: number | undefined, expected: number, what: string) =>
  assert.ok(
    actual !== undefined && Math.abs(actual - expected) < 1e-9 * Math.max(1, expected),
    `${what}: ${actual} != ${expected}`,
  );

// 10 GiB on-demand in us-east-1, 100 read units a second.
const orders: TableModel = {
  name: 'orders',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  region: 'us-east-1',
  sizeBytes: 10 * 1024 ** 3,
  indexes: [],
};
const ordersUsage: TableUsage = { window, table: { read: steady(100), write: steady(0) }, indexes: {} };

test('on-demand: one pass, passes a day and the month at the observed reads', () => {
  const c = scansInCodeCost(orders, ordersUsage, [{ consistent: false }, { consistent: false }]);
  assert.ok(c);
  assert.equal(c.scans, 2);
  assert.equal(c.groups.length, 1);
  const g = c.groups[0]!;
  // 10 GiB / 4 KiB = 2,621,440 units, halved for eventually consistent: 1,310,720; × $0.125 per million = $0.16384.
  close(g.pass.readUnits, 1_310_720, 'pass units');
  close(g.pass.cost, 0.16384, 'pass cost');
  close(g.readUnitsPerSecond, 100, 'observed rate');
  // 100 × 86,400 / 1,310,720 = 6.5918 passes a day; 100 × 2,628,000 / 1,310,720 = 200.5 a month.
  close(g.passesPerDay, 8_640_000 / 1_310_720, 'passes a day');
  close(g.passesPerMonth, 262_800_000 / 1_310_720, 'passes a month');
  // The month is every observed read priced as the Scan: 262.8 M units × $0.125 per million = $32.85.
  close(g.usdPerMonth, 32.85, 'a month');
  close(g.usdPerDay, (8_640_000 * 0.125) / 1e6, 'a day');
  assert.equal(
    scansInCodeLine(c),
    '2 Scans in code · one pass $0.16 · at the observed reads ≤ 6.59 passes/day ≈ $33/month',
  );
  const [evidence] = scansInCodeEvidence(c, 'orders', 'PAY_PER_REQUEST', 14);
  assert.match(
    evidence ?? '',
    /^Table orders, 2 Scans in code: one full pass reads 1,310,720 read units \(eventually consistent; 10,240 MiB as DescribeTable/,
  );
  assert.match(
    evidence ?? '',
    /consumed 100 read units a second on average: .* at most 6\.59 passes a day, 201 a 730-hour month, \$32\.85 a month\. An upper bound/,
  );
});

test('provisioned GSI, strongly consistent, at overridden prices; groups come dearest first', () => {
  const table: TableModel = {
    name: 'users',
    status: 'ACTIVE',
    billingMode: 'PROVISIONED',
    partitionKey: { name: 'pk' },
    tableClass: 'STANDARD',
    region: 'eu-west-1',
    provisioned: { read: 50, write: 5 },
    sizeBytes: 40 * 4096,
    indexes: [
      {
        name: 'byEmail',
        kind: 'GSI',
        partitionKey: { name: 'email' },
        projection: { type: 'ALL' },
        sizeBytes: 4 * 1024 ** 2,
        provisioned: { read: 10, write: 5 },
      },
    ],
  };
  const usage: TableUsage = {
    window,
    table: { read: steady(0.5), write: steady(0) },
    indexes: { byEmail: { read: steady(2), write: steady(0) } },
  };
  const c = scansInCodeCost(table, usage, [{ index: 'byEmail', consistent: true }, { consistent: false }], {
    currency: 'EUR',
    standard: { rcuHour: 0.0002 },
  });
  assert.ok(c);
  assert.equal(c.currency, 'EUR');
  assert.deepEqual(
    c.groups.map((g) => g.index ?? 'table'),
    ['byEmail', 'table'],
  );
  const [gsi, base] = c.groups as [NonNullable<typeof c>['groups'][0], NonNullable<typeof c>['groups'][0]];
  // 4 MiB / 4 KiB = 1,024 units strongly consistent; its share of an RCU-hour: 1,024 × 0.0002 / 3,600 EUR.
  close(gsi.pass.readUnits, 1024, 'GSI pass units');
  close(gsi.pass.cost, (1024 * 0.0002) / 3600, 'GSI pass cost');
  // The GSI's own reads, 2 a second: 168.75 passes a day; a month of them costs 2 RCU × 730 h × 0.0002 = 0.292 EUR.
  close(gsi.readUnitsPerSecond, 2, 'GSI rate');
  close(gsi.passesPerDay, 168.75, 'GSI passes a day');
  close(gsi.usdPerMonth, 0.292, 'GSI month');
  // The table: 40 × 4 KiB = 40 units, 20 eventually consistent; 0.5 a second: 2,160 passes a day.
  close(base.pass.readUnits, 20, 'table pass units');
  close(base.passesPerDay, 2160, 'table passes a day');
  close(base.usdPerMonth, 0.5 * 730 * 0.0002, 'table month');
  assert.equal(
    scansInCodeLine(c),
    '2 Scans in code · one pass 0.000057 EUR · at the observed reads ≤ 169 passes/day ≈ 0.29 EUR/month',
  );
});

test('no Scans, no figure; an unmeasured GSI reads nothing', () => {
  assert.equal(scansInCodeCost(orders, ordersUsage, []), undefined);
  const withGsi: TableModel = {
    ...orders,
    indexes: [{ name: 'g', kind: 'GSI', partitionKey: { name: 'x' }, projection: { type: 'ALL' }, sizeBytes: 4096 }],
  };
  const c = scansInCodeCost(withGsi, ordersUsage, [{ index: 'g', consistent: false }]);
  assert.equal(c?.groups[0]?.passesPerDay, 0);
  assert.equal(
    scansInCodeLine(c),
    '1 Scan in code · one pass $0.000000063 · at the observed reads ≤ 0 passes/day ≈ $0.00/month',
  );
});
