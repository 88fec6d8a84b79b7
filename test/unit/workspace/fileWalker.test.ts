import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { looksMinified, relativeInside, walkIncludes, walkSourceFiles } from '../../../src/core/workspace/fileWalker';
import { makeTempDir } from '../../harness/tempDirs';

function tree(files: Record<string, string>): string {
  const root = makeTempDir('dg-walk-');
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
  const root = tree({
    'a.js': '',
    'b.jsx': '',
    'c.mjs': '',
    'd.cjs': '',
    'e.ts': '',
    'f.tsx': '',
    'g.mts': '',
    'h.cts': '',
    'i.json': '',
    'j.d.ts': '',
    'k.md': '',
  });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), [
    'a.js',
    'b.jsx',
    'c.mjs',
    'd.cjs',
    'e.ts',
    'f.tsx',
    'g.mts',
    'h.cts',
  ]);
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
    'node_modules/aws/index.js': '',
    'dist/a.js': '',
    'build/a.js': '',
    'out/a.js': '',
    'coverage/a.js': '',
    'cdk.out/a.js': '',
    '.aws-sam/a.js': '',
    '.serverless/a.js': '',
    '.next/a.js': '',
    'packages/x/node_modules/y.js': '',
    'src/real.ts': '',
  });
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), ['src/real.ts']);
});

test('lists minified files apart, by name', () => {
  const root = tree({ 'vendor.min.js': '', 'lib-min.js': '', 'main.bundle.mjs': '', 'app.js': '' });
  const walk = walkSourceFiles({ root });
  assert.deepEqual(rel(root, walk.files), ['app.js']);
  assert.deepEqual(rel(root, walk.minified), ['lib-min.js', 'main.bundle.mjs', 'vendor.min.js']);
});

test('recognises minified content by the share of it on long lines', () => {
  assert.equal(looksMinified('var a=1;'.repeat(1000)), true);
  assert.equal(
    looksMinified(`/*! license */\n${'var a=1;'.repeat(1000)}\n//# sourceMappingURL=app.js.map\n`),
    true,
    'a bundle with a header and a source-map comment',
  );
  assert.equal(looksMinified('const a = 1;\n'.repeat(2000)), false);
});

test('a hand-written file with one very long line (an inline base64 logo) is not minified', () => {
  const handler = [
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
    `const LOGO = 'data:image/png;base64,${'iVBORw0KGgo'.repeat(190)}';`,
    ...Array.from(
      { length: 60 },
      (_, i) => `export const handler${i} = async () => client.send(new ScanCommand({ TableName: 'Orders' }));`,
    ),
  ].join('\n');
  assert.ok(handler.length > 4096 && handler.split('\n')[1]!.length > 2100);
  assert.equal(looksMinified(handler), false);
  assert.equal(
    looksMinified(`const LOGO = '${'A'.repeat(2100)}';\nexport const x = 1;\n`),
    false,
    'a small file is never taken for minified',
  );
});

test(
  'a FIFO with a source name is reported as unreadable, never read (which would wait for a writer)',
  { skip: process.platform === 'win32' },
  () => {
    const root = tree({ 'src/a.ts': '' });
    execFileSync('mkfifo', [path.join(root, 'src/pipe.ts')]);
    const walk = walkSourceFiles({ root });
    assert.deepEqual(rel(root, walk.files), ['src/a.ts']);
    assert.deepEqual(
      walk.problems.map((p) => ({ ...p, path: rel(root, [p.path])[0] })),
      [{ path: 'src/pipe.ts', message: 'cannot read: not a regular file', reason: 'unreadable' }],
    );
    const named = walkSourceFiles({ root, paths: ['src/pipe.ts', 'src/missing.ts'] });
    assert.deepEqual(
      named.problems.map((p) => p.reason),
      ['unreadable', 'missing'],
    );
  },
);

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
    'src/app.ts': '',
    'src/x.gen.ts': '',
    'generated/api.ts': '',
    'node_modules/p/i.js': '',
    'src/data.json': '',
    'src/t.d.ts': '',
    'pkg/.gitignore': 'local.ts\n',
    'pkg/local.ts': '',
    'pkg/other.ts': '',
    'scripts/seed.ts': '',
  });
  const listed = new Set(walkSourceFiles({ root, ignoreGlobs: ['scripts/**'] }).files);
  for (const file of [
    'src/app.ts',
    'src/x.gen.ts',
    'generated/api.ts',
    'node_modules/p/i.js',
    'src/data.json',
    'src/t.d.ts',
    'pkg/local.ts',
    'pkg/other.ts',
    'scripts/seed.ts',
  ]) {
    const abs = path.join(root, file);
    assert.equal(walkIncludes({ root, ignoreGlobs: ['scripts/**'] }, abs), listed.has(abs), file);
  }
  assert.equal(walkIncludes({ root }, path.join(os.tmpdir(), 'elsewhere.ts')), false, 'outside the root');
});

test('a folder holding a project marker is listed as nested and not walked; the starting folder never is', () => {
  const root = tree({
    'src/a.ts': '',
    'services/billing/dynamo-guard.config.json': '{}',
    'services/billing/src/b.ts': '',
    'vendor/lib/.git': '',
    'vendor/lib/c.ts': '',
    'ignored/dynamo-guard.config.json': '{}',
    '.gitignore': 'ignored/\n',
  });
  fs.writeFileSync(path.join(root, 'dynamo-guard.config.json'), '{}');
  const walk = walkSourceFiles({ root, nestedProjectMarkers: ['dynamo-guard.config.json', '.git'] });
  assert.deepEqual(rel(root, walk.files), ['src/a.ts']);
  assert.deepEqual(rel(root, walk.nested), ['services/billing', 'vendor/lib']);
  // Without markers, the same tree is one project.
  assert.deepEqual(rel(root, walkSourceFiles({ root }).files), [
    'services/billing/src/b.ts',
    'src/a.ts',
    'vendor/lib/c.ts',
  ]);
});

test('include filters walked files but never a file named on its own', () => {
  const root = tree({ 'src/a.ts': '', 'src/b.js': '', 'src/c.min.js': '' });
  const walk = walkSourceFiles({ root, paths: ['src', 'src/b.js'], include: (f) => f.endsWith('.ts') });
  assert.deepEqual(rel(root, walk.files), ['src/a.ts', 'src/b.js']);
  assert.deepEqual(walk.minified, []);
});

test('relativeInside agrees with path.relative, cheaply for a normalized path below the folder', () => {
  const dir = path.join(path.sep, 'work', '.projects', 'app');
  const cases = [
    path.join(dir, 'src', 'a.ts'),
    path.join(dir, '.github', 'ci.js'),
    `${dir}${path.sep}src${path.sep}..${path.sep}b.ts`,
    `${dir}${path.sep}${path.sep}c.ts`,
    dir,
    path.join(path.sep, 'work', 'other', 'd.ts'),
    `${dir}-sibling${path.sep}e.ts`,
    path.join(path.sep, 'e.ts'),
  ];
  for (const file of cases) assert.equal(relativeInside(dir, file), path.relative(dir, file), file);
  assert.equal(relativeInside(path.sep, path.join(path.sep, 'x', 'y.ts')), path.join('x', 'y.ts'));
});
