// The Tables view's Cost rows in the real host: DynamoDB Local tables and the CloudWatch stand-in
// scripted with 14 days of 5-minute capacity. The right answers are worked out by hand at us-east-1
// rates (a 730-hour month): 1 unit/s costs $0.3285 a month in on-demand reads and $1.6425 in
// on-demand writes; a provisioned RCU-month is $0.0949 and a WCU-month $0.4745; target 70 %.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startCloudWatchStandIn, type CloudWatchStandIn, type StandInPoint } from '../../harness/cloudWatchStandIn';
import type { RenderedChart, TimeRange } from '../../../src/webview/dashboardProtocol';
import { page } from '../page';
import { until } from '../until';

interface Node {
  kind: string;
  name?: string;
  text?: string;
  row?: { label: string; description?: string; id: string; tooltip?: unknown };
  command?: { command: string };
}
type CostState = { status: 'computing' | 'unavailable' } | { status: 'done'; alarmsChecked: boolean } | { status: 'error'; message: string };
interface Dashboard {
  rendered: { charts: RenderedChart[]; range: TimeRange | null; theme?: string } | undefined;
  panel: vscode.WebviewPanel;
}
interface Api {
  dashboards: { panelFor(connection: string, region: string, table: string): Dashboard | undefined };
  tree: { getChildren(node?: Node): Promise<Node[]>; getTreeItem(node: Node): vscode.TreeItem };
  costs: { stateFor(connection: string, region: string, table: string): CostState | undefined; spend: { metricsRequested: number; cachedTables: number; analyses: number } };
}

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;
const CONNECTION = 'Costs';
const REGION = 'us-east-1';
const STEADY = 'cost-steady';
const IDLE = 'cost-idle';
const DENIED = 'cost-denied';
const ORDERS = 'cost-orders';
const DAY = 86_400;
const P = 300;

/** One value per 5-minute period from 15 days ago to a day ahead: whatever 14-day window the view picks is covered. */
function periods(value: number | ((t: number) => number | undefined)): StandInPoint[] {
  const now = Math.floor(Date.now() / 1000 / P) * P;
  const out: StandInPoint[] = [];
  for (let t = now - 15 * DAY; t < now + DAY; t += P) {
    const v = typeof value === 'number' ? value : value(t);
    if (v !== undefined) out.push({ t, v });
  }
  return out;
}
/** A daily cycle between `mean - swing` and `mean + swing`, highest mid-afternoon UTC. */
const daily = (mean: number, swing: number) => (t: number) => mean + swing * Math.sin((2 * Math.PI * ((t % DAY) - 9 * 3600)) / DAY);

describe('Tables view cost', () => {
  let api: Api;
  let standIn: CloudWatchStandIn;
  let connectionsBefore: unknown;
  let client: DynamoDBClient;

  const connectionNode = async (): Promise<Node> => {
    const roots = await api.tree.getChildren();
    const node = roots.find((n) => n.kind === 'connection');
    assert.ok(node, 'the connection is listed');
    return node;
  };
  const tableNode = async (name: string): Promise<Node> => {
    const node = (await api.tree.getChildren(await connectionNode())).find((n) => n.kind === 'table' && n.name === name);
    assert.ok(node, `${name} is listed`);
    return node;
  };
  const state = (table: string) => api.costs.stateFor(CONNECTION, REGION, table);
  const costRowOf = async (table: string): Promise<Node> => {
    const children = await api.tree.getChildren(await tableNode(table));
    const cost = children.find((c) => c.row?.label === 'Cost');
    assert.ok(cost, JSON.stringify(children.map((c) => c.row?.label ?? c.text)));
    return cost;
  };
  /** GetMetricData calls of cost analyses (5-minute periods), not of the metrics refresh (1-minute). */
  const costRequests = () => standIn.requests.filter((r) => r.operation === 'GetMetricData'
    && (r.body.MetricDataQueries as { MetricStat?: { Period?: number } }[] | undefined)?.[0]?.MetricStat?.Period === P);
  const costCalls = () => costRequests().length;
  /** Metrics those calls asked for: this suite's own, whatever earlier suites analysed in this session. */
  const costMetrics = () => costRequests().reduce((n, r) => n + ((r.body.MetricDataQueries as unknown[] | undefined)?.length ?? 0), 0);
  let spentBefore = 0;

  before(async function () {
    if (!endpoint) this.skip();
    this.timeout(120_000);
    api = (await vscode.extensions.getExtension<Api>('dynamo-guard.dynamo-guard')!.activate());
    // The session's spend counts every suite's analyses: this suite counts from here.
    spentBefore = api.costs.spend.metricsRequested;
    standIn = await startCloudWatchStandIn();
    client = new DynamoDBClient({ endpoint, region: REGION, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    const keys = { AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' as const }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' as const }] };
    await client.send(new CreateTableCommand({ TableName: STEADY, BillingMode: 'PAY_PER_REQUEST', ...keys }));
    await client.send(new CreateTableCommand({ TableName: IDLE, BillingMode: 'PROVISIONED', ProvisionedThroughput: { ReadCapacityUnits: 200, WriteCapacityUnits: 10 }, ...keys }));
    const series = (table: string, metric: string, value: number, stat = 'Sum') => standIn.setSeries({ metric, dimensions: { TableName: table }, stat, period: P, points: periods(value) });
    // Steady on-demand: 100 reads and 10 writes a second.
    series(STEADY, 'ConsumedReadCapacityUnits', 100 * P);
    series(STEADY, 'ConsumedWriteCapacityUnits', 10 * P);
    // Provisioned 200 RCU / 10 WCU, used at 2 and 1 a second.
    series(IDLE, 'ConsumedReadCapacityUnits', 2 * P);
    series(IDLE, 'ConsumedWriteCapacityUnits', 1 * P);
    series(IDLE, 'ProvisionedReadCapacityUnits', 200, 'Average');
    series(IDLE, 'ProvisionedWriteCapacityUnits', 10, 'Average');
    // An alarm someone already made on the steady table's read throttling.
    standIn.addAlarm({ name: 'steady-reads-throttled', metric: 'ReadThrottleEvents', dimensions: { TableName: STEADY }, state: 'OK' });

    const config = vscode.workspace.getConfiguration('dynamoGuard');
    connectionsBefore = config.get('connections');
    const changed = new Promise<void>((resolve) => { const d = vscode.workspace.onDidChangeConfiguration(() => { d.dispose(); resolve(); }); });
    await config.update('connections', [{ name: CONNECTION, regions: [REGION], endpoint, cloudWatchEndpoint: standIn.endpoint }], vscode.ConfigurationTarget.Global);
    await changed;
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'cost-*');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await api.tree.getChildren(await connectionNode());
  });

  after(async () => {
    if (!api) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace.getConfiguration('dynamoGuard').update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
    client?.destroy();
    await standIn?.stop();
  });

  it('analyses the listed tables in the background, in one CloudWatch call, and totals them on the connection', async () => {
    await until('both tables analysed', () => state(STEADY)?.status === 'done' && state(IDLE)?.status === 'done');
    // Steady: $32.85 reads + $16.425 writes; idle: 200 x $0.0949 + 10 x $0.4745 = $23.725. Together $73.
    const connection = api.tree.getTreeItem(await connectionNode());
    assert.match(String(connection.description), /· ≈ \$73\/month for 2 tables$/);
    // 2 consumed series for the on-demand table, 2 consumed + 2 provisioned for the provisioned one.
    assert.equal(costCalls(), 1);
    assert.equal(costMetrics(), 6);
    assert.equal(api.costs.spend.metricsRequested - spentBefore, 6);
  });

  it('shows an on-demand table\'s Cost row and, expanded, its split, the saving with its evidence and its alarms', async () => {
    const cost = await costRowOf(STEADY);
    // $49.275 on-demand; auto scaling at 70 % provisions 143 RCU and 15 WCU: $20.69, so $28.59 less.
    assert.equal(cost.row?.description, '≈ $49/month · save $29 with provisioned');
    let children = await api.tree.getChildren(cost);
    assert.deepEqual(children.map((c) => c.row?.label), ['Reads', 'Writes', 'Storage', 'Indexes', 'Backups', 'Switch to provisioned capacity with auto scaling at 70 % target utilization.', 'Alarms']);
    assert.equal(children[0]?.row?.description, '$32.85 · measured');
    assert.equal(children[2]?.row?.description, '$0.00 · measured');
    assert.equal(children[4]?.row?.description, '$0.00 · assumed');
    const rec = children[5] as Node;
    assert.equal(rec.row?.description, 'saves $28.59/month');
    assert.match(String(rec.row?.tooltip), /^Replaying 14 days of 5-minute consumption through auto scaling: \$20\.69 a month provisioned \(reads peak 143 RCU, writes 15 WCU/);
    assert.equal(api.tree.getTreeItem(rec).contextValue, 'costRecommendation');
    const copied = await vscode.commands.executeCommand<string>('dynamoGuard.copyCostRecommendation', rec);
    assert.equal(copied.split('\n')[0], 'Switch to provisioned capacity with auto scaling at 70 % target utilization. Saves $28.59/month.');
    assert.equal(await vscode.env.clipboard.readText(), copied);

    // Expanding the table looks its alarms up (the background analysis does not).
    await until('the alarms looked up', () => { const s = state(STEADY); return s?.status === 'done' && s.alarmsChecked; });
    children = await api.tree.getChildren(await costRowOf(STEADY));
    const alarms = children.find((c) => c.row?.label === 'Alarms') as Node;
    assert.equal(alarms.row?.description, '1 existing · 3 suggested');
    const rows = await api.tree.getChildren(alarms);
    assert.deepEqual(rows.map((r) => `${r.row?.label}: ${r.row?.description}`), [
      'steady-reads-throttled: OK · ReadThrottleEvents',
      'cost-steady-WriteThrottleEvents: suggested · Any throttled write in a minute.',
      'cost-steady-ConsumedReadNearLimit: suggested · 80 % of the per-table quota (40000/s) for 5 minutes.',
      'cost-steady-ConsumedWriteNearLimit: suggested · 80 % of the per-table quota (40000/s) for 5 minutes.',
    ]);
    const definition = await vscode.commands.executeCommand<string>('dynamoGuard.copyAlarmDefinition', rows[1], 'awsCli');
    assert.match(definition, /^aws cloudwatch put-metric-alarm \\\n {2}--alarm-name cost-steady-WriteThrottleEvents/);
    assert.equal(await vscode.env.clipboard.readText(), definition);
  });

  it('advises lowering an over-provisioned table\'s capacity, then on-demand, each with its savings', async () => {
    const cost = await costRowOf(IDLE);
    // Lowering to 3 RCU and 2 WCU saves 197 x $0.0949 + 8 x $0.4745 = $22.49; on-demand saves $23.725 - $2.2995 = $21.43.
    assert.equal(cost.row?.description, '≈ $24/month · save $22 by lowering capacity');
    const recs = (await api.tree.getChildren(cost)).filter((c) => api.tree.getTreeItem(c).contextValue === 'costRecommendation');
    assert.deepEqual(recs.map((r) => `${r.row?.label} ${r.row?.description}`), [
      'Lower the read capacity from 200 to 3 RCU and write capacity from 10 to 2 WCU (or let auto scaling track 70 %). saves $22.49/month',
      'Switch to on-demand capacity. saves $21.43/month',
    ]);
    // Expanding it looked its alarms up from today's cache: wait, so the next test counts from rest.
    await until('the alarms looked up', () => { const s = state(IDLE); return s?.status === 'done' && s.alarmsChecked; });
  });

  it('says what the analyses cost beside Monitoring cost; a second look the same day reads the cache, not CloudWatch', async () => {
    const roots = await api.tree.getChildren();
    const analysis = roots.find((n) => n.row?.label === 'Cost analysis');
    assert.ok(analysis, JSON.stringify(roots.map((r) => r.row?.label ?? r.kind)));
    // Session totals: earlier suites' analyses count too, so the figures are checked for their form.
    assert.match(analysis.row?.description ?? '', /^\$0\.\d+ this session · \d+ metrics in \d+ calls? · \d+ alarm look-ups?/);
    const before = costCalls();
    const cachedBefore = api.costs.spend.cachedTables;
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    await api.tree.getChildren(await connectionNode());
    await until('both tables analysed again', () => state(STEADY)?.status === 'done' && state(IDLE)?.status === 'done');
    assert.equal(costCalls(), before, 'no GetMetricData call for a table analysed today');
    assert.equal(api.costs.spend.cachedTables, cachedBefore + 2);
  });

  it('shows a table CloudWatch refuses as an error row with the one-sentence reason, and leaves it out of the total', async () => {
    await client.send(new CreateTableCommand({ TableName: DENIED, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }] }));
    standIn.inject({ fault: 'access-denied', operations: ['GetMetricData'], table: DENIED });
    try {
      await vscode.commands.executeCommand('dynamoGuard.refreshTables');
      await api.tree.getChildren(await connectionNode());
      await until('the refused table analysed', () => state(DENIED)?.status === 'error');
      const cost = await costRowOf(DENIED);
      assert.match(cost.row?.description ?? '', /cloudwatch:GetMetricData/);
      assert.equal((cost.row?.description ?? '').split(/\. /).length, 1, 'one sentence');
      const item = api.tree.getTreeItem(cost);
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'error');
      assert.equal(item.command?.command, 'dynamoGuard.refreshTables');
      await until('the others analysed', () => state(STEADY)?.status === 'done' && state(IDLE)?.status === 'done');
      assert.match(String(api.tree.getTreeItem(await connectionNode()).description), /· ≈ \$73\/month for 2 of 3 tables$/);
    } finally {
      standIn.clearInjections();
    }
  });

  it('opens a table dashboard that charts capacity against simulated auto scaling, throttling by cause and latency, and zooms', async () => {
    await client.send(new CreateTableCommand({ TableName: ORDERS, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }] }));
    const set = (metric: string, points: StandInPoint[], dimensions: Record<string, string> = { TableName: ORDERS }, stat = 'Sum') => standIn.setSeries({ metric, dimensions, stat, period: P, points });
    set('ConsumedReadCapacityUnits', periods((t) => daily(60, 40)(t) * P));
    set('ConsumedWriteCapacityUnits', periods((t) => daily(8, 5)(t) * P));
    // Hot-partition throttling for 15 minutes at the peak of every third day.
    set('ReadKeyRangeThroughputThrottleEvents', periods((t) => (Math.floor(t / DAY) % 3 === 0 && Math.abs((t % DAY) - 15 * 3600) < 900 ? 120 : undefined)));
    set('SuccessfulRequestLatency', periods((t) => daily(4, 1.5)(t)), { TableName: ORDERS, Operation: 'Query' }, 'Average');
    set('SuccessfulRequestLatency', periods((t) => daily(2, 0.4)(t)), { TableName: ORDERS, Operation: 'GetItem' }, 'Average');

    const opened = await vscode.commands.executeCommand<{ status: string; revealed: boolean }>('dynamoGuard.openTableDashboard', { connectionName: CONNECTION, region: REGION, table: ORDERS });
    assert.deepEqual(opened, { status: 'opened', table: ORDERS, revealed: false });
    const dashboard = api.dashboards.panelFor(CONNECTION, REGION, ORDERS);
    assert.ok(dashboard, 'one dashboard per table');
    const drawn = await until('the page drew its charts', () => dashboard.rendered?.charts);
    // What was drawn, leaving the colours to the high-contrast test.
    const byId = Object.fromEntries(drawn.map((c) => [c.id, { id: c.id, series: c.series, points: c.points }]));
    assert.deepEqual(drawn.map((c) => c.id), ['read', 'write', 'throttles', 'latency']);
    // 14 days of 5-minute periods: 4,032 points in every series over the whole window.
    assert.deepEqual(byId.read, { id: 'read', series: ['Consumed', 'Auto scaling (simulated)'], points: [4032, 4032] });
    assert.deepEqual(byId.throttles?.series, ['Hot partition (read)']);
    assert.deepEqual(byId.latency, { id: 'latency', series: ['GetItem', 'Query'], points: [4032, 4032] });
    assert.equal(dashboard.rendered?.range, null);
    assert.equal(dashboard.panel.title, `Dashboard ${ORDERS}`);

    // Asking again reveals the same panel, zoomed to the last day: every chart follows.
    const again = await vscode.commands.executeCommand<{ status: string; revealed: boolean }>('dynamoGuard.openTableDashboard', { connectionName: CONNECTION, region: REGION, table: ORDERS, lastDays: 1 });
    assert.equal(again.revealed, true);
    const zoomed = await until('the page zoomed', () => (dashboard.rendered?.range ? dashboard.rendered : undefined));
    assert.ok(Math.abs((zoomed.range as TimeRange).to - (zoomed.range as TimeRange).from - DAY) <= 1, JSON.stringify(zoomed.range));
    for (const chart of zoomed.charts.filter((c) => c.id !== 'throttles')) {
      for (const n of chart.points) assert.ok(n >= 286 && n <= 289, `${chart.id}: ${n} points in the last day`);
    }

    // The picture for the README: the whole window, the editor wide.
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', { connectionName: CONNECTION, region: REGION, table: ORDERS, lastDays: 14 });
    await until('the whole window again', () => (dashboard.rendered?.range === null ? true : undefined));
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await new Promise((r) => setTimeout(r, 1500));
    await page.screenshot('dashboard');
  });

  it('charts a provisioned table\'s provisioned capacity beside what it consumed', async () => {
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', await tableNode(IDLE));
    const dashboard = api.dashboards.panelFor(CONNECTION, REGION, IDLE);
    const drawn = await until('the page drew its charts', () => dashboard?.rendered?.charts);
    assert.deepEqual(drawn.find((c) => c.id === 'read')?.series, ['Consumed', 'Provisioned', 'Auto scaling (simulated)']);
    assert.deepEqual(drawn.find((c) => c.id === 'throttles')?.series, []);
    dashboard?.panel.dispose();
    api.dashboards.panelFor(CONNECTION, REGION, ORDERS)?.panel.dispose();
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
  });

  it('prices the Scans in code on a table at its observed reads, and at the user\'s prices once set', async () => {
    const file = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'src', 'costSteadyScan.ts');
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    fs.writeFileSync(file, `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const all = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: '${STEADY}' }));\n`);
    const scansRow = async () => (await api.tree.getChildren(await costRowOf(STEADY))).find((c) => c.row?.label === '1 Scan in code');
    try {
      const row = await until('the Scan priced under the Cost row', scansRow, 30_000);
      // The empty table: one pass is the minimum 0.5 read unit, $0.0000000625; 100 reads a second allow
      // 8,640,000 / 0.5 = 17,280,000 passes a day; a month of those reads costs $32.85.
      assert.equal(row.row?.description, 'one pass $0.000000063 · at the observed reads ≤ 17,280,000 passes/day ≈ $33/month');
      assert.match(String(row.row?.tooltip), /^Table cost-steady, 1 Scan in code: one full pass reads 0\.5 read units \(eventually consistent; 0 MiB/);
      assert.match(String(row.row?.tooltip), /consumed 100 read units a second on average/);

      // EUR at 0.25 per million reads: reads 65.70 + writes 16.425 (public rate) = 82.125 EUR.
      // Metrics asked for the steady table (the refused table, analysed again, has no cache to read).
      const steadyMetrics = () => costRequests().flatMap((r) => (r.body.MetricDataQueries as { MetricStat?: { Metric?: { Dimensions?: { Value?: string }[] } } }[] | undefined) ?? [])
        .filter((q) => q.MetricStat?.Metric?.Dimensions?.some((d) => d.Value === STEADY)).length;
      const spent = steadyMetrics();
      await config.update('cost.prices', { currency: 'EUR', standard: { readPerMillion: 0.25 } }, vscode.ConfigurationTarget.Global);
      const cost = await until('repriced in EUR', async () => { const c = await costRowOf(STEADY); return c.row?.description?.startsWith('≈ 82 EUR/month') ? c : undefined; });
      assert.match(cost.row?.description ?? '', /^≈ 82 EUR\/month/);
      const repriced = await until('the Scan repriced', scansRow);
      assert.equal(repriced.row?.description, 'one pass 0.00000013 EUR · at the observed reads ≤ 17,280,000 passes/day ≈ 66 EUR/month');
      assert.equal(steadyMetrics(), spent, 'repriced from the day\'s cache');
    } finally {
      fs.rmSync(file, { force: true });
      await config.update('cost.prices', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it('draws the dashboard in the high-contrast theme\'s own chart colours', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const themeBefore = workbench.inspect('colorTheme')?.globalValue;
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', { connectionName: CONNECTION, region: REGION, table: ORDERS, lastDays: 14 });
    const dashboard = api.dashboards.panelFor(CONNECTION, REGION, ORDERS);
    assert.ok(dashboard);
    const colours = (charts: RenderedChart[]) => charts.flatMap((c) => (c.colors ?? []).map((colour, i) => `${c.id}/${c.series[i]}: ${colour.toLowerCase()}`));
    const dark = await until('drawn in the dark theme', () => (dashboard.rendered?.theme === 'vscode-dark' ? colours(dashboard.rendered.charts) : undefined));
    try {
      await workbench.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
      const hc = await until('drawn again in high contrast', () => (dashboard.rendered?.theme === 'vscode-high-contrast' ? colours(dashboard.rendered.charts) : undefined));
      assert.equal(hc.length, dark.length);
      assert.ok(hc.length >= 4, JSON.stringify(hc));
      // Every series has a theme colour (#888 is the page's fallback when a --vscode-charts-* variable is missing),
      // and the page follows the theme: a fixed palette would draw the same colours in both.
      for (const line of hc) assert.doesNotMatch(line, /: (#888|)$/, line);
      assert.notDeepEqual(hc, dark, 'the colours follow the theme');
      // Throttling is drawn in charts.red, which high contrast sets apart from the dark theme's.
      const red = (xs: string[]) => xs.find((x) => x.startsWith('throttles/'));
      assert.ok(red(hc) && red(hc) !== red(dark), `${red(dark)} -> ${red(hc)}`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await new Promise((r) => setTimeout(r, 1500));
      await page.screenshot('dashboard-hc');
    } finally {
      await workbench.update('colorTheme', themeBefore, vscode.ConfigurationTarget.Global);
      dashboard.panel.dispose();
      await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    }
  });
});
