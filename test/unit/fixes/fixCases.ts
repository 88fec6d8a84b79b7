// Sources the fix tests analyze with the real analyzer and repair: each is small enough to compare
// whole, and every one imports the real AWS SDK packages so the fixed text can be type-checked.
import { schemasFromFile } from '../../../src/core/schema/discover';
import type { TableSchema } from '../../../src/core/schema/keySchema';

export const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OrdersTable:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: Orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions:
        - { AttributeName: PK, AttributeType: S }
        - { AttributeName: SK, AttributeType: S }
        - { AttributeName: status, AttributeType: S }
        - { AttributeName: customerId, AttributeType: S }
        - { AttributeName: createdAt, AttributeType: S }
      KeySchema:
        - { AttributeName: PK, KeyType: HASH }
        - { AttributeName: SK, KeyType: RANGE }
      GlobalSecondaryIndexes:
        - IndexName: byStatus
          KeySchema: [{ AttributeName: status, KeyType: HASH }]
          Projection: { ProjectionType: ALL }
        - IndexName: byCustomer
          KeySchema: [{ AttributeName: customerId, KeyType: HASH }, { AttributeName: createdAt, KeyType: RANGE }]
          Projection: { ProjectionType: ALL }
`;

export const TABLES: TableSchema[] = schemasFromFile('/repo/template.yaml', TEMPLATE).tables;

export const SCAN_CLIENT = `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function openOrders() {
  const out = await client.send(new ScanCommand({ TableName: 'Orders', FilterExpression: '#s = :open', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': { S: 'OPEN' } } }));
  return out.Items ?? [];
}
`;

export const SCAN_DOCUMENT = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function recentOrdersOf(customerId: string, since: string) {
  const out = await doc.send(new ScanCommand({
    TableName: 'Orders',
    FilterExpression: 'customerId = :c AND createdAt >= :since AND (total > :min OR express = :yes)',
    ExpressionAttributeValues: { ':c': customerId, ':since': since, ':min': 100, ':yes': true },
  }));
  return out.Items;
}

export const archived = () => doc.send(new ScanCommand({ TableName: 'Archive' }));
`;

export const SCAN_PAGINATOR = `import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function countOpen(): Promise<number> {
  let n = 0;
  for await (const page of paginateScan({ client }, { TableName: 'Orders', FilterExpression: '#s = :open AND attribute_exists(paidAt)', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':open': { S: 'OPEN' } } })) {
    n += page.Count ?? 0;
  }
  return n;
}
`;

export const SCAN_ALIASED = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand as DocScan } from '@aws-sdk/lib-dynamodb';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({}));

const params = {
  TableName: 'Orders',
  FilterExpression: '#s = :s',
  ExpressionAttributeNames: { '#s': 'status' },
  ExpressionAttributeValues: { ':s': 'SHIPPED' },
};

export const shipped = () => doc.send(new DocScan(params));
`;

export const SCAN_METHOD = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';

const docs = DynamoDBDocument.from(new DynamoDBClient({}));

export const byCustomer = (id: string) => docs.scan({ TableName: 'Orders', FilterExpression: 'customerId = :id', ExpressionAttributeValues: { ':id': id } });
`;

/** Scans that must not be turned into Queries: the meaning would change or DynamoDB would refuse it. */
export const SCAN_NOT_QUERYABLE = `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export const either = () => client.send(new ScanCommand({ TableName: 'Orders', FilterExpression: '#s = :a OR #s = :b', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':a': { S: 'A' }, ':b': { S: 'B' } } }));
export const consistent = () => client.send(new ScanCommand({ TableName: 'Orders', ConsistentRead: true, FilterExpression: '#s = :a', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':a': { S: 'A' } } }));
export const segment = () => client.send(new ScanCommand({ TableName: 'Orders', Segment: 0, TotalSegments: 4, FilterExpression: '#s = :a', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':a': { S: 'A' } } }));
`;

export const QUERY_ONE_PAGE = `import { DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';

const client = new DynamoDBClient({});

export async function allOrders() {
  const result = await client.send(new QueryCommand({ TableName: 'Orders', KeyConditionExpression: 'PK = :pk', ExpressionAttributeValues: { ':pk': { S: 'ORDERS' } } }));
  console.log(\`\${result.Items?.length} orders\`);
  return result.Items;
}
`;

export const SCAN_REQUIRE_JS = `const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');

const client = new DynamoDBClient({});

exports.all = async () => {
  const out = await client.send(new ScanCommand({ TableName: 'Orders' }));
  return out.Items;
};
`;

export const HOT_WRITES = `import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';

const client = new DynamoDBClient({});
const doc = DynamoDBDocumentClient.from(client);

/** Every event of the shop, newest last. */
export async function recordEvent(id: string, body: string) {
  await doc.send(new PutCommand({ TableName: 'Orders', Item: { PK: 'EVENTS', SK: id, body } }));
}

export async function logLine(line: string) {
  await client.send(new PutItemCommand({ TableName: 'Orders', Item: { PK: { S: 'LOG' }, SK: { S: 'LATEST' }, line: { S: line } } }));
}

export async function touch(id: string) {
  await doc.send(new UpdateCommand({ TableName: 'Orders', Key: { PK: 'EVENTS', SK: id }, UpdateExpression: 'SET seen = :t', ExpressionAttributeValues: { ':t': Date.now() } }));
}

export async function forget() {
  await doc.send(new UpdateCommand({ TableName: 'Orders', Key: { PK: 'EVENTS', SK: 'LATEST' }, UpdateExpression: 'REMOVE body' }));
}
`;
