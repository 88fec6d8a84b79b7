import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromCloudFormation } from '../../../src/core/schema/cloudFormation';

const fixtures = join(__dirname, '../../fixtures/schema');
const read = (rel: string) => readFileSync(join(fixtures, rel), 'utf8');

test('reads a SAM table with intrinsic tags: Sub name kept as text, keys typed, GSI and LSI with projections', () => {
  const text = read('sam/template.yaml');
  const { tables, problems } = schemasFromCloudFormation('sam/template.yaml', text);
  assert.deepEqual(problems, []);
  const orders = tables.find((t) => t.aliases.includes('OrdersTable'));
  assert.ok(orders);
  assert.equal(orders.name, 'shop-${Stage}-orders');
  assert.deepEqual(orders.partitionKey, { name: 'pk', type: 'S' });
  assert.deepEqual(orders.sortKey, { name: 'sk', type: 'S' });
  assert.equal(orders.billingMode, 'PAY_PER_REQUEST');
  assert.deepEqual(orders.indexes, [
    {
      name: 'byStatus',
      kind: 'GSI',
      partitionKey: { name: 'status', type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: 'ALL',
    },
    {
      name: 'byCreatedAt',
      kind: 'LSI',
      partitionKey: { name: 'pk', type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
      projection: 'KEYS_ONLY',
    },
  ]);
  assert.equal(orders.source.kind, 'cloudformation');
  assert.equal(orders.source.line, 18);
  assert.equal(orders.source.column, 3);
  assert.equal(text.slice(orders.source.offset, orders.source.offset! + 'OrdersTable'.length), 'OrdersTable');
});

test('wires Globals and per-function env vars through Ref, GetAtt and nested Select/Split', () => {
  const { tables } = schemasFromCloudFormation('template.yaml', read('sam/template.yaml'));
  const byAlias = (id: string) => tables.find((t) => t.name === id || t.aliases.includes(id));
  assert.deepEqual(byAlias('OrdersTable')?.envVars, ['ORDERS_TABLE']);
  assert.deepEqual(byAlias('CustomersTable')?.envVars, ['CUSTOMERS']);
  assert.deepEqual(byAlias('SessionsTable')?.envVars, ['SESSIONS_TABLE_NAME']);
});

test('reads SAM SimpleTable with the default id key and with a declared PrimaryKey', () => {
  const { tables } = schemasFromCloudFormation('template.yaml', read('sam/template.yaml'));
  const customers = tables.find((t) => t.name === 'customers');
  assert.deepEqual(customers?.partitionKey, { name: 'id', type: 'S' });
  assert.deepEqual(customers?.aliases, ['CustomersTable']);
  assert.equal(customers?.billingMode, 'PAY_PER_REQUEST');
  const sessions = tables.find((t) => t.name === 'SessionsTable');
  assert.deepEqual(sessions?.partitionKey, { name: 'sessionId', type: 'N' });
  assert.equal(sessions?.source.line, 61);
});

test('ignores non-DynamoDB resources', () => {
  const { tables } = schemasFromCloudFormation('template.yaml', read('sam/template.yaml'));
  assert.deepEqual(tables.map((t) => t.aliases[0] ?? t.name).sort(), [
    'CustomersTable',
    'OrdersTable',
    'SessionsTable',
  ]);
});

test('reads plain CloudFormation JSON with positions, a GlobalTable with a Join name, and Lambda env wiring', () => {
  const text = read('cfn/stack.template.json');
  const { tables, problems } = schemasFromCloudFormation('stack.template.json', text);
  assert.deepEqual(problems, []);
  assert.equal(tables.length, 2);
  const [inventory, events] = tables;
  assert.equal(inventory?.name, 'inventory');
  assert.deepEqual(inventory?.partitionKey, { name: 'sku', type: 'S' });
  assert.equal(inventory?.sortKey, undefined);
  assert.equal(inventory?.billingMode, 'PROVISIONED');
  assert.deepEqual(inventory?.indexes, [
    {
      name: 'byWarehouse',
      kind: 'GSI',
      partitionKey: { name: 'warehouse', type: 'S' },
      sortKey: { name: 'qty', type: 'N' },
      projection: 'INCLUDE',
    },
  ]);
  assert.deepEqual(inventory?.envVars, ['INVENTORY_TABLE']);
  assert.equal(inventory?.source.line, 4);
  assert.equal(inventory?.source.column, 5);
  assert.equal(events?.name, '${AWS::StackName}-events');
  assert.deepEqual(events?.partitionKey, { name: 'eventId', type: 'B' });
  assert.deepEqual(events?.envVars, ['EVENTS']);
  assert.equal(events?.source.line, 30);
});

test('a malformed YAML template yields a problem with its line, not a throw', () => {
  const result = schemasFromCloudFormation('broken.yaml', read('cfn/broken.yaml'));
  assert.deepEqual(result.tables, []);
  assert.equal(result.problems.length, 1);
  assert.match(result.problems[0]!.message, /invalid YAML/);
  assert.equal(typeof result.problems[0]!.line, 'number');
});

test('a malformed JSON template yields a problem, not a throw', () => {
  const result = schemasFromCloudFormation('broken.template.json', read('cfn/broken.template.json'));
  assert.deepEqual(result.tables, []);
  assert.match(result.problems[0]?.message ?? '', /invalid JSON/);
  assert.equal(result.problems[0]?.line, 1);
});

test('a YAML file without Resources is not a template and gives neither tables nor problems', () => {
  assert.deepEqual(schemasFromCloudFormation('docker-compose.yml', 'services:\n  web:\n    image: nginx\n'), {
    tables: [],
    envBindings: [],
    problems: [],
  });
});
