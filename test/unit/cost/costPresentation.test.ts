// The one-line cost of a table and its split, as the CLI (and the Tables view) show them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviseTable } from '../../../src/core/cost/advice';
import { suggestAlarms } from '../../../src/core/cost/alarms';
import {
  alarmLine,
  alarmsLine,
  analysisSpendLine,
  costPartLine,
  costParts,
  costSummary,
  costTotalLine,
  glanceMoney,
  jsonUsd,
  recommendationText,
  savingsLine,
} from '../../../src/core/cost/costPresentation';
import type { TableModel } from '../../../src/core/tables/tableModel';

const PERIODS = 14 * 288;
const steady = (unitsPerSecond: number) => new Array<number>(PERIODS).fill(unitsPerSecond * 300);
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const table: TableModel = {
  name: 't',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  region: 'us-east-1',
  sizeBytes: 0,
  indexes: [],
};

test('"≈ $49/month · save $29 with provisioned" for a steady on-demand table', () => {
  const a = adviseTable(table, { window, table: { read: steady(100), write: steady(10) }, indexes: {} });
  assert.equal(costSummary(a), '≈ $49/month · save $29 with provisioned');
});

test('no advice: the cost alone; small sums keep their cents', () => {
  const a = adviseTable(table, { window, table: { read: steady(1), write: steady(1) }, indexes: {} });
  assert.equal(costSummary(a), '≈ $1.97/month');
  assert.deepEqual(
    costParts(a.cost).map((p) => p.label),
    ['Reads', 'Writes', 'Storage', 'Indexes', 'Backups'],
  );
});

test('glance amounts: whole dollars from $10, cents below, never "$0" for a real cost', () => {
  assert.deepEqual(
    [glanceMoney(41.4), glanceMoney(4.2), glanceMoney(0.004), glanceMoney(0), glanceMoney(12, 'EUR')],
    ['$41', '$4.20', '$<0.01', '$0.00', '12 EUR'],
  );
  assert.equal(jsonUsd(28.58680000001), 28.5868);
});

test('rows of the Tables view: a part with its basis, savings, the copied text of a recommendation', () => {
  const a = adviseTable(table, { window, table: { read: steady(100), write: steady(10) }, indexes: {} });
  const [reads] = costParts(a.cost);
  // 100 units/s for a 730-hour month at $0.125 per million: $32.85.
  assert.equal(costPartLine(reads!), '$32.85 · measured');
  const [best] = a.recommendations;
  // $49.275 on-demand against 143 RCU and 15 WCU provisioned ($20.6882).
  assert.equal(savingsLine(best!), 'saves $28.59/month');
  const text = recommendationText(best!);
  assert.equal(
    text.split('\n')[0],
    'Switch to provisioned capacity with auto scaling at 70 % target utilization. Saves $28.59/month.',
  );
  assert.equal(text.split('\n')[1], best!.evidence);
});

test('a connection total counts only analysed tables and says how many of the listed ones', () => {
  assert.equal(costTotalLine([], 3), undefined);
  assert.equal(
    costTotalLine(
      [
        { total: 40.4, currency: 'USD' },
        { total: 8.2, currency: 'USD' },
      ],
      2,
    ),
    '≈ $49/month for 2 tables',
  );
  assert.equal(costTotalLine([{ total: 4.2, currency: 'USD' }], 3), '≈ $4.20/month for 1 of 3 tables');
  assert.equal(costTotalLine([{ total: 4.2, currency: 'USD' }], 1), '≈ $4.20/month for 1 table');
});

test('alarm rows say whether existing alarms were looked up, and what each alarm is', () => {
  const suggested = suggestAlarms(table, []);
  assert.equal(alarmsLine(suggested, false), 'existing not checked yet · 4 suggested');
  const existing = {
    source: 'existing' as const,
    name: 'a',
    metric: 'ReadThrottleEvents' as const,
    statistic: 'Sum',
    period: 60,
    evaluationPeriods: 1,
    threshold: 1,
    comparison: 'GreaterThanOrEqualToThreshold',
    state: 'ALARM',
  };
  assert.equal(alarmsLine([existing, ...suggested.slice(1)], true), '1 existing · 3 suggested');
  assert.equal(alarmLine(existing), 'ALARM · ReadThrottleEvents');
  assert.equal(alarmLine(suggested[0]!), 'suggested · Any throttled read in a minute.');
});

test('what the analyses cost: dollars, metrics in calls, look-ups and cached tables, the empty parts left out', () => {
  assert.equal(
    analysisSpendLine({
      getMetricDataCalls: 1,
      metricsRequested: 40,
      usd: 0.0004,
      describeAlarmsCalls: 0,
      cachedTables: 3,
    }),
    "$0.0004 this session · 40 metrics in 1 call · 3 tables from today's cache",
  );
  assert.equal(
    analysisSpendLine({
      getMetricDataCalls: 2,
      metricsRequested: 1,
      usd: 0.00001,
      describeAlarmsCalls: 4,
      cachedTables: 0,
    }),
    '$0.00001 this session · 1 metric in 2 calls · 4 alarm look-ups',
  );
});
