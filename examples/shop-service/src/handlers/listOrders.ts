import { QueryCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, TABLE_NAME } from '../lib/db';

interface ApiEvent {
  pathParameters?: { customerId?: string };
  queryStringParameters?: { cursor?: string };
}

// Lists a customer's orders. The Scan reads (and bills) the whole table on every call, then
// throws most of it away: GSI1 is keyed by customer, so a Query on it reads only their orders.
export async function handler(event: ApiEvent) {
  const customerId = event.pathParameters?.customerId;
  if (!customerId) return { statusCode: 400, body: 'customerId is required' };

  const result = await ddb.send(
    new ScanCommand({
      TableName: TABLE_NAME,
      FilterExpression: 'GSI1PK = :customer AND begins_with(GSI1SK, :order)',
      ExpressionAttributeValues: { ':customer': `CUSTOMER#${customerId}`, ':order': 'ORDER#' },
    }),
  );
  return { statusCode: 200, body: JSON.stringify(result.Items ?? []) };
}

// The fixed version, for comparison: one partition of GSI1, newest orders first.
export async function listOrdersByQuery(customerId: string) {
  const result = await ddb.send(
    new QueryCommand({
      TableName: TABLE_NAME,
      IndexName: 'GSI1',
      KeyConditionExpression: 'GSI1PK = :customer AND begins_with(GSI1SK, :order)',
      ExpressionAttributeValues: { ':customer': `CUSTOMER#${customerId}`, ':order': 'ORDER#' },
      ScanIndexForward: false,
    }),
  );
  return result.Items ?? [];
}
