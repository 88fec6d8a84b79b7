// The Tables view with live metrics, in the real host: DynamoDB Local tables, and a CloudWatch
// stand-in (real wire protocol, driven by the real SDK from inside the extension host) scripted with
// steady, hot-partition, provisioned-saturation and no-data scenarios, then access denied.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { minutePoints, startCloudWatchStandIn, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { page } from '../page';

interface Node {
  kind: string;
  name?: string;
  text?: string;
  row?: { label: string; description?: string; id: string };
  command?: { command: string };
}
interface CodeFinding {
  finding: { rule: string; line: number; message: string };
  uri: vscode.Uri;
}
interface Api {
  workspaceFindings: { findingsForTable(table: string): readonly CodeFinding[]; ensureAnalyzed(): Promise<void> };
  tree: { getChildren(node?: Node): Promise<Node[]>; getTreeItem(node: Node): vscode.TreeItem };
  poller: { refresh(): Promise<void>; lastRefresh?: Date; spend: { metricsRequested: number } };
  statusBar: { text: string | undefined };
}

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
// DynamoDB Local starts empty for each host run, so the names can read well in the screenshot.
const name = (s: string) => `orders-${s}`;
// The scenarios are placed against the minute the suite starts, not the minute the bundle loaded:
// earlier suites run for minutes first, and the poller's window ends at its own refresh's minute.
let now = 0;
const at = (minute: number) => now - 3600 + minute * 60;
const fifty = (v: number) => minutePoints(at(5), new Array<number>(50).fill(v));

describe('Tables view metrics', () => {
  let api: Api;
  let standIn: CloudWatchStandIn;
  let connectionsBefore: unknown;

  const tableNodes = async (): Promise<Node[]> => {
    const [connection] = await api.tree.getChildren();
    return (await api.tree.getChildren(connection)).filter((n) => n.kind === 'table');
  };
  const tableNode = async (short: string): Promise<Node> => {
    const node = (await tableNodes()).find((n) => n.name === name(short));
    assert.ok(node, `${name(short)} is listed`);
    return node;
  };
  const item = async (short: string) => api.tree.getTreeItem(await tableNode(short));
  const iconId = (i: vscode.TreeItem) => (i.iconPath as vscode.ThemeIcon).id;
  // Names and values in tooltips are backslash-escaped (core/markdownText): compare what they show.
  const shown = (tooltip: vscode.TreeItem['tooltip']) => (tooltip as vscode.MarkdownString).value.replace(/\\([!-/:-@[-`{-~])/g, '$1');

  before(async function () {
    if (!endpoint) this.skip();
    api = (await vscode.extensions.getExtension<Api>('dynamo-guard.dynamo-guard')!.activate());
    standIn = await startCloudWatchStandIn();
    now = Math.floor(Date.now() / 60_000) * 60;
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const onDemand = (table: string, gsi?: string) => client.send(new CreateTableCommand({
      TableName: table, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, ...(gsi ? [{ AttributeName: 'GSI1PK', AttributeType: 'S' as const }] : [])],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      ...(gsi ? { GlobalSecondaryIndexes: [{ IndexName: gsi, KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' as const }], Projection: { ProjectionType: 'ALL' as const } }] } : {}),
    }));
    await onDemand(name('steady'));
    await onDemand(name('hot'), 'GSI1');
    await onDemand(name('quiet'));
    await client.send(new CreateTableCommand({
      TableName: name('saturated'), BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    }));
    // A few items, so that one full pass of the steady table reads something the hover can price.
    await client.send(new BatchWriteItemCommand({ RequestItems: { [name('steady')]: [1, 2, 3, 4, 5].map((i) => ({ PutRequest: { Item: { PK: { S: `ORDER#${i}` }, note: { S: 'x'.repeat(100) } } } })) } }));
    await client.send(new CreateTableCommand({
      TableName: name('busy'), BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    }));
    client.destroy();

    // 540 read units a minute = 9 RCU/s against 10 provisioned: 90 %, a warning before any throttling.
    standIn.scriptTable({ table: name('busy'), start: at(5), minutes: 50, readPerMinute: 540, writePerMinute: 0 });
    standIn.scriptTable({ table: name('steady'), start: at(5), minutes: 50, readPerMinute: 120, writePerMinute: 60, operations: { Query: { latencyMs: fifty(3.5) } } });
    standIn.scriptTable({ table: name('hot'), start: at(5), minutes: 50, readPerMinute: 0, writePerMinute: 720, throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(20), [1000, 234]) } });
    standIn.scriptTable({ table: name('hot'), index: 'GSI1', start: at(5), minutes: 50, writePerMinute: 720 });
    standIn.scriptTable({ table: name('saturated'), start: at(5), minutes: 50, readPerMinute: 60, writePerMinute: 300, throttles: { WriteProvisionedThroughputThrottleEvents: minutePoints(at(30), [40, 10]) } });

    const config = vscode.workspace.getConfiguration('dynamoGuard');
    connectionsBefore = config.get('connections');
    // The extension re-lists on the change event (it registered first, so it has run when ours fires).
    const changed = new Promise<void>((resolve) => { const d = vscode.workspace.onDidChangeConfiguration(() => { d.dispose(); resolve(); }); });
    await config.update('connections', [{ name: 'Metrics', regions: ['us-east-1'], endpoint, cloudWatchEndpoint: standIn.endpoint }], vscode.ConfigurationTarget.Global);
    await changed;
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-*');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await tableNodes();
    await api.poller.refresh();
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace.getConfiguration('dynamoGuard').update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
    await standIn?.stop();
  });

  it('shows each table with its health icon, rates or throttle count, and a sparkline', async () => {
    const steady = await item('steady');
    const p = api.poller as unknown as { targets: Map<string, unknown>; metrics: Map<string, unknown> };
    assert.equal(iconId(steady), 'pass', JSON.stringify({ targets: [...p.targets.entries()], metrics: [...p.metrics.entries()].map(([k, v]) => [k, Object.keys(v as object)]), reqs: standIn.requests.length }));
    assert.match(String(steady.description), /^R 1\.7\/s · W 0\.8\/s ▁?█{13,14}▁?$/);
    const hot = await item('hot');
    assert.equal(iconId(hot), 'flame');
    assert.match(String(hot.description), /^1,234 throttled [▁▂▃▄▅▆▇█]{15}$/);
    const saturated = await item('saturated');
    assert.equal(iconId(saturated), 'flame');
    assert.match(String(saturated.description), /^50 throttled /);
    const quiet = await item('quiet');
    assert.equal(iconId(quiet), 'circle-outline');
    assert.equal(quiet.description, 'no data in the window');
    assert.match(shown(saturated.tooltip), /Provisioned capacity: 50 write events throttled by provisioned capacity/);
    const busy = await item('busy');
    assert.equal(iconId(busy), 'warning');
    assert.match(String(busy.description), /^R 7\.5\/s · W 0\/s /);
    assert.match(shown(busy.tooltip), /Read peak 9\/s is 90% of provisioned 10 RCU/);
  });

  it('expands a table into read, write, throttling by cause, errors and latency, and indexes', async () => {
    const children = await api.tree.getChildren(await tableNode('hot'));
    assert.deepEqual(children.map((c) => c.row?.label), ['Read', 'Write', 'Throttling', 'Errors & latency', 'Indexes', 'Top keys', 'Cost', 'Cost guard']);
    const throttling = children[2] as Node;
    assert.equal(throttling.row?.description?.startsWith('1,234 events: hot partition (write) 1,234'), true, throttling.row?.description);
    const causes = await api.tree.getChildren(throttling);
    const hotPartition = causes.find((c) => c.row?.label === 'Hot partition (write)');
    assert.equal(hotPartition?.row?.description, '1,234');
    assert.match(String(api.tree.getTreeItem(hotPartition).tooltip), /WriteKeyRangeThroughputThrottleEvents \(Sum\)\. One partition got more than it can serve/);
    const write = children[1] as Node;
    assert.match(write.row?.description ?? '', /^avg 10\/s · peak 12\/s · no limit set /);
    const [gsi] = await api.tree.getChildren(children[4]);
    assert.equal(gsi?.row?.label, 'GSI1');
    assert.match(gsi?.row?.description ?? '', /^R 0\/s · W 10\/s /);
    // DynamoDB Local does not implement Contributor Insights: said, not hidden.
    assert.match((children[5] as Node).row?.description ?? '', /does not implement DescribeContributorInsights/);
    const steadyOps = (await api.tree.getChildren(await tableNode('steady'))).find((c) => c.row?.label === 'Errors & latency');
    assert.match(steadyOps?.row?.description ?? '', /^0 errors · Query 3\.5 ms$/);
  });

  it('prices hovers in code from what the tree read: passes a day of a Scan, hot-partition throttling of a constant key', async () => {
    const file = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'src', 'metricsHover.ts');
    fs.writeFileSync(file, [
      "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
      "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
      'const client = new DynamoDBClient({});',
      'const doc = DynamoDBDocumentClient.from(client);',
      `export const everyOrder = () => client.send(new ScanCommand({ TableName: '${name('steady')}' }));`,
      `export const record = (id: string) => doc.send(new PutCommand({ TableName: '${name('hot')}', Item: { PK: 'EVENTS', id } }));`,
      '',
    ].join('\n'));
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const deadline = Date.now() + 30_000;
      while (vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dynamo-guard').length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      const hover = async (needle: string) => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf(needle) + 2));
        return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).filter((t) => t.includes('Dynamo Guard')).join('\n\n');
      };
      // 120 read units a minute for 50 of the 60 minutes: 1.67 RCU/s on average, from the poller's reading.
      const scan = await hover('ScanCommand({');
      // 565 bytes = one 4 KB block = 0.5 read units a pass; 1.6667 RCU/s x 86,400 s / 0.5 = 288,006 passes.
      assert.ok(scan.split('\n').includes('- Current reads, 1.67 RCU/s (last 60 min), equal **288,006 full passes a day**: $0.0180 a day'), scan);
      const key = await hover("'EVENTS'");
      assert.match(key, /^- \*\*Hot partition throttling in the last 60 minutes: 1,234 write and 0 read events\*\*/m, key);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });

  it('shows a throttled status bar item that opens the throttled table in the tree', async () => {
    assert.equal(api.statusBar.text, '$(flame) 2 tables throttled');
    const revealed = await vscode.commands.executeCommand<string>('dynamoGuard.revealThrottled');
    assert.ok([name('hot'), name('saturated')].includes(revealed), revealed);
    // Only the view, wide enough that the picture shows the numbers rather than ellipses.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await page.screenshot('tables-view', { sidebarWidth: 760 });
  });

  it('says what its own polling costs, and stretches the interval to stay within the budget', async () => {
    const roots = await api.tree.getChildren();
    const cost = roots.find((n) => n.row?.label === 'Monitoring cost');
    assert.ok(cost, 'a Monitoring cost row');
    const m = /^\$0\.\d+ this session · ≈\$(\d+\.\d+)\/month · every (\d+) min$/.exec(cost.row?.description ?? '');
    assert.ok(m, cost.row?.description);
    // Watch series for 4 tables plus full detail for the expanded ones: at 5 minutes that would pass $1 a month.
    assert.ok(Number(m[1]) <= 1, `projected $${m[1]} a month`);
    assert.ok(Number(m[2]) >= 5);
    assert.ok(api.poller.spend.metricsRequested >= 16);
    assert.ok(api.poller.lastRefresh instanceof Date);
  });

  it('reads metrics only while the view is visible', async () => {
    await vscode.commands.executeCommand('workbench.view.explorer');
    // A read started while the view was visible may still land: wait for the stand-in to go quiet
    // (no request for a whole second) instead of guessing how long that takes on a loaded machine.
    let seen = -1;
    const quietDeadline = Date.now() + 30_000;
    while (standIn.requests.length !== seen && Date.now() < quietDeadline) {
      seen = standIn.requests.length;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const before = standIn.requests.length;
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await tableNodes();
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(standIn.requests.length, before, 'no CloudWatch call while hidden');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    const deadline = Date.now() + 10_000;
    while (standIn.requests.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(standIn.requests.length > before, 'reads again once visible');
    await api.poller.refresh();
  });

  it('access denied turns tables into errors with the reason and a way to the log; a retry recovers', async () => {
    standIn.inject({ fault: 'access-denied' });
    await api.poller.refresh();
    const steady = await item('steady');
    assert.equal(iconId(steady), 'error');
    const children = await api.tree.getChildren(await tableNode('quiet'));
    assert.equal(children[0]?.kind, 'message');
    assert.match(children[0]?.text ?? '', /cloudwatch:GetMetricData|not allowed|denied/i);
    assert.ok(children.some((c) => c.command?.command === 'dynamoGuard.showLog'), 'a way to the log');
    standIn.clearInjections();
    await api.poller.refresh();
    assert.equal(iconId(await item('steady')), 'pass');
  });

  it('filters by name and pins tables to the top', async () => {
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-s*');
    assert.deepEqual((await tableNodes()).map((n) => n.name), [name('saturated'), name('steady')]);
    await vscode.commands.executeCommand('dynamoGuard.pinTable', await tableNode('steady'));
    const [first] = await tableNodes();
    assert.equal(first?.name, name('steady'));
    const pinned = api.tree.getTreeItem(first);
    assert.equal(pinned.contextValue, 'table.local.pinned');
    assert.match(String(pinned.description), /^📌 /);
    await vscode.commands.executeCommand('dynamoGuard.unpinTable', first);
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-*');
  });

  it('copies the table ARN', async () => {
    const arn = await vscode.commands.executeCommand<string>('dynamoGuard.copyArn', await tableNode('quiet'));
    assert.match(arn, new RegExp(`^arn:aws:dynamodb:[\\w-]+:\\d+:table/${name('quiet')}$`));
    assert.equal(await vscode.env.clipboard.readText(), arn);
  });
});

describe('Tables view: Cost guard and Find in Code', () => {
  const TABLE = 'editor-orders';
  let api: Api;
  let connectionsBefore: unknown;
  const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri);

  const tableNode = async (): Promise<Node> => {
    const [connection] = await api.tree.getChildren();
    const node = (await api.tree.getChildren(connection)).find((n) => n.kind === 'table' && n.name === TABLE);
    assert.ok(node, `${TABLE} is listed`);
    return node;
  };

  before(async function () {
    if (!endpoint) this.skip();
    api = (await vscode.extensions.getExtension<Api>('dynamo-guard.dynamo-guard')!.activate());
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new CreateTableCommand({
      TableName: TABLE, BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'SK', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }, { AttributeName: 'SK', KeyType: 'RANGE' }],
    })).catch((err: Error) => { if (err.name !== 'ResourceInUseException') throw err; });
    client.destroy();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    connectionsBefore = config.get('connections');
    const changed = new Promise<void>((resolve) => { const d = vscode.workspace.onDidChangeConfiguration(() => { d.dispose(); resolve(); }); });
    await config.update('connections', [{ name: 'Code', regions: ['us-east-1'], endpoint }], vscode.ConfigurationTarget.Global);
    await changed;
    await vscode.commands.executeCommand('dynamoGuard.filterTables', TABLE);
    await api.workspaceFindings.ensureAnalyzed();
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace.getConfiguration('dynamoGuard').update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
  });

  it('lists the Scans and single-value keys that use the table, each opening its line', async () => {
    const expected = api.workspaceFindings.findingsForTable(TABLE);
    const scans = expected.filter((f) => f.finding.rule === 'scan').length;
    assert.ok(scans > 0 && expected.length > scans, 'the fixture workspace has both kinds');
    const children = await api.tree.getChildren(await tableNode());
    // DynamoDB Local has no CloudWatch: said in one row; the code view does not depend on metrics.
    assert.match(children[0]?.text ?? '', /DynamoDB Local publishes no CloudWatch metrics/);
    const guard = children.find((c) => c.row?.label === 'Cost guard');
    assert.ok(guard, JSON.stringify(children.map((c) => c.row?.label ?? c.text)));
    const keys = expected.length - scans;
    assert.equal(guard.row?.description, `${scans} Scan${scans === 1 ? '' : 's'} · ${keys} single-value key${keys === 1 ? '' : 's'}`);
    const rows = await api.tree.getChildren(guard);
    assert.deepEqual(rows.map((r) => r.row?.label), expected.map((f) => `${f.finding.rule === 'scan' ? 'Scan' : 'Single-value key'}: ${rel(f.uri)}:${f.finding.line}`));
    const first = api.tree.getTreeItem(rows[0] as Node);
    assert.equal(first.command?.command, 'vscode.open');
    await vscode.commands.executeCommand(first.command.command, ...(first.command.arguments ?? []));
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.fsPath, expected[0]?.uri.fsPath);
    assert.equal(editor?.selection.start.line, (expected[0]?.finding.line ?? 0) - 1);
  });

  it('Find in Code returns the findings and every call site of the table', async () => {
    const found = await vscode.commands.executeCommand<{ findings: CodeFinding[]; sites: { uri: vscode.Uri; line: number; operation: string }[] }>('dynamoGuard.findInCode', await tableNode(), { show: false });
    assert.deepEqual(found.findings.map((f) => `${rel(f.uri)}:${f.finding.line}`), api.workspaceFindings.findingsForTable(TABLE).map((f) => `${rel(f.uri)}:${f.finding.line}`));
    const sites = found.sites.map((s) => `${rel(s.uri)}:${s.line}`);
    // Every Scan finding sits on its operation, so it is also a call site; ignored files are not.
    for (const f of found.findings.filter((x) => x.finding.rule === 'scan')) assert.ok(sites.includes(`${rel(f.uri)}:${f.finding.line}`), `${rel(f.uri)}:${f.finding.line} in ${sites.join(', ')}`);
    assert.ok(found.sites.some((s) => rel(s.uri) === 'src/orders/events.ts'), 'the write with the single-value key is a call site');
    assert.ok(!sites.some((s) => s.startsWith('tmp/') || s.includes('node_modules')), sites.join(', '));
  });
});
