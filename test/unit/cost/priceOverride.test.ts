// The price override the CLI's --prices file and the dynamoGuard.cost.prices setting share.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePriceOverride, PriceOverrideError, resolveCostPrices } from '../../../src/core/cost/priceOverride';
import { tableCost, type TableUsage } from '../../../src/core/cost/costModel';
import type { TableModel } from '../../../src/core/tables/tableModel';

test('a full override parses to the same object', () => {
  const value = {
    currency: 'EUR',
    standard: { readPerMillion: 0.1, storageGbMonth: 0.2 },
    standardIa: { pitrGbMonth: 0 },
  };
  assert.deepEqual(parsePriceOverride(value, '--prices'), value);
  assert.deepEqual(parsePriceOverride({}, '--prices'), {});
});

test('bad overrides are one sentence naming the input', () => {
  for (const [value, message] of [
    [[], /^--prices: must be an object/],
    [{ currency: 'euro' }, /^--prices: "currency" must be a three-letter code such as EUR$/],
    [{ standrd: {} }, /^--prices: unknown key "standrd" \(known: currency, standard, standardIa\)$/],
    [{ standard: 3 }, /^--prices: "standard" must be an object of rates$/],
    [{ standard: { readPerMilion: 1 } }, /^--prices: unknown rate "standard.readPerMilion" \(known: readPerMillion, /],
    [{ standardIa: { rcuHour: -1 } }, /^--prices: "standardIa.rcuHour" must be a number of at least 0$/],
    [{ standard: { rcuHour: '0.1' } }, /"standard.rcuHour" must be a number of at least 0/],
  ] as const) {
    assert.throws(
      () => parsePriceOverride(value, '--prices'),
      (err: unknown) => err instanceof PriceOverrideError && message.test(err.message),
      JSON.stringify(value),
    );
  }
});

test('the setting: only the user value counts, empty is none, a bad one falls back with a reason', () => {
  assert.deepEqual(resolveCostPrices(undefined), {});
  assert.deepEqual(resolveCostPrices({ defaultValue: {}, globalValue: {} }), {});
  assert.deepEqual(resolveCostPrices({ globalValue: { currency: 'EUR' } }), { prices: { currency: 'EUR' } });
  // A workspace (any cloned repository) cannot steer the advice with its own prices.
  assert.deepEqual(
    resolveCostPrices({
      workspaceValue: { standard: { readPerMillion: 100 } },
      workspaceFolderValue: { currency: 'EUR' },
    }),
    {},
  );
  assert.deepEqual(resolveCostPrices({ globalValue: { currency: 'EUR' }, workspaceValue: { currency: 'GBP' } }), {
    prices: { currency: 'EUR' },
  });
  const bad = resolveCostPrices({ globalValue: { standard: { readPerMillion: -1 } } });
  assert.equal(bad.prices, undefined);
  assert.equal(
    bad.problem,
    'dynamoGuard.cost.prices: "standard.readPerMillion" must be a number of at least 0; public prices are used.',
  );
});

test('the setting reprices a table: 1 read unit/s on-demand for a month at 0.10 EUR per million is 0.2628 EUR', () => {
  const periods = 288;
  const usage: TableUsage = {
    window: { startSec: 0, periodSeconds: 300, periods },
    table: { read: new Array<number>(periods).fill(300), write: new Array<number>(periods).fill(0) },
    indexes: {},
  };
  const table: TableModel = {
    name: 't',
    status: 'ACTIVE',
    billingMode: 'PAY_PER_REQUEST',
    partitionKey: { name: 'pk' },
    tableClass: 'STANDARD',
    region: 'us-east-1',
    sizeBytes: 0,
    indexes: [],
  };
  const { prices } = resolveCostPrices({ globalValue: { currency: 'EUR', standard: { readPerMillion: 0.1 } } });
  const cost = tableCost(table, usage, prices ? { prices } : {});
  // 2,628,000 units a month × 0.10 / 1,000,000.
  assert.ok(Math.abs(cost.reads.usd - 0.2628) < 1e-9, String(cost.reads.usd));
  assert.equal(cost.currency, 'EUR');
  assert.match(cost.assumptions[0] ?? '', /your price override.*in EUR/);
});
