// The Tables view's poller reads each connection on its own: tables a connection lists while
// another connection's read still waits for its CloudWatch are read at once, and the change event
// says so, instead of waiting for the other read to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type * as AwsEntry from '../../../src/core/entries/aws';
import type { SchedulerTimers } from '../../../src/core/metrics/refreshScheduler';
import { TableMetricsPoller } from '../../../src/core/metrics/tableMetricsPoller';
import type { TableModel } from '../../../src/core/tables/tableModel';

async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((r) => setImmediate(r));
}

test("a connection listed during another connection's hanging read is read at once", async () => {
  // Real timers would be fine, but a hand-run one keeps the test off the clock.
  const pending: (() => void)[] = [];
  const timers: SchedulerTimers = {
    setTimeout: (fn) => {
      pending.push(fn);
      return pending.length;
    },
    clearTimeout: () => undefined,
  };
  const runTimers = () => {
    for (const fn of pending.splice(0)) fn();
  };
  let releaseSilent: (() => void) | undefined;
  const aws = {
    cloudWatchConnection: (connection: { name: string }) =>
      connection.name === 'silent'
        ? { options: { endpoint: 'http://127.0.0.1:9' } }
        : { unavailable: 'DynamoDB Local has no CloudWatch.' },
    describeTable: (_ddb: unknown, table: string) =>
      Promise.resolve({ name: table, indexes: [] } as unknown as TableModel),
    // The silent connection's CloudWatch answers only when the test says so.
    readTableMetrics: () =>
      new Promise((_resolve, reject) => {
        releaseSilent = () => reject(new Error('timed out'));
      }),
    toAwsProblem: (err: Error) => ({ message: err.message }),
  } as unknown as typeof AwsEntry;
  let changes = 0;
  const poller = new TableMetricsPoller({
    loadAws: () => Promise.resolve(aws),
    log: { error: () => undefined, warn: () => undefined },
    settings: () => ({ enabled: true, refreshSeconds: 60, windowMinutes: 15, monthlyBudgetUsd: 10 }),
    clientOptions: () => ({}),
    requestTimeout: () => ({}),
    onChange: () => {
      changes++;
    },
    timers,
  });
  poller.setVisible(true);
  poller.setTarget({ connection: { name: 'silent' }, region: 'us-east-1', tables: ['orders'] });
  runTimers();
  await settle();
  assert.ok(releaseSilent, "the silent connection's read is under way");
  const before = changes;
  poller.setTarget({ connection: { name: 'local' }, region: 'us-east-1', tables: ['orders'] });
  runTimers();
  await settle();
  assert.equal(
    poller.metricsFor('local', 'us-east-1', 'orders')?.unavailable,
    'DynamoDB Local has no CloudWatch.',
    'the local connection did not wait for the silent one',
  );
  assert.ok(changes > before, 'the change event told the view');
  assert.equal(poller.metricsFor('silent', 'us-east-1', 'orders')?.health, undefined, 'the silent one still reads');
  releaseSilent();
  await settle();
  assert.equal(poller.metricsFor('silent', 'us-east-1', 'orders')?.error, 'timed out');
  poller.dispose();
});
