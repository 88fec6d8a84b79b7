// The built CLI names the service that failed and its endpoint: a closed CloudWatch port reads as
// CloudWatch (never "is DynamoDB Local running?"), a closed DynamoDB port as DynamoDB.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { freePort, LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';
import { buildCli, cliEnv, runCli } from '../../harness/builtCli';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';

const local = testDynamoDb();
const table = uniqueTableName('service-errors');
let endpoint: string;
let closed: string;

before(async () => {
  buildCli();
  const ddb = await local;
  endpoint = ddb.endpoint;
  // A port nothing listens on: freePort() closed the listener it found it with.
  closed = `http://127.0.0.1:${await freePort()}`;
  await dynamoDbClient(ddb).send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
});

const env = () =>
  cliEnv({
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  });

test('metrics and cost with a closed CloudWatch port name CloudWatch and that endpoint, not DynamoDB Local', async () => {
  const sentence = `CloudWatch at ${closed} does not answer: start it or fix the endpoint URL.`;
  const metrics = await runCli(
    ['metrics', '--table', table, '--endpoint-url', endpoint, '--cloudwatch-endpoint-url', closed, '--format', 'json'],
    env(),
  );
  assert.equal(metrics.code, 1, metrics.stderr);
  assert.deepEqual(
    (JSON.parse(metrics.stdout) as { tables: { reason: string }[] }).tables.map((t) => t.reason),
    [sentence],
  );
  assert.equal(metrics.stderr, `dynamo-guard metrics: could not read metrics for any table: ${sentence}\n`);
  const cost = await runCli(
    [
      'cost',
      '--table',
      table,
      '--endpoint-url',
      endpoint,
      '--cloudwatch-endpoint-url',
      closed,
      '--no-cache',
      '--format',
      'json',
    ],
    env(),
  );
  assert.equal(cost.code, 1, cost.stderr);
  const report = JSON.parse(cost.stdout) as { tables: { error?: string; alarmsError?: string }[] };
  assert.equal(report.tables[0]?.error, sentence);
  assert.equal(report.tables[0]?.alarmsError, sentence);
  assert.equal(cost.stderr, `dynamo-guard cost: could not read metrics for any table: ${sentence}\n`);
  for (const run of [metrics, cost]) assert.doesNotMatch(run.stdout + run.stderr, /DynamoDB Local/);
});

test('a closed DynamoDB port names DynamoDB and asks whether DynamoDB Local is running', async () => {
  const run = await runCli(['tables', '--endpoint-url', closed], env());
  assert.equal(run.code, 1);
  assert.equal(
    run.stderr,
    `dynamo-guard tables: DynamoDB at ${closed} does not answer (is DynamoDB Local running?): start it or fix the endpoint URL.\n`,
  );
});
