import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { ddb, TABLE_NAME } from '../lib/db';

interface ClickEvent {
  sessionId: string;
  productId: string;
}

// Every event of every user is written under the same partition key value: one partition takes
// all the traffic and throttles at 1,000 writes per second, whatever the table's capacity.
export async function handler(event: ClickEvent) {
  const now = new Date().toISOString();
  await ddb.send(
    new PutCommand({
      TableName: TABLE_NAME,
      Item: {
        PK: 'EVENTS',
        SK: `${now}#${randomUUID()}`,
        type: 'EVENT',
        sessionId: event.sessionId,
        productId: event.productId,
      },
    }),
  );
  return { statusCode: 202 };
}
