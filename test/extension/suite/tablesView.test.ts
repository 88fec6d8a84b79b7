// The Tables view lists the real tables of a DynamoDB Local connection, lists a table's indexes from
// DescribeTable where there are no metrics and opens the query panel on one from its node, shows
// an error node with a Retry action when the endpoint is down, and lists each connection on its own
// while another one's endpoint never answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startSilentServer } from '../../harness/silentServer';
import { page, type TreeRow } from '../page';
import { extensionLog } from '../hostLog';
import { until } from '../until';

const VIEW = 'Tables';
const LOCAL = 'Test DynamoDB Local';
/** The query panel's page titles itself so. */
const QUERY_PAGE = 'Query host-test-customers';
const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The rows right under `path`. */
const childrenOf = (rows: TreeRow[], path: string[]) =>
  rows.filter((r) => r.path.length === path.length + 1 && samePath(r.path.slice(0, -1), path));

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;

describe('Tables view', () => {
  /** The rows under a connection, once it has some. */
  const rowsOf = (connection: string) =>
    until(`rows of ${connection}`, async () => {
      const r = childrenOf(await page.treeRows(VIEW), [connection]);
      return r.length > 0 && r;
    });
  const failedListings = (connection: string) =>
    (extensionLog() ?? '').split('\n').filter((l) => l.includes(`Listing tables of ${connection} in us-east-1 failed`))
      .length;

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
          TableName: 'host-test-orders',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
    await client
      .send(
        new CreateTableCommand({
          TableName: 'host-test-customers',
          BillingMode: 'PAY_PER_REQUEST',
          AttributeDefinitions: [
            { AttributeName: 'PK', AttributeType: 'S' },
            { AttributeName: 'email', AttributeType: 'S' },
            { AttributeName: 'signedUp', AttributeType: 'N' },
          ],
          KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
          GlobalSecondaryIndexes: [
            {
              IndexName: 'byEmail',
              KeySchema: [
                { AttributeName: 'email', KeyType: 'HASH' },
                { AttributeName: 'signedUp', KeyType: 'RANGE' },
              ],
              Projection: { ProjectionType: 'KEYS_ONLY' },
            },
          ],
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
    client.destroy();
    // Earlier suites put their own connections back when they end; wait until the view shows the
    // launcher's again, then list afresh, so no listing from before these tables existed is reused.
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    await until("the launcher's connection", async () => (await page.treeRows(VIEW))[0]?.label === LOCAL, 30_000);
    await vscode.commands.executeCommand('dynamoGuard.refreshTables');
  });

  it('lists the tables of the configured DynamoDB Local connection', async function () {
    if (!page.available) this.skip();
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    const rows = await until('the table row', async () => {
      const r = await page.treeRows(VIEW);
      return r.some((row) => samePath(row.path, [LOCAL, 'host-test-orders'])) && r;
    });
    assert.equal(rows[0]?.label, LOCAL);
    assert.equal(rows[0]?.icon, 'server');
  });

  it('lists the indexes of a table without metrics, and opens the query panel on an index from its node', async function () {
    if (!page.available) this.skip();
    await vscode.commands.executeCommand('dynamoGuard.tables.focus');
    const table = [LOCAL, 'host-test-customers'];
    await until('the table row', async () => (await page.treeRows(VIEW)).some((r) => samePath(r.path, table)));
    const children = childrenOf(await page.expand(VIEW, table), table);
    // DynamoDB Local has no CloudWatch: said first, then what DescribeTable knows.
    assert.match(children[0]?.label ?? '', /CloudWatch/);
    assert.ok(
      children.some((c) => c.label === 'Indexes'),
      JSON.stringify(children.map((c) => c.label)),
    );
    const indexes = [...table, 'Indexes'];
    const [gsi] = childrenOf(await page.expand(VIEW, indexes), indexes);
    assert.deepEqual(gsi && { label: gsi.label, description: gsi.description }, {
      label: 'byEmail',
      description: 'GSI · email (S), signedUp (N) · projects keys only',
    });
    // The index row offers the query panel, as an inline action and in its context menu.
    const panel = page.webview(QUERY_PAGE);
    const onIndex = async () => {
      const [tableChoice] = await panel.query('select#table').catch(() => []);
      const [indexChoice] = await panel.query('select#index').catch(() => []);
      return (
        tableChoice?.value?.endsWith('host-test-customers') &&
        indexChoice?.value === 'byEmail' && [tableChoice.value, indexChoice.value]
      );
    };
    await page.rowAction(VIEW, [...indexes, 'byEmail'], 'Open Query Panel');
    // Under load the workbench can drop the click on a row that re-rendered: a user clicks again.
    const first = await until('the panel to open on the index', onIndex, 15_000).catch(() => undefined);
    if (!first) await page.rowAction(VIEW, [...indexes, 'byEmail'], 'Open Query Panel');
    const selected = first || (await until('the panel to open on the index', onIndex, 30_000));
    assert.equal(selected[1], 'byEmail', 'the panel opens on the index');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows an error node with a Retry action when the endpoint is down', async function () {
    if (!process.env.DYNAMO_GUARD_TEST_LOGS) this.skip();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const before = config.get('connections');
    await config.update(
      'connections',
      [{ name: 'Down', regions: ['us-east-1'], endpoint: 'http://127.0.0.1:9' }],
      vscode.ConfigurationTarget.Global,
    );
    try {
      const children = await until('the error row', async () => {
        const r = await rowsOf('Down');
        return r[0]?.icon === 'error' && r;
      });
      assert.equal(children.length, 1);
      // One sentence with the next step (from the core's error mapping), naming the endpoint.
      assert.match(children[0]?.label ?? '', /^Could not list tables: .*127\.0\.0\.1:9/);
      // A click on the row lists again (the log shows a second attempt).
      const attempts = await until('the failure logged', () => failedListings('Down') || undefined);
      await page.clickRow(VIEW, (children[0] as TreeRow).path);
      await until('a second attempt', () => failedListings('Down') > attempts);
    } finally {
      await config.update('connections', before, vscode.ConfigurationTarget.Global);
    }
  });

  it("lists a connection's tables beside another connection whose endpoint never answers, which ends in a timed-out error row", async function () {
    this.timeout(120_000);
    if (!process.env.DYNAMO_GUARD_TEST_LOGS) this.skip();
    const silent = await startSilentServer();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const before = {
      connections: config.get('connections'),
      timeout: config.inspect('aws.requestTimeoutSeconds')?.globalValue,
    };
    try {
      await config.update('aws.requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
      await config.update(
        'connections',
        [
          { name: 'Silent', regions: ['us-east-1'], endpoint: silent.endpoint },
          { name: 'Local', regions: ['us-east-1'], endpoint },
        ],
        vscode.ConfigurationTarget.Global,
      );
      const localRows = await until("the local connection's tables", async () => {
        const r = await rowsOf('Local');
        return r.some((t) => t.label === 'host-test-orders') && r;
      });
      assert.ok(localRows.some((t) => t.label === 'host-test-orders'));
      // The workbench renders the expanded connections together once both answered, so whether the local
      // listing waited is not visible here; the metrics of each connection are (the next test).
      const rows = await until("the silent connection's error row", () => rowsOf('Silent'), 60_000);
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.icon, 'error');
      assert.equal(
        rows[0]?.label,
        `Could not list tables: DynamoDB at ${silent.endpoint} timed out (no answer within 5 s per attempt, 2 attempts): check the endpoint and your network, or allow longer with the setting \`dynamoGuard.aws.requestTimeoutSeconds\`.`,
      );
      // A click on the row lists again.
      const attempts = await until('the failure logged', () => failedListings('Silent') || undefined);
      await page.clickRow(VIEW, rows[0].path);
      await until('a second attempt', () => failedListings('Silent') > attempts, 60_000);
    } finally {
      await config.update('connections', before.connections, vscode.ConfigurationTarget.Global);
      await config.update('aws.requestTimeoutSeconds', before.timeout, vscode.ConfigurationTarget.Global);
      await silent.stop();
    }
  });

  it("refreshes each connection's rows on its own while another connection's CloudWatch never answers", async function () {
    this.timeout(180_000);
    const silent = await startSilentServer();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const before = {
      connections: config.get('connections'),
      timeout: config.inspect('aws.requestTimeoutSeconds')?.globalValue,
    };
    const table = 'host-test-orders';
    try {
      // Two attempts of 15 s: time enough to see the local row done while the silent one still reads.
      await config.update('aws.requestTimeoutSeconds', 15, vscode.ConfigurationTarget.Global);
      // Both list the same DynamoDB Local tables; the silent connection's metrics come from a CloudWatch that never answers.
      await config.update(
        'connections',
        [
          { name: 'Silent', regions: ['us-east-1'], endpoint, cloudWatchEndpoint: silent.endpoint },
          { name: 'Local', regions: ['us-east-1'], endpoint },
        ],
        vscode.ConfigurationTarget.Global,
      );
      const rowOf = async (connection: string) =>
        childrenOf(await page.treeRows(VIEW), [connection]).find((r) => r.label === table);
      // The local row is done (DynamoDB Local has no CloudWatch: nothing to wait for) while the silent one still reads.
      await until('the local row read', async () => {
        const r = await rowOf('Local');
        return r && r.description !== 'metrics…';
      });
      const silentRow = await rowOf('Silent');
      assert.equal(
        silentRow?.description,
        'metrics…',
        `the local row waited for the silent connection (${silentRow ? await page.tooltip(VIEW, silentRow.path) : 'no row'})`,
      );
      const failed = await until(
        "the silent row's error",
        async () => {
          const r = await rowOf('Silent');
          return r?.icon === 'error' && r;
        },
        90_000,
      );
      assert.equal(failed.description, 'metrics unavailable');
      assert.match(
        await page.tooltip(VIEW, failed.path),
        new RegExp(
          `CloudWatch at ${silent.endpoint.replace(/[.:/]/g, '\\$&')} timed out \\(no answer within 15 s per attempt, 2 attempts\\)`,
        ),
      );
    } finally {
      await config.update('connections', before.connections, vscode.ConfigurationTarget.Global);
      await config.update('aws.requestTimeoutSeconds', before.timeout, vscode.ConfigurationTarget.Global);
      await silent.stop();
    }
  });
});
