import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeSource } from '../../../src/core/analyzer/analyze';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { mergeSchemas } from '../../../src/core/schema/mergeSchemas';
import { schemasFromCdk } from '../../../src/core/schema/cdk';
import { schemasFromServerless } from '../../../src/core/schema/serverless';
import { handlerFile, isUnknownTable, unknownTableLabel } from '../../../src/core/schema/serviceScope';

test('a handler setting names its source file without extension, relative to the service and code folder', () => {
  assert.equal(handlerFile('svc', 'todos/list.handler'), path.join('svc', 'todos', 'list'));
  assert.equal(handlerFile('svc', 'app.lambdaHandler', 'src/'), path.join('svc', 'src', 'app'));
  assert.equal(handlerFile('svc', 'handler.js.main'), path.join('svc', 'handler'));
  assert.equal(handlerFile('svc', '${self:custom.handler}'), undefined);
});

const twoFunctions = `
service: shop
provider:
  environment:
    SHARED: \${self:service}-shared
functions:
  listOrders:
    handler: src/orders.list
    environment:
      TABLE: !Ref OrdersTable
  listUsers:
    handler: src/users.list
    environment:
      TABLE: !Ref UsersTable
resources:
  Resources:
    OrdersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        KeySchema: [{ AttributeName: orderTenant, KeyType: HASH }]
    UsersTable:
      Type: AWS::DynamoDB::Table
      Properties:
        KeySchema: [{ AttributeName: userTenant, KeyType: HASH }]
    SharedTable:
      Type: AWS::DynamoDB::Table
      Properties:
        TableName: \${self:service}-shared
        KeySchema: [{ AttributeName: id, KeyType: HASH }]
`;

test("serverless records the handlers each env var reaches: the function's own, the provider's for all", () => {
  const { tables } = schemasFromServerless(path.join('shop', 'serverless.yml'), twoFunctions);
  const handlers = Object.fromEntries(tables.map((t) => [t.name, t.service?.handlers]));
  assert.deepEqual(handlers, {
    OrdersTable: [path.join('shop', 'src', 'orders')],
    UsersTable: [path.join('shop', 'src', 'users')],
    'shop-shared': [path.join('shop', 'src', 'orders'), path.join('shop', 'src', 'users')],
  });
  assert.ok(tables.every((t) => t.service?.root === 'shop'));
});

const put = `import { PutCommand } from '@aws-sdk/lib-dynamodb';
export const save = (doc, id) => doc.send(new PutCommand({ TableName: process.env.TABLE, Item: { orderTenant: 'acme', userTenant: 'acme', id } }));
`;

function keyedOn(file: string, tables: readonly TableSchema[]): string[] {
  return analyzeSource(file, put, { tables })
    .findings.filter((f) => f.rule === 'single-value-partition-key')
    .map((f) => `${f.table} ${f.message.split('"')[1]}`);
}

test('two functions of one service with the same env var name each get their own table', () => {
  const { tables } = schemasFromServerless(path.join('shop', 'serverless.yml'), twoFunctions);
  const merged = mergeSchemas([tables]);
  assert.deepEqual(keyedOn(path.join('shop', 'src', 'orders.js'), merged), ['OrdersTable orderTenant']);
  assert.deepEqual(keyedOn(path.join('shop', 'src', 'users.ts'), merged), ['UsersTable userTenant']);
  // A module of the service that neither function names: both tables fit, so no key schema applies.
  const shared = analyzeSource(path.join('shop', 'src', 'db.js'), put, { tables: merged });
  assert.deepEqual(
    shared.findings.filter((f) => f.rule === 'single-value-partition-key'),
    [],
  );
  assert.deepEqual(
    shared.operations.map((o) => o.table),
    ['process.env.TABLE, unknown table (OrdersTable or UsersTable)'],
  );
});

test('merging keeps same-named tables of sibling services apart and pools those of one service', () => {
  const table = (root: string, key: string): TableSchema => ({
    name: 'orders',
    aliases: [],
    envVars: ['TABLE'],
    partitionKey: { name: key },
    indexes: [],
    source: { kind: 'cloudformation', file: path.join(root, 'template.yaml') },
    service: { root, handlers: [] },
  });
  const merged = mergeSchemas([[table('a', 'pk'), table('b', 'id'), table('a', 'other')]]);
  assert.deepEqual(
    merged.map((t) => `${t.service?.root} ${t.partitionKey.name}`),
    ['a pk', 'b id'],
  );
  // A project-wide table (configuration) still merges with an infrastructure one.
  const config: TableSchema = {
    name: 'orders',
    aliases: [],
    envVars: [],
    partitionKey: { name: 'pk' },
    indexes: [],
    source: { kind: 'config' },
  };
  assert.equal(mergeSchemas([[config], [table('a', 'pk')]]).length, 1);
});

test('an unknown table names at most three candidates and is recognisable as unknown', () => {
  assert.equal(unknownTableLabel('process.env.T', ['a', 'b']), 'process.env.T, unknown table (a or b)');
  assert.equal(
    unknownTableLabel('process.env.T', ['a', 'b', 'c', 'd', 'e']),
    'process.env.T, unknown table (a, b, c or 2 more)',
  );
  assert.ok(isUnknownTable(unknownTableLabel('x', ['a', 'b'])));
  assert.ok(!isUnknownTable('orders'));
});

test('copies of one table in sibling services resolve as that table from anywhere', () => {
  const copy = (root: string): TableSchema => ({
    name: 'hits',
    aliases: [],
    envVars: ['TABLE'],
    partitionKey: { name: 'orderTenant' },
    indexes: [],
    source: { kind: 'cloudformation', file: path.join(root, 'template.yaml') },
    service: { root, handlers: [] },
  });
  const tables = mergeSchemas([[copy(path.join('examples', 'python')), copy(path.join('examples', 'typescript'))]]);
  assert.equal(tables.length, 2);
  assert.deepEqual(keyedOn(path.join('examples', 'csharp', 'fn.js'), tables), ['hits orderTenant']);
});

test('CDK functions name their handler files: entry, Code.fromAsset + handler, NodejsFunction default entry', () => {
  const stack = `import * as path from 'path';
import { Table, AttributeType } from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
const orders = new Table(this, 'Orders', { partitionKey: { name: 'id', type: AttributeType.STRING } });
new NodejsFunction(this, 'Create', { entry: path.join(__dirname, '..', 'lambda', 'create.ts'), environment: { TABLE: orders.tableName } });
new lambda.Function(this, 'List', { code: lambda.Code.fromAsset(\`\${__dirname}/../fns\`), handler: 'list.handler', environment: { TABLE: orders.tableName } });
const fn = new NodejsFunction(this, 'Sweep');
fn.addEnvironment('TABLE', orders.tableName);
`;
  const { tables } = schemasFromCdk(path.join('app', 'lib', 'stack.ts'), stack);
  assert.deepEqual(tables[0]?.service?.handlers, [
    path.join('app', 'lambda', 'create'),
    path.join('app', 'fns', 'list'),
    path.join('app', 'lib', 'stack.Sweep'),
  ]);
});
