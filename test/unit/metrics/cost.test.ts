import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  budgetedRefresh,
  DEFAULT_MONTHLY_BUDGET_USD,
  DEFAULT_REFRESH_SECONDS,
  DEFAULT_VIEW_REFRESH_SECONDS,
  getMetricDataCostUsd,
  monthlyMonitoringCost,
} from '../../../src/core/metrics/cost';
import { buildMetricPlan, watchSeriesCount } from '../../../src/core/metrics/metricQueries';
import { onDemandTable, provisionedTable } from './fixtures';

const twentyTables = Array.from({ length: 20 }, (_, i) =>
  i % 2
    ? provisionedTable(`p${i}`, 10, 10, [{ name: 'g', read: 5, write: 5 }])
    : onDemandTable(`o${i}`, undefined, ['g']),
);

test('GetMetricData costs $0.01 per 1,000 metrics requested', () => {
  assert.equal(getMetricDataCostUsd(1000), 0.01);
  assert.equal(getMetricDataCostUsd(250_000), 2.5);
});

test('watching 20 tables with a GSI each with the default watch plan, refresh and working hours costs under $1 a month', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  assert.equal(plan.queryCount, 20 * (4 + 2), '4 table series and 2 GSI throttle series per table');
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20 });
  assert.equal(DEFAULT_REFRESH_SECONDS, 960);
  assert.equal(p.refreshesPerMonth, 825);
  assert.equal(p.metricsPerMonth, 99_000);
  assert.equal(p.usdPerMonth, 0.99);
  // A minute less (the old 15-minute default) no longer fits once the GSI series are counted.
  assert.equal(monthlyMonitoringCost({ tables: 20, metricsPerTable: 6, refreshSeconds: 900 }).usdPerMonth, 1.056);
});

test('refreshing the same watch every 5 minutes would break the $1 budget', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20, refreshSeconds: 300 });
  assert.equal(p.metricsPerMonth, 316_800);
  assert.equal(p.usdPerMonth, 3.168);
});

test('full detail for 20 tables with a GSI each is priced from the real plan size', () => {
  const plan = buildMetricPlan(twentyTables);
  assert.equal(plan.queryCount, 20 * (18 + 8));
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20 });
  assert.equal(p.metricsPerMonth, 825 * 520);
  assert.equal(p.usdPerMonth, 4.29);
});

test('the view asks for 5 minutes and stretches to whole minutes that keep 20 watched tables with a GSI each under $1', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  const r = budgetedRefresh({
    metricsPerRefresh: watchSeriesCount(twentyTables),
    requestedSeconds: DEFAULT_VIEW_REFRESH_SECONDS,
    budgetUsdPerMonth: DEFAULT_MONTHLY_BUDGET_USD,
  });
  assert.equal(watchSeriesCount(twentyTables), plan.queryCount);
  assert.deepEqual(r, { seconds: 960, stretched: true, usdPerMonth: 0.99 });
  // One minute less would break the budget.
  assert.equal(monthlyMonitoringCost({ tables: 20, metricsPerTable: 6, refreshSeconds: 900 }).usdPerMonth, 1.056);
});

test('20 watched tables without GSIs stretch 5 minutes to 11', () => {
  const tables = Array.from({ length: 20 }, (_, i) => provisionedTable(`t${i}`, 10, 10));
  const r = budgetedRefresh({
    metricsPerRefresh: watchSeriesCount(tables),
    requestedSeconds: DEFAULT_VIEW_REFRESH_SECONDS,
    budgetUsdPerMonth: DEFAULT_MONTHLY_BUDGET_USD,
  });
  assert.deepEqual(r, { seconds: 660, stretched: true, usdPerMonth: 0.96 });
  assert.ok(monthlyMonitoringCost({ tables: 20, metricsPerTable: 4, refreshSeconds: 600 }).usdPerMonth > 1);
});

test('budgeting on 4 series per table would overspend once GSI throttle series are polled', () => {
  const tableOnly = budgetedRefresh({
    metricsPerRefresh: 20 * 4,
    requestedSeconds: DEFAULT_VIEW_REFRESH_SECONDS,
    budgetUsdPerMonth: DEFAULT_MONTHLY_BUDGET_USD,
  });
  assert.equal(tableOnly.seconds, 660);
  // What the real 120-series watch of twentyTables costs at that interval.
  assert.equal(
    monthlyMonitoringCost({
      tables: 20,
      metricsPerTable: watchSeriesCount(twentyTables) / 20,
      refreshSeconds: tableOnly.seconds,
    }).usdPerMonth,
    1.44,
  );
});

test('a small watch keeps the requested interval, and no budget means no stretching', () => {
  const five = budgetedRefresh({ metricsPerRefresh: 5 * 4, requestedSeconds: 300, budgetUsdPerMonth: 1 });
  assert.deepEqual({ seconds: five.seconds, stretched: five.stretched }, { seconds: 300, stretched: false });
  assert.equal(five.usdPerMonth, 0.528);
  const unlimited = budgetedRefresh({ metricsPerRefresh: 10_000, requestedSeconds: 60, budgetUsdPerMonth: 0 });
  assert.deepEqual({ seconds: unlimited.seconds, stretched: unlimited.stretched }, { seconds: 60, stretched: false });
});

test('a budget too small for even one refresh a day still gives a finite interval', () => {
  const r = budgetedRefresh({ metricsPerRefresh: 100_000, requestedSeconds: 300, budgetUsdPerMonth: 0.5 });
  assert.ok(Number.isFinite(r.seconds) && r.seconds >= 300);
  assert.equal(r.stretched, true);
});
