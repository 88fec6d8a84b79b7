// Suggested alarms: throttle events and consumed capacity near the limit, skipped where a user
// alarm already watches the metric; definitions to copy for the AWS CLI, CloudFormation and CDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { suggestAlarms, type TableAlarm } from '../../../src/core/cost/alarms';
import { onDemandTable, provisionedTable } from '../metrics/fixtures';

test('a provisioned table gets throttle alarms and 80 % of its capacity per minute', () => {
  const s = suggestAlarms(provisionedTable('orders', 50, 20), []);
  assert.deepEqual(
    s.map((a) => `${a.metric}>=${a.threshold}x${a.evaluationPeriods}`),
    [
      'ReadThrottleEvents>=1x1',
      'WriteThrottleEvents>=1x1',
      // 50 RCU x 0.8 x 60 s = 2,400 units a minute; 20 WCU -> 960.
      'ConsumedReadCapacityUnits>=2400x5',
      'ConsumedWriteCapacityUnits>=960x5',
    ],
  );
  const cli = s[2]?.definition?.awsCli ?? '';
  assert.match(cli, /^aws cloudwatch put-metric-alarm \\\n  --alarm-name orders-ConsumedReadNearLimit/);
  assert.match(cli, /--dimensions Name=TableName,Value=orders/);
  assert.match(cli, /--threshold 2400 --comparison-operator GreaterThanOrEqualToThreshold/);
  assert.match(s[0]?.definition?.cloudFormation ?? '', /^ordersReadThrottleEvents:\n  Type: AWS::CloudWatch::Alarm\n/);
  assert.match(s[0]?.definition?.cdk ?? '', /metricName: "ReadThrottleEvents"/);
});

test('an on-demand table is measured against its maximum, else the 40,000 per-table quota', () => {
  const s = suggestAlarms(onDemandTable('events', { write: 100 }), []);
  assert.deepEqual(
    s.filter((a) => a.metric.startsWith('Consumed')).map((a) => a.threshold),
    [40_000 * 0.8 * 60, 100 * 0.8 * 60],
  );
});

test('a user alarm on a metric replaces the suggestion; an auto-scaling alarm does not', () => {
  const existing: TableAlarm[] = [
    {
      source: 'existing',
      name: 'mine',
      metric: 'ReadThrottleEvents',
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 1,
      threshold: 1,
      comparison: 'GreaterThanThreshold',
      autoScaling: false,
    },
    {
      source: 'existing',
      name: 'TargetTracking-table/orders-AlarmHigh-1',
      metric: 'ConsumedReadCapacityUnits',
      statistic: 'Sum',
      period: 60,
      evaluationPeriods: 2,
      threshold: 2100,
      comparison: 'GreaterThanThreshold',
      autoScaling: true,
    },
  ];
  const s = suggestAlarms(provisionedTable('orders', 50, 20), existing);
  assert.deepEqual(
    s.map((a) => a.metric),
    ['WriteThrottleEvents', 'ConsumedReadCapacityUnits', 'ConsumedWriteCapacityUnits'],
  );
});

test('a table name needing quotes is quoted for the shell', () => {
  const s = suggestAlarms(provisionedTable("it's", 1, 1), []);
  assert.match(s[0]?.definition?.awsCli ?? '', /--alarm-name 'it'\\''s-ReadThrottleEvents'/);
});
