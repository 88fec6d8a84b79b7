import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../../src/core/aws/clients';
import { describeContributorInsights, ruleKind, topKeys } from '../../../src/core/metrics/contributorInsights';
import { metricWindow } from '../../../src/core/metrics/metricQueries';
import { startCloudWatchStandIn, minutePoints, type CloudWatchStandIn } from '../../harness/cloudWatchStandIn';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';

const START = Date.UTC(2026, 0, 1, 0, 0, 0) / 1000;
const window = metricWindow(new Date('2026-01-01T01:00:00Z'), 60);
const PKT = 'DynamoDBContributorInsights-PKT-orders-1767225600000';
const PKC = 'DynamoDBContributorInsights-PKC-orders-1767225600000';
let standIn: CloudWatchStandIn;
const ddbReady = testDynamoDb();

before(async () => {
  standIn = await startCloudWatchStandIn();
  standIn.setInsightRule(PKT, {
    contributors: [
      { keys: ['tenant#1'], points: minutePoints(START + 600, [40, 900]) },
      { keys: ['tenant#7'], points: minutePoints(START + 600, [12]) },
    ],
  });
  standIn.setInsightRule(PKC, {
    contributors: Array.from({ length: 30 }, (_, i) => ({
      keys: [`user#${i}`],
      points: minutePoints(START, [i * 100]),
    })),
  });
});
after(() => standIn.stop());

const cw = () => ({ endpoint: standIn.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });

test('DynamoDB Local does not implement DescribeContributorInsights: reported as not available', async () => {
  const ddb = await ddbReady;
  const conn = { endpoint: ddb.endpoint, region: ddb.region, credentials: ddb.credentials };
  const name = uniqueTableName('ci');
  await dynamoDbClient(conn).send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
  const info = await describeContributorInsights(conn, name);
  assert.deepEqual(info, {
    available: false,
    reason: 'This endpoint does not implement DescribeContributorInsights (DynamoDB Local does not).',
  });
});

test('rule kinds come from the PKC/PKT/SKC/SKT part of the name', () => {
  assert.deepEqual(ruleKind(PKT), { subject: 'throttled', keys: 'partition' });
  assert.deepEqual(ruleKind('DynamoDBContributorInsights-SKC-MusicCollection-1576629651520'), {
    subject: 'accessed',
    keys: 'partition+sort',
  });
  assert.equal(ruleKind('my-own-rule'), undefined);
});

test('most-throttled and most-accessed keys come from GetInsightRuleReport, asked for at most 25 contributors', async () => {
  standIn.resetCounts();
  const top = await topKeys(cw(), [PKT, PKC, 'unrelated-rule'], window, { maxContributors: 100 });
  assert.deepEqual(top.throttled, [
    { keys: ['tenant#1'], maxValue: 900 },
    { keys: ['tenant#7'], maxValue: 12 },
  ]);
  assert.equal(top.accessed.length, 25);
  assert.deepEqual(top.accessed[0], { keys: ['user#29'], maxValue: 2900 });
  assert.equal(top.calls, 2);
  assert.equal(standIn.calls('GetInsightRuleReport'), 2);
  const sent = standIn.requests[0]!.body;
  assert.deepEqual(sent.Metrics, ['MaxContributorValue', 'Maximum']);
  assert.equal(sent.OrderBy, 'Maximum');
  assert.equal(sent.MaxContributorCount, 25);
  assert.equal(sent.StartTime, START);
});

test('a rule that vanished is reported per rule and does not hide the others', async () => {
  const gone = 'DynamoDBContributorInsights-PKC-orders-1111111111111';
  const top = await topKeys(cw(), [PKT, gone], window);
  assert.equal(top.throttled.length, 2);
  assert.deepEqual(top.accessed, []);
  assert.equal(top.errors.length, 1);
  assert.match(top.errors[0]!.reason, /ResourceNotFoundException/);
});
