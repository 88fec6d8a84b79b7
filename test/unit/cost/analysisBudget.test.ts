// When the Tables view analyses every listed table's cost in the background, and what it keeps back
// from the metrics polling for that.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analysisMetrics,
  backgroundAnalysis,
  BACKGROUND_ANALYSIS_SHARE,
  pollingBudgetUsd,
} from '../../../src/core/cost/analysisBudget';
import type { TableModel } from '../../../src/core/tables/tableModel';

const onDemand = (i: number): TableModel => ({
  name: `t${i}`,
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  partitionKey: { name: 'pk' },
  tableClass: 'STANDARD',
  indexes: [],
});
const provisioned = (i: number): TableModel => ({
  ...onDemand(i),
  billingMode: 'PROVISIONED',
  provisioned: { read: 5, write: 5 },
  indexes: [{ name: 'g', kind: 'GSI', partitionKey: { name: 'x' }, projection: { type: 'ALL' } }],
});

test('an analysis asks consumed read and write per table and GSI, and provisioned too when the table is provisioned', () => {
  assert.equal(analysisMetrics([onDemand(0)]), 2);
  // Table and GSI, each consumed and provisioned, read and write.
  assert.equal(analysisMetrics([provisioned(0)]), 8);
  assert.equal(analysisMetrics([]), 0);
});

test('the default $1 budget analyses 200 on-demand tables a day in the background, not 300', () => {
  // 200 tables x 2 metrics x $0.00001 x 22 days = $0.088, within 10 % of $1; 300 tables make $0.132.
  const two = backgroundAnalysis(
    Array.from({ length: 200 }, (_, i) => onDemand(i)),
    1,
  );
  assert.deepEqual(
    [two.allowed, two.metrics, Number(two.usdPerMonth.toFixed(3)), two.shareUsdPerMonth],
    [true, 400, 0.088, 0.1],
  );
  assert.equal(
    backgroundAnalysis(
      Array.from({ length: 300 }, (_, i) => onDemand(i)),
      1,
    ).allowed,
    false,
  );
  // No budget: always.
  assert.equal(
    backgroundAnalysis(
      Array.from({ length: 3000 }, (_, i) => provisioned(i)),
      0,
    ).allowed,
    true,
  );
});

test('the polling keeps the rest of the budget, so both together stay within it', () => {
  assert.equal(pollingBudgetUsd(1), 1 - BACKGROUND_ANALYSIS_SHARE);
  assert.equal(pollingBudgetUsd(0), 0);
});
