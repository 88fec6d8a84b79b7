// The Tables view with live metrics, in the real host: DynamoDB Local tables, and a CloudWatch
// stand-in (real wire protocol, driven by the real SDK from inside the extension host) scripted with
// steady, hot-partition, provisioned-saturation and no-data scenarios, then access denied.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { BatchWriteItemCommand, CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { minutePoints, startCloudWatchStandIn, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { page, readmePicture, type TreeRow } from '../page';
import { until } from '../until';

interface CodeFinding {
  finding: { rule: string; line: number; message: string };
  uri: vscode.Uri;
}

const VIEW = 'Tables';
const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The rows right under `path`. */
const childrenOf = (rows: TreeRow[], path: string[]) =>
  rows.filter((r) => r.path.length === path.length + 1 && samePath(r.path.slice(0, -1), path));

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
// DynamoDB Local starts empty for each host run, so the names can read well in the screenshot.
const name = (s: string) => `orders-${s}`;
// The scenarios are placed against the minute the suite starts, not the minute the bundle loaded:
// earlier suites run for minutes first, and the poller's window ends at its own refresh's minute.
let now = 0;
const at = (minute: number) => now - 3600 + minute * 60;
const fifty = (v: number) => minutePoints(at(5), new Array<number>(50).fill(v));

describe('Tables view metrics', () => {
  const CONNECTION = 'Metrics';
  let standIn: CloudWatchStandIn;
  let connectionsBefore: unknown;

  /** The table rows of the connection, as the view shows them. */
  const tableRows = async (): Promise<TreeRow[]> =>
    childrenOf(await page.treeRows(VIEW), [CONNECTION]).filter((r) => r.expanded !== undefined);
  const row = async (short: string): Promise<TreeRow> => {
    const found = (await tableRows()).find((r) => r.label === name(short));
    assert.ok(found, `${name(short)} is listed`);
    return found;
  };
  const pathOf = (short: string) => [CONNECTION, name(short)];
  /** A table row as the view hands it to its context-menu commands. */
  const tableArg = (short: string) => ({
    kind: 'table',
    name: name(short),
    region: 'us-east-1',
    connection: { name: CONNECTION, regions: ['us-east-1'], endpoint, cloudWatchEndpoint: standIn.endpoint },
  });
  /** Refreshes the view and waits until every table row shows what its read found. */
  const refreshed = async (): Promise<TreeRow[]> => {
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    return until('every table read', async () => {
      const rows = await tableRows();
      return rows.length === 5 && rows.every((r) => r.description !== 'metrics…' && r.icon !== 'database') && rows;
    });
  };

  before(async function () {
    if (!endpoint || !page.available) this.skip();
    standIn = await startCloudWatchStandIn();
    now = Math.floor(Date.now() / 60_000) * 60;
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const onDemand = (table: string, gsi?: string) =>
      client.send(
        new CreateTableCommand({
          TableName: table,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'PK', AttributeType: 'S' },
            ...(gsi ? [{ AttributeName: 'GSI1PK', AttributeType: 'S' as const }] : []),
          ],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
          ...(gsi
            ? {
                GlobalSecondaryIndexes: [
                  {
                    IndexName: gsi,
                    KeySchema: [{ AttributeName: 'GSI1PK', KeyType: 'HASH' as const }],
                    Projection: { ProjectionType: 'ALL' as const },
                  },
                ],
              }
            : {}),
        }),
      );
    await onDemand(name('steady'));
    await onDemand(name('hot'), 'GSI1');
    await onDemand(name('quiet'));
    await client.send(
      new CreateTableCommand({
        TableName: name('saturated'),
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    // A few items, so that one full pass of the steady table reads something the hover can price.
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [name('steady')]: [1, 2, 3, 4, 5].map((i) => ({
            PutRequest: { Item: { PK: { S: `ORDER#${i}` }, note: { S: 'x'.repeat(100) } } },
          })),
        },
      }),
    );
    await client.send(
      new CreateTableCommand({
        TableName: name('busy'),
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 10, WriteCapacityUnits: 5 },
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    client.destroy();

    // 540 read units a minute = 9 RCU/s against 10 provisioned: 90 %, a warning before any throttling.
    standIn.scriptTable({ table: name('busy'), start: at(5), minutes: 50, readPerMinute: 540, writePerMinute: 0 });
    standIn.scriptTable({
      table: name('steady'),
      start: at(5),
      minutes: 50,
      readPerMinute: 120,
      writePerMinute: 60,
      operations: { Query: { latencyMs: fifty(3.5) } },
    });
    standIn.scriptTable({
      table: name('hot'),
      start: at(5),
      minutes: 50,
      readPerMinute: 0,
      writePerMinute: 720,
      throttles: { WriteKeyRangeThroughputThrottleEvents: minutePoints(at(20), [1000, 234]) },
    });
    standIn.scriptTable({ table: name('hot'), index: 'GSI1', start: at(5), minutes: 50, writePerMinute: 720 });
    standIn.scriptTable({
      table: name('saturated'),
      start: at(5),
      minutes: 50,
      readPerMinute: 60,
      writePerMinute: 300,
      throttles: { WriteProvisionedThroughputThrottleEvents: minutePoints(at(30), [40, 10]) },
    });

    const config = vscode.workspace.getConfiguration('dynamoGuard');
    connectionsBefore = config.get('connections');
    // The extension re-lists on the change event (it registered first, so it has run when ours fires).
    const changed = new Promise<void>((resolve) => {
      const d = vscode.workspace.onDidChangeConfiguration(() => {
        d.dispose();
        resolve();
      });
    });
    await config.update(
      'connections',
      [{ name: 'Metrics', regions: ['us-east-1'], endpoint, cloudWatchEndpoint: standIn.endpoint }],
      vscode.ConfigurationTarget.Global,
    );
    await changed;
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-*');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await refreshed();
  });

  after(async () => {
    if (!standIn) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace
      .getConfiguration('dynamoGuard')
      .update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
    await standIn?.stop();
  });

  it('shows each table with its health icon, rates or throttle count, and a sparkline', async () => {
    const steady = await row('steady');
    assert.equal(steady.icon, 'pass');
    assert.match(steady.description, /^R 1\.7\/s · W 0\.8\/s ▁?█{13,14}▁?$/);
    const hot = await row('hot');
    assert.equal(hot.icon, 'flame');
    assert.match(hot.description, /^1,234 throttled [▁▂▃▄▅▆▇█]{15}$/);
    const saturated = await row('saturated');
    assert.equal(saturated.icon, 'flame');
    assert.match(saturated.description, /^50 throttled /);
    const quiet = await row('quiet');
    assert.equal(quiet.icon, 'circle-outline');
    assert.equal(quiet.description, 'no data in the window');
    assert.match(
      await page.tooltip(VIEW, pathOf('saturated')),
      /Provisioned capacity: 50 write events throttled by provisioned capacity/,
    );
    const busy = await row('busy');
    assert.equal(busy.icon, 'warning');
    assert.match(busy.description, /^R 7\.5\/s · W 0\/s /);
    assert.match(await page.tooltip(VIEW, pathOf('busy')), /Read peak 9\/s is 90% of provisioned 10 RCU/);
  });

  it('expands a table into read, write, throttling by cause, errors and latency, and indexes', async () => {
    const hot = pathOf('hot');
    const children = childrenOf(await page.expand(VIEW, hot), hot);
    assert.deepEqual(
      children.map((c) => c.label),
      ['Read', 'Write', 'Throttling', 'Errors & latency', 'Indexes', 'Top keys', 'Cost', 'Cost guard'],
    );
    const throttling = children[2] as TreeRow;
    assert.equal(
      throttling.description.startsWith('1,234 events: hot partition (write) 1,234'),
      true,
      throttling.description,
    );
    const causes = childrenOf(await page.expand(VIEW, throttling.path), throttling.path);
    const hotPartition = causes.find((c) => c.label === 'Hot partition (write)');
    assert.equal(hotPartition?.description, '1,234');
    assert.match(
      await page.tooltip(VIEW, hotPartition.path),
      /WriteKeyRangeThroughputThrottleEvents \(Sum\)\. One partition got more than it can serve/,
    );
    assert.match((children[1] as TreeRow).description, /^avg 10\/s · peak 12\/s · no limit set /);
    const indexes = (children[4] as TreeRow).path;
    const [gsi] = childrenOf(await page.expand(VIEW, indexes), indexes);
    assert.equal(gsi?.label, 'GSI1');
    assert.match(gsi?.description ?? '', /^R 0\/s · W 10\/s /);
    // DynamoDB Local does not implement Contributor Insights: said, not hidden.
    assert.match((children[5] as TreeRow).description, /does not implement DescribeContributorInsights/);
    await page.expand(VIEW, hot, false);
    const steady = pathOf('steady');
    const steadyOps = childrenOf(await page.expand(VIEW, steady), steady).find((c) => c.label === 'Errors & latency');
    assert.match(steadyOps?.description ?? '', /^0 errors · Query 3\.5 ms$/);
    await page.expand(VIEW, steady, false);
  });

  it('prices hovers in code from what the tree read: passes a day of a Scan, hot-partition throttling of a constant key', async () => {
    const file = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'src', 'metricsHover.ts');
    fs.writeFileSync(
      file,
      [
        "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
        "import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';",
        'const client = new DynamoDBClient({});',
        'const doc = DynamoDBDocumentClient.from(client);',
        `export const everyOrder = () => client.send(new ScanCommand({ TableName: '${name('steady')}' }));`,
        `export const record = (id: string) => doc.send(new PutCommand({ TableName: '${name('hot')}', Item: { PK: 'EVENTS', id } }));`,
        '',
      ].join('\n'),
    );
    try {
      const doc = await vscode.workspace.openTextDocument(file);
      await vscode.window.showTextDocument(doc);
      const deadline = Date.now() + 30_000;
      while (
        vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'dynamo-guard').length < 2 &&
        Date.now() < deadline
      )
        await new Promise((r) => setTimeout(r, 100));
      const hover = async (needle: string) => {
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
          'vscode.executeHoverProvider',
          doc.uri,
          doc.positionAt(doc.getText().indexOf(needle) + 2),
        );
        return hovers
          .flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value)))
          .filter((t) => t.includes('Dynamo Guard'))
          .join('\n\n');
      };
      // 120 read units a minute for 50 of the 60 minutes: 1.67 RCU/s on average, from the poller's reading.
      const scan = await hover('ScanCommand({');
      // 565 bytes = one 4 KB block = 0.5 read units a pass; 1.6667 RCU/s x 86,400 s / 0.5 = 288,006 passes.
      assert.ok(
        scan
          .split('\n')
          .includes('- Current reads, 1.67 RCU/s (last 60 min), equal **288,006 full passes a day**: $0.0180 a day'),
        scan,
      );
      const key = await hover("'EVENTS'");
      assert.match(
        key,
        /^- \*\*Hot partition throttling in the last 60 minutes: 1,234 write and 0 read events\*\*/m,
        key,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
      fs.rmSync(file, { force: true });
    }
  });

  it('shows a throttled status bar item that opens the throttled table in the tree', async () => {
    const item = (await page.statusBar()).find((i) => i.text.includes('throttled'));
    assert.equal(item?.text, '$(flame) 2 tables throttled');
    assert.equal(item?.ariaLabel, '2 DynamoDB tables throttled');
    const revealed = await vscode.commands.executeCommand<string>('dynamoGuard.revealThrottled');
    assert.ok([name('hot'), name('saturated')].includes(revealed), revealed);
    // Only the view, wide enough that the picture shows the numbers rather than ellipses.
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await readmePicture('tables-view', { sidebarWidth: 760 });
  });

  it('says what its own polling costs, and stretches the interval to stay within the budget', async () => {
    const cost = (await page.treeRows(VIEW)).find((r) => samePath(r.path, ['Monitoring cost']));
    assert.ok(cost, 'a Monitoring cost row');
    const m = /^\$0\.\d+ this session · ≈\$(\d+\.\d+)\/month · every (\d+) min$/.exec(cost.description);
    assert.ok(m, cost.description);
    // Watch series for 4 tables plus full detail for the expanded ones: at 5 minutes that would pass $1 a month.
    assert.ok(Number(m[1]) <= 1, `projected $${m[1]} a month`);
    assert.ok(Number(m[2]) >= 5);
    const tooltip = await page.tooltip(VIEW, cost.path);
    const session = /This session: (\d+) calls, (\d+) metrics/.exec(tooltip);
    assert.ok(session && Number(session[2]) >= 16, tooltip);
    assert.match(tooltip, /Last refresh \d/);
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
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(standIn.requests.length, before, 'no CloudWatch call while hidden');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    const deadline = Date.now() + 10_000;
    while (standIn.requests.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    assert.ok(standIn.requests.length > before, 'reads again once visible');
    await refreshed();
  });

  it('access denied turns tables into errors with the reason and a way to the log; a retry recovers', async () => {
    standIn.inject({ fault: 'access-denied' });
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await until('the steady table in error', async () => (await row('steady')).icon === 'error');
    const quiet = pathOf('quiet');
    const children = childrenOf(await page.expand(VIEW, quiet), quiet);
    assert.equal(children[0]?.icon, 'error');
    assert.match(children[0]?.label ?? '', /cloudwatch:GetMetricData|not allowed|denied/i);
    assert.ok(
      children.some((c) => c.label === 'Show log'),
      'a way to the log',
    );
    await page.expand(VIEW, quiet, false);
    standIn.clearInjections();
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await until('the steady table healthy again', async () => (await row('steady')).icon === 'pass');
  });

  it('filters by name and pins tables to the top', async function () {
    this.timeout(120_000);
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-s*');
    assert.deepEqual(
      (
        await until('the filtered list', async () => {
          const r = await tableRows();
          return r.length === 2 && r;
        })
      ).map((r) => r.label),
      [name('saturated'), name('steady')],
    );
    await vscode.commands.executeCommand('dynamoGuard.pinTable', tableArg('steady'));
    const [first] = await until('the pinned table first', async () => {
      const r = await tableRows();
      return r[0]?.label === name('steady') && r;
    });
    assert.match(first?.description ?? '', /^📌 /);
    await vscode.commands.executeCommand('dynamoGuard.unpinTable', tableArg('steady'));
    const [again] = await until('unpinned', async () => {
      const r = await tableRows();
      return r[0]?.label === name('saturated') && r;
    });
    assert.doesNotMatch(again?.description ?? '', /📌/);
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'orders-*');
  });

  it('copies the table ARN', async () => {
    const arn = await vscode.commands.executeCommand<string>('dynamoGuard.copyArn', tableArg('quiet'));
    assert.match(arn, new RegExp(`^arn:aws:dynamodb:[\\w-]+:\\d+:table/${name('quiet')}$`));
    assert.equal(await vscode.env.clipboard.readText(), arn);
  });
});

describe('Tables view: Cost guard and Find in Code', () => {
  const TABLE = 'editor-orders';
  const CONNECTION = 'Code';
  let connectionsBefore: unknown;
  let configured = false;
  const rel = (uri: vscode.Uri) => vscode.workspace.asRelativePath(uri);
  /** What Find in Code finds for the table, without showing its pick list (the argument is the table row as the view passes it). */
  const findInCode = () =>
    vscode.commands.executeCommand<{
      findings: CodeFinding[];
      sites: { uri: vscode.Uri; line: number; operation: string }[];
    }>(
      'dynamoGuard.findInCode',
      // The table row as the view passes it: its name, region and connection.
      {
        kind: 'table',
        name: TABLE,
        region: 'us-east-1',
        connection: { name: CONNECTION, regions: ['us-east-1'], endpoint },
      },
      { show: false },
    );

  before(async function () {
    if (!endpoint || !page.available) this.skip();
    const client = new DynamoDBClient({
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await client
      .send(
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'PK', AttributeType: 'S' },
            { AttributeName: 'SK', AttributeType: 'S' },
          ],
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'SK', KeyType: 'RANGE' },
          ],
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
    client.destroy();
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
      [{ name: CONNECTION, regions: ['us-east-1'], endpoint }],
      vscode.ConfigurationTarget.Global,
    );
    configured = true;
    await changed;
    await vscode.commands.executeCommand('dynamoGuard.filterTables', TABLE);
    await vscode.commands.executeCommand('dynamoGuard.analyzeWorkspace');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
  });

  after(async () => {
    if (!configured) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace
      .getConfiguration('dynamoGuard')
      .update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
  });

  it('lists the Scans and single-value keys that use the table, each opening its line', async () => {
    const expected = (await findInCode()).findings;
    const scans = expected.filter((f) => f.finding.rule === 'scan').length;
    assert.ok(scans > 0 && expected.length > scans, 'the fixture workspace has both kinds');
    // Each is also a diagnostic of ours on its line (the Problems view).
    for (const f of expected) {
      assert.ok(
        vscode.languages
          .getDiagnostics(f.uri)
          .some((d) => d.source === 'dynamo-guard' && d.range.start.line === f.finding.line - 1),
        `${rel(f.uri)}:${f.finding.line} is in the Problems view`,
      );
    }
    const table = [CONNECTION, TABLE];
    await until('the table row', async () => (await page.treeRows(VIEW)).some((r) => samePath(r.path, table)));
    const children = childrenOf(await page.expand(VIEW, table), table);
    // DynamoDB Local has no CloudWatch: said in one row; the code view does not depend on metrics.
    assert.match(children[0]?.label ?? '', /DynamoDB Local publishes no CloudWatch metrics/);
    const guard = children.find((c) => c.label === 'Cost guard');
    assert.ok(guard, JSON.stringify(children.map((c) => c.label)));
    const keys = expected.length - scans;
    assert.equal(
      guard.description,
      `${scans} Scan${scans === 1 ? '' : 's'} · ${keys} single-value key${keys === 1 ? '' : 's'}`,
    );
    const rows = childrenOf(await page.expand(VIEW, guard.path), guard.path);
    assert.deepEqual(
      rows.map((r) => r.label),
      expected.map(
        (f) => `${f.finding.rule === 'scan' ? 'Scan' : 'Single-value key'}: ${rel(f.uri)}:${f.finding.line}`,
      ),
    );
    // A click on the row opens its line.
    await page.clickRow(VIEW, (rows[0] as TreeRow).path);
    const editor = await until('the finding opened', () => {
      const e = vscode.window.activeTextEditor;
      return e?.document.uri.fsPath === expected[0]?.uri.fsPath && e;
    });
    assert.equal(editor.selection.start.line, (expected[0]?.finding.line ?? 0) - 1);
    await page.expand(VIEW, table, false);
  });

  it('Find in Code returns the findings and every call site of the table', async () => {
    const found = await findInCode();
    const table = [CONNECTION, TABLE];
    const rows = await page.expand(VIEW, table);
    const guard = [...table, 'Cost guard'];
    const listed = childrenOf(await page.expand(VIEW, guard), guard).map((r) => r.label.replace(/^[^:]+: /, ''));
    await page.expand(VIEW, table, false);
    assert.ok(rows.length > 0);
    assert.deepEqual(
      found.findings.map((f) => `${rel(f.uri)}:${f.finding.line}`),
      listed,
      'the findings the Cost guard lists',
    );
    const sites = found.sites.map((s) => `${rel(s.uri)}:${s.line}`);
    // Every Scan finding sits on its operation, so it is also a call site; ignored files are not.
    for (const f of found.findings.filter((x) => x.finding.rule === 'scan'))
      assert.ok(
        sites.includes(`${rel(f.uri)}:${f.finding.line}`),
        `${rel(f.uri)}:${f.finding.line} in ${sites.join(', ')}`,
      );
    assert.ok(
      found.sites.some((s) => rel(s.uri) === 'src/orders/events.ts'),
      'the write with the single-value key is a call site',
    );
    assert.ok(!sites.some((s) => s.startsWith('tmp/') || s.includes('node_modules')), sites.join(', '));
  });
});
