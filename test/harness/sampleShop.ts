// Seeds a realistic single-table-design shop into a DynamoDB endpoint (tests and `npm run demo`):
// deterministic data from a seeded PRNG, S and N keys, GSIs, an LSI, and a > 1 MB partition.
import {
  BatchWriteItemCommand,
  CreateTableCommand,
  type AttributeValue,
  type CreateTableCommandInput,
  type WriteRequest,
} from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../src/core/aws/clients';
import { seededRandom } from './seededRandom';

export interface SampleShop {
  /** Single-table design: PK/SK strings, on-demand, GSI1 (entity look-ups) and GSI2 (orders by status). */
  shop: string;
  /** Orders keyed by a number partition key, provisioned 5/5. */
  ordersByNumber: string;
  /** Product reviews with an LSI on rating (N). */
  reviews: string;
  counts: { customers: number; orders: number; orderItems: number; products: number; reviews: number; images: number };
  /** Partition of the shop table holding more than 1 MB of items (pagination). */
  bigPartition: string;
}

export const CUSTOMERS = 40;
export const PRODUCTS = 30;
export const IMAGES = 14;
export const IMAGE_BYTES = 90 * 1024;
const STATUSES = ['PENDING', 'PAID', 'SHIPPED', 'DELIVERED', 'CANCELLED'] as const;
const CATEGORIES = ['books', 'garden', 'kitchen', 'toys', 'tools'] as const;

const pad = (n: number, width = 3) => String(n).padStart(width, '0');

type Item = Record<string, AttributeValue>;

/** Marshalls plain values; `raw` carries attributes marshall() cannot express (a number beyond double precision). */
function toItem(plain: Record<string, unknown>, raw: Item = {}): Item {
  return { ...(marshall(plain, { removeUndefinedValues: true }) as Item), ...raw };
}

async function writeAll(conn: ConnectionOptions, table: string, items: Item[]): Promise<void> {
  const client = dynamoDbClient(conn);
  for (let i = 0; i < items.length; i += 25) {
    let requests: WriteRequest[] = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 8) throw new Error(`could not write ${requests.length} items to ${table}`);
      if (attempt > 0) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [table]: requests } }));
      requests = out.UnprocessedItems?.[table] ?? [];
    }
  }
}

export async function seedSampleShop(conn: ConnectionOptions, options: { prefix?: string } = {}): Promise<SampleShop> {
  const prefix = options.prefix ?? '';
  const names = { shop: `${prefix}shop`, ordersByNumber: `${prefix}orders-by-number`, reviews: `${prefix}reviews` };
  const client = dynamoDbClient(conn);
  const tables: CreateTableCommandInput[] = [
    {
      TableName: names.shop,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: ['PK', 'SK', 'GSI1PK', 'GSI1SK', 'GSI2PK', 'GSI2SK'].map((AttributeName) => ({
        AttributeName,
        AttributeType: 'S' as const,
      })),
      KeySchema: [
        { AttributeName: 'PK', KeyType: 'HASH' },
        { AttributeName: 'SK', KeyType: 'RANGE' },
      ],
      GlobalSecondaryIndexes: [
        {
          IndexName: 'GSI1',
          KeySchema: [
            { AttributeName: 'GSI1PK', KeyType: 'HASH' },
            { AttributeName: 'GSI1SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
        {
          IndexName: 'GSI2',
          KeySchema: [
            { AttributeName: 'GSI2PK', KeyType: 'HASH' },
            { AttributeName: 'GSI2SK', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['total', 'customerId'] },
        },
      ],
    },
    {
      TableName: names.ordersByNumber,
      AttributeDefinitions: [{ AttributeName: 'orderNumber', AttributeType: 'N' }],
      KeySchema: [{ AttributeName: 'orderNumber', KeyType: 'HASH' }],
      ProvisionedThroughput: { ReadCapacityUnits: 5, WriteCapacityUnits: 5 },
    },
    {
      TableName: names.reviews,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: 'productId', AttributeType: 'S' },
        { AttributeName: 'reviewId', AttributeType: 'S' },
        { AttributeName: 'rating', AttributeType: 'N' },
      ],
      KeySchema: [
        { AttributeName: 'productId', KeyType: 'HASH' },
        { AttributeName: 'reviewId', KeyType: 'RANGE' },
      ],
      LocalSecondaryIndexes: [
        {
          IndexName: 'byRating',
          KeySchema: [
            { AttributeName: 'productId', KeyType: 'HASH' },
            { AttributeName: 'rating', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
    },
  ];
  for (const t of tables) await client.send(new CreateTableCommand(t));

  const rand = seededRandom(20261101);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const shopItems: Item[] = [];
  const numbered: Item[] = [];
  const reviewItems: Item[] = [];

  const products = Array.from({ length: PRODUCTS }, (_, i) => {
    const id = `p${pad(i + 1)}`;
    const category = CATEGORIES[i % CATEGORIES.length] as string;
    const price = Math.round((2 + rand() * 98) * 100) / 100;
    return { id, category, price, name: `${category} item ${pad(i + 1)}` };
  });
  for (const p of products) {
    shopItems.push(
      toItem({
        PK: `PRODUCT#${p.id}`,
        SK: `PRODUCT#${p.id}`,
        GSI1PK: `CATEGORY#${p.category}`,
        GSI1SK: `PRODUCT#${p.name}`,
        type: 'product',
        name: p.name,
        price: p.price,
        stock: Math.floor(rand() * 500),
      }),
    );
  }

  let orders = 0;
  let orderItems = 0;
  let orderNumber = 1000;
  for (let c = 1; c <= CUSTOMERS; c++) {
    const customerId = `c${pad(c)}`;
    shopItems.push(
      toItem(
        {
          PK: `CUSTOMER#${customerId}`,
          SK: 'PROFILE',
          GSI1PK: `EMAIL#${customerId}@example.com`,
          GSI1SK: 'PROFILE',
          type: 'customer',
          name: `Customer ${pad(c)}`,
          email: `${customerId}@example.com`,
          // Edge cases for the JSON encoding: a string set, a binary avatar, a number beyond double precision.
          tags: new Set([pick(['vip', 'new', 'returning']), 'newsletter']),
          avatar: Uint8Array.from([c, c + 1, c + 2]),
        },
        { lifetimeValueCents: { N: `12345678901234567${pad(c)}` } },
      ),
    );
    const count = 1 + Math.floor(rand() * 5);
    for (let o = 0; o < count; o++) {
      orders++;
      const number = orderNumber++;
      const orderId = `o${number}`;
      const date = `2026-${pad(1 + Math.floor(rand() * 12), 2)}-${pad(1 + Math.floor(rand() * 28), 2)}`;
      const status = pick(STATUSES);
      const lines = 1 + Math.floor(rand() * 3);
      let total = 0;
      for (let l = 1; l <= lines; l++) {
        const p = pick(products);
        const quantity = 1 + Math.floor(rand() * 4);
        total += p.price * quantity;
        orderItems++;
        shopItems.push(
          toItem({
            PK: `ORDER#${orderId}`,
            SK: `ITEM#${pad(l, 2)}`,
            type: 'orderItem',
            productId: p.id,
            quantity,
            price: p.price,
          }),
        );
      }
      total = Math.round(total * 100) / 100;
      shopItems.push(
        toItem({
          PK: `CUSTOMER#${customerId}`,
          SK: `ORDER#${date}#${orderId}`,
          GSI1PK: `ORDER#${orderId}`,
          GSI1SK: `ORDER#${orderId}`,
          GSI2PK: status,
          GSI2SK: `${date}#${orderId}`,
          type: 'order',
          orderId,
          orderNumber: number,
          customerId,
          status,
          date,
          total,
        }),
      );
      numbered.push(toItem({ orderNumber: number, orderId, customerId, status, total, date }));
    }
  }
  const bigPartition = 'CATALOG#images';
  for (let i = 1; i <= IMAGES; i++) {
    shopItems.push(
      toItem({
        PK: bigPartition,
        SK: `IMAGE#${pad(i)}`,
        type: 'image',
        data: String.fromCharCode(65 + (i % 26)).repeat(IMAGE_BYTES),
      }),
    );
  }
  let reviews = 0;
  for (const p of products.slice(0, 10)) {
    for (let r = 1; r <= 6; r++) {
      reviews++;
      reviewItems.push(
        toItem({
          productId: p.id,
          reviewId: `r${pad(r)}`,
          rating: 1 + Math.floor(rand() * 5),
          author: `c${pad(1 + Math.floor(rand() * CUSTOMERS))}`,
          text: `Review ${r} of ${p.name}`,
        }),
      );
    }
  }

  await writeAll(conn, names.shop, shopItems);
  await writeAll(conn, names.ordersByNumber, numbered);
  await writeAll(conn, names.reviews, reviewItems);
  return {
    ...names,
    counts: { customers: CUSTOMERS, orders, orderItems, products: PRODUCTS, reviews, images: IMAGES },
    bigPartition,
  };
}
