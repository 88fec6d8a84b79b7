import { test } from 'node:test';
import assert from 'node:assert/strict';
import { budgetedRefresh, DEFAULT_MONTHLY_BUDGET_USD, DEFAULT_REFRESH_SECONDS, DEFAULT_VIEW_REFRESH_SECONDS, getMetricDataCostUsd, monthlyMonitoringCost } from '../../../src/core/metrics/cost';
import { buildMetricPlan } from '../../../src/core/metrics/metricQueries';
import { onDemandTable, provisionedTable } from './fixtures';

const twentyTables = Array.from({ length: 20 }, (_, i) => (i % 2 ? provisionedTable(`p${i}`, 10, 10, [{ name: 'g', read: 5, write: 5 }]) : onDemandTable(`o${i}`, undefined, ['g'])));

test('GetMetricData costs $0.01 per 1,000 metrics requested', () => {
  assert.equal(getMetricDataCostUsd(1000), 0.01);
  assert.equal(getMetricDataCostUsd(250_000), 2.5);
});

test('watching 20 tables with the default watch plan, refresh and working hours costs under $1 a month', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20 });
  assert.equal(DEFAULT_REFRESH_SECONDS, 900);
  assert.equal(p.refreshesPerMonth, 880);
  assert.equal(p.metricsPerMonth, 70_400);
  assert.ok(p.usdPerMonth < 1, `projected $${p.usdPerMonth}`);
});

test('refreshing the same watch every 5 minutes would break the $1 budget', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20, refreshSeconds: 300 });
  assert.equal(p.metricsPerMonth, 211_200);
  assert.ok(p.usdPerMonth > 1);
});

test('full detail for 20 tables with a GSI each is priced from the real plan size', () => {
  const plan = buildMetricPlan(twentyTables);
  assert.equal(plan.queryCount, 20 * (18 + 8));
  const p = monthlyMonitoringCost({ tables: 20, metricsPerTable: plan.queryCount / 20 });
  assert.equal(Math.round(p.usdPerMonth * 100) / 100, 4.58);
});

test('the view asks for 5 minutes and stretches to whole minutes that keep 20 watched tables under $1', () => {
  const plan = buildMetricPlan(twentyTables, { level: 'watch' });
  const r = budgetedRefresh({ metricsPerRefresh: plan.queryCount, requestedSeconds: DEFAULT_VIEW_REFRESH_SECONDS, budgetUsdPerMonth: DEFAULT_MONTHLY_BUDGET_USD });
  assert.equal(plan.queryCount, 80);
  assert.equal(r.seconds, 660);
  assert.equal(r.stretched, true);
  assert.ok(r.usdPerMonth <= 1, `projected $${r.usdPerMonth}`);
  // One minute less would break the budget.
  assert.ok(monthlyMonitoringCost({ tables: 20, metricsPerTable: 4, refreshSeconds: 600 }).usdPerMonth > 1);
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
