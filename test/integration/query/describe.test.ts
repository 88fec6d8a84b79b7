// DescribeTable and ListTables against DynamoDB Local through the real SDK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand, UpdateTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../../src/core/aws/clients';
import { describeTable, listTableNames } from '../../../src/core/tables/describe';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';

// Started at module load so the harness's after() hook belongs to the file, not to the first test.
const local = testDynamoDb();

async function connection(): Promise<ConnectionOptions> {
  const ddb = await local;
  return { endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials };
}

test('describes an on-demand table with a GSI and an LSI, keys typed from AttributeDefinitions', async () => {
  const conn = await connection();
  const name = uniqueTableName('describe-shop');
  await dynamoDbClient(conn).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'PK', AttributeType: 'S' },
        { AttributeName: 'SK', AttributeType: 'S' },
        { AttributeName: 'GSI1PK', AttributeType: 'S' },
        { AttributeName: 'total', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'total', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['status'] },
        },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byTotal',
          KeySchema: [
            { AttributeName: 'PK', KeyType: 'HASH' },
            { AttributeName: 'total', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'KEYS_ONLY' },
        },
      ],
    }),
  );
  const model = await describeTable(conn, name);
  assert.equal(model.name, name);
  assert.equal(model.billingMode, 'PAY_PER_REQUEST');
  assert.equal(model.provisioned, undefined, 'on-demand 0/0 throughput is not "provisioned"');
  assert.equal(model.onDemandMax, undefined);
  assert.deepEqual(model.partitionKey, { name: 'PK', type: 'S' });
  assert.deepEqual(model.sortKey, { name: 'SK', type: 'S' });
  assert.equal(model.region, 'us-east-1');
  assert.equal(model.tableClass, 'STANDARD');
  const gsi = model.indexes.find((i) => i.name === 'GSI1');
  assert.deepEqual(
    { kind: gsi?.kind, pk: gsi?.partitionKey, sk: gsi?.sortKey, projection: gsi?.projection },
    {
      kind: 'GSI',
      pk: { name: 'GSI1PK', type: 'S' },
      sk: { name: 'total', type: 'N' },
      projection: { type: 'INCLUDE', nonKeyAttributes: ['status'] },
    },
  );
  const lsi = model.indexes.find((i) => i.name === 'byTotal');
  assert.deepEqual(
    { kind: lsi?.kind, pk: lsi?.partitionKey, sk: lsi?.sortKey, projection: lsi?.projection },
    { kind: 'LSI', pk: { name: 'PK', type: 'S' }, sk: { name: 'total', type: 'N' }, projection: { type: 'KEYS_ONLY' } },
  );
});

test('describes a provisioned table with a number partition key and its TTL extra, tolerating a failing PITR look-up', async () => {
  const conn = await connection();
  const name = uniqueTableName('describe-orders');
  const client = dynamoDbClient(conn);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'orderNumber', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'orderNumber', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 7 },
    }),
  );
  await client.send(
    new UpdateTimeToLiveCommand({
      TableName: name,
      TimeToLiveSpecification: { Enabled: true, AttributeName: 'expiresAt' },
    }),
  );
  const plain = await describeTable(conn, name);
  assert.equal(plain.ttl, undefined, 'extras are only fetched when asked');
  const model = await describeTable(conn, name, { extras: true });
  assert.equal(model.billingMode, 'PROVISIONED');
  assert.deepEqual(model.provisioned, { read: 5, write: 7 });
  assert.deepEqual(model.partitionKey, { name: 'orderNumber', type: 'N' });
  assert.equal(model.sortKey, undefined);
  assert.deepEqual(model.indexes, []);
  assert.deepEqual(model.ttl, { status: 'ENABLED', attribute: 'expiresAt' });
  // DynamoDB Local answers DescribeContinuousBackups with UnknownOperationException: the describe must survive it.
  assert.equal(model.pointInTimeRecovery, undefined);
});

test('lists every table across ListTables pages (more than 100 tables)', async () => {
  const conn = await connection();
  const client = dynamoDbClient(conn);
  const base = uniqueTableName('many');
  const created: string[] = [];
  for (let batch = 0; batch < 11; batch++) {
    const names = Array.from({ length: 10 }, (_, i) => `${base}-${String(batch * 10 + i).padStart(3, '0')}`);
    await Promise.all(
      names.map((TableName) =>
        client.send(
          new CreateTableCommand({
            TableName,
            BillingMode: 'PAY_PER_REQUEST',
            AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
            KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          }),
        ),
      ),
    );
    created.push(...names);
  }
  const listed: string[] = [];
  for await (const name of listTableNames(conn)) listed.push(name);
  assert.equal(new Set(listed).size, listed.length, 'no table listed twice');
  assert.deepEqual(
    listed.filter((n) => n.startsWith(base)),
    created,
  );
});

test('an already aborted signal stops listing before any page is read', async () => {
  const conn = await connection();
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(async () => {
    for await (const _ of listTableNames(conn, controller.signal)) {
      /* unreachable */
    }
  });
});
