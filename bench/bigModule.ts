// The 3,000-line module the incremental benchmarks edit: data-access functions of the kind the rules
// read (Queries, puts, updates, a Scan every 25 functions), so every keystroke has real work behind it.

/** A realistic 3,000-line module: data-access functions of the kind the rules read, repeated with variations. */
export function bigModule(lines = 3000): string {
  const header = [
    "import { DynamoDBClient, QueryCommand, ScanCommand } from '@aws-sdk/client-dynamodb';",
    "import { DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';",
    '',
    'const client = new DynamoDBClient({});',
    'const doc = DynamoDBDocumentClient.from(client);',
    "const TABLE = process.env.ORDERS_TABLE ?? 'Orders';",
    '',
  ];
  const out = [...header];
  for (let i = 0; out.length < lines; i++) {
    out.push(
      `export async function ordersOf${i}(userId: string, limit = ${10 + (i % 50)}) {`,
      '  const result = await client.send(new QueryCommand({',
      '    TableName: TABLE,',
      "    KeyConditionExpression: 'PK = :pk',",
      `    ExpressionAttributeValues: { ':pk': { S: \`USER#\${userId}\` } },`,
      '    Limit: limit,',
      '  }));',
      '  return (result.Items ?? []).map((item) => ({ id: item.SK?.S, total: Number(item.total?.N ?? 0) }));',
      '}',
      '',
      `export async function record${i}(id: string, total: number) {`,
      i % 10 === 0
        ? `  await doc.send(new PutCommand({ TableName: TABLE, Item: { PK: 'EVENTS', SK: id, total } }));`
        : `  await doc.send(new PutCommand({ TableName: TABLE, Item: { PK: \`ORDER#\${id}\`, SK: 'META', total } }));`,
      `  await doc.send(new UpdateCommand({ TableName: TABLE, Key: { PK: \`USER#\${id}\`, SK: 'STATS' }, UpdateExpression: 'ADD orders :one', ExpressionAttributeValues: { ':one': 1 } }));`,
      '}',
      '',
    );
    if (i % 25 === 0) out.push(`export const all${i} = () => client.send(new ScanCommand({ TableName: TABLE }));`, '');
  }
  // Whole functions only: a truncated file would be a parse error, which both tools give up on early.
  return out.join('\n') + '\n';
}
