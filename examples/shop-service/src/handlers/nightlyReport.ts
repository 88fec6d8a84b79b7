import { paginateScan } from '@aws-sdk/lib-dynamodb';
import { ddb, TABLE_NAME } from '../lib/db';

// A nightly export really does need every item; the suppression says why, so the team knows.
export async function handler() {
  let orders = 0;
  // dynamo-guard-ignore-next-line scan -- nightly export runs once a day off-peak and needs every item
  for await (const page of paginateScan({ client: ddb, pageSize: 500 }, { TableName: TABLE_NAME })) {
    orders += (page.Items ?? []).filter((item) => item.type === 'ORDER').length;
  }
  return { orders };
}
