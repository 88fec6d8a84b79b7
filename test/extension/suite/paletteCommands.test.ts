// In the real host, "Get Item…" and "Query Table…" read the sample shop on DynamoDB Local: results open
// as read-only JSON titled with capacity and cost, bad keys are refused naming the attribute, AWS
// errors become one sentence, and the quick-pick path runs and cancels like a user would.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { seedSampleShop, type SampleShop } from '../../harness/sampleShop';

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
const CONNECTION = 'Test DynamoDB Local';

type Outcome =
  | {
      status: 'shown';
      uri: string;
      title: string;
      result: {
        items?: Record<string, unknown>[];
        item?: Record<string, unknown> | null;
        count?: number;
        index?: string | null;
        lastEvaluatedKey?: unknown;
        notes: string[];
      };
    }
  | { status: 'cancelled' }
  | { status: 'invalid'; message: string }
  | { status: 'failed'; message: string; code: string };

async function run(command: 'dynamoGuard.getItem' | 'dynamoGuard.queryTable', arg?: unknown): Promise<Outcome> {
  return await vscode.commands.executeCommand<Outcome>(command, arg);
}

function shown(outcome: Outcome): Extract<Outcome, { status: 'shown' }> {
  assert.equal(outcome.status, 'shown', JSON.stringify(outcome));
  return outcome;
}

/** The JSON of the opened result document, checked to be the active, read-only-scheme JSON editor. */
function openedJson(uri: string): {
  items?: Record<string, unknown>[];
  item?: Record<string, unknown> | null;
  count?: number;
  consumedCapacity: { readUnits: number };
  estimatedCostUsd: number;
  notes: string[];
} {
  const editor = vscode.window.activeTextEditor;
  assert.equal(editor?.document.uri.toString(), uri, 'the result is the active editor');
  assert.equal(editor.document.uri.scheme, 'dynamo-guard-result');
  assert.equal(editor.document.languageId, 'json');
  return JSON.parse(editor.document.getText());
}

/** Keeps running a quick-input command until the palette command settles (a no-op while nothing is open). */
async function driveQuickInput(pending: Thenable<Outcome>, command: string): Promise<Outcome> {
  let settled = false;
  const result = Promise.resolve(pending).finally(() => {
    settled = true;
  });
  const deadline = Date.now() + 30_000;
  while (!settled && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 300));
    if (!settled) await vscode.commands.executeCommand(command);
  }
  return result;
}

describe('palette commands: Get Item and Query Table', () => {
  let shop: SampleShop;

  before(async function () {
    if (!endpoint) this.skip();
    await vscode.extensions.getExtension('dynamo-guard.dynamo-guard')!.activate();
    shop = await seedSampleShop(
      { endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } },
      { prefix: 'palette-' },
    );
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('queries a partition and opens the items as read-only JSON titled with capacity and cost', async () => {
    const outcome = shown(
      await run('dynamoGuard.queryTable', {
        connectionName: CONNECTION,
        region: 'us-east-1',
        table: shop.shop,
        index: null,
        pk: 'PRODUCT#p001',
        sk: null,
      }),
    );
    const json = openedJson(outcome.uri);
    assert.equal(json.count, 1);
    assert.deepEqual(
      json.items?.map((i) => [i.PK, i.SK]),
      [['PRODUCT#p001', 'PRODUCT#p001']],
    );
    assert.ok(json.consumedCapacity.readUnits > 0);
    assert.ok(json.estimatedCostUsd > 0);
    assert.match(outcome.title, /^palette-shop · Query · 1 item · [\d.]+ RCU · \$0\.0+\d+$/);
    assert.ok(vscode.Uri.parse(outcome.uri).path.endsWith(`${outcome.title}.json`), outcome.uri);
  });

  it('queries a GSI with a between condition on its sort key', async () => {
    const outcome = shown(
      await run('dynamoGuard.queryTable', {
        connectionName: CONNECTION,
        table: shop.shop,
        index: 'GSI1',
        pk: 'CATEGORY#books',
        sk: { op: 'between', values: ['PRODUCT#books item 001', 'PRODUCT#books item 011'] },
      }),
    );
    const json = openedJson(outcome.uri);
    // Products cycle through five categories: books are 001, 006, 011, ...
    assert.deepEqual(
      json.items?.map((i) => i.PK),
      ['PRODUCT#p001', 'PRODUCT#p006', 'PRODUCT#p011'],
    );
    assert.match(outcome.title, /^palette-shop GSI1 · Query · 3 items · /);
  });

  it('queries an LSI with a number sort key and reads the first 1 MB page of a large partition', async () => {
    const byRating = shown(
      await run('dynamoGuard.queryTable', {
        connectionName: CONNECTION,
        table: shop.reviews,
        index: 'byRating',
        pk: 'p001',
        sk: { op: 'between', values: ['1', '5'] },
      }),
    );
    assert.equal(openedJson(byRating.uri).count, 6);
    const big = shown(
      await run('dynamoGuard.queryTable', {
        connectionName: CONNECTION,
        table: shop.shop,
        index: null,
        pk: shop.bigPartition,
        sk: { op: 'begins_with', values: ['IMAGE#'] },
      }),
    );
    const json = openedJson(big.uri);
    assert.ok(
      (json.count ?? 0) > 0 && (json.count ?? 0) < shop.counts.images,
      `one page, not all ${shop.counts.images} images: ${json.count}`,
    );
    assert.notEqual(big.result.lastEvaluatedKey, null);
    assert.ok(
      json.notes.some((n) => /More items remain/.test(n)),
      JSON.stringify(json.notes),
    );
  });

  it('gets one item by its full key, and reports a missing one as null', async () => {
    const outcome = shown(
      await run('dynamoGuard.getItem', {
        connectionName: CONNECTION,
        table: shop.shop,
        pk: 'CUSTOMER#c001',
        sk: 'PROFILE',
      }),
    );
    const json = openedJson(outcome.uri);
    assert.equal(json.item?.email, 'c001@example.com');
    assert.match(outcome.title, /^palette-shop · GetItem · 1 item · 0\.5 RCU · \$/);
    const missing = shown(
      await run('dynamoGuard.getItem', { connectionName: CONNECTION, table: shop.ordersByNumber, pk: '1' }),
    );
    assert.equal(openedJson(missing.uri).item, null);
    assert.match(missing.title, /· GetItem · 0 items · /);
    assert.ok(
      missing.result.notes.some((n) => /provisioned capacity/.test(n)),
      'provisioned tables explain what the cost means',
    );
  });

  it('refuses a number key given "abc" before any call, naming the attribute and its type', async () => {
    const outcome = await run('dynamoGuard.getItem', {
      connectionName: CONNECTION,
      table: shop.ordersByNumber,
      pk: 'abc',
    });
    assert.equal(outcome.status, 'invalid');
    assert.match((outcome as { message: string }).message, /orderNumber is a number \(N\).*"abc"/);
  });

  it('refuses a consistent read on a GSI with the core message', async () => {
    const outcome = await run('dynamoGuard.queryTable', {
      connectionName: CONNECTION,
      table: shop.shop,
      index: 'GSI1',
      pk: 'CATEGORY#books',
      sk: null,
      consistent: true,
    });
    assert.equal(outcome.status, 'invalid');
    assert.match(
      (outcome as { message: string }).message,
      /GSI1 is a global secondary index, which only supports eventually consistent reads/,
    );
  });

  it('turns an unknown table into one sentence with a next step', async () => {
    const outcome = await run('dynamoGuard.queryTable', {
      connectionName: CONNECTION,
      table: 'palette-no-such-table',
      index: null,
      pk: 'x',
      sk: null,
    });
    assert.equal(outcome.status, 'failed', JSON.stringify(outcome));
    const { message, code } = outcome as { message: string; code: string };
    assert.equal(code, 'not-found');
    assert.match(message, /^Table palette-no-such-table was not found .*: check the name, region and account\.$/);
    assert.doesNotMatch(message, /\n/);
  });

  it('runs through the index and sort-key quick picks when they are not pre-filled', async () => {
    // Accepting the first item of each pick: the base table, then "No sort-key condition".
    const outcome = shown(
      await driveQuickInput(
        vscode.commands.executeCommand<Outcome>('dynamoGuard.queryTable', {
          connectionName: CONNECTION,
          table: shop.shop,
          pk: 'ORDER#o1000',
        }),
        'workbench.action.acceptSelectedQuickOpenItem',
      ),
    );
    assert.equal(outcome.result.index, null);
    const items = openedJson(outcome.uri).items ?? [];
    assert.ok(
      items.length >= 1 && items.every((i) => i.PK === 'ORDER#o1000' && String(i.SK).startsWith('ITEM#')),
      JSON.stringify(items),
    );
  });

  it('offers both commands in the palette and on table nodes of the Tables view', () => {
    const pkg = vscode.extensions.getExtension('dynamo-guard.dynamo-guard')!.packageJSON as {
      contributes: {
        commands: { command: string; category: string }[];
        menus: Record<string, { command: string; when: string }[]>;
      };
    };
    for (const id of ['dynamoGuard.getItem', 'dynamoGuard.queryTable']) {
      assert.equal(pkg.contributes.commands.find((c) => c.command === id)?.category, 'Dynamo Guard');
      assert.ok(
        pkg.contributes.menus['view/item/context']?.some(
          (m) => m.command === id && m.when === 'view == dynamoGuard.tables && viewItem =~ /^table\\./',
        ),
        id,
      );
      assert.ok(!pkg.contributes.menus.commandPalette?.some((m) => m.command === id), `${id} stays in the palette`);
    }
  });

  it('cancels quietly when a quick pick or the key input box is escaped', async () => {
    const atIndex = await driveQuickInput(
      vscode.commands.executeCommand<Outcome>('dynamoGuard.queryTable', {
        connectionName: CONNECTION,
        table: shop.shop,
        pk: 'ORDER#o1000',
      }),
      'workbench.action.closeQuickOpen',
    );
    assert.deepEqual(atIndex, { status: 'cancelled' });
    const atKey = await driveQuickInput(
      vscode.commands.executeCommand<Outcome>('dynamoGuard.getItem', { connectionName: CONNECTION, table: shop.shop }),
      'workbench.action.closeQuickOpen',
    );
    assert.deepEqual(atKey, { status: 'cancelled' });
  });
});
