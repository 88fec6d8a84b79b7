// The monthly cost split of a table, worked by hand. Window: 14 days of 5-minute periods (4,032);
// a month is 730 h = 2,628,000 s, so 1 unit/s for a month is 2,628,000 units.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tableCost, type TableUsage } from '../../../src/core/cost/costModel';
import type { TableModel } from '../../../src/core/tables/tableModel';

const PERIODS = 14 * 288;
const GIB = 1024 ** 3;
const steady = (unitsPerSecond: number) => new Array<number>(PERIODS).fill(unitsPerSecond * 300);
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const close = (actual: number, expected: number, what: string) =>
  assert.ok(Math.abs(actual - expected) < 1e-6, `${what}: ${actual} != ${expected}`);

const onDemand: TableModel = {
  name: 'orders',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  region: 'us-east-1',
  sizeBytes: 10 * GIB,
  pointInTimeRecovery: { status: 'ENABLED' },
  indexes: [
    { name: 'byUser', kind: 'GSI', partitionKey: { name: 'user' }, projection: { type: 'ALL' }, sizeBytes: GIB },
  ],
};
const usage: TableUsage = {
  window,
  table: { read: steady(1), write: steady(0.2) },
  indexes: { byUser: { read: steady(0), write: steady(0.2) } },
};

test('on-demand: request units projected to a month, storage, GSIs and PITR, all at us-east-1 rates', () => {
  const c = tableCost(onDemand, usage);
  close(c.reads.usd, 0.3285, 'reads: 2,628,000 RRU x $0.125/M');
  close(c.writes.usd, 0.3285, 'writes: 525,600 WRU x $0.625/M');
  close(c.storage.usd, 2.5, 'storage: 10 GB x $0.25');
  close(c.indexes.usd, 0.5785, 'GSI: 525,600 WRU ($0.3285) + 1 GB ($0.25)');
  close(c.backups.usd, 2, 'PITR: 10 GB x $0.20');
  close(c.total, 5.7355, 'total');
  assert.equal(c.reads.basis, 'measured');
  assert.equal(c.backups.basis, 'assumed');
  assert.match(c.assumptions.join(' '), /public us-east-1 rates/);
});

test('provisioned: measured provisioned capacity wins over what DescribeTable says now', () => {
  const table: TableModel = {
    ...onDemand,
    billingMode: 'PROVISIONED',
    provisioned: { read: 100, write: 50 },
    pointInTimeRecovery: { status: 'DISABLED' },
    indexes: [],
  };
  const described = tableCost(table, { window, table: { read: steady(1), write: steady(1) }, indexes: {} });
  close(described.reads.usd, 9.49, '100 RCU x 730 h x $0.00013');
  close(described.writes.usd, 23.725, '50 WCU x 730 h x $0.00065');
  assert.equal(described.reads.basis, 'assumed');
  assert.equal(described.backups.usd, 0);
  // Auto scaling moved it: half the window at 20 RCU, half at 60 -> 40 on average.
  const measured = tableCost(table, {
    window,
    table: {
      read: steady(1),
      write: steady(1),
      provisionedRead: [...new Array<number>(PERIODS / 2).fill(20), ...new Array<number>(PERIODS / 2).fill(60)],
    },
    indexes: {},
  });
  close(measured.reads.usd, 3.796, '40 RCU x 730 h x $0.00013');
  assert.equal(measured.reads.basis, 'measured');
});

test('Standard-IA: requests 25 % dearer, storage 60 % cheaper', () => {
  const c = tableCost({ ...onDemand, tableClass: 'STANDARD_INFREQUENT_ACCESS' }, usage);
  close(c.reads.usd, 0.3285 * 1.25, 'reads');
  close(c.storage.usd, 1, 'storage: 10 GB x $0.10');
  close(c.backups.usd, 2, 'PITR does not change with the class');
});

test('a price override replaces rates and names the currency', () => {
  const c = tableCost(onDemand, usage, {
    prices: { currency: 'EUR', standard: { readPerMillion: 0.1, storageGbMonth: 0.2 } },
  });
  close(c.reads.usd, 0.2628, '2,628,000 RRU x 0.10/M');
  close(c.storage.usd, 2, '10 GB x 0.20');
  close(c.writes.usd, 0.3285, 'not overridden: public rate');
  assert.equal(c.currency, 'EUR');
  assert.match(c.assumptions[0] ?? '', /your price override.*EUR/);
  const ia = tableCost(onDemand, usage, {
    prices: { standard: { storageGbMonth: 0.2 } },
    tableClass: 'STANDARD_INFREQUENT_ACCESS',
  });
  close(ia.storage.usd, 0.8, 'IA derived from the overridden Standard rate: 10 GB x 0.2 x 0.4');
});

test('an unknown region is priced at us-east-1 and the assumption says so', () => {
  const c = tableCost({ ...onDemand, region: 'xx-nowhere-1' }, usage);
  close(c.total, 5.7355, 'us-east-1 rates');
  assert.match(c.assumptions[0] ?? '', /no prices for xx-nowhere-1; us-east-1 used/);
});
