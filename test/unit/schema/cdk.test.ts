import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromCdk } from '../../../src/core/schema/cdk';

const fixtures = join(__dirname, '../../fixtures/schema/cdk');
const stack = readFileSync(join(fixtures, 'shopStack.ts'), 'utf8');

test('reads a CDK Table with its physical name, typed keys, billing mode and position', () => {
  const { tables } = schemasFromCdk('shopStack.ts', stack);
  const orders = tables.find((t) => t.name === 'shop-orders');
  assert.ok(orders);
  assert.deepEqual(orders.aliases, ['OrdersTable', 'orders']);
  assert.deepEqual(orders.partitionKey, { name: 'pk', type: 'S' });
  assert.deepEqual(orders.sortKey, { name: 'sk', type: 'S' });
  assert.equal(orders.billingMode, 'PAY_PER_REQUEST');
  assert.equal(orders.source.kind, 'cdk');
  assert.equal(orders.source.line, 16);
  assert.equal(orders.source.column, 19);
  assert.ok(stack.slice(orders.source.offset, orders.source.endOffset).startsWith('new dynamodb.Table('));
});

test('adds indexes from addGlobalSecondaryIndex and addLocalSecondaryIndex on the table variable', () => {
  const orders = schemasFromCdk('shopStack.ts', stack).tables.find((t) => t.name === 'shop-orders');
  assert.deepEqual(orders?.indexes, [
    {
      name: 'byStatus',
      kind: 'GSI',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: 'KEYS_ONLY',
    },
    { name: 'byTotal', kind: 'LSI', partitionKey: { name: 'pk', type: 'S' }, sortKey: { name: 'total', type: 'N' } },
  ]);
});

test('reads TableV2 with a const table name, provisioned billing and inline GSIs', () => {
  const carts = schemasFromCdk('shopStack.ts', stack).tables.find((t) => t.aliases.includes('Carts'));
  assert.equal(carts?.name, 'shop-carts');
  assert.deepEqual(carts?.aliases, ['Carts', 'carts']);
  assert.deepEqual(carts?.partitionKey, { name: 'cartId', type: 'S' });
  assert.equal(carts?.billingMode, 'PROVISIONED');
  assert.deepEqual(carts?.indexes, [
    { name: 'byCustomer', kind: 'GSI', partitionKey: { name: 'customerId', type: 'S' }, projection: 'ALL' },
  ]);
});

test('names a table without tableName by its construct id and defaults Table to provisioned', () => {
  const audit = schemasFromCdk('shopStack.ts', stack).tables.find((t) => t.name === 'AuditLog');
  assert.deepEqual(audit?.aliases, ['audit']);
  assert.deepEqual(audit?.sortKey, { name: 'at', type: 'N' });
  assert.equal(audit?.billingMode, 'PROVISIONED');
});

test('wires Lambda environment and addEnvironment values of table.tableName to env vars', () => {
  const { tables, envBindings } = schemasFromCdk('shopStack.ts', stack);
  const env = Object.fromEntries(tables.map((t) => [t.name, t.envVars]));
  assert.deepEqual(env, { 'shop-orders': ['ORDERS_TABLE'], 'shop-carts': ['CARTS_TABLE'], AuditLog: ['AUDIT_TABLE'] });
  assert.deepEqual(envBindings, [
    {
      envVar: 'INVENTORY_TABLE',
      table: 'inventory',
      file: 'shopStack.ts',
      handlers: [join('dist', 'reporter', 'index')],
    },
  ]);
});

test('ignores Table classes that are not imported from the CDK DynamoDB module', () => {
  const result = schemasFromCdk('notCdk.ts', readFileSync(join(fixtures, 'notCdk.ts'), 'utf8'));
  assert.deepEqual(result.tables, []);
});

test('reads the aws_dynamodb namespace of aws-cdk-lib and require() in JavaScript', () => {
  const js = `const { aws_dynamodb: ddb } = require('aws-cdk-lib');\nconst t = new ddb.Table(this, 'Users', { partitionKey: { name: 'userId', type: ddb.AttributeType.NUMBER } });\n`;
  const [users] = schemasFromCdk('stack.js', js).tables;
  assert.equal(users?.name, 'Users');
  assert.deepEqual(users?.partitionKey, { name: 'userId', type: 'N' });
  assert.equal(users?.source.line, 2);
});

test('reads the L1 CfnTable through its camelCase CloudFormation properties', () => {
  const source = [
    "import { aws_dynamodb as dynamodb } from 'aws-cdk-lib';",
    "const raw = new dynamodb.CfnTable(this, 'RawTable', {",
    "  tableName: 'raw-events',",
    "  keySchema: [{ attributeName: 'id', keyType: 'HASH' }, { attributeName: 'ts', keyType: 'RANGE' }],",
    "  attributeDefinitions: [{ attributeName: 'id', attributeType: 'S' }, { attributeName: 'ts', attributeType: 'N' }],",
    "  billingMode: 'PAY_PER_REQUEST',",
    '});',
  ].join('\n');
  const [raw] = schemasFromCdk('raw.ts', source).tables;
  assert.equal(raw?.name, 'raw-events');
  assert.deepEqual(raw?.aliases, ['RawTable', 'raw']);
  assert.deepEqual(raw?.partitionKey, { name: 'id', type: 'S' });
  assert.deepEqual(raw?.sortKey, { name: 'ts', type: 'N' });
  assert.equal(raw?.billingMode, 'PAY_PER_REQUEST');
  assert.equal(raw?.source.line, 2);
});

test('reads names and keys held in const objects and enums, the way the analyzer folds them', () => {
  const source = [
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "const NAMES = { orders: 'shop-orders' } as const;",
    "enum Keys { Partition = 'pk' }",
    'export class Stack {',
    '  constructor(scope: unknown) {',
    "    new dynamodb.Table(scope, 'Orders', { tableName: NAMES.orders, partitionKey: { name: Keys.Partition, type: dynamodb.AttributeType.STRING } });",
    '  }',
    '}',
  ].join('\n');
  const [table] = schemasFromCdk('stack.ts', source).tables;
  assert.equal(table?.name, 'shop-orders');
  assert.deepEqual(table?.partitionKey, { name: 'pk', type: 'S' });
});

test('follows a local alias of a construct class and ignores a parameter that shadows a const', () => {
  const source = [
    "import { aws_dynamodb } from 'aws-cdk-lib';",
    'const Table = aws_dynamodb.Table;',
    "const tableName = 'outer-name';",
    'export function build(scope: unknown, tableName: string) {',
    "  return new Table(scope, 'Carts', { tableName, partitionKey: { name: 'cartId', type: aws_dynamodb.AttributeType.STRING } });",
    '}',
  ].join('\n');
  const [table] = schemasFromCdk('stack.ts', source).tables;
  // The parameter, not the outer const, names the table: the construct id is the best name left.
  assert.equal(table?.name, 'Carts');
  assert.deepEqual(table?.partitionKey, { name: 'cartId', type: 'S' });
});

test("names an index by a readonly field of the construct's class (`indexName: this.byStatusIndex`)", () => {
  const source = [
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    'export class Tables {',
    "  public readonly byStatusIndex: string = 'by_status_idx';",
    "  public readonly byOwnerIndex = 'by_owner_idx';",
    "  public byKindIndex = 'by_kind_idx';",
    '  constructor(scope: unknown) {',
    "    this.byOwnerIndex = 'renamed';",
    "    const docs = new dynamodb.Table(scope, 'Docs', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });",
    "    docs.addGlobalSecondaryIndex({ indexName: this.byStatusIndex, partitionKey: { name: 'status', type: dynamodb.AttributeType.STRING } });",
    "    docs.addGlobalSecondaryIndex({ indexName: this.byOwnerIndex, partitionKey: { name: 'owner', type: dynamodb.AttributeType.STRING } });",
    "    docs.addGlobalSecondaryIndex({ indexName: this.byKindIndex, partitionKey: { name: 'kind', type: dynamodb.AttributeType.STRING } });",
    '  }',
    '}',
  ].join('\n');
  const [table] = schemasFromCdk('stack.ts', source).tables;
  // A field assigned again, or not readonly, may hold another name: those indexes stay unnamed.
  assert.deepEqual(
    table?.indexes.map((i) => [i.name, i.partitionKey.name]),
    [['by_status_idx', 'status']],
  );
});

test('wires an env value with an empty fallback (`props.docs?.tableName ?? ""`) to the table', () => {
  const source = [
    "import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';",
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    'export function build(scope: any, props: any) {',
    "  const docs = new dynamodb.Table(scope, 'Docs', { partitionKey: { name: 'id', type: dynamodb.AttributeType.STRING } });",
    "  new lambda.Function(scope, 'Fn', { environment: { DOCS_TABLE: docs.tableName ?? '', OTHER_TABLE: props.other?.tableName ?? \"\", NAMED_TABLE: docs.tableName ?? 'fallback-name' } });",
    '}',
  ].join('\n');
  const { tables, envBindings } = schemasFromCdk('stack.ts', source);
  assert.deepEqual(tables[0]?.envVars, ['DOCS_TABLE']);
  // A non-empty fallback is a name of its own: the value is not only the table's name.
  assert.deepEqual(
    envBindings.map((b) => [b.envVar, b.table]),
    [['OTHER_TABLE', 'other']],
  );
});
