// When the Tables view's metrics are read: at once when first shown, then every interval, never
// while hidden; on showing again only once the interval has passed (at once if a table was never
// read); one run at a time, a refresh during a run shared as the next run; new tables right after
// the current run. Driven by a hand-run clock, so no test waits on real time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RefreshScheduler, SOON_MS, type SchedulerTimers } from '../../../src/core/metrics/refreshScheduler';
import { splitByDetail, TableMetricsPoller, watchedSeries } from '../../../src/core/metrics/tableMetricsPoller';
import { WATCH_SERIES_PER_GSI, WATCH_SERIES_PER_TABLE } from '../../../src/core/metrics/metricQueries';
import type { TableModel } from '../../../src/core/tables/tableModel';

/** A clock and timers that move only when the test says so. */
class ManualClock implements SchedulerTimers {
  now = 1_000_000;
  private timers: { id: number; at: number; fn: () => void }[] = [];
  private next = 1;
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.next++;
    this.timers.push({ id, at: this.now + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Delays of the timers still pending, from now. */
  pending(): number[] {
    return this.timers.map((t) => t.at - this.now);
  }
  async advance(ms: number): Promise<void> {
    const end = this.now + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.now = due.at;
      due.fn();
      await settle();
    }
    this.now = end;
    await settle();
  }
}

async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

const INTERVAL = 60_000;

function setup(options: { hold?: boolean; interval?: () => number } = {}) {
  const clock = new ManualClock();
  const runs: { signal: AbortSignal; done: () => void }[] = [];
  let settled = 0;
  const scheduler = new RefreshScheduler({
    run: (signal) => {
      if (!options.hold) {
        runs.push({ signal, done: () => undefined });
        return Promise.resolve();
      }
      const d = deferred();
      runs.push({ signal, done: d.resolve });
      return d.promise;
    },
    intervalMs: options.interval ?? (() => INTERVAL),
    onSettled: () => {
      settled++;
    },
    timers: clock,
    now: () => clock.now,
  });
  return { clock, runs, scheduler, settled: () => settled };
}

test('reads at once when the view is first shown, then every interval, and never while hidden', async () => {
  const { clock, runs, scheduler, settled } = setup();
  await clock.advance(10 * INTERVAL);
  assert.equal(runs.length, 0, 'nothing is read before the view is shown');
  scheduler.setVisible(true);
  await clock.advance(0);
  assert.equal(runs.length, 1);
  assert.equal(settled(), 1);
  assert.equal(scheduler.lastRefresh?.getTime(), clock.now);
  await clock.advance(INTERVAL - 1);
  assert.equal(runs.length, 1);
  await clock.advance(1);
  assert.equal(runs.length, 2);
  scheduler.setVisible(false);
  assert.deepEqual(clock.pending(), [], 'hiding cancels the next read');
  await clock.advance(10 * INTERVAL);
  assert.equal(runs.length, 2);
});

test('shown again, it waits out the rest of the interval, unless some table was never read', async () => {
  const { clock, runs, scheduler } = setup();
  scheduler.setVisible(true);
  await clock.advance(0);
  scheduler.setVisible(false);
  await clock.advance(INTERVAL / 4);
  scheduler.setVisible(true);
  assert.deepEqual(clock.pending(), [(INTERVAL * 3) / 4]);
  scheduler.setVisible(false);
  await clock.advance(INTERVAL);
  scheduler.setVisible(true);
  assert.deepEqual(clock.pending(), [0], 'past the interval: at once');
  await clock.advance(0);
  assert.equal(runs.length, 2);
  scheduler.setVisible(false);
  scheduler.setVisible(true, true);
  assert.deepEqual(clock.pending(), [0], 'a table never read: at once');
});

test('a refresh asked for during a run is one next run, shared by every caller', async () => {
  const { clock, runs, scheduler } = setup({ hold: true });
  const first = scheduler.refresh();
  assert.ok(scheduler.busy);
  const second = scheduler.refresh();
  const third = scheduler.refresh();
  assert.equal(second, third, 'callers during a run share the next run');
  assert.notEqual(first, second);
  assert.equal(runs.length, 1, 'one run at a time');
  runs[0]!.done();
  await first;
  await settle();
  assert.equal(runs.length, 2, 'the queued run starts when the first ends');
  runs[1]!.done();
  await second;
  assert.equal(runs.length, 2, 'and only one');
  assert.equal(scheduler.busy, false);
  await clock.advance(10 * INTERVAL);
  assert.equal(runs.length, 2, 'hidden: no timer follows a run');
});

test('tables that arrive during a run are read right after it; while hidden they wait for the view', async () => {
  const { clock, runs, scheduler } = setup({ hold: true });
  scheduler.soon();
  assert.deepEqual(clock.pending(), [], 'hidden: nothing is scheduled');
  scheduler.setVisible(true);
  await clock.advance(0);
  assert.equal(runs.length, 1);
  scheduler.soon();
  runs[0]!.done();
  await settle();
  assert.deepEqual(clock.pending(), [SOON_MS], 'right after the run, not an interval later');
  await clock.advance(SOON_MS);
  assert.equal(runs.length, 2);
  runs[1]!.done();
  await settle();
  assert.deepEqual(clock.pending(), [INTERVAL], 'then back to the interval');
  scheduler.soon();
  assert.deepEqual(clock.pending(), [SOON_MS], 'between runs: in a moment');
});

test('the interval is read afresh after each run, so a stretched budget takes effect at once', async () => {
  let interval = INTERVAL;
  const { clock, runs, scheduler } = setup({ interval: () => interval });
  scheduler.setVisible(true);
  await clock.advance(0);
  interval = 5 * INTERVAL;
  await clock.advance(INTERVAL);
  assert.equal(runs.length, 2);
  assert.deepEqual(clock.pending(), [5 * INTERVAL]);
});

test('disposing aborts the run in progress and schedules nothing more', async () => {
  const { clock, runs, scheduler } = setup({ hold: true });
  scheduler.setVisible(true);
  await clock.advance(0);
  scheduler.dispose();
  assert.equal(runs[0]!.signal.aborted, true);
  runs[0]!.done();
  await settle();
  assert.deepEqual(clock.pending(), []);
});

test('expanded tables are read in full detail, the others at the watch level, only the detail on expansion', () => {
  const expanded = new Set(['b']);
  assert.deepEqual(
    splitByDetail(['a', 'b', 'c'], (t) => expanded.has(t), false),
    { watched: ['a', 'c'], detailed: ['b'] },
  );
  assert.deepEqual(
    splitByDetail(['a', 'b', 'c'], (t) => expanded.has(t), true),
    { watched: [], detailed: ['b'] },
  );
});

test('a refresh counts a table not yet described at the table-only minimum, and each GSI on top', () => {
  const table: TableModel = {
    name: 't',
    status: 'ACTIVE',
    billingMode: 'PAY_PER_REQUEST',
    tableClass: 'STANDARD',
    partitionKey: { name: 'PK', type: 'S' },
    indexes: [{ name: 'g', kind: 'GSI', partitionKey: { name: 'G', type: 'S' }, projection: { type: 'ALL' } }],
  };
  assert.equal(watchedSeries([undefined, table]), 2 * WATCH_SERIES_PER_TABLE + WATCH_SERIES_PER_GSI);
});

test('the poller reads newly listed tables soon while visible, and says when metrics are off', async () => {
  const clock = new ManualClock();
  let changes = 0;
  const poller = new TableMetricsPoller({
    loadAws: () => Promise.reject(new Error('metrics are off: AWS is never loaded')),
    log: { error: () => undefined, warn: () => undefined },
    settings: () => ({ enabled: false, refreshSeconds: 60, windowMinutes: 15, monthlyBudgetUsd: 0 }),
    clientOptions: () => ({}),
    requestTimeout: () => ({}),
    onChange: () => {
      changes++;
    },
    timers: clock,
    now: () => new Date(clock.now),
  });
  const connection = { name: 'prod' };
  poller.setTarget({ connection, region: 'eu-west-1', tables: ['a'] });
  assert.deepEqual(clock.pending(), [], 'hidden: nothing is read');
  poller.setVisible(true);
  await clock.advance(0);
  assert.equal(
    poller.metricsFor('prod', 'eu-west-1', 'a')?.unavailable,
    'Metrics are off (setting dynamoGuard.metrics.enabled).',
  );
  assert.ok(changes >= 1);
  assert.deepEqual(clock.pending(), [60_000]);
  poller.setTarget({ connection, region: 'eu-west-1', tables: ['a', 'b'] });
  assert.deepEqual(clock.pending(), [SOON_MS], 'a new table is read in a moment, not an interval later');
  poller.setTarget({ connection, region: 'eu-west-1', tables: ['a', 'b'] });
  await clock.advance(SOON_MS);
  assert.ok(poller.metricsFor('prod', 'eu-west-1', 'b'));
  assert.deepEqual(clock.pending(), [60_000], 'nothing new: the interval again');
  poller.dispose();
});
