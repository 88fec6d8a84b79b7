// The auto-scaling replay: when it scales out and in, how the daily decrease limit holds it back,
// and which periods it would have throttled. Periods are 5 minutes; rates are units per second.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { replayAutoScaling } from '../../../src/core/cost/autoScalingReplay';

const P = 300;
// 2026-01-05T00:00:00Z: a UTC midnight, so day boundaries fall on known periods.
const MIDNIGHT = Date.UTC(2026, 0, 5) / 1000;
const perPeriod = (ratesPerSecond: readonly number[]) => ratesPerSecond.map((r) => r * P);
const replay = (reads: readonly number[], writes: readonly number[] = reads.map(() => 0), target = 0.7) =>
  replayAutoScaling(
    { read: perPeriod(reads), write: perPeriod(writes), periodSeconds: P, startSec: MIDNIGHT },
    { targetUtilization: target },
  );

test('a steady load runs at ceil(rate / target) and never throttles', () => {
  const r = replay(new Array<number>(288).fill(100));
  // 100/s at 70 %: 142.86 -> 143 RCU for the whole day.
  assert.deepEqual(new Set(r.read.capacity), new Set([143]));
  assert.equal(r.read.throttledPeriods, 0);
  assert.equal(r.scaleOuts, 0);
  assert.ok(Math.abs(r.read.unitHours - 143 * 24) < 1e-9);
});

test('a one-period spike throttles: scale-out needs two consecutive periods above target', () => {
  const rates = [1, 1, 1, 100, 1, 1];
  const r = replay(rates);
  // Capacity ceil(1 / 0.7) = 2 throughout; the spike period consumes (100 - 2) x 300 = 29,400 units too many.
  assert.deepEqual(r.read.capacity, [2, 2, 2, 2, 2, 2]);
  assert.equal(r.read.throttledPeriods, 1);
  assert.equal(r.read.throttledUnits, 29_400);
  assert.equal(r.read.firstThrottleSec, MIDNIGHT + 3 * P);
  assert.equal(r.scaleOuts, 0);
});

test('two periods above target scale out from the next period, to the higher rate / target', () => {
  const r = replay([1, 1, 10, 10, 10, 10]);
  // Periods 2 and 3 run at 2 RCU (throttled); after period 3 capacity becomes ceil(10 / 0.7) = 15.
  assert.deepEqual(r.read.capacity, [2, 2, 2, 2, 15, 15]);
  assert.equal(r.read.throttledPeriods, 2);
  assert.equal(r.scaleOuts, 1);
});

test('scales in after 15 minutes 20 points below target, to the 15-minute peak / target', () => {
  const r = replay([10, 10, 10, 10, 1, 1, 1, 1, 1]);
  // Start at 15 RCU; scale-in threshold (0.7 - 0.2) x 15 = 7.5/s. Periods 4-6 are below it, so from
  // period 7 capacity is ceil(1 / 0.7) = 2.
  assert.deepEqual(r.read.capacity, [15, 15, 15, 15, 15, 15, 15, 2, 2]);
  assert.equal(r.scaleIns, 1);
  assert.equal(r.read.throttledPeriods, 0);
});

test('not below the scale-in threshold: capacity stays', () => {
  // 8/s is 53 % of 15 RCU: under the 70 % target but not 20 points under it.
  const r = replay([10, 8, 8, 8, 8, 8, 8]);
  assert.deepEqual(new Set(r.read.capacity), new Set([15]));
  assert.equal(r.scaleIns, 0);
});

test('decreases are rationed: 4 at any time, then one an hour, so at most 27 a UTC day', () => {
  // Two hours of load then 15 quiet minutes, repeated: every cycle wants a scale-in.
  const cycle = [...new Array<number>(2).fill(50), ...new Array<number>(3).fill(0)];
  const day = Array.from({ length: 288 * 2 }, (_, i) => cycle[i % cycle.length] as number);
  const r = replay(day);
  const drops = r.read.capacity.flatMap((c, i) => (i > 0 && c < (r.read.capacity[i - 1] as number) ? [i] : []));
  const perDay = [0, 1].map((d) => drops.filter((i) => Math.floor(i / 288) === d));
  for (const ds of perDay) {
    assert.ok(ds.length <= 27, `${ds.length} decreases in one day`);
    assert.ok(ds.length >= 20, `the hourly allowance is used (${ds.length})`);
    // After the first four, consecutive decreases are at least an hour (12 periods) apart.
    for (let k = 4; k < ds.length; k++)
      assert.ok((ds[k] as number) - (ds[k - 1] as number) >= 12, `decrease ${k} too soon`);
  }
  assert.ok(r.decreasesRefused > 0);
  // A new UTC day gives four decreases again right away.
  assert.ok((perDay[1]?.[3] ?? 0) - 288 < 24, 'four decreases early in day two');
});

test('reads and writes share the decrease limit: lowering both at once is one decrease', () => {
  const r = replay([10, 10, 1, 1, 1, 1], [10, 10, 1, 1, 1, 1]);
  assert.equal(r.scaleIns, 1);
  assert.deepEqual(r.read.capacity.at(-1), 2);
  assert.deepEqual(r.write.capacity.at(-1), 2);
});

test('rejects a target utilization outside 20-90 %', () => {
  assert.throws(() => replay([1], [1], 0.95), /between 20 % and 90 %/);
  assert.throws(() => replay([1], [1], 0.1), /between 20 % and 90 %/);
});
