import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileCacheDir } from '../../../src/cli/compileCache';
import { makeTempDir } from '../../harness/tempDirs';

const moduleFile = path.resolve(__dirname, '../../../src/cli/compileCache.ts');

/** Loads `bundle.js` from `dir` through the cache in a fresh Node process, as the CLI does. */
function loadThroughCache(dir: string, cacheDir: string): string {
  const script = `
    const { enableCompileCache } = require(${JSON.stringify(moduleFile)});
    enableCompileCache(${JSON.stringify(dir)}, ['bundle.js'], ${JSON.stringify(cacheDir)});
    const m = require(${JSON.stringify(path.join(dir, 'bundle.js'))});
    process.stdout.write(JSON.stringify(m.describe()));`;
  return execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { encoding: 'utf8' });
}

function fixture(body: string): { dir: string; cacheDir: string } {
  const dir = makeTempDir('dg-cc-');
  fs.writeFileSync(path.join(dir, 'helper.js'), 'module.exports = { word: "sibling" };');
  fs.writeFileSync(path.join(dir, 'bundle.js'), body);
  return { dir, cacheDir: path.join(dir, 'cache') };
}

const BUNDLE = `
  const helper = require('./helper.js');
  exports.describe = () => ({ file: require('node:path').basename(__filename), dir: __dirname, helper: helper.word, self: module.exports === exports });`;

test('a bundle loaded through the cache behaves as with require, and the cache is written once', () => {
  const { dir, cacheDir } = fixture(BUNDLE);
  const expected = JSON.stringify({ file: 'bundle.js', dir, helper: 'sibling', self: true });
  assert.equal(loadThroughCache(dir, cacheDir), expected);
  const [entry] = fs.readdirSync(cacheDir);
  assert.match(entry ?? '', /^bundle-[0-9a-f]{24}\.cache$/);
  const written = fs.statSync(path.join(cacheDir, entry as string)).mtimeMs;
  assert.equal(loadThroughCache(dir, cacheDir), expected);
  assert.equal(fs.statSync(path.join(cacheDir, entry as string)).mtimeMs, written, 'an accepted cache is not rewritten');
});

test('a corrupt cache entry is ignored and replaced', () => {
  const { dir, cacheDir } = fixture(BUNDLE);
  loadThroughCache(dir, cacheDir);
  const entry = path.join(cacheDir, fs.readdirSync(cacheDir)[0] as string);
  fs.writeFileSync(entry, 'not v8 code cache');
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).helper, 'sibling');
  assert.notEqual(fs.readFileSync(entry, 'utf8'), 'not v8 code cache');
});

test('a changed bundle gets a new entry and the old one is removed', () => {
  const { dir, cacheDir } = fixture(BUNDLE);
  loadThroughCache(dir, cacheDir);
  const [before] = fs.readdirSync(cacheDir);
  fs.writeFileSync(path.join(dir, 'bundle.js'), BUNDLE + '\n// next build');
  loadThroughCache(dir, cacheDir);
  const after = fs.readdirSync(cacheDir);
  assert.equal(after.length, 1);
  assert.notEqual(after[0], before);
});

test('an unwritable cache folder only costs speed', () => {
  const { dir } = fixture(BUNDLE);
  const blocker = path.join(dir, 'file-not-folder');
  fs.writeFileSync(blocker, '');
  assert.equal(JSON.parse(loadThroughCache(dir, path.join(blocker, 'cache'))).helper, 'sibling');
});

test('the cache folder follows the environment and can be turned off', () => {
  assert.equal(compileCacheDir({ DYNAMO_GUARD_COMPILE_CACHE: 'off' }), undefined);
  assert.equal(compileCacheDir({ DYNAMO_GUARD_COMPILE_CACHE: '/x/y' }), '/x/y');
  assert.equal(compileCacheDir({ XDG_CACHE_HOME: '/c' }), path.join('/c', 'dynamo-guard', 'v8'));
});
