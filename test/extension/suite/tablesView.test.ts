// The Tables view lists the real tables of a DynamoDB Local connection, lists a table's indexes from
// DescribeTable where there are no metrics and opens the query panel on one from its node, shows
// an error node with a Retry action when the endpoint is down, and lists each connection on its own
// while another one's endpoint never answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startSilentServer } from '../../harness/silentServer';
import { page, type TreeRow } from '../page';
import { until } from '../until';

const VIEW = 'Tables';
const LOCAL = 'Test DynamoDB Local';
/** The query panel's page titles itself so. */
const QUERY_PAGE = 'Dynamo Guard query';
const samePath = (a: string[], b: string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
/** The rows right under `path`. */
const childrenOf = (rows: TreeRow[], path: string[]) => rows.filter((r) => r.path.length === path.length + 1 && samePath(r.path.slice(0, -1), path));

interface TreeNode {
  kind: string;
  name?: string;
  text?: string;
  contextValue?: string;
  connection?: { name: string };
  command?: { command: string };
  row?: { label: string; description?: string; contextValue?: string; indexName?: string };
}
interface TreeLike {
  getChildren(node?: unknown): Promise<TreeNode[]>;
  refresh(): void;
}
interface PollerLike {
  setTarget(target: { connection: { name: string; regions?: string[]; endpoint?: string; cloudWatchEndpoint?: string }; region: string; tables: string[] }): void;
  refresh(): Promise<void>;
  metricsFor(connection: string, region: string, table: string): { unavailable?: string; error?: string } | undefined;
  onDidChange: vscode.Event<void>;
}
const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;

describe('Tables view', () => {
  let tree: TreeLike;
  let poller: PollerLike;

  before(async function () {
    if (!endpoint) this.skip();
    const ext = vscode.extensions.getExtension<{ tree: TreeLike; poller: PollerLike }>('dynamo-guard.dynamo-guard');
    ({ tree, poller } = await ext!.activate());
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new CreateTableCommand({
      TableName: 'host-test-orders', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    })).catch((err: Error) => { if (err.name !== 'ResourceInUseException') throw err; });
    await client.send(new CreateTableCommand({
      TableName: 'host-test-customers', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }, { AttributeName: 'email', AttributeType: 'S' }, { AttributeName: 'signedUp', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [{ IndexName: 'byEmail', KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }, { AttributeName: 'signedUp', KeyType: 'RANGE' }], Projection: { ProjectionType: 'KEYS_ONLY' } }],
    })).catch((err: Error) => { if (err.name !== 'ResourceInUseException') throw err; });
    client.destroy();
    // Earlier suites put their own connections back when they end; wait until the view shows the
    // launcher's again, then list afresh, so no listing from before these tables existed is reused.
    const deadline = Date.now() + 30_000;
    while ((await tree.getChildren())[0]?.connection?.name !== 'Test DynamoDB Local' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    tree.refresh();
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
    assert.ok(children.some((c) => c.label === 'Indexes'), JSON.stringify(children.map((c) => c.label)));
    const indexes = [...table, 'Indexes'];
    const [gsi] = childrenOf(await page.expand(VIEW, indexes), indexes);
    assert.deepEqual(gsi && { label: gsi.label, description: gsi.description }, { label: 'byEmail', description: 'GSI · email (S), signedUp (N) · projects keys only' });
    // The index row offers the query panel, as an inline action and in its context menu.
    await page.rowAction(VIEW, [...indexes, 'byEmail'], 'Open Query Panel');
    const panel = page.webview(QUERY_PAGE);
    const selected = await until('the panel to open on the index', async () => {
      const [tableChoice] = await panel.query('select#table').catch(() => []);
      const [indexChoice] = await panel.query('select#index').catch(() => []);
      return tableChoice?.value?.endsWith('host-test-customers') && indexChoice?.value === 'byEmail' && [tableChoice.value, indexChoice.value];
    }, 30_000);
    assert.equal(selected[1], 'byEmail', 'the panel opens on the index');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });

  it('shows an error node with a Retry action when the endpoint is down', async () => {
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const before = config.get('connections');
    await config.update('connections', [{ name: 'Down', regions: ['us-east-1'], endpoint: 'http://127.0.0.1:9' }], vscode.ConfigurationTarget.Global);
    try {
      const [connection] = await tree.getChildren();
      const children = await tree.getChildren(connection);
      assert.equal(children.length, 1);
      assert.equal(children[0]?.kind, 'message');
      // One sentence with the next step (from the core's error mapping), naming the endpoint.
      assert.match(children[0]?.text ?? '', /^Could not list tables: .*127\.0\.0\.1:9/);
      assert.equal(children[0]?.command?.command, 'dynamoGuard.refreshTables');
    } finally {
      await config.update('connections', before, vscode.ConfigurationTarget.Global);
    }
  });

  it('lists a connection\'s tables while another connection\'s endpoint never answers, which ends in a timed-out error row', async function () {
    this.timeout(120_000);
    const silent = await startSilentServer();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const before = { connections: config.get('connections'), timeout: config.inspect('aws.requestTimeoutSeconds')?.globalValue };
    try {
      await config.update('aws.requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
      await config.update('connections', [
        { name: 'Silent', regions: ['us-east-1'], endpoint: silent.endpoint },
        { name: 'Local', regions: ['us-east-1'], endpoint },
      ], vscode.ConfigurationTarget.Global);
      const roots = await tree.getChildren();
      const silentNode = roots.find((n) => n.kind === 'connection' && n.connection?.name === 'Silent');
      const localNode = roots.find((n) => n.kind === 'connection' && n.connection?.name === 'Local');
      assert.ok(silentNode && localNode, JSON.stringify(roots));
      let silentSettled = false;
      const silentChildren = tree.getChildren(silentNode).finally(() => { silentSettled = true; });
      const localChildren = await tree.getChildren(localNode);
      assert.ok(localChildren.some((t) => t.kind === 'table' && t.name === 'host-test-orders'), JSON.stringify(localChildren));
      // Two attempts of 5 s each: the local listing must not have waited for them.
      assert.equal(silentSettled, false, 'the local connection waited for the silent one');
      const rows = await silentChildren;
      assert.equal(rows.length, 1);
      assert.equal(rows[0]?.contextValue, 'error');
      assert.equal(
        rows[0]?.text,
        `Could not list tables: DynamoDB at ${silent.endpoint} timed out (no answer within 5 s per attempt, 2 attempts): check the endpoint and your network, or allow longer with the setting \`dynamoGuard.aws.requestTimeoutSeconds\`.`,
      );
      assert.equal(rows[0]?.command?.command, 'dynamoGuard.refreshTables');
    } finally {
      await config.update('connections', before.connections, vscode.ConfigurationTarget.Global);
      await config.update('aws.requestTimeoutSeconds', before.timeout, vscode.ConfigurationTarget.Global);
      await silent.stop();
    }
  });

  it('refreshes each connection\'s rows on its own while another connection never answers', async function () {
    this.timeout(120_000);
    const silent = await startSilentServer();
    const config = vscode.workspace.getConfiguration('dynamoGuard');
    const timeoutBefore = config.inspect('aws.requestTimeoutSeconds')?.globalValue;
    const table = 'host-test-orders';
    try {
      await config.update('aws.requestTimeoutSeconds', 5, vscode.ConfigurationTarget.Global);
      tree.refresh();
      poller.setTarget({ connection: { name: 'Silent', regions: ['us-east-1'], endpoint: silent.endpoint, cloudWatchEndpoint: silent.endpoint }, region: 'us-east-1', tables: [table] });
      poller.setTarget({ connection: { name: 'Local', regions: ['us-east-1'], endpoint }, region: 'us-east-1', tables: [table] });
      // The first change that shows the local row: the silent connection must not have ended yet.
      const localShown = new Promise<boolean>((resolve) => {
        const subscription = poller.onDidChange(() => {
          if (!poller.metricsFor('Local', 'us-east-1', table)?.unavailable) return;
          subscription.dispose();
          resolve(poller.metricsFor('Silent', 'us-east-1', table) === undefined);
        });
      });
      const run = poller.refresh();
      assert.equal(await localShown, true, 'the local row waited for the silent connection');
      await run;
      assert.match(poller.metricsFor('Silent', 'us-east-1', table)?.error ?? '', /^DynamoDB at http:\/\/127\.0\.0\.1:\d+ timed out \(no answer within 5 s per attempt, 2 attempts\)/);
    } finally {
      await config.update('aws.requestTimeoutSeconds', timeoutBefore, vscode.ConfigurationTarget.Global);
      tree.refresh();
      await silent.stop();
    }
  });
});
