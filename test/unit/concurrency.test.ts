import { test } from 'node:test';
import assert from 'node:assert/strict';
import { forEachConcurrently } from '../../src/core/concurrency';

test('runs every item once, never more than the limit at a time, starting in order', async () => {
  let inFlight = 0;
  let peak = 0;
  const started: number[] = [];
  const seen = new Array<number>(10).fill(0);
  await forEachConcurrently([...Array(10).keys()], 3, async (item, index) => {
    assert.equal(item, index);
    started.push(item);
    inFlight++;
    peak = Math.max(peak, inFlight);
    await new Promise((r) => setTimeout(r, 5 + (item % 3) * 3));
    seen[item] = (seen[item] ?? 0) + 1;
    inFlight--;
  });
  assert.equal(peak, 3);
  assert.deepEqual(started, [...Array(10).keys()]);
  assert.deepEqual(seen, new Array<number>(10).fill(1));
});

test('an empty list resolves, and a failure rejects', async () => {
  await forEachConcurrently([], 4, async () => assert.fail('not called'));
  await assert.rejects(
    forEachConcurrently([1, 2, 3], 2, async (n) => {
      if (n === 2) throw new Error('two');
    }),
    /two/,
  );
});
