// The table dashboard's model (what core hands the page to draw) and its protocol's guards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { adviseTable } from '../../../src/core/cost/advice';
import { dashboardModel } from '../../../src/core/cost/dashboardModel';
import type { TableCostReport } from '../../../src/core/cost/costReport';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { parseDashboardHostMessage, parseDashboardPageMessage } from '../../../src/webview/dashboardProtocol';

const PERIODS = 2 * 288;
const window = { startSec: 1_767_571_200, periodSeconds: 300, periods: PERIODS };
const table: TableModel = {
  name: 't',
  status: 'ACTIVE',
  billingMode: 'PROVISIONED',
  provisioned: { read: 50, write: 5 },
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  region: 'us-east-1',
  sizeBytes: 2048,
  itemCount: 12,
  indexes: [],
};
const usage = {
  window,
  table: {
    read: new Array<number>(PERIODS).fill(600),
    write: new Array<number>(PERIODS).fill(300),
    provisionedRead: new Array<number>(PERIODS).fill(50),
    provisionedWrite: new Array<number>(PERIODS).fill(Number.NaN),
  },
  indexes: {},
};
const report: TableCostReport = { table, advice: adviseTable(table, usage), usage, alarms: [], cached: false };

test('charts consumed per second against provisioned and simulated capacity; history placed by time', () => {
  const throttled = new Array<number>(PERIODS).fill(0);
  throttled[10] = 7;
  const history = {
    // The history's window starts a period later: its first value lands on period 1.
    window: { ...window, startSec: window.startSec + 300 },
    throttles: [
      { metric: 'ReadProvisionedThroughputThrottleEvents' as const, values: throttled },
      { metric: 'WriteKeyRangeThroughputThrottleEvents' as const, values: new Array<number>(PERIODS).fill(0) },
    ],
    latency: [{ operation: 'Query', values: new Array<number>(PERIODS).fill(Number.NaN) }],
    cloudWatch: { getMetricDataCalls: 1, metricsRequested: 9, estimatedCostUsd: 0.00009 },
  };
  const m = dashboardModel(report, history);
  assert.ok(m);
  const read = m.charts.find((c) => c.id === 'read');
  assert.deepEqual(
    read?.series.map((s) => [s.label, s.values[0]]),
    [
      ['Consumed', 2],
      ['Provisioned', 50],
      ['Auto scaling (simulated)', 3],
    ],
  );
  // A write series with no provisioned value at all is a gap, not a zero.
  assert.equal(m.charts.find((c) => c.id === 'write')?.series[1]?.values[0], null);
  const throttles = m.charts.find((c) => c.id === 'throttles');
  assert.deepEqual(
    throttles?.series.map((s) => s.label),
    ['Provisioned capacity (read)'],
  );
  assert.equal(throttles?.series[0]?.values[11], 7);
  // No latency datapoint: no series, and a note saying why.
  assert.deepEqual(m.charts.find((c) => c.id === 'latency')?.series, []);
  assert.match(m.charts.find((c) => c.id === 'latency')?.note ?? '', /^No successful request/);
  assert.deepEqual(
    m.figures.map((f) => `${f.label} ${f.value}`),
    ['Items 12', 'Size 2.0 KB', 'Storage $0.00/month'],
  );
  assert.equal(m.times.length, PERIODS);
  // What the page gets passes its guard; a series of the wrong length does not.
  const target = { connection: 'c', region: 'us-east-1', table: 't' };
  assert.ok(parseDashboardHostMessage({ type: 'data', target, model: m, range: null }));
  const broken = { ...m, charts: [{ ...read, series: [{ ...read?.series[0], values: [1, 2] }] }] };
  assert.equal(parseDashboardHostMessage({ type: 'data', target, model: broken, range: null }), undefined);
});

test('the host takes only well-formed page messages', () => {
  assert.deepEqual(parseDashboardPageMessage({ type: 'ready' }), { type: 'ready' });
  assert.equal(parseDashboardPageMessage({ type: 'ready', extra: 1 }), undefined);
  assert.equal(
    parseDashboardPageMessage({ type: 'rendered', charts: [], range: { from: 5, to: 1 } }),
    undefined,
    'a range must run forwards',
  );
  assert.equal(
    parseDashboardPageMessage({ type: 'rendered', charts: [{ id: 'read', series: ['a'], points: [-1] }], range: null }),
    undefined,
  );
  assert.equal(parseDashboardPageMessage({ type: 'run', command: 'x' }), undefined);
  assert.ok(
    parseDashboardPageMessage({
      type: 'rendered',
      charts: [{ id: 'read', series: ['a'], points: [3] }],
      range: { from: 1, to: 5 },
    }),
  );
  // What it drew in: the theme's colours and kind (the high-contrast check reads them).
  const drawn = {
    type: 'rendered',
    charts: [{ id: 'read', series: ['a'], points: [3], colors: ['#3794ff'] }],
    range: null,
    theme: 'vscode-high-contrast',
  };
  assert.deepEqual(parseDashboardPageMessage(drawn), drawn);
  assert.equal(parseDashboardPageMessage({ ...drawn, theme: 'Dark <b>' }), undefined);
  assert.equal(
    parseDashboardPageMessage({ ...drawn, charts: [{ id: 'read', series: ['a'], points: [3], colors: [7] }] }),
    undefined,
  );
});
