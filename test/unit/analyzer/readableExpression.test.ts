import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { readableExpression } from '../../../src/core/analyzer/readableExpression';
import { parseSource } from '../../../src/core/syntax/parse';

function readable(code: string): string {
  const sf = parseSource('x.ts', `const x = ${code};`);
  const stmt = sf.statements[0];
  assert.ok(stmt && ts.isVariableStatement(stmt));
  const init = stmt.declarationList.declarations[0]?.initializer;
  assert.ok(init);
  return readableExpression(init);
}

test('keeps names, env vars and property chains as written', () => {
  assert.equal(readable('process.env.TABLE'), 'process.env.TABLE');
  assert.equal(readable("process.env['ORDERS_TABLE']"), 'process.env.ORDERS_TABLE');
  assert.equal(readable('config.tables.orders'), 'config.tables.orders');
  assert.equal(readable('this.props?.tableName!'), 'this.props?.tableName');
  assert.equal(readable('tables[kind]'), 'tables[kind]');
});

test('shows template literals and concatenations with their holes', () => {
  assert.equal(readable('`${prefix}-orders`'), '`${prefix}-orders`');
  assert.equal(readable("stage + '-orders'"), 'stage + "-orders"');
  assert.equal(readable('`${getPrefix(env, "x")}-orders`'), '`${getPrefix(…)}-orders`');
  assert.equal(readable("table + (process.env.STAGE || '')"), 'table + (process.env.STAGE || "")');
  assert.equal(readable('(a ? b : c) + "-x"'), '(a ? b : c) + "-x"');
  assert.equal(readable('(stage) + "-x"'), 'stage + "-x"');
});

test('drops call arguments, whitespace runs and long tails', () => {
  assert.equal(readable('$("#acctTable").val()'), '$(…).val()');
  assert.equal(readable('getTable(\n    "orders",\n    { region }\n  ).name'), 'getTable(…).name');
  const long = readable('a.' + 'veryLongPropertyName.'.repeat(6) + 'end');
  assert.equal(long.length, 60);
  assert.ok(long.endsWith('…'));
});

test('reads a name as the expression it stands for, grouped when it is an operation', () => {
  const sf = parseSource('x.ts', "const x = table + '-x'; const y = prefix || 'dev'; const z = 'orders';");
  const init = (i: number): ts.Expression => {
    const stmt = sf.statements[i];
    assert.ok(stmt && ts.isVariableStatement(stmt));
    const e = stmt.declarationList.declarations[0]?.initializer;
    assert.ok(e);
    return e;
  };
  const stands = (name: ts.Identifier): ts.Expression | undefined =>
    name.text === 'table' ? init(1) : name.text === 'prefix' ? init(2) : undefined;
  assert.equal(readableExpression(init(0), stands), '("orders" || "dev") + "-x"');
  assert.equal(readableExpression(init(0)), 'table + "-x"');
});
