import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromTerraform } from '../../../src/core/schema/terraform';
import { parseHcl } from '../../../src/core/schema/hclReader';
import { schemasFromFile } from '../../../src/core/schema/discover';

const fixtures = join(__dirname, '../../fixtures/schema/terraform');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

test('reads an aws_dynamodb_table with typed keys, GSI, LSI and a name built from locals and variable defaults', () => {
  const { tables, problems } = schemasFromTerraform('dynamodb.tf', read('dynamodb.tf'));
  assert.deepEqual(problems, []);
  const orders = tables[0];
  assert.equal(orders?.name, 'shop-staging-orders');
  assert.deepEqual(orders?.aliases, ['orders', 'aws_dynamodb_table.orders']);
  assert.deepEqual(orders?.partitionKey, { name: 'PK', type: 'S' });
  assert.deepEqual(orders?.sortKey, { name: 'SK', type: 'S' });
  assert.equal(orders?.billingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(orders?.indexes, [
    {
      name: 'GSI1',
      kind: 'GSI',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'SK', type: 'S' },
      projection: 'ALL',
    },
    {
      name: 'byAmount',
      kind: 'LSI',
      partitionKey: { name: 'PK', type: 'S' },
      sortKey: { name: 'amount', type: 'N' },
      projection: 'KEYS_ONLY',
    },
  ]);
  assert.equal(orders?.source.kind, 'terraform');
  assert.equal(orders?.source.line, 16);
  assert.equal(orders?.source.column, 1);
});

test('keeps an unresolvable variable name as text and defaults billing to provisioned', () => {
  const rates = schemasFromTerraform('dynamodb.tf', read('dynamodb.tf')).tables[1];
  assert.equal(rates?.name, '${var.rates_table_name}');
  assert.deepEqual(rates?.partitionKey, { name: 'currency', type: 'S' });
  assert.equal(rates?.billingMode, 'PROVISIONED');
  assert.equal(rates?.source.line, 60);
});

test('wires lambda environment variables referencing tables by name, id or interpolation; ignores other resources', () => {
  const { tables, envBindings } = schemasFromTerraform('dynamodb.tf', read('dynamodb.tf'));
  assert.equal(tables.length, 2);
  assert.deepEqual(tables[0]?.envVars, ['ORDERS_TABLE']);
  assert.deepEqual(tables[1]?.envVars, ['RATES']);
  assert.deepEqual(envBindings, []);
});

test('reports references to tables of another file as env bindings, skipping computed values', () => {
  const { tables, envBindings } = schemasFromTerraform('lambda.tf', read('lambda.tf'));
  assert.deepEqual(tables, []);
  assert.deepEqual(envBindings, [{ envVar: 'REPORT_TABLE', table: 'aws_dynamodb_table.orders', file: 'lambda.tf' }]);
});

test('an unclosed block yields a problem with a line, not a throw', () => {
  const result = schemasFromTerraform('broken.tf', read('broken.tf'));
  assert.deepEqual(result.tables, []);
  assert.match(result.problems[0]?.message ?? '', /invalid HCL: unclosed/);
  assert.equal(result.problems[0]?.line, 1);
});

test('the HCL reader keeps heredocs, comments and conditionals from derailing block parsing', () => {
  const blocks = parseHcl(
    '/* c */\nresource "a" "b" {\n  policy = <<EOF\n{ "x": "}" }\nEOF\n  count = var.on ? 1 : 0 // tail\n  list = [\n    "a",\n    "b",\n  ]\n}\n',
  );
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0]?.attributes.policy, '{ "x": "}" }\n');
  assert.deepEqual(blocks[0]?.attributes.count, { kind: 'expression', text: 'var.on ? 1 : 0' });
  assert.deepEqual(blocks[0]?.attributes.list, ['a', 'b']);
});

const tableModule = `
locals {
  prefix = "shop"
}

module "orders" {
  source  = "terraform-aws-modules/dynamodb-table/aws"
  version = "~> 4.0"

  name      = "\${local.prefix}-orders"
  hash_key  = "tenantId"
  range_key = "orderId"

  attributes = [
    { name = "tenantId", type = "S" },
    { name = "orderId", type = "S" },
    { name = "status", type = "S" },
    { name = "total", type = "N" },
  ]

  global_secondary_indexes = [
    {
      name            = "byStatus"
      hash_key        = "status"
      range_key       = "orderId"
      projection_type = "ALL"
    }
  ]
  local_secondary_indexes = [
    { name = "byTotal", range_key = "total", projection_type = "KEYS_ONLY" }
  ]
}

module "other" {
  source   = "terraform-aws-modules/s3-bucket/aws"
  name     = "not-a-table"
  hash_key = "id"
}

resource "aws_lambda_function" "list" {
  function_name = "list"
  environment {
    variables = {
      ORDERS_TABLE = module.orders.dynamodb_table_id
    }
  }
}
`;

test('reads the terraform-aws-modules/dynamodb-table module: name, typed keys, GSIs, LSIs, env wiring', () => {
  const { tables, problems, envBindings } = schemasFromTerraform('tables.tf', tableModule);
  assert.deepEqual(problems, []);
  assert.equal(tables.length, 1);
  const orders = tables[0];
  assert.equal(orders?.name, 'shop-orders');
  assert.deepEqual(orders?.aliases, ['orders', 'module.orders']);
  assert.deepEqual(orders?.partitionKey, { name: 'tenantId', type: 'S' });
  assert.deepEqual(orders?.sortKey, { name: 'orderId', type: 'S' });
  assert.equal(orders?.billingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(orders?.indexes, [
    {
      name: 'byStatus',
      kind: 'GSI',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'orderId', type: 'S' },
      projection: 'ALL',
    },
    {
      name: 'byTotal',
      kind: 'LSI',
      partitionKey: { name: 'tenantId', type: 'S' },
      sortKey: { name: 'total', type: 'N' },
      projection: 'KEYS_ONLY',
    },
  ]);
  assert.deepEqual(orders?.envVars, ['ORDERS_TABLE']);
  assert.deepEqual(envBindings, []);
  assert.equal(orders?.source.line, 6);
});

test('binds a Lambda env var to a table module of another file of the module', () => {
  const lambdaOnly = tableModule.slice(tableModule.indexOf('resource "aws_lambda_function"'));
  const { tables, envBindings } = schemasFromTerraform('lambda.tf', lambdaOnly);
  assert.deepEqual(tables, []);
  assert.deepEqual(envBindings, [{ envVar: 'ORDERS_TABLE', table: 'module.orders', file: 'lambda.tf' }]);
});

test('discovery reads a Terraform file that only uses the dynamodb-table module', () => {
  const text =
    'module "t" {\n  source = "terraform-aws-modules/dynamodb-table/aws"\n  name = "t"\n  hash_key = "id"\n}\n';
  assert.deepEqual(
    schemasFromFile('main.tf', text).tables.map((t) => t.name),
    ['t'],
  );
});
