// Capacity-unit rounding and prices: the numbers a user sees next to every query.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  costOfConsumedCapacity,
  formatUsd,
  fullScanEstimate,
  pricesFor,
  queryReadUnits,
  readUnitsForItemBytes,
  scanReadUnits,
} from '../../../src/core/pricing';

test('rounds a single item up to 4 KB and halves eventually consistent reads', () => {
  assert.equal(readUnitsForItemBytes(3.5 * 1024, true), 1);
  assert.equal(readUnitsForItemBytes(10 * 1024, true), 3);
  assert.equal(readUnitsForItemBytes(8 * 1024, false), 1);
  assert.equal(readUnitsForItemBytes(0, true), 1, 'a missing item still costs one unit');
  assert.equal(readUnitsForItemBytes(0, false), 0.5);
});

test('rounds a query total once, not per item (1,500 items of 64 B = 96 KB)', () => {
  assert.equal(queryReadUnits(1500 * 64, true), 24);
  assert.equal(queryReadUnits(40.8 * 1024, true), 11);
  assert.equal(scanReadUnits(1024 * 1024, false), 128);
});

test('prices on-demand reads at $0.125 per million in us-east-1', () => {
  assert.equal(costOfConsumedCapacity({ read: 1_000_000 }, 'PAY_PER_REQUEST', 'us-east-1'), 0.125);
  assert.equal(costOfConsumedCapacity({ write: 2_000_000 }, 'PAY_PER_REQUEST', 'us-east-1'), 1.25);
});

test('prices provisioned units as their share of one unit-hour', () => {
  assert.ok(Math.abs(costOfConsumedCapacity({ read: 3600 }, 'PROVISIONED', 'us-east-1') - 0.00013) < 1e-15);
  assert.ok(
    Math.abs(costOfConsumedCapacity({ read: 1, write: 1 }, 'PROVISIONED', 'us-east-1') - (0.00013 + 0.00065) / 3600) <
      1e-18,
  );
});

test('Standard-IA costs 25 % more per request and 60 % less per GB', () => {
  const ia = pricesFor('us-east-1', 'STANDARD_INFREQUENT_ACCESS').prices;
  assert.equal(ia.readPerMillion, 0.15625);
  assert.ok(Math.abs(ia.storageGbMonth - 0.1) < 1e-12);
  assert.equal(
    costOfConsumedCapacity({ read: 1_000_000 }, 'PAY_PER_REQUEST', 'us-east-1', 'STANDARD_INFREQUENT_ACCESS'),
    0.15625,
  );
});

test('falls back to us-east-1 prices for an unknown region and says so', () => {
  const lookup = pricesFor('xx-nowhere-1');
  assert.deepEqual([lookup.region, lookup.exact], ['us-east-1', false]);
  assert.deepEqual([pricesFor('eu-west-1').region, pricesFor('eu-west-1').exact], ['eu-west-1', true]);
  assert.ok(pricesFor('eu-west-1').prices.readPerMillion > 0.125);
});

test('estimates a full scan of a 10 MB on-demand table from its size', () => {
  const est = fullScanEstimate(
    { sizeBytes: 10 * 1024 * 1024, billingMode: 'PAY_PER_REQUEST', tableClass: 'STANDARD', region: 'us-east-1' },
    { consistent: false },
  );
  assert.equal(est.readUnits, 1280);
  assert.equal(est.pages, 10);
  assert.equal(est.costUsd, (1280 * 0.125) / 1_000_000);
  assert.match(est.staleNote, /six hours/);
});

test('formats dollars without exponent notation, however small', () => {
  assert.equal(formatUsd(0), '$0');
  assert.equal(formatUsd((0.5 * 0.125) / 1_000_000), '$0.000000063');
  assert.equal(formatUsd(1.25), '$1.2500');
  assert.doesNotMatch(formatUsd(1e-12), /e/);
});
