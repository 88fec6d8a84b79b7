// The README's hero and query-panel pictures (`npm run screenshots`), taken in the real host on what `npm run demo` shows:
// the sample shop in DynamoDB Local, the demo's SIMULATED CloudWatch scenario, and the handlers of
// examples/shop-service. Each scene first checks what its picture claims (our diagnostic and no
// TypeScript error in the file, the throttled table, the query's items), then asks for the screenshot.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DescribeTableCommand, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { startCloudWatchStandIn, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { seedSampleShop } from '../../harness/sampleShop';
import { loadSimulatedScenario } from '../../../scripts/demo/simulatedScenario';
import { page } from '../page';
import { queryPanelPage } from '../queryPanelPage';
import { until } from '../until';

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
// DynamoDB Local keeps one database per region: the shop's tables stay out of the other suites' listings.
const REGION = 'eu-west-1';
const CONNECTION = 'DynamoDB Local (demo)';
const conn = { endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The repository's examples/shop-service: the suites are compiled to out/test/extension/suite inside the repo. */
function exampleWorkspace(): string {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'examples', 'shop-service');
    if (fs.existsSync(path.join(candidate, 'template.yaml'))) return candidate;
  }
  throw new Error(`examples/shop-service not found above ${__dirname}`);
}

describe('README scenes (the demo shop)', () => {
  let started = false;
  let standIn: CloudWatchStandIn | undefined;
  let connectionsBefore: unknown;
  let minimapBefore: boolean | undefined;
  let shopService = '';

  before(async function () {
    if (!endpoint || !page.available) this.skip();
    this.timeout(120_000);
    await vscode.extensions.getExtension('dynamo-guard.dynamo-guard')!.activate();
    started = true;
    await seedSampleShop(conn);
    const client = dynamoDbClient(conn);
    const tables: { name: string; gsis: string[] }[] = [];
    for (const name of (await client.send(new ListTablesCommand({}))).TableNames ?? []) {
      const t = (await client.send(new DescribeTableCommand({ TableName: name }))).Table;
      tables.push({ name, gsis: (t?.GlobalSecondaryIndexes ?? []).map((g) => g.IndexName ?? '').filter(Boolean) });
    }
    standIn = await startCloudWatchStandIn();
    loadSimulatedScenario(standIn, tables);

    // The demo's workspace beside the fixtures, so the analyzer and TypeScript read it as they do in the demo.
    shopService = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'shop-service');
    fs.cpSync(exampleWorkspace(), shopService, { recursive: true });
    await vscode.commands.executeCommand('dynamoGuard.analyzeWorkspace');

    const config = vscode.workspace.getConfiguration('dynamoGuard');
    connectionsBefore = config.get('connections');
    const changed = new Promise<void>((resolve) => {
      const d = vscode.workspace.onDidChangeConfiguration(() => {
        d.dispose();
        resolve();
      });
    });
    await config.update(
      'connections',
      [{ name: CONNECTION, regions: [REGION], endpoint, cloudWatchEndpoint: standIn.endpoint }],
      vscode.ConfigurationTarget.Global,
    );
    await changed;
  });

  after(async function () {
    if (!started) return;
    this.timeout(60_000);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await vscode.workspace
      .getConfiguration('dynamoGuard')
      .update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
    await vscode.workspace
      .getConfiguration('editor')
      .update('minimap.enabled', minimapBefore, vscode.ConfigurationTarget.Global);
    await standIn?.stop();
    if (shopService) {
      fs.rmSync(shopService, { recursive: true, force: true });
      // A full pass drops the removed files' background findings before the next suite reads any.
      await vscode.commands.executeCommand('dynamoGuard.analyzeWorkspace');
    }
  });

  it('hero: a Scan in a handler, with its cost, beside the throttled table it reads', async function () {
    this.timeout(120_000);
    // Room for the whole Scan call beside the view: no minimap, no panel, no secondary side bar.
    const editorConfig = vscode.workspace.getConfiguration('editor');
    minimapBefore = editorConfig.inspect<boolean>('minimap.enabled')?.globalValue;
    await editorConfig.update('minimap.enabled', false, vscode.ConfigurationTarget.Global);
    for (const command of [
      'workbench.action.closeAllGroups',
      'workbench.action.closeAuxiliaryBar',
      'workbench.action.closePanel',
      'dynamoGuard.tables.focus',
    ]) {
      await vscode.commands.executeCommand(command);
    }
    const tables = async () =>
      (await page.treeRows('Tables')).filter(
        (r) => r.path.length === 2 && r.path[0] === CONNECTION && r.expanded !== undefined,
      );
    const names = await until("the shop's tables", async () => {
      const t = await tables();
      return t.length === 3 && t.map((r) => r.label);
    });
    assert.deepEqual(names, ['orders-by-number', 'reviews', 'shop']);
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await until('every table read', async () => (await tables()).every((r) => r.description !== 'metrics…'));
    const file = path.join(shopService, 'src', 'handlers', 'listOrders.ts');
    await until('the Cost guard of shop to list the handler', async () => {
      const found = await vscode.commands.executeCommand<{ findings: { uri: vscode.Uri }[] }>(
        'dynamoGuard.findInCode',
        { kind: 'table', name: 'shop' },
        { show: false },
      );
      return found.findings.some((f) => f.uri.fsPath === file);
    });
    assert.equal(await vscode.commands.executeCommand<string>('dynamoGuard.revealThrottled'), 'shop');

    const doc = await vscode.workspace.openTextDocument(file);
    const editor = await vscode.window.showTextDocument(doc);
    const scanAt = doc.positionAt(doc.getText().indexOf('new ScanCommand(') + 'new Scan'.length);
    const ours = await until('the Scan diagnostic', () =>
      vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dynamo-guard' && d.range.contains(scanAt)),
    );
    assert.equal(ours[0]?.code && typeof ours[0].code === 'object' ? ours[0].code.value : ours[0]?.code, 'scan');
    // TypeScript has loaded the project once its hover knows the SDK's class (an unresolved import hovers as `any`).
    const importAt = doc.positionAt(doc.getText().indexOf('ScanCommand }'));
    await until('TypeScript to resolve the SDK', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        doc.uri,
        importAt,
      );
      return hovers.some((h) =>
        h.contents.some((c) => (typeof c === 'string' ? c : c.value).includes('class ScanCommand')),
      );
    });
    await pause(2000);
    const errors = vscode.languages
      .getDiagnostics(doc.uri)
      .filter((d) => d.source !== 'dynamo-guard' && d.severity === vscode.DiagnosticSeverity.Error);
    assert.deepEqual(
      errors.map((d) => `${d.range.start.line + 1}: ${d.message}`),
      [],
      'no TypeScript error in the picture',
    );

    editor.selection = new vscode.Selection(scanAt, scanAt);
    editor.revealRange(new vscode.Range(scanAt, scanAt), vscode.TextEditorRevealType.InCenter);
    await vscode.commands.executeCommand('editor.action.showHover');
    await pause(1500);
    await page.screenshot('workbench', { sidebarWidth: 470 });
  });

  it('query panel: paid orders, newest first, from GSI2 of the shop', async function () {
    this.timeout(120_000);
    // The panel alone, wide enough for every column beside the JSON view.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const request = { index: 'GSI2', pk: 'PAID', descending: true, limit: '20' };
    await vscode.commands.executeCommand('dynamoGuard.openQueryPanel', {
      connectionName: CONNECTION,
      region: REGION,
      table: 'shop',
      request,
    });
    const shop = queryPanelPage('shop');
    await until('the pre-filled form', async () => (await shop.value('#pk').catch(() => '')) === 'PAID');
    await shop.run();
    await shop.idle();
    assert.match(await shop.status(), /^20 items loaded · this run: 20 returned, 20 scanned, /);
    assert.deepEqual(await shop.pinnedColumns(), ['PK', 'SK', 'GSI2PK', 'GSI2SK']);
    const dates = (await shop.cells()).filter((c) => c.column === 'GSI2SK').map((c) => c.text);
    assert.deepEqual(dates, [...dates].sort().reverse(), 'newest first');
    await shop.press('Enter', '.grid');
    assert.match((await shop.jsonView()) ?? '', /"GSI2PK": "PAID"/);
    await page.screenshot('query-panel');
    // The same panel in a light and a high-contrast theme: only theme variables are used.
    const workbench = vscode.workspace.getConfiguration('workbench');
    const theme = workbench.get('colorTheme');
    for (const [name, id] of [
      ['query-panel-light', 'Default Light Modern'],
      ['query-panel-high-contrast', 'Default High Contrast'],
    ] as const) {
      await workbench.update('colorTheme', id, vscode.ConfigurationTarget.Global);
      await pause(1500);
      await page.screenshot(name);
    }
    await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
  });
});
