import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as ts from 'typescript';
import { parseSource, reparseSource } from '../../../src/core/syntax/parse';

const DOCUMENTED =
  '/**\n * Lists orders.\n * @param status the status\n */\nfunction listOrders(status) { return status; }\n';

test('parses without JSDoc: no rule reads it, and its tags cost parse time', () => {
  for (const name of ['a.ts', 'a.js']) {
    const fn = parseSource(name, DOCUMENTED).statements[0] as ts.FunctionDeclaration;
    assert.ok(ts.isFunctionDeclaration(fn), name);
    assert.equal(ts.getJSDocTags(fn).length, 0, name);
    assert.equal(fn.name?.text, 'listOrders');
  }
});

test('an incremental re-parse keeps JSDoc unparsed and gives the same tree shape', () => {
  const sf = parseSource('a.ts', DOCUMENTED);
  const at = DOCUMENTED.indexOf('return');
  const text = `${DOCUMENTED.slice(0, at)}x; ${DOCUMENTED.slice(at)}`;
  const updated = reparseSource(sf, text, { start: at, oldLength: 0, newLength: 3 });
  const fn = updated.statements[0] as ts.FunctionDeclaration;
  assert.equal(ts.getJSDocTags(fn).length, 0);
  assert.equal(fn.body?.statements.length, 2);
});
