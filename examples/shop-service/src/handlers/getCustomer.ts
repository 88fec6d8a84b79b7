import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, TABLE_NAME } from '../lib/db';

// A key lookup: one partition per customer, 0.5 read units per call. Nothing to report here.
export async function handler(event: { customerId: string }) {
  const result = await ddb.send(
    new GetCommand({ TableName: TABLE_NAME, Key: { PK: `CUSTOMER#${event.customerId}`, SK: 'PROFILE' } }),
  );
  return result.Item ?? null;
}
