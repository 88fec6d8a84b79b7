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
import { extensionLog } from '../hostLog';
import { page, readmePicture, type TreeRow } from '../page';
import { until } from '../until';

const VIEW = 'Tables';
const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The rows right under `path`. */
const childrenOf = (rows: TreeRow[], path: string[]) =>
  rows.filter((r) => r.path.length === path.length + 1 && samePath(r.path.slice(0, -1), path));

interface DrawnChart {
  id: string;
  series: string[];
  points: number[];
}
interface Drawn {
  charts: DrawnChart[];
  /** undefined: the whole window. */
  range?: { from: number; to: number };
  theme: string;
}
/** What the dashboard of `table` last drew, as the extension logs it after every render and zoom. */
function lastDrawn(table: string, after = 0): Drawn | undefined {
  const lines = (extensionLog() ?? '').split('\n').filter((l) => l.includes(`table dashboard ${table}: drew `));
  const line = lines.length > after ? lines[lines.length - 1] : undefined;
  const m = line && / drew (.*) over (the whole window|(\d+)–(\d+)) \(([^)]*)\)\s*$/.exec(line);
  if (!m) return undefined;
  const charts = [...(m[1] as string).matchAll(/(\w+) \[([^\]]*)\]/g)].map(([, id, list]) => {
    const series = (list as string)
      .split('; ')
      .filter(Boolean)
      .map((s) => /^(.*): (\d+)$/.exec(s) as RegExpExecArray);
    return { id: id as string, series: series.map((s) => s[1] as string), points: series.map((s) => Number(s[2])) };
  });
  return { charts, ...(m[3] ? { range: { from: Number(m[3]), to: Number(m[4]) } } : {}), theme: m[5] as string };
}
const drawnCount = (table: string) =>
  (extensionLog() ?? '').split('\n').filter((l) => l.includes(`table dashboard ${table}: drew `)).length;

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
const daily = (mean: number, swing: number) => (t: number) =>
  mean + swing * Math.sin((2 * Math.PI * ((t % DAY) - 9 * 3600)) / DAY);

describe('Tables view cost', () => {
  let standIn: CloudWatchStandIn;
  let connectionsBefore: unknown;
  let client: DynamoDBClient;

  const rows = () => page.treeRows(VIEW);
  const connectionRow = async (): Promise<TreeRow> => {
    const row = (await rows()).find((r) => samePath(r.path, [CONNECTION]));
    assert.ok(row, 'the connection is listed');
    return row;
  };
  /** The Cost row of a table (the table expanded), with its children when `open`. */
  const costRowOf = async (table: string, open = false): Promise<{ cost: TreeRow; children: TreeRow[] }> => {
    const tablePath = [CONNECTION, table];
    const under = childrenOf(await page.expand(VIEW, tablePath), tablePath);
    const cost = under.find((c) => c.label === 'Cost');
    assert.ok(cost, JSON.stringify(under.map((c) => c.label)));
    return { cost, children: open ? childrenOf(await page.expand(VIEW, cost.path), cost.path) : [] };
  };
  const collapse = (table: string) => page.expand(VIEW, [CONNECTION, table], false);
  /** The Cost analysis row's session figures. */
  const analysisSpend = async () => {
    const row = (await rows()).find((r) => samePath(r.path, ['Cost analysis']));
    const metrics = /(\d+) metrics? in/.exec(row?.description ?? '');
    const cached = /(\d+) tables? from today's cache/.exec(row?.description ?? '');
    return { row, metrics: Number(metrics?.[1] ?? 0), cached: Number(cached?.[1] ?? 0) };
  };
  /** GetMetricData calls of cost analyses (5-minute periods), not of the metrics refresh (1-minute). */
  const costRequests = () =>
    standIn.requests.filter(
      (r) =>
        r.operation === 'GetMetricData' &&
        (r.body.MetricDataQueries as { MetricStat?: { Period?: number } }[] | undefined)?.[0]?.MetricStat?.Period === P,
    );
  const costCalls = () => costRequests().length;
  /** Metrics those calls asked for: this suite's own, whatever earlier suites analysed in this session. */
  const costMetrics = () =>
    costRequests().reduce((n, r) => n + ((r.body.MetricDataQueries as unknown[] | undefined)?.length ?? 0), 0);
  let spentBefore = 0;

  before(async function () {
    if (!endpoint || !page.available || !process.env.DYNAMO_GUARD_TEST_LOGS) this.skip();
    this.timeout(120_000);
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    // The session's spend counts every suite's analyses: this suite counts from here.
    spentBefore = (await analysisSpend()).metrics;
    standIn = await startCloudWatchStandIn();
    client = new DynamoDBClient({
      endpoint,
      region: REGION,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const keys = {
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' as const }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' as const }],
    };
    await client.send(new CreateTableCommand({ TableName: STEADY, BillingMode: 'PAY_PER_REQUEST', ...keys }));
    await client.send(
      new CreateTableCommand({
        TableName: IDLE,
        BillingMode: 'PROVISIONED',
        ProvisionedThroughput: { ReadCapacityUnits: 200, WriteCapacityUnits: 10 },
        ...keys,
      }),
    );
    const series = (table: string, metric: string, value: number, stat = 'Sum') =>
      standIn.setSeries({ metric, dimensions: { TableName: table }, stat, period: P, points: periods(value) });
    // Steady on-demand: 100 reads and 10 writes a second.
    series(STEADY, 'ConsumedReadCapacityUnits', 100 * P);
    series(STEADY, 'ConsumedWriteCapacityUnits', 10 * P);
    // Provisioned 200 RCU / 10 WCU, used at 2 and 1 a second.
    series(IDLE, 'ConsumedReadCapacityUnits', 2 * P);
    series(IDLE, 'ConsumedWriteCapacityUnits', 1 * P);
    series(IDLE, 'ProvisionedReadCapacityUnits', 200, 'Average');
    series(IDLE, 'ProvisionedWriteCapacityUnits', 10, 'Average');
    // An alarm someone already made on the steady table's read throttling.
    standIn.addAlarm({
      name: 'steady-reads-throttled',
      metric: 'ReadThrottleEvents',
      dimensions: { TableName: STEADY },
      state: 'OK',
    });

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
    await vscode.commands.executeCommand('dynamoGuard.filterTables', 'cost-*');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await until('the tables listed', async () => childrenOf(await rows(), [CONNECTION]).length === 2);
  });

  after(async () => {
    if (!standIn) return;
    await vscode.commands.executeCommand('dynamoGuard.clearTableFilter');
    await vscode.workspace
      .getConfiguration('dynamoGuard')
      .update('connections', connectionsBefore, vscode.ConfigurationTarget.Global);
    client?.destroy();
    await standIn?.stop();
  });

  it('analyses the listed tables in the background, in one CloudWatch call, and totals them on the connection', async () => {
    // Steady: $32.85 reads + $16.425 writes; idle: 200 x $0.0949 + 10 x $0.4745 = $23.725. Together $73.
    const connection = await until('both tables analysed and totalled', async () => {
      const r = await connectionRow();
      return /for 2 tables$/.test(r.description) && r;
    });
    assert.match(connection.description, /· ≈ \$73\/month for 2 tables$/);
    // 2 consumed series for the on-demand table, 2 consumed + 2 provisioned for the provisioned one.
    assert.equal(costCalls(), 1);
    assert.equal(costMetrics(), 6);
    assert.equal((await analysisSpend()).metrics - spentBefore, 6, 'the Cost analysis row counts them');
  });

  it("shows an on-demand table's Cost row and, expanded, its split, the saving with its evidence and its alarms", async () => {
    const { cost, children } = await costRowOf(STEADY, true);
    // $49.275 on-demand; auto scaling at 70 % provisions 143 RCU and 15 WCU: $20.69, so $28.59 less.
    assert.equal(cost.description, '≈ $49/month · save $29 with provisioned');
    assert.deepEqual(
      children.map((c) => c.label),
      [
        'Reads',
        'Writes',
        'Storage',
        'Indexes',
        'Backups',
        'Switch to provisioned capacity with auto scaling at 70 % target utilization.',
        'Alarms',
      ],
    );
    assert.equal(children[0]?.description, '$32.85 · measured');
    assert.equal(children[2]?.description, '$0.00 · measured');
    assert.equal(children[4]?.description, '$0.00 · assumed');
    const rec = children[5] as TreeRow;
    assert.equal(rec.description, 'saves $28.59/month');
    assert.match(
      await page.tooltip(VIEW, rec.path),
      /^Replaying 14 days of 5-minute consumption through auto scaling: \$20\.69 a month provisioned \(reads peak 143 RCU, writes 15 WCU/,
    );
    // A recommendation row offers Copy Recommendation.
    assert.ok(rec.actions.includes('Copy Recommendation'), JSON.stringify(rec.actions));
    await vscode.env.clipboard.writeText('');
    await page.rowAction(VIEW, rec.path, 'Copy Recommendation');
    const copied = await until(
      'the recommendation on the clipboard',
      async () => (await vscode.env.clipboard.readText()) || undefined,
      20_000,
    );
    assert.equal(
      copied.split('\n')[0],
      'Switch to provisioned capacity with auto scaling at 70 % target utilization. Saves $28.59/month.',
    );

    // Expanding the table looks its alarms up (the background analysis does not).
    const alarmsPath = [...cost.path, 'Alarms'];
    const alarms = await until('the alarms looked up', async () =>
      (await rows()).find((r) => samePath(r.path, alarmsPath) && r.description === '1 existing · 3 suggested'),
    );
    assert.equal(alarms.description, '1 existing · 3 suggested');
    const alarmRows = childrenOf(await page.expand(VIEW, alarmsPath), alarmsPath);
    assert.deepEqual(
      alarmRows.map((r) => `${r.label}: ${r.description}`),
      [
        'steady-reads-throttled: OK · ReadThrottleEvents',
        'cost-steady-WriteThrottleEvents: suggested · Any throttled write in a minute.',
        'cost-steady-ConsumedReadNearLimit: suggested · 80 % of the per-table quota (40000/s) for 5 minutes.',
        'cost-steady-ConsumedWriteNearLimit: suggested · 80 % of the per-table quota (40000/s) for 5 minutes.',
      ],
    );
    await vscode.env.clipboard.writeText('');
    await page.rowAction(VIEW, (alarmRows[1] as TreeRow).path, 'Copy Alarm Definition…');
    await page.quickPick('AWS CLI');
    const definition = await until(
      'the definition on the clipboard',
      async () => (await vscode.env.clipboard.readText()) || undefined,
      20_000,
    );
    assert.match(definition, /^aws cloudwatch put-metric-alarm \\\n {2}--alarm-name cost-steady-WriteThrottleEvents/);
    await collapse(STEADY);
  });

  it("advises lowering an over-provisioned table's capacity, then on-demand, each with its savings", async () => {
    const { cost, children } = await costRowOf(IDLE, true);
    // Lowering to 3 RCU and 2 WCU saves 197 x $0.0949 + 8 x $0.4745 = $22.49; on-demand saves $23.725 - $2.2995 = $21.43.
    assert.equal(cost.description, '≈ $24/month · save $22 by lowering capacity');
    const recs = children.filter((c) => c.actions.includes('Copy Recommendation'));
    assert.deepEqual(
      recs.map((r) => `${r.label} ${r.description}`),
      [
        'Lower the read capacity from 200 to 3 RCU and write capacity from 10 to 2 WCU (or let auto scaling track 70 %). saves $22.49/month',
        'Switch to on-demand capacity. saves $21.43/month',
      ],
    );
    // Expanding it looked its alarms up from today's cache: wait, so the next test counts from rest.
    await until('the alarms looked up', async () =>
      /existing|suggested/.test(
        (await rows()).find((r) => samePath(r.path, [...cost.path, 'Alarms']))?.description ?? '',
      ),
    );
    await collapse(IDLE);
  });

  it('says what the analyses cost beside Monitoring cost; a second look the same day reads the cache, not CloudWatch', async () => {
    const { row } = await analysisSpend();
    assert.ok(row, JSON.stringify((await rows()).map((r) => r.label)));
    // Session totals: earlier suites' analyses count too, so the figures are checked for their form.
    assert.match(row.description, /^\$0\.\d+ this session · \d+ metrics in \d+ calls? · \d+ alarm look-ups?/);
    const before = costCalls();
    const cachedBefore = (await analysisSpend()).cached;
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
    const after = await until(
      'both tables analysed again, from the cache',
      async () => {
        const a = await analysisSpend();
        return a.cached >= cachedBefore + 2 && a;
      },
      30_000,
    );
    assert.equal(after.cached, cachedBefore + 2, after.row?.description);
    assert.equal(costCalls(), before, 'no GetMetricData call for a table analysed today');
  });

  it('shows a table CloudWatch refuses as an error row with the one-sentence reason, and leaves it out of the total', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: DENIED,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    standIn.inject({ fault: 'access-denied', operations: ['GetMetricData'], table: DENIED });
    try {
      await vscode.commands.executeCommand('dynamoGuard.refreshTables');
      await until('the refused table listed', async () =>
        childrenOf(await rows(), [CONNECTION]).some((r) => r.label === DENIED),
      );
      const cost = await until('the refused table analysed', async () => {
        const { cost: c } = await costRowOf(DENIED);
        return c.icon === 'error' && c;
      });
      assert.match(cost.description, /cloudwatch:GetMetricData/);
      assert.equal(cost.description.split(/\. /).length, 1, 'one sentence');
      // A click on it analyses again (another refused read).
      const refusals = costRequests().length;
      await page.clickRow(VIEW, cost.path);
      await until('analysed again', () => costRequests().length > refusals);
      await collapse(DENIED);
      const connection = await until('the others totalled', async () => {
        const r = await connectionRow();
        return /for 2 of 3 tables$/.test(r.description) && r;
      });
      assert.match(connection.description, /· ≈ \$73\/month for 2 of 3 tables$/);
    } finally {
      standIn.clearInjections();
    }
  });

  it('opens a table dashboard that charts capacity against simulated auto scaling, throttling by cause and latency, and zooms', async () => {
    await client.send(
      new CreateTableCommand({
        TableName: ORDERS,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
        KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      }),
    );
    const set = (
      metric: string,
      points: StandInPoint[],
      dimensions: Record<string, string> = { TableName: ORDERS },
      stat = 'Sum',
    ) => standIn.setSeries({ metric, dimensions, stat, period: P, points });
    set(
      'ConsumedReadCapacityUnits',
      periods((t) => daily(60, 40)(t) * P),
    );
    set(
      'ConsumedWriteCapacityUnits',
      periods((t) => daily(8, 5)(t) * P),
    );
    // Hot-partition throttling for 15 minutes at the peak of every third day.
    set(
      'ReadKeyRangeThroughputThrottleEvents',
      periods((t) => (Math.floor(t / DAY) % 3 === 0 && Math.abs((t % DAY) - 15 * 3600) < 900 ? 120 : undefined)),
    );
    set(
      'SuccessfulRequestLatency',
      periods((t) => daily(4, 1.5)(t)),
      { TableName: ORDERS, Operation: 'Query' },
      'Average',
    );
    set(
      'SuccessfulRequestLatency',
      periods((t) => daily(2, 0.4)(t)),
      { TableName: ORDERS, Operation: 'GetItem' },
      'Average',
    );

    const drawings = drawnCount(ORDERS);
    const opened = await vscode.commands.executeCommand<{ status: string; revealed: boolean }>(
      'dynamoGuard.openTableDashboard',
      { connectionName: CONNECTION, region: REGION, table: ORDERS },
    );
    assert.deepEqual(opened, { status: 'opened', table: ORDERS, revealed: false });
    // The page titles itself like its panel; its charts name their series.
    const dashboard = page.webview(`Dashboard ${ORDERS}`);
    const sections = await until('the charts on the page', async () => {
      const c = await dashboard.query('section.chart').catch(() => []);
      return c.length === 4 && c;
    });
    assert.deepEqual(
      sections.map((c) => c.attributes['aria-label']?.split(': ')[1]),
      [
        'Consumed, Auto scaling (simulated)',
        'Consumed, Auto scaling (simulated)',
        'Hot partition (read)',
        'GetItem, Query',
      ],
    );
    assert.equal(await dashboard.text('.range-label'), 'the last 14 days');
    const first = await until('the page drew its charts', () => lastDrawn(ORDERS, drawings)?.charts);
    const drawn = first;
    // What was drawn, leaving the colours to the high-contrast test.
    const byId = Object.fromEntries(drawn.map((c) => [c.id, { id: c.id, series: c.series, points: c.points }]));
    assert.deepEqual(
      drawn.map((c) => c.id),
      ['read', 'write', 'throttles', 'latency'],
    );
    // 14 days of 5-minute periods: 4,032 points in every series over the whole window.
    assert.deepEqual(byId.read, { id: 'read', series: ['Consumed', 'Auto scaling (simulated)'], points: [4032, 4032] });
    assert.deepEqual(byId.throttles?.series, ['Hot partition (read)']);
    assert.deepEqual(byId.latency, { id: 'latency', series: ['GetItem', 'Query'], points: [4032, 4032] });
    assert.equal(lastDrawn(ORDERS)?.range, undefined, 'the whole window');
    assert.ok(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === `Dashboard ${ORDERS}`),
      'the panel is titled after its table',
    );

    // Asking again reveals the same panel, zoomed to the last day: every chart follows.
    const again = await vscode.commands.executeCommand<{ status: string; revealed: boolean }>(
      'dynamoGuard.openTableDashboard',
      { connectionName: CONNECTION, region: REGION, table: ORDERS, lastDays: 1 },
    );
    assert.equal(again.revealed, true);
    assert.equal(
      vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === `Dashboard ${ORDERS}`).length,
      1,
      'one dashboard per table',
    );
    const zoomed = await until('the page zoomed', () => {
      const d = lastDrawn(ORDERS);
      return d?.range && d;
    });
    const range = zoomed.range as { from: number; to: number };
    assert.ok(Math.abs(range.to - range.from - DAY) <= 1, JSON.stringify(range));
    assert.notEqual(await dashboard.text('.range-label'), 'the last 14 days', 'the page says the zoomed range');
    for (const chart of zoomed.charts.filter((c) => c.id !== 'throttles')) {
      for (const n of chart.points) assert.ok(n >= 286 && n <= 289, `${chart.id}: ${n} points in the last day`);
    }

    // The picture for the README: the whole window, the editor wide.
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', {
      connectionName: CONNECTION,
      region: REGION,
      table: ORDERS,
      lastDays: 14,
    });
    await until('the whole window again', () => {
      const d = lastDrawn(ORDERS);
      return d && !d.range;
    });
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
    await new Promise((r) => setTimeout(r, 1500));
    await readmePicture('dashboard');
  });

  it("charts a provisioned table's provisioned capacity beside what it consumed", async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', {
      connectionName: CONNECTION,
      region: REGION,
      table: IDLE,
    });
    const drawn = await until('the page drew its charts', () => lastDrawn(IDLE)?.charts);
    assert.deepEqual(drawn.find((c) => c.id === 'read')?.series, [
      'Consumed',
      'Provisioned',
      'Auto scaling (simulated)',
    ]);
    assert.deepEqual(drawn.find((c) => c.id === 'throttles')?.series, []);
    const sections = await page.webview(`Dashboard ${IDLE}`).query('section.chart');
    assert.equal(
      sections[0]?.attributes['aria-label']?.split(': ')[1],
      'Consumed, Provisioned, Auto scaling (simulated)',
    );
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
  });

  it("prices the Scans in code on a table at its observed reads, and at the user's prices once set", async () => {
    const file = path.join(process.env.DYNAMO_GUARD_TEST_WORKSPACE as string, 'src', 'costSteadyScan.ts');
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    fs.writeFileSync(
      file,
      `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nexport const all = () => new DynamoDBClient({}).send(new ScanCommand({ TableName: '${STEADY}' }));\n`,
    );
    const scansRow = async () => {
      const { cost, children } = await costRowOf(STEADY, true);
      const row = children.find((c) => c.label === '1 Scan in code');
      return row && { ...row, tooltip: await page.tooltip(VIEW, row.path), cost };
    };
    try {
      const row = await until('the Scan priced under the Cost row', scansRow, 30_000);
      // The empty table: one pass is the minimum 0.5 read unit, $0.0000000625; 100 reads a second allow
      // 8,640,000 / 0.5 = 17,280,000 passes a day; a month of those reads costs $32.85.
      assert.equal(
        row.description,
        'one pass $0.000000063 · at the observed reads ≤ 17,280,000 passes/day ≈ $33/month',
      );
      assert.match(
        row.tooltip,
        /^Table cost-steady, 1 Scan in code: one full pass reads 0\.5 read units \(eventually consistent; 0 MiB/,
      );
      assert.match(row.tooltip, /consumed 100 read units a second on average/);

      // EUR at 0.25 per million reads: reads 65.70 + writes 16.425 (public rate) = 82.125 EUR.
      // Metrics asked for the steady table (the refused table, analysed again, has no cache to read).
      const steadyMetrics = () =>
        costRequests()
          .flatMap(
            (r) =>
              (r.body.MetricDataQueries as
                { MetricStat?: { Metric?: { Dimensions?: { Value?: string }[] } } }[] | undefined) ?? [],
          )
          .filter((q) => q.MetricStat?.Metric?.Dimensions?.some((d) => d.Value === STEADY)).length;
      const spent = steadyMetrics();
      await config.update(
        'cost.prices',
        { currency: 'EUR', standard: { readPerMillion: 0.25 } },
        vscode.ConfigurationTarget.Global,
      );
      const cost = await until('repriced in EUR', async () => {
        const { cost: c } = await costRowOf(STEADY);
        return c.description.startsWith('≈ 82 EUR/month') ? c : undefined;
      });
      assert.match(cost.description, /^≈ 82 EUR\/month/);
      const repriced = await until('the Scan repriced', async () => {
        const r = await scansRow();
        return r?.description.includes('EUR') && r;
      });
      assert.equal(
        repriced.description,
        'one pass 0.00000013 EUR · at the observed reads ≤ 17,280,000 passes/day ≈ 66 EUR/month',
      );
      assert.equal(steadyMetrics(), spent, "repriced from the day's cache");
    } finally {
      await collapse(STEADY).catch(() => undefined);
      fs.rmSync(file, { force: true });
      await config.update('cost.prices', undefined, vscode.ConfigurationTarget.Global);
    }
  });

  it("draws the dashboard in the high-contrast theme's own chart colours", async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    const themeBefore = workbench.inspect('colorTheme')?.globalValue;
    await vscode.commands.executeCommand('dynamoGuard.openTableDashboard', {
      connectionName: CONNECTION,
      region: REGION,
      table: ORDERS,
      lastDays: 14,
    });
    const dashboard = page.webview(`Dashboard ${ORDERS}`);
    /** Each series of each chart with the colour its legend marker shows: "throttles/Hot partition (read): rgb(…)". */
    const colours = async (): Promise<string[]> => {
      const out: string[] = [];
      const sections = await dashboard.query('div.charts > section.chart');
      for (let k = 1; k <= sections.length; k++) {
        const chart = `div.charts > section.chart:nth-of-type(${k})`;
        const id = drawn?.charts[k - 1]?.id ?? String(k);
        const labels = await dashboard.query(`${chart} .u-legend .u-series .u-label`);
        const markers = await dashboard.query(`${chart} .u-legend .u-series .u-marker`);
        labels.forEach((label, i) => {
          const style = markers[i]?.attributes.style ?? '';
          const colour = /border(?:-color)?:[^;]*?(rgba?\([^)]*\)|#[0-9a-f]{3,8})/i.exec(style)?.[1] ?? '';
          if (drawn?.charts[k - 1]?.series.includes(label.text.trim()))
            out.push(`${id}/${label.text.trim()}: ${colour.toLowerCase()}`);
        });
      }
      return out;
    };
    let drawn: Drawn | undefined;
    drawn = await until('drawn in the dark theme', () => {
      const d = lastDrawn(ORDERS);
      return d?.theme === 'vscode-dark' && d;
    });
    const dark = await until('the dark legend', async () => {
      const c = await colours();
      return c.length >= 4 && c;
    });
    try {
      await workbench.update('colorTheme', 'Default High Contrast', vscode.ConfigurationTarget.Global);
      drawn = await until('drawn again in high contrast', () => {
        const d = lastDrawn(ORDERS);
        return d?.theme === 'vscode-high-contrast' && d;
      });
      const hc = await until('the high-contrast legend', async () => {
        const c = await colours();
        return c.length >= 4 && c;
      });
      assert.equal(hc.length, dark.length);
      assert.ok(hc.length >= 4, JSON.stringify(hc));
      // Every series has a theme colour (#888, rgb(136, 136, 136), is the page's fallback when a --vscode-charts-* variable is missing),
      // and the page follows the theme: a fixed palette would draw the same colours in both.
      for (const line of hc) assert.doesNotMatch(line, /: (#888|rgb\(136, 136, 136\)|)$/, line);
      assert.notDeepEqual(hc, dark, 'the colours follow the theme');
      // Throttling is drawn in charts.red, which high contrast sets apart from the dark theme's.
      const red = (xs: string[]) => xs.find((x) => x.startsWith('throttles/'));
      assert.ok(red(hc) && red(hc) !== red(dark), `${red(dark)} -> ${red(hc)}`);
      await vscode.commands.executeCommand('workbench.action.closeSidebar');
      await new Promise((r) => setTimeout(r, 1500));
      await readmePicture('dashboard-hc');
    } finally {
      await workbench.update('colorTheme', themeBefore, vscode.ConfigurationTarget.Global);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    }
  });
});
