// GetMetricData paging against a CloudWatch stand-in whose paging is broken, through the real
// @aws-sdk/client-cloudwatch: a NextToken that comes back again stops the paging with a sentence.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConnectionOptions } from '../../../src/core/aws/clients';
import { readTableMetrics } from '../../../src/core/metrics/metricsReport';
import type { TableModel } from '../../../src/core/tables/tableModel';
import { startCloudWatchStandIn, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';

const NOW = new Date('2026-01-01T01:00:30Z');
const START = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;

const orders: TableModel = {
  name: 'orders',
  status: 'ACTIVE',
  billingMode: 'PAY_PER_REQUEST',
  tableClass: 'STANDARD',
  partitionKey: { name: 'pk', type: 'S' },
  indexes: [],
};

let standIn: CloudWatchStandIn;
let cw: ConnectionOptions;

before(async () => {
  standIn = await startCloudWatchStandIn({ repeatNextToken: true });
  standIn.scriptTable({ table: orders.name, start: START, readPerMinute: 60, writePerMinute: 30 });
  cw = { endpoint: standIn.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS, maxAttempts: 1 };
});
after(() => standIn.stop());

test('a GetMetricData NextToken that CloudWatch sends twice stops the paging after a few calls with an error naming CloudWatch', async () => {
  // The deadline is only a backstop here: the repeated token must stop the loop long before it.
  const report = await readTableMetrics(cw, [orders], {
    now: NOW,
    deadlineMs: 5_000,
    level: 'watch',
    drillDown: false,
  });
  const calls = standIn.calls('GetMetricData');
  assert.ok(calls <= 3, `${calls} GetMetricData calls`);
  assert.equal(report.cloudWatch.getMetricDataCalls, calls);
  const [health] = report.tables;
  assert.equal(health?.status, 'error');
  assert.match(
    health?.reason ?? '',
    /^CloudWatch sent a GetMetricData NextToken it had already sent \(after 2 pages\); stopped paging/,
  );
});
