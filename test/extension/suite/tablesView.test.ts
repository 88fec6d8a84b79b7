// The Tables view lists the real tables of a DynamoDB Local connection, lists a table's indexes from
// DescribeTable where there are no metrics and opens the query panel on one from its node, shows
// an error node with a Retry action when the endpoint is down, and lists each connection on its own
// while another one's endpoint never answers.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startSilentServer } from '../../harness/silentServer';

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
interface PanelsLike {
  panelFor(key: string): { act(action: { kind: 'snapshot' }): Promise<{ table: string | null; form: { index: string } }>; panel: vscode.WebviewPanel } | undefined;
}

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;

describe('Tables view', () => {
  let tree: TreeLike;
  let panels: PanelsLike;
  let poller: PollerLike;

  before(async function () {
    if (!endpoint) this.skip();
    const ext = vscode.extensions.getExtension<{ tree: TreeLike; queryPanels: PanelsLike; poller: PollerLike }>('dynamo-guard.dynamo-guard');
    ({ tree, queryPanels: panels, poller } = await ext!.activate());
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

  it('lists the tables of the configured DynamoDB Local connection', async () => {
    const [connection] = await tree.getChildren();
    assert.equal(connection?.kind, 'connection');
    const tables = await tree.getChildren(connection);
    assert.ok(tables.some((t) => t.kind === 'table' && t.name === 'host-test-orders'), JSON.stringify(tables));
  });

  it('lists the indexes of a table without metrics, and opens the query panel on an index from its node', async () => {
    const [connection] = await tree.getChildren();
    const table = (await tree.getChildren(connection)).find((t) => t.kind === 'table' && t.name === 'host-test-customers');
    assert.ok(table, 'the table is listed');
    const children = await tree.getChildren(table);
    // DynamoDB Local has no CloudWatch: said first, then what DescribeTable knows.
    assert.match(children[0]?.text ?? '', /CloudWatch/);
    const indexes = children.find((c) => c.row?.label === 'Indexes');
    assert.ok(indexes, JSON.stringify(children.map((c) => c.row?.label ?? c.text)));
    const [gsi] = await tree.getChildren(indexes);
    assert.deepEqual(gsi?.row && { label: gsi.row.label, description: gsi.row.description, contextValue: gsi.row.contextValue }, {
      label: 'byEmail', description: 'GSI · email (S), signedUp (N) · projects keys only', contextValue: 'index',
    });
    // The context menu's command gets the node itself, as VS Code passes it.
    const opened = await vscode.commands.executeCommand<{ status: string; table?: string }>('dynamoGuard.openQueryPanel', gsi);
    assert.equal(opened.status, 'opened');
    assert.equal(opened.table, 'host-test-customers');
    const panel = panels.panelFor(`${String((connection as { connection?: { name?: string } }).connection?.name)}\u0000us-east-1\u0000host-test-customers`);
    assert.ok(panel, 'one panel for the table');
    const deadline = Date.now() + 30_000;
    let s = await panel.act({ kind: 'snapshot' }).catch(() => undefined);
    while (!(s?.table === 'host-test-customers' && s.form.index === 'byEmail') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      s = await panel.act({ kind: 'snapshot' }).catch(() => undefined);
    }
    assert.deepEqual([s?.table, s?.form.index], ['host-test-customers', 'byEmail'], 'the panel opens on the index');
    panel.panel.dispose();
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
