import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { ModuleCache } from '../../../src/core/analyzer/analyze';
import { parseSource } from '../../../src/core/syntax/parse';

test('a tree adopted from a checked file serves its import: the file is parsed once', () => {
  const texts = new Map([['/p/db.ts', 'export const TABLE = "orders";\n']]);
  const cache = new ModuleCache((_from, spec) => {
    const fileName = spec === './db' ? '/p/db.ts' : undefined;
    const text = fileName ? texts.get(fileName) : undefined;
    return fileName && text !== undefined ? { fileName, text } : undefined;
  });
  const checked = parseSource('/p/db.ts', texts.get('/p/db.ts') as string);
  cache.adopt('/p/db.ts', checked.text, checked);
  assert.equal(cache.load('/p/use.ts', './db'), checked, 'the adopted tree, not a second parse');

  // A module whose text changed is parsed again: an adopted tree never stands for another text.
  texts.set('/p/db.ts', 'export const TABLE = "invoices";\n');
  const reparsed = cache.load('/p/use.ts', './db');
  assert.notEqual(reparsed, checked);
  assert.equal(reparsed?.text, texts.get('/p/db.ts'));

  // Adopting a tree for the text already held keeps the held one.
  const other = parseSource('/p/db.ts', texts.get('/p/db.ts') as string);
  cache.adopt('/p/db.ts', other.text, other);
  assert.equal(cache.load('/p/use.ts', './db'), reparsed);
});
