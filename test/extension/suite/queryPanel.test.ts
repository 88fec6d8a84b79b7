// In the real host, the query panel opens on a table of DynamoDB Local, runs the query typed in its
// page, pages by LastEvaluatedKey, exports JSON and CSV, copies the request as code, refuses bad
// input inline, and renders a hostile item value as text. Everything is done and read on the live
// page through the page driver: fields filled, keys pressed, buttons clicked, the grid, status line,
// notes and errors read from its DOM. The CodeLens above a Query call opens it pre-filled.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { formPage, page } from '../page';
import { queryPanelPage, type QueryPanelPage } from '../queryPanelPage';
import { until } from '../until';

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
const CONNECTION = 'Test DynamoDB Local';
const NOTES = 'panel-notes';
const NUMBERS = 'panel-numbers';
const HOSTILE = '<img src=x onerror=alert(1)>';

/** The editor tabs of the query panels showing `table`, as the workbench lists them. */
function panelTabs(table: string): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter(
      (t) =>
        t.input instanceof vscode.TabInputWebview &&
        t.input.viewType.endsWith('dynamoGuard.queryPanel') &&
        t.label === `Query ${table}`,
    );
}

/** Every tab, for a failure message. */
function tabsShown(): string {
  return JSON.stringify(
    vscode.window.tabGroups.all
      .flatMap((g) => g.tabs)
      .map((t) => [t.label, t.input instanceof vscode.TabInputWebview ? t.input.viewType : typeof t.input]),
  );
}

/** Closes the query panel of `table` as its tab's close button would, and waits until it is gone. */
async function closePanel(table: string): Promise<void> {
  await vscode.window.tabGroups.close(panelTabs(table));
  await until(`the panel of ${table} to close`, () => panelTabs(table).length === 0);
}

/** The panel page's CSP, and the nonce and source of each of its scripts. */
async function pageSecurity(p: QueryPanelPage): Promise<{ csp: string; scripts: { nonce: string; src: string }[] }> {
  const [meta] = await p.view.query('meta[http-equiv="Content-Security-Policy"]');
  if (!meta) throw new Error(`${p.title} has no CSP`);
  // The page reads a script's nonce from its property: browsers hide the attribute's value.
  // The host adds its own acquireVsCodeApi script to every webview: the page's are the others.
  const scripts = (
    await formPage.props(p.title, 'script:not(#_vscodeApiScript)', ['nonce', 'src', 'id', 'textContent'])
  ).map((s) => ({
    nonce: String(s.nonce ?? ''),
    src: String(s.src ?? ''),
    id: String(s.id ?? ''),
    text: String(s.textContent ?? '').slice(0, 80),
  }));
  return { csp: meta.attributes.content ?? '', scripts };
}

async function open(arg: unknown): Promise<{ status: string; table?: string; revealed?: boolean }> {
  return await vscode.commands.executeCommand<{ status: string; table?: string; revealed?: boolean }>(
    'dynamoGuard.openQueryPanel',
    arg,
  );
}

/** Waits until the page shows what `ready` checks: the webview loads asynchronously after the panel opens. */
async function shows(p: QueryPanelPage, what: string, ready: () => Promise<boolean>): Promise<void> {
  await until(`${p.title} to show ${what}`, () => ready().catch(() => false), 30_000);
}

describe('query panel', () => {
  const notesPage = queryPanelPage(NOTES);

  before(async function () {
    // The panel is driven through its real page: that needs the launcher's page driver.
    if (!endpoint || !page.available) this.skip();
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const create = (input: ConstructorParameters<typeof CreateTableCommand>[0]) =>
      client.send(new CreateTableCommand(input)).catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
    await create({
      TableName: NOTES,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'total', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'byTotal',
          KeySchema: [{ AttributeName: 'total', KeyType: 'HASH' }],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    });
    await create({
      TableName: NUMBERS,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'orderNumber', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'orderNumber', KeyType: 'HASH' }],
    });
    const items = Array.from({ length: 25 }, (_, i) => ({
      PK: { S: 'X' },
      SK: { S: String(i + 1).padStart(2, '0') },
      note: { S: i === 0 ? HOSTILE : `note ${i + 1}, "quoted"` },
      ...(i % 3 === 0 ? { total: { N: String(10 + i * 2.5) } } : { tags: { SS: ['a', 'b'] } }),
    }));
    for (let i = 0; i < items.length; i += 25) {
      await client.send(
        new BatchWriteItemCommand({
          RequestItems: { [NOTES]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) },
        }),
      );
    }
    client.destroy();
  });

  it('opens on a table from the command, pre-filled, and reveals the same panel when asked again', async () => {
    const opened = await open({
      connectionName: CONNECTION,
      region: 'us-east-1',
      table: NOTES,
      request: { pk: 'X', limit: '10' },
    });
    assert.deepEqual(opened, { status: 'opened', table: NOTES, revealed: false });
    await until(`the panel's tab: ${tabsShown()}`, () => panelTabs(NOTES).length > 0, 10_000).catch(() =>
      assert.fail(`no tab of the panel: ${tabsShown()}`),
    );
    assert.equal(panelTabs(NOTES).length, 1, 'the panel is open, titled after its table');
    await shows(
      notesPage,
      'the table and the pre-filled key',
      async () => (await notesPage.table()) === NOTES && (await notesPage.value('#pk')) === 'X',
    );
    assert.equal(await notesPage.value('#limit'), '10');
    const again = await open({ connectionName: CONNECTION, region: 'us-east-1', table: NOTES });
    assert.deepEqual(again, { status: 'opened', table: NOTES, revealed: true });
    assert.equal(panelTabs(NOTES).length, 1, 'one panel per table');
  });

  it('runs the query typed in the page and renders a hostile value as text, not markup', async () => {
    const p = notesPage;
    await p.run();
    await p.idle();
    assert.equal(await p.ariaRowCount(), 11, 'header + 10 rows');
    assert.match(
      await p.status(),
      /^10 items loaded · this run: 10 returned, 10 scanned, [\d.]+ RCU, \$0\.0+\d+ · Session: 1 run, /,
    );
    assert.deepEqual(await p.pinnedColumns(), ['PK', 'SK']);
    assert.deepEqual(await p.columns(), ['PK', 'SK', 'note', 'tags', 'total']);
    const cells = await p.cells();
    const hostile = cells.find((c) => c.row === 0 && c.column === 'note');
    assert.equal(hostile?.text, HOSTILE);
    assert.equal(await p.cellHtml(0, 'note'), '&lt;img src=x onerror=alert(1)&gt;');
    assert.equal(await p.imgElements(), 0, 'no <img> element exists in the page');
    assert.equal(await p.inlineHandlers(), 0, 'no inline event handler attribute exists in the page');
    assert.ok(await p.loadMoreEnabled(), 'LastEvaluatedKey came back: Load more is offered');
    assert.equal(cells.find((c) => c.row === 1 && c.column === 'tags')?.text, '{"$set":"SS","values":["a","b"]}');
    assert.equal(
      cells.find((c) => c.row === 1 && c.column === 'total')?.text,
      '',
      'a missing attribute is an empty cell',
    );
  });

  it('moves the active cell with the arrow keys and opens the row as JSON with Enter', async () => {
    const p = notesPage;
    // Pressing in the grid focuses it first, as Tab would; focus makes the first cell active.
    await p.press('ArrowDown', '.grid');
    await p.press('ArrowRight', '.grid');
    await p.press('ArrowUp', '.grid');
    assert.deepEqual(await p.activeCell(), { row: 0, column: 1 });
    await p.press('Enter', '.grid');
    const json = await p.jsonView();
    assert.ok(json?.includes(`"note": "${HOSTILE}"`), String(json));
    assert.equal(await p.imgElements(), 0);
  });

  it('loads the next page by LastEvaluatedKey and appends it', async () => {
    const p = notesPage;
    await p.loadMore();
    await p.idle();
    assert.equal(await p.ariaRowCount(), 21);
    assert.match(await p.status(), /^20 items loaded · this run: 10 returned, 10 scanned, .* · Session: 2 runs, /);
  });

  it('exports the loaded items as JSON and CSV', async () => {
    const p = notesPage;
    const dir = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'dg-export-')));
    /** Clicks the page's button, answers the save dialog with `uri`, and waits for the page to say it is written. */
    const exportTo = async (button: string, uri: vscode.Uri) => {
      await p.clickButton(button);
      await formPage.acceptQuickInput(uri.fsPath);
      return p.statusMatching(new RegExp(`^Exported .*${path.basename(uri.fsPath).replace('.', '\\.')}\\.$`));
    };
    try {
      const jsonUri = vscode.Uri.joinPath(dir, 'notes.json');
      assert.equal(
        await exportTo('Export JSON', jsonUri),
        `Exported 20 items to ${vscode.workspace.asRelativePath(jsonUri)}.`,
      );
      const exported = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(jsonUri)).toString('utf8')) as Record<
        string,
        unknown
      >[];
      assert.equal(exported.length, 20);
      assert.equal(exported[0]?.note, HOSTILE);
      assert.deepEqual(exported[1]?.tags, { $set: 'SS', values: ['a', 'b'] });
      const csvUri = vscode.Uri.joinPath(dir, 'notes.csv');
      await exportTo('Export CSV', csvUri);
      const lines = Buffer.from(await vscode.workspace.fs.readFile(csvUri))
        .toString('utf8')
        .split('\r\n');
      assert.equal(lines[0], 'PK,SK,note,tags,total');
      assert.equal(lines[1], `X,01,${HOSTILE},,10`);
      assert.equal(lines[2], 'X,02,"note 2, ""quoted""","{""$set"":""SS"",""values"":[""a"",""b""]}",');
      assert.equal(lines.length, 22, 'header, 20 records, and the final CRLF');
    } finally {
      fs.rmSync(dir.fsPath, { recursive: true, force: true });
    }
  });

  it('copies the request last sent (the second page) as SDK v3 and CLI code', async () => {
    const p = notesPage;
    /** Clicks the page's copy button and waits for the page to say it copied; gives back the clipboard. */
    const copy = async (button: string, label: string) => {
      await p.copyAs(button);
      await p.statusMatching(new RegExp(`^Copied the last request as ${label} code\\.$`));
      return { text: await vscode.env.clipboard.readText() };
    };
    const client = await copy('Copy as AWS SDK v3 client code', 'SDK v3 client');
    assert.match(client.text, new RegExp(`TableName: "${NOTES}",`));
    assert.match(client.text, /Limit: 10,/);
    const startKey = /ExclusiveStartKey: \{\n([^}]*\},\n[^}]*\},)\n {2}\}/.exec(client.text)?.[1] ?? '';
    assert.deepEqual(
      startKey
        .split('\n')
        .map((l) => l.trim())
        .sort(),
      ['PK: { S: "X" },', 'SK: { S: "10" },'],
      client.text,
    );
    assert.match(client.text, new RegExp(`endpoint: "${endpoint.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}"`));
    const cli = await copy('Copy as an AWS CLI command', 'AWS CLI');
    assert.deepEqual(JSON.parse(/--exclusive-start-key '([^']*)'/.exec(cli.text)?.[1] ?? 'null'), {
      PK: { S: 'X' },
      SK: { S: '10' },
    });
    assert.match(cli.text, /--no-paginate\n$/);
  });

  it('records the run in the workspace history', async () => {
    // The history list shows the workspace's history, newest first.
    await until(
      "the run in the page's history",
      async () => (await notesPage.history())[0] === 'panel-notes · PK = X · 10 items',
    );
  });

  it('runs the form with Enter from the key field, and runs a history entry again', async () => {
    const p = notesPage;
    const listed = (await p.history()).length;
    await p.fill('limit', '3');
    await p.press('Enter', '#pk');
    await p.idle();
    // The run is recorded after its results are shown: the page's history list shows when it is.
    await until("the run in the page's history", async () => (await p.history()).length > listed);
    assert.match(await p.status(), /^3 items loaded · this run: 3 returned, 3 scanned, /);
    const history = await p.history();
    assert.equal(history.length, listed + 1, 'Enter ran the query and it was recorded');
    assert.equal(history[0], 'panel-notes · PK = X · 3 items');
    // The entry below it is the 10-item query: its button runs it again, form and all.
    await p.runAgain(1);
    await p.statusMatching(/^10 items loaded/);
    // Run again records the request anew: it moves to the top of the page's history list.
    await until(
      "the run again at the top of the page's history",
      async () => (await p.history())[0] === 'panel-notes · PK = X · 10 items',
    );
    assert.match(await p.status(), /^10 items loaded · this run: 10 returned, 10 scanned, /);
    assert.equal(await p.value('#limit'), '10', 'the form shows the request that ran');
    assert.equal(await p.ariaRowCount(), 11);
  });

  it('lists each index with its keys, and queries the GSI chosen in the picker', async () => {
    const p = notesPage;
    assert.deepEqual(await p.indexOptions(), [
      `${NOTES} (table): PK (S), SK (S)`,
      'byTotal (GSI): total (N) · projects keys only',
    ]);
    await p.select('index', 'byTotal');
    await p.fill('limit', '');
    await p.fill('pk', '17.5');
    await p.run();
    await p.idle();
    assert.match(await p.status(), /^1 item loaded · this run: 1 returned, 1 scanned, /);
    assert.deepEqual(
      (await p.cells()).filter((c) => c.row === 0).map((c) => [c.column, c.text]),
      [
        ['PK', 'X'],
        ['SK', '04'],
        ['total', '17.5'],
      ],
    );
    assert.ok((await p.pinnedColumns()).includes('total'), 'the index key is pinned too');
    const notesShown = await p.notes();
    assert.ok(
      notesShown.includes('Index byTotal projects only key attributes: items show just their keys.'),
      JSON.stringify(notesShown),
    );
    await p.select('index', '');
    await p.fill('pk', 'X');
    await p.fill('limit', '10');
  });

  it('asks before a Scan with the full-pass estimate, runs nothing when cancelled, and stops paging at the read budget', async () => {
    const p = notesPage;
    const before = await p.history();
    await p.view.click('#mode-scan');
    await p.fill('limit', '5');
    await p.fill('readBudget', '1');
    await p.run();
    const cancelled = await page.answerDialog('Cancel');
    assert.ok(cancelled?.clicked, JSON.stringify(cancelled));
    assert.equal(cancelled.message, `Scan ${NOTES}?`);
    assert.match(
      cancelled.detail,
      new RegExp(
        `^A full pass over ${NOTES} reads about [\\d.]+ read units in 1 page and costs about \\$[\\d.]+ \\([\\d.]+ MB\\)\\.`,
      ),
    );
    assert.match(cancelled.detail, /This run stops paging once 1 read units are spent/);
    // The order of the two buttons is the platform's.
    assert.deepEqual([...cancelled.buttons].sort(), ['Cancel', 'Scan up to 1 RCU']);
    await p.idle();
    assert.deepEqual(await p.history(), before, 'a cancelled Scan runs nothing and records nothing');
    assert.equal(await p.status(), 'Cancelled: nothing more was read.');
    assert.equal(await p.ariaRowCount(), 2, 'the one row of the last query (the index query) stays');

    const listed = (await p.history()).length;
    await p.run();
    const confirmed = await page.answerDialog('Scan up to 1 RCU');
    assert.ok(confirmed?.clicked, JSON.stringify(confirmed));
    await p.idle();
    await until("the Scan in the page's history", async () => (await p.history()).length > listed);
    // Pages of 5 small items read 0.5 RCU each: the second page spends the budget of 1, so paging stops there.
    assert.match(await p.status(), /^10 items loaded · this run: 10 returned, 10 scanned in 2 pages, 1 RCU, /);
    const notesShown = await p.notes();
    assert.ok(
      notesShown.includes(
        'The Scan stopped at its read budget of 1 RCU: Load more continues it (after another confirmation).',
      ),
      JSON.stringify(notesShown),
    );
    assert.ok(await p.loadMoreEnabled());
    assert.match((await p.history())[0] ?? '', /^panel-notes · Scan ≤ 1 RCU/);
    await p.view.click('#mode-query');
    await p.fill('limit', '10');
  });

  it('serves the page under a strict CSP with a fresh nonce, and loads resources from the bundle folder only', async () => {
    const { csp, scripts } = await pageSecurity(notesPage);
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([name, ...values]) => [name, values]),
    );
    assert.deepEqual(directives['default-src'], ["'none'"]);
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(directives['script-src']?.join(' ') ?? '')?.[1];
    assert.ok(nonce, `script-src allows one nonce only: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    // Styles and fonts only from the webview's own resource origin (VS Code's cspSource), nothing else.
    const source = directives['font-src'] ?? [];
    assert.ok(source.length > 0 && !source.includes('*'), csp);
    assert.deepEqual(directives['style-src'], [...source, `'nonce-${nonce}'`]);
    assert.deepEqual(Object.keys(directives).sort(), ['default-src', 'font-src', 'script-src', 'style-src']);
    // Every script is a bundled file of the extension's dist folder, under the nonce.
    assert.ok(scripts.length > 0, 'the page has scripts');
    for (const script of scripts) {
      assert.equal(script.nonce, nonce, JSON.stringify(script));
      assert.match(
        decodeURIComponent(new URL(script.src).pathname),
        /\/dynamo-guard[^/]*\/dist\/[^/]+\.js$/,
        script.src,
      );
    }
    assert.equal(await notesPage.inlineHandlers(), 0, 'no inline handler');
    await open({ connectionName: CONNECTION, region: 'us-east-1', table: NUMBERS });
    const numbersPage = queryPanelPage(NUMBERS);
    await shows(numbersPage, 'its scripts', async () => (await pageSecurity(numbersPage)).scripts.length > 0);
    const other = (await pageSecurity(numbersPage)).scripts[0]?.nonce;
    assert.ok(other && other !== nonce, 'each page gets its own nonce');
    await closePanel(NUMBERS);
  });

  it('shows a bad key inline, naming the attribute and its type, and sends nothing', async () => {
    await open({ connectionName: CONNECTION, region: 'us-east-1', table: NUMBERS });
    const p = queryPanelPage(NUMBERS);
    await shows(p, 'the number-keyed table', async () => (await p.table()) === NUMBERS);
    const recorded = await p.history();
    await p.fill('pk', 'abc');
    await p.run();
    // The page checks the key itself before anything is sent: the error line appears under the field.
    await until("the key's error line", () => p.fieldError('pk'));
    assert.match(await p.fieldError('pk'), /orderNumber is a number \(N\), but "abc" is not a valid DynamoDB number/);
    assert.doesNotMatch(await p.status(), /loaded/);
    assert.deepEqual(await p.history(), recorded, 'nothing ran, nothing was recorded');
    await closePanel(NUMBERS);
  });

  it('says in one sentence, in the page, when the endpoint does not answer', async () => {
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const saved = config.get('connections');
    await config.update(
      'connections',
      [...(saved as unknown[]), { name: 'Down', regions: ['us-east-1'], endpoint: 'http://127.0.0.1:9' }],
      vscode.ConfigurationTarget.Global,
    );
    try {
      assert.equal((await open({ connectionName: 'Down', region: 'us-east-1', table: 'anything' })).status, 'opened');
      const p = queryPanelPage('anything');
      await shows(p, 'the problem line', async () => (await p.problem()) !== '');
      assert.equal(
        await p.problem(),
        'DynamoDB at http://127.0.0.1:9 does not answer (is DynamoDB Local running?): start it or fix the endpoint URL.',
      );
      await closePanel('anything');
    } finally {
      await config.update('connections', saved, vscode.ConfigurationTarget.Global);
    }
  });

  it('offers "Run this query" above a Query call and opens the panel with the resolved key', async () => {
    const file = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'src', 'panelLens.ts');
    fs.writeFileSync(
      file,
      [
        "import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';",
        'declare const client: DynamoDBDocumentClient;',
        'export async function notes(from: string) {',
        `  return client.send(new QueryCommand({ TableName: '${NOTES}', KeyConditionExpression: 'PK = :pk AND SK BETWEEN :from AND :to', ExpressionAttributeValues: { ':pk': 'X', ':from': from, ':to': '20' } }));`,
        '}',
        '',
      ].join('\n'),
    );
    const doc = await vscode.workspace.openTextDocument(file);
    await vscode.window.showTextDocument(doc);
    let lenses: vscode.CodeLens[] = [];
    for (let i = 0; i < 40 && lenses.length === 0; i++) {
      lenses = (
        await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri)
      ).filter((l) => l.command?.command === 'dynamoGuard.openQueryPanel');
      if (lenses.length === 0) await new Promise((r) => setTimeout(r, 250));
    }
    assert.equal(lenses.length, 1);
    const [lens] = lenses as [vscode.CodeLens];
    assert.equal(lens.range.start.line, 3);
    assert.equal(lens.command?.title, '$(play) Run this query');
    assert.deepEqual(lens.command?.arguments?.[0], {
      table: NOTES,
      code: { keyValues: { PK: 'X' }, sortKeyCondition: { attribute: 'SK', op: 'between', values: [null, '20'] } },
    });
    const opened = await vscode.commands.executeCommand<{ status: string; revealed: boolean }>(
      lens.command.command,
      ...(lens.command.arguments ?? []),
    );
    assert.deepEqual(opened, { status: 'opened', table: NOTES, revealed: true });
    const p = notesPage;
    await shows(p, 'the CodeLens key values', async () => (await p.value('#skOp')) === 'between');
    assert.deepEqual(
      [await p.value('#pk'), await p.value('#sk'), await p.value('#sk2')],
      ['X', '', '20'],
      'the variable bound is left to fill',
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    fs.rmSync(file, { force: true });
  });

  it('contributes the panel command to table and index nodes and restores panels after a reload', () => {
    const pkg = vscode.extensions.getExtension('dynamo-guard.dynamo-guard')!.packageJSON as {
      activationEvents: string[];
      contributes: {
        commands: { command: string; category: string; icon?: string }[];
        menus: Record<string, { command: string; when: string }[]>;
      };
    };
    assert.ok(pkg.activationEvents.includes('onWebviewPanel:dynamoGuard.queryPanel'));
    const command = pkg.contributes.commands.find((c) => c.command === 'dynamoGuard.openQueryPanel');
    assert.equal(command?.category, 'Dynamo Guard');
    assert.ok(command?.icon);
    assert.ok(
      pkg.contributes.menus['view/item/context']?.some(
        (m) => m.command === 'dynamoGuard.openQueryPanel' && m.when.includes('viewItem =~ /^(table\\.|index$)/'),
      ),
    );
    // Export and Copy as code are the page's own buttons: no command of their own.
    for (const gone of ['dynamoGuard.exportQueryResults', 'dynamoGuard.copyQueryAsCode']) {
      assert.ok(!pkg.contributes.commands.some((c) => c.command === gone), gone);
    }
  });
});
