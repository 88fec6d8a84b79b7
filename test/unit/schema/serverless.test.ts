import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromServerless, resolveVariables } from '../../../src/core/schema/serverless';

const text = readFileSync(join(__dirname, '../../fixtures/schema/serverless/serverless.yml'), 'utf8');

test('reads tables under resources.Resources with self variables resolved and stage left as written', () => {
  const { tables, problems } = schemasFromServerless('serverless.yml', text);
  assert.deepEqual(problems, []);
  assert.deepEqual(
    tables.map((t) => t.name),
    ['billing-${sls:stage}-invoices', 'payments', 'billing-ledger'],
  );
  const [invoices] = tables;
  assert.deepEqual(invoices?.partitionKey, { name: 'customerId', type: 'S' });
  assert.deepEqual(invoices?.sortKey, { name: 'invoiceId', type: 'S' });
  assert.deepEqual(invoices?.aliases, ['InvoicesTable']);
  assert.equal(invoices?.source.kind, 'serverless');
  assert.equal(invoices?.source.line, 25);
  assert.equal(invoices?.source.column, 5);
});

test('wires provider and function environment through self variables, Ref and the long Ref form', () => {
  const { tables } = schemasFromServerless('serverless.yml', text);
  const envOf = (name: string) => tables.find((t) => t.name === name)?.envVars;
  assert.deepEqual(envOf('billing-${sls:stage}-invoices'), ['INVOICES_TABLE']);
  assert.deepEqual(envOf('payments'), ['PAYMENTS_TABLE']);
  assert.deepEqual(envOf('billing-ledger'), ['LEDGER_TABLE', 'LEDGER_NAME_AGAIN']);
});

test('resolves self variables recursively and keeps deployment-time sources unresolved', () => {
  const root = { service: 'svc', custom: { a: '${self:custom.b}-x', b: 'B' } };
  assert.equal(resolveVariables('${self:custom.a}', root, 0), 'B-x');
  assert.equal(resolveVariables('${opt:stage, self:custom.b}', root, 0), '${opt:stage, self:custom.b}');
  assert.equal(resolveVariables("${self:custom.missing, 'fallback'}", root, 0), 'fallback');
  assert.equal(resolveVariables('${self:service}-${env:X}', root, 0), 'svc-${env:X}');
});

test('a malformed serverless.yml yields a problem, not a throw', () => {
  const result = schemasFromServerless('serverless.yml', 'service: x\nprovider: [\n');
  assert.equal(result.tables.length, 0);
  assert.equal(result.problems.length, 1);
});
