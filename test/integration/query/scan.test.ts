// The Scan engine runs only when confirmed, and stops paging at its read-unit budget (DynamoDB Local).
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testDynamoDb } from '../../harness/testDynamoDb';
import { seedSampleShop } from '../../harness/sampleShop';
import { describeTable } from '../../../src/core/tables/describe';
import { scanPages } from '../../../src/core/query/run';
import { fullScanEstimate } from '../../../src/core/pricing';
import { QueryInputError } from '../../../src/core/query/keyValue';

const ddb = testDynamoDb();

describe('scan engine', () => {
  it('refuses to scan without an explicit confirmation, before any call', async () => {
    const conn = await ddb;
    const shop = await seedSampleShop(conn, { prefix: 'scan-refuse-' });
    const table = await describeTable(conn, shop.shop);
    const pages = scanPages(conn, { table, confirmed: false, readBudget: 10 });
    await assert.rejects(
      () => pages.next(),
      (err: Error) => err instanceof QueryInputError && /only run when confirmed/.test(err.message),
    );
  });

  it('pages through the table and stops after the page that spends the read-unit budget', async () => {
    const conn = await ddb;
    const shop = await seedSampleShop(conn, { prefix: 'scan-budget-' });
    const table = await describeTable(conn, shop.shop);
    const run = async (readBudget: number) => {
      const pages: { count: number; readUnits: number }[] = [];
      for await (const page of scanPages(conn, { table, confirmed: true, readBudget })) {
        assert.ok(page.estimatedCostUsd > 0);
        pages.push({ count: page.count, readUnits: page.consumedCapacity.readUnits });
      }
      return pages;
    };
    const full = await run(1_000_000);
    assert.ok(full.length >= 2, `the sample shop needs more than one 1 MB page, got ${JSON.stringify(full)}`);
    const firstPage = full[0] as { count: number; readUnits: number };
    assert.ok(firstPage.readUnits > 50);
    // A budget smaller than one page: exactly the first page is read, then paging stops.
    assert.deepEqual(await run(50), [firstPage]);
    // A budget between the first page and the whole table: the first two pages, no more.
    assert.deepEqual(await run(firstPage.readUnits + 1), full.slice(0, 2));
  });

  it('estimates a full pass from the table size, with the staleness of that size stated', async () => {
    const conn = await ddb;
    const shop = await seedSampleShop(conn, { prefix: 'scan-estimate-' });
    const table = { ...(await describeTable(conn, shop.shop)), sizeBytes: 10 * 1024 ** 3 };
    const estimate = fullScanEstimate(table, { consistent: false, region: 'us-east-1' });
    assert.equal(estimate.readUnits, (10 * 1024 ** 3) / 4096 / 2);
    assert.equal(estimate.costUsd, (estimate.readUnits * 0.125) / 1_000_000);
    assert.match(estimate.staleNote, /six hours/);
  });
});
