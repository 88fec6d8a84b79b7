// "Copy as code" is exactly what the panel ran: the generated SDK v3 snippets (client and document
// client), executed as written against DynamoDB Local, return the same items as the engine's run,
// for a first page, a follow-up page (ExclusiveStartKey), an index query with a filter, and a Scan.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { before, describe, it } from 'node:test';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { testDynamoDb, type TestDynamoDb } from '../../harness/testDynamoDb';
import { seedSampleShop, type SampleShop } from '../../harness/sampleShop';
import { describeTable } from '../../../src/core/tables/describe';
import { collectPages, queryPages, scanPages, type CollectedPages } from '../../../src/core/query/run';
import { buildQuery, buildScan } from '../../../src/core/query/requests';
import { emptyPanelRequest, validatePanelRequest, type PanelRequest } from '../../../src/core/query/panelRequest';
import { copyAsCode, type CodeFlavor, type SentRequest } from '../../../src/core/query/copyAsCode';
import { itemToJson } from '../../../src/core/query/itemJson';
import type { TableModel } from '../../../src/core/tables/tableModel';

const run = promisify(execFile);
// Started at module load so the harness's after() hook belongs to the file, not to a hook.
const local = testDynamoDb();
// Inside the repository so the snippet's imports resolve from its node_modules, as in a user's project.
const scratch = path.resolve(__dirname, '../../../out/copy-as-code');

async function runSnippet(code: string, ddb: TestDynamoDb, name: string): Promise<unknown[]> {
  fs.mkdirSync(scratch, { recursive: true });
  const file = path.join(scratch, `${name}-${process.pid}.mjs`);
  fs.writeFileSync(file, code);
  try {
    const { stdout } = await run(process.execPath, [file], {
      timeout: 60_000,
      env: {
        ...process.env,
        AWS_ACCESS_KEY_ID: ddb.credentials.accessKeyId,
        AWS_SECRET_ACCESS_KEY: ddb.credentials.secretAccessKey,
      },
    });
    return JSON.parse(stdout) as unknown[];
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** Runs a panel form the way the panel does (one Query page, or Scan pages to the budget) and copies it. */
async function panelRun(
  ddb: TestDynamoDb,
  table: TableModel,
  form: PanelRequest,
  startKey?: Record<string, AttributeValue>,
): Promise<{ result: CollectedPages; sent: SentRequest }> {
  const v = validatePanelRequest(table, form);
  assert.ok(v.ok, JSON.stringify(v));
  if (v.mode === 'query') {
    const spec = { ...v.spec, ...(startKey ? { startKey } : {}) };
    return {
      result: await collectPages(table, queryPages(ddb, spec, { maxPages: 1 })),
      sent: { operation: 'Query', input: buildQuery(spec).input },
    };
  }
  return {
    result: await collectPages(
      table,
      scanPages(ddb, { ...v.spec, confirmed: true, readBudget: v.readBudget, maxPages: 1 }),
    ),
    sent: { operation: 'Scan', input: buildScan(v.spec) },
  };
}

async function assertEquivalent(
  ddb: TestDynamoDb,
  sent: SentRequest,
  expected: unknown[],
  name: string,
): Promise<void> {
  for (const flavor of ['sdk-client', 'sdk-document'] as CodeFlavor[]) {
    const code = copyAsCode(flavor, sent, { region: ddb.region, endpoint: ddb.endpoint });
    const printed = await runSnippet(code, ddb, `${name}-${flavor}`);
    const items = flavor === 'sdk-client' ? (printed as Record<string, AttributeValue>[]).map(itemToJson) : printed;
    assert.deepEqual(items, expected, `${flavor} snippet returns the panel's items for ${name}`);
  }
}

describe('copy as code runs the same request as the panel', () => {
  let ddb: TestDynamoDb;
  let shop: SampleShop;
  let shopTable: TableModel;

  before(async () => {
    ddb = await local;
    shop = await seedSampleShop(ddb, { prefix: 'copy-' });
    shopTable = await describeTable(ddb, shop.shop);
  });

  it('a first page and the next one (ExclusiveStartKey), with a projection and a limit', async () => {
    const form = {
      ...emptyPanelRequest(),
      pk: shop.bigPartition,
      skOp: 'begins_with' as const,
      sk: 'IMAGE#',
      limit: '3',
      projection: 'PK, SK, type',
    };
    const first = await panelRun(ddb, shopTable, form);
    assert.equal(first.result.items.length, 3);
    assert.ok(first.result.lastEvaluatedKey);
    await assertEquivalent(ddb, first.sent, first.result.items, 'page1');
    const second = await panelRun(ddb, shopTable, form, first.result.lastEvaluatedKey);
    assert.deepEqual(second.sent.input.ExclusiveStartKey, first.result.lastEvaluatedKey);
    assert.deepEqual(
      second.result.items.map((i) => i.SK),
      ['IMAGE#004', 'IMAGE#005', 'IMAGE#006'],
    );
    await assertEquivalent(ddb, second.sent, second.result.items, 'page2');
  });

  it('an index query, descending, with a number filter and a between condition', async () => {
    const form = {
      ...emptyPanelRequest(),
      index: 'GSI2',
      pk: 'PAID',
      skOp: 'between' as const,
      sk: '2026-03',
      sk2: '2026-10',
      descending: true,
      filter: 'total > 150',
      limit: '40',
    };
    const { result, sent } = await panelRun(ddb, shopTable, form);
    assert.ok(
      result.items.length > 0 && result.scannedCount > result.count,
      `the filter must drop some items: ${result.count}/${result.scannedCount}`,
    );
    await assertEquivalent(ddb, sent, result.items, 'gsi2');
  });

  it('a Scan page with a projection and a filter', async () => {
    const reviews = await describeTable(ddb, shop.reviews);
    const form = {
      ...emptyPanelRequest(),
      mode: 'scan' as const,
      projection: 'productId, reviewId, rating',
      filter: 'rating >= 4',
      readBudget: '50',
    };
    const { result, sent } = await panelRun(ddb, reviews, form);
    assert.ok(result.items.length > 0);
    await assertEquivalent(ddb, sent, result.items, 'scan');
  });
});
