import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { looksMinified, walkIncludes, walkSourceFiles } from '../../../src/core/workspace/fileWalker';

function tree(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-walk-'));
  fs.mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

function rel(root: string, files: string[]): string[] {
  return files.map((f) => path.relative(root, f).split(path.sep).join('/'));
}

test('lists every JS/TS extension and nothing else', () => {
  const root = tree({ 'a.js': '', 'b.jsx': '', 'c.mjs': '', 'd.cjs': '', 'e.ts': '', 'f.tsx': '', 'g.mts': '', 'h.cts': '', 'i.json': '', 'j.d.ts': '', 'k.md': '' });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), ['a.js', 'b.jsx', 'c.mjs', 'd.cjs', 'e.ts', 'f.tsx', 'g.mts', 'h.cts']);
});

test('respects .gitignore files, nested ones and negations included', () => {
  const root = tree({
    '.gitignore': 'generated/\n*.gen.ts\n',
    'src/app.ts': '',
    'src/x.gen.ts': '',
    'generated/api.ts': '',
    'pkg/.gitignore': 'local.ts\n!keep.gen.ts\n',
    'pkg/local.ts': '',
    'pkg/keep.gen.ts': '',
    'pkg/other.ts': '',
  });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), ['pkg/keep.gen.ts', 'pkg/other.ts', 'src/app.ts']);
});

test('applies the .gitignore of an enclosing folder when walking a subfolder', () => {
  const root = tree({ '.gitignore': 'secret.ts\n', 'src/secret.ts': '', 'src/ok.ts': '' });
  assert.deepEqual(rel(root, walkSourceFiles({ root, paths: ['src'] }).files), ['src/ok.ts']);
});

test('skips node_modules, .git and build output folders', () => {
  const root = tree({
    'node_modules/aws/index.js': '', 'dist/a.js': '', 'build/a.js': '', 'out/a.js': '', 'coverage/a.js': '',
    'cdk.out/a.js': '', '.aws-sam/a.js': '', '.serverless/a.js': '', '.next/a.js': '', 'packages/x/node_modules/y.js': '', 'src/real.ts': '',
  });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), ['src/real.ts']);
});

test('skips minified files by name', () => {
  const root = tree({ 'vendor.min.js': '', 'lib-min.js': '', 'app.js': '' });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), ['app.js']);
});

test('recognises minified content by its line lengths', () => {
  assert.equal(looksMinified('var a=1;'.repeat(400)), true);
  assert.equal(looksMinified('const a = 1;\n'.repeat(2000)), false);
});

test('applies config ignore globs relative to the root', () => {
  const root = tree({ 'scripts/seed.ts': '', 'src/a.test.ts': '', 'src/a.ts': '' });
  assert.deepEqual(rel(root, walkSourceFiles({ root, ignoreGlobs: ['scripts/', '*.test.ts'] }).files), ['src/a.ts']);
});

test('honours explicitly named files and folders even when they would be skipped', () => {
  const root = tree({ '.gitignore': 'gen.ts\n', 'gen.ts': '', 'dist/bundle.js': '', 'src/a.ts': '' });
  assert.deepEqual(rel(root, walkSourceFiles({ root, paths: ['gen.ts', 'dist'] }).files), ['dist/bundle.js', 'gen.ts']);
});

test('reports a missing path as a problem instead of throwing', () => {
  const root = tree({ 'a.ts': '' });
  const result = walkSourceFiles({ root, paths: ['nope', 'a.ts'] });
  assert.deepEqual(rel(root, result.files), ['a.ts']);
  assert.equal(result.problems.length, 1);
  assert.equal(result.problems[0]!.path, 'nope');
});

test('walkIncludes answers for one file what the walk would list', () => {
  const root = tree({
    '.gitignore': 'generated/\n*.gen.ts\n',
    'src/app.ts': '', 'src/x.gen.ts': '', 'generated/api.ts': '', 'node_modules/p/i.js': '', 'src/data.json': '', 'src/t.d.ts': '',
    'pkg/.gitignore': 'local.ts\n', 'pkg/local.ts': '', 'pkg/other.ts': '', 'scripts/seed.ts': '',
  });
  const listed = new Set(walkSourceFiles({ root, ignoreGlobs: ['scripts/**'] }).files);
  for (const file of ['src/app.ts', 'src/x.gen.ts', 'generated/api.ts', 'node_modules/p/i.js', 'src/data.json', 'src/t.d.ts', 'pkg/local.ts', 'pkg/other.ts', 'scripts/seed.ts']) {
    const abs = path.join(root, file);
    assert.equal(walkIncludes({ root, ignoreGlobs: ['scripts/**'] }, abs), listed.has(abs), file);
  }
  assert.equal(walkIncludes({ root }, path.join(os.tmpdir(), 'elsewhere.ts')), false, 'outside the root');
});
