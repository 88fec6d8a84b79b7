import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromTerraform } from '../../../src/core/schema/terraform';
import { parseHcl } from '../../../src/core/schema/hclReader';

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
    { name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1PK', type: 'S' }, sortKey: { name: 'SK', type: 'S' }, projection: 'ALL' },
    { name: 'byAmount', kind: 'LSI', partitionKey: { name: 'PK', type: 'S' }, sortKey: { name: 'amount', type: 'N' }, projection: 'KEYS_ONLY' },
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
  const blocks = parseHcl('/* c */\nresource "a" "b" {\n  policy = <<EOF\n{ "x": "}" }\nEOF\n  count = var.on ? 1 : 0 // tail\n  list = [\n    "a",\n    "b",\n  ]\n}\n');
  assert.equal(blocks.length, 1);
  assert.equal(blocks[0]?.attributes.policy, '{ "x": "}" }\n');
  assert.deepEqual(blocks[0]?.attributes.count, { kind: 'expression', text: 'var.on ? 1 : 0' });
  assert.deepEqual(blocks[0]?.attributes.list, ['a', 'b']);
});
