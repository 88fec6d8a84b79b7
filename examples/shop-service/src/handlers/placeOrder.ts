import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ddb, ORDER_STATUS, TABLE_NAME } from '../lib/db';

interface PlaceOrder {
  customerId: string;
  orderId: string;
  total: number;
}

const RECENT_ORDERS = 'RECENT_ORDERS';

export async function handler(order: PlaceOrder) {
  const placedAt = new Date().toISOString();
  await ddb.send(
    new TransactWriteCommand({
      TransactItems: [
        {
          Put: {
            TableName: TABLE_NAME,
            Item: {
              PK: `CUSTOMER#${order.customerId}`,
              SK: `ORDER#${order.orderId}`,
              GSI1PK: `CUSTOMER#${order.customerId}`,
              GSI1SK: `ORDER#${placedAt}`,
              // Every order lands in the same GSI2 partition: the "recent orders" feed is a hot key.
              GSI2PK: RECENT_ORDERS,
              GSI2SK: placedAt,
              status: ORDER_STATUS.placed,
              total: order.total,
            },
            ConditionExpression: 'attribute_not_exists(PK)',
          },
        },
      ],
    }),
  );
  return { statusCode: 201 };
}
