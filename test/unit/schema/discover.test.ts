import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import {
  discoverSchemaFiles,
  discoverSchemas,
  mergeSchemaFiles,
  schemasFromFile,
} from '../../../src/core/schema/discover';
import { mightMatter } from '../../../src/core/analyzer/sourceIndex';

const workspace = join(__dirname, '../../fixtures/schema/workspace');

test('discovers tables from every source kind in a workspace and merges the same table across files', async () => {
  const { tables } = await discoverSchemas(workspace);
  const names = tables.map((t) => t.name).sort();
  assert.deepEqual(names, ['ScratchTable', 'audit-log', 'shop-orders']);
  const orders = tables.find((t) => t.name === 'shop-orders');
  assert.equal(orders?.source.kind, 'cloudformation');
  assert.equal(orders?.source.file, join(workspace, 'template.yaml'));
  assert.equal(orders?.source.line, 3);
  assert.deepEqual(orders?.partitionKey, { name: 'PK', type: 'S' });
  assert.deepEqual(orders?.sortKey, { name: 'SK', type: 'S' });
  assert.deepEqual(orders?.indexes, []);
  assert.deepEqual(orders?.aliases, ['OrdersTable', 'Orders', 'ordersTable', 'task', 'Task']);
  assert.deepEqual(orders?.envVars, ['ORDERS_TABLE']);
});

test('applies env wiring from a Terraform file to a table defined in another', async () => {
  const { tables } = await discoverSchemas(workspace);
  assert.deepEqual(tables.find((t) => t.name === 'audit-log')?.envVars, ['AUDIT_TABLE']);
});

test('skips node_modules, cdk.out and .gitignored directories', async () => {
  const { tables } = await discoverSchemas(workspace);
  const all = tables.flatMap((t) => [t.name, ...t.aliases]);
  for (const hidden of ['VendoredTable', 'SynthTable']) assert.ok(!all.includes(hidden), hidden);
  assert.equal(tables.filter((t) => t.source.file?.includes('generated')).length, 0);
});

test('honours extra ignore globs from the options', async () => {
  const { tables } = await discoverSchemas(workspace, { ignore: ['scripts/**'] });
  assert.ok(!tables.some((t) => t.name === 'ScratchTable'));
});

test('reports a malformed template as a problem and still returns the other tables', async () => {
  const { tables, problems } = await discoverSchemas(workspace);
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.file, join(workspace, 'broken.template.json'));
  assert.match(problems[0]?.message ?? '', /invalid JSON/);
  assert.ok(tables.length > 0);
});

test('stops at maxFiles with a problem instead of reading the whole tree', async () => {
  const { problems } = await discoverSchemas(workspace, { maxFiles: 2 });
  assert.ok(problems.some((p) => /stopped after 2 candidate files/.test(p.message)));
});

test('a missing root is a problem, not a throw', async () => {
  const { tables, problems } = await discoverSchemas(join(workspace, 'does-not-exist'));
  assert.deepEqual(tables, []);
  assert.equal(problems.length, 1);
});

test('schemasFromFile picks the reader by file name and content', () => {
  const sam = 'Resources:\n  T:\n    Type: AWS::Serverless::SimpleTable\n';
  assert.equal(schemasFromFile('infra/template.yml', sam).tables[0]?.source.kind, 'cloudformation');
  assert.equal(
    schemasFromFile('serverless.yml', `resources:\n  ${sam.replace(/\n/g, '\n  ')}`).tables[0]?.source.kind,
    'serverless',
  );
  assert.deepEqual(schemasFromFile('docker-compose.yml', 'services: {}\n').tables, []);
  assert.deepEqual(
    schemasFromFile('src/plain.ts', 'export const x = new Table({ name: "a", partitionKey: "pk" });').tables,
    [],
  );
  const code =
    "import { CreateTableCommand } from '@aws-sdk/client-dynamodb';\nnew CreateTableCommand({ TableName: 't', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }] });\n";
  assert.equal(schemasFromFile('src/setup.mjs', code).tables[0]?.source.kind, 'code');
  assert.equal(schemasFromFile('types.d.ts', code).tables.length, 0);
});

test('per-file results merge into exactly what discoverSchemas returns, so one changed file can be replaced alone', async () => {
  const whole = await discoverSchemas(workspace);
  const files = await discoverSchemaFiles(workspace);
  assert.deepEqual(mergeSchemaFiles(files.files.map((f) => f.result)), whole.tables);
  const template = files.files.find((f) => f.file === join(workspace, 'template.yaml'));
  assert.ok(template);
  const without = files.files.filter((f) => f !== template).map((f) => f.result);
  assert.ok(!mergeSchemaFiles(without).some((t) => t.name === 'shop-orders' && t.source.kind === 'cloudformation'));
});

test('a table source records where its definition ends, for related-information ranges', async () => {
  const { tables } = await discoverSchemas(workspace);
  const orders = tables.find((t) => t.name === 'shop-orders');
  // The whole resource, from its logical id through the last line of its KeySchema.
  assert.deepEqual(
    [orders?.source.line, orders?.source.column, orders?.source.endLine, orders?.source.endColumn],
    [3, 3, 17, 1],
  );
});

test("a CDK file importing no DynamoDB module still wires a table's name handed to a function", () => {
  const stack = [
    "import * as lambda from 'aws-cdk-lib/aws-lambda';",
    'export function api(scope: any, props: any) {',
    "  new lambda.Function(scope, 'Api', { environment: { ORDERS_TABLE: props.orders.tableName } });",
    '}',
  ].join('\n');
  assert.deepEqual(
    schemasFromFile('lib/api.ts', stack).envBindings.map((b) => [b.envVar, b.table]),
    [['ORDERS_TABLE', 'orders']],
  );
  // Outside a CDK app, `x.tableName` is any object's field.
  const app =
    'export function f(props: any) {\n  return new Worker({ environment: { T: props.orders.tableName } });\n}\n';
  assert.deepEqual(schemasFromFile('src/app.ts', app).envBindings, []);
});

test('a script the pre-filter rejected holds none of the module names discovery then leaves unsearched', () => {
  // schemasFromScript skips `dynamo`, `electrodb` and `typedorm` for such a script: each must make
  // the pre-filter accept a text.
  for (const name of ['dynamo', 'electrodb', 'typedorm'])
    assert.ok(mightMatter(`import x from '${name}-something';`), `the pre-filter accepts a text naming ${name}`);
  // The markers that need no DynamoDB name are still read in such a script.
  const cdkEnv =
    "import * as cdk from 'aws-cdk-lib';\nexport function wire(fn: any, props: any) {\n  fn.addEnvironment('ORDERS', props.orders.tableName);\n}\n";
  const createTable =
    "export async function setup(client: any) {\n  await client.createTable({ TableName: 'jobs', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }] }).promise();\n}\n";
  for (const text of [cdkEnv, createTable]) {
    const hinted = schemasFromFile('/p/lib/x.ts', text, undefined, undefined, {
      rejectedByPrefilter: !mightMatter(text),
    });
    assert.deepEqual(hinted, schemasFromFile('/p/lib/x.ts', text), text);
  }
});
