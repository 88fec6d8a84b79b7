// The Tables view lists the real tables of a DynamoDB Local connection, and shows an error node
// with a Retry action when the endpoint is down.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

interface TreeLike {
  getChildren(node?: unknown): Promise<{ kind: string; name?: string; text?: string; command?: { command: string } }[]>;
}

const endpoint = process.env.DYNAMO_GUARD_TEST_DDB_ENDPOINT as string;

describe('Tables view', () => {
  let tree: TreeLike;

  before(async function () {
    if (!endpoint) this.skip();
    const ext = vscode.extensions.getExtension<{ tree: TreeLike }>('dynamo-guard.dynamo-guard');
    tree = (await ext!.activate()).tree;
    const client = new DynamoDBClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await client.send(new CreateTableCommand({
      TableName: 'host-test-orders', BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'PK', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'PK', KeyType: 'HASH' }],
    })).catch((err: Error) => { if (err.name !== 'ResourceInUseException') throw err; });
    client.destroy();
  });

  it('lists the tables of the configured DynamoDB Local connection', async () => {
    const [connection] = await tree.getChildren();
    assert.equal(connection?.kind, 'connection');
    const tables = await tree.getChildren(connection);
    assert.ok(tables.some((t) => t.kind === 'table' && t.name === 'host-test-orders'), JSON.stringify(tables));
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
});
