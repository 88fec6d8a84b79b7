import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileGlob, expandBraces, GlobError, globBase, hasGlobMagic } from '../../../src/core/workspace/glob';

function matches(pattern: string, paths: string[]): string[] {
  const match = compileGlob(pattern);
  return paths.filter((p) => match(p));
}

test('** matches any depth, zero folders included; * stays within one name', () => {
  const paths = ['a.ts', 'src/a.ts', 'src/deep/er/b.ts', 'src/a.js', 'lib/c.ts'];
  assert.deepEqual(matches('**/*.ts', paths), ['a.ts', 'src/a.ts', 'src/deep/er/b.ts', 'lib/c.ts']);
  assert.deepEqual(matches('src/**/*.ts', paths), ['src/a.ts', 'src/deep/er/b.ts']);
  assert.deepEqual(matches('src/*.ts', paths), ['src/a.ts']);
  assert.deepEqual(matches('src/**', paths), ['src/a.ts', 'src/deep/er/b.ts', 'src/a.js']);
  assert.deepEqual(matches('*/a.*', paths), ['src/a.ts', 'src/a.js']);
});

test('? is one character, classes take ranges and negation, and neither crosses a slash', () => {
  const paths = ['a1.ts', 'a2.ts', 'ab.ts', 'a10.ts', 'a/.ts', 'a].ts', 'A1.ts'];
  assert.deepEqual(matches('a?.ts', paths), ['a1.ts', 'a2.ts', 'ab.ts', 'a].ts']);
  assert.deepEqual(matches('a[0-9].ts', paths), ['a1.ts', 'a2.ts']);
  assert.deepEqual(matches('a[!0-9].ts', paths), ['ab.ts', 'a].ts']);
  assert.deepEqual(matches('a[^0-9].ts', paths), ['ab.ts', 'a].ts']);
  assert.deepEqual(matches('a[]].ts', paths), ['a].ts']);
  assert.deepEqual(matches('[aA]1.ts', paths), ['a1.ts', 'A1.ts']);
  // An unclosed class is a literal bracket.
  assert.deepEqual(matches('a[1.ts', ['a[1.ts', 'a1.ts']), ['a[1.ts']);
});

test('wildcards skip dot files and folders unless the pattern spells the dot, as shells do', () => {
  const paths = ['src/.hidden.ts', 'src/.cache/a.ts', 'src/a.ts', '.github/x.ts'];
  assert.deepEqual(matches('**/*.ts', paths), ['src/a.ts']);
  assert.deepEqual(matches('src/.*.ts', paths), ['src/.hidden.ts']);
  assert.deepEqual(matches('.github/*.ts', paths), ['.github/x.ts']);
  assert.deepEqual(matches('src/.cache/**/*.ts', paths), ['src/.cache/a.ts']);
});

test('an escaped wildcard is literal', () => {
  assert.deepEqual(matches('src/\\*.ts', ['src/*.ts', 'src/a.ts']), ['src/*.ts']);
  assert.equal(hasGlobMagic('src/\\*.ts'), false);
  assert.equal(hasGlobMagic('src/[id].ts'), true);
  assert.equal(hasGlobMagic('src/app.ts'), false);
});

test('braces expand to separate patterns, nested ones too; a brace without a comma is literal', () => {
  assert.deepEqual(expandBraces('src/{a,b}/*.ts'), ['src/a/*.ts', 'src/b/*.ts']);
  assert.deepEqual(expandBraces('*.{ts,{m,c}js}'), ['*.ts', '*.mjs', '*.cjs']);
  assert.deepEqual(expandBraces('src/{a}.ts'), ['src/{a}.ts']);
  assert.deepEqual(expandBraces('src/{a,b'), ['src/{a,b']);
  assert.deepEqual(expandBraces('{,x}y'), ['y', 'xy']);
  assert.throws(() => expandBraces('{a,b}'.repeat(11)), GlobError);
});

test('the base is the folder before the first segment with glob syntax', () => {
  assert.deepEqual(globBase('src/**/*.ts'), { base: 'src', rest: '**/*.ts' });
  assert.deepEqual(globBase('packages/api/src/*.ts'), { base: 'packages/api/src', rest: '*.ts' });
  assert.deepEqual(globBase('**/*.ts'), { base: '', rest: '**/*.ts' });
  assert.deepEqual(globBase('/abs/dir/*.ts'), { base: '/abs/dir', rest: '*.ts' });
  assert.deepEqual(globBase('../other/*.ts'), { base: '../other', rest: '*.ts' });
  assert.deepEqual(globBase('a\\[b\\]/*.ts'), { base: 'a[b]', rest: '*.ts' });
});

test('patterns that make backtracking matchers explode finish and answer correctly', () => {
  // A regex translation of these backtracks exponentially; the last-star matcher is quadratic at worst.
  const name = 'a'.repeat(5000);
  assert.equal(compileGlob(`${'*a'.repeat(40)}*b`)(name), false);
  assert.equal(compileGlob(`${'*a'.repeat(40)}*`)(name), true);
  const deep = Array.from({ length: 300 }, () => 'd').join('/');
  assert.equal(compileGlob(`${'**/d/'.repeat(40)}x`)(deep), false);
  assert.equal(compileGlob(`${'**/d/'.repeat(40)}**`)(deep), true);
});
