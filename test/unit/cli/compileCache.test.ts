import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { cacheFileFor, compileCacheDir, integrityFileFor } from '../../../src/cli/compileCache';
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
  const [entry, integrity] = fs.readdirSync(cacheDir).sort();
  assert.match(entry ?? '', /^bundle-[0-9a-f]{24}\.cache$/);
  assert.equal(integrity, `${entry}.sha256`);
  const written = fs.statSync(path.join(cacheDir, entry as string)).mtimeMs;
  assert.equal(loadThroughCache(dir, cacheDir), expected);
  assert.equal(
    fs.statSync(path.join(cacheDir, entry as string)).mtimeMs,
    written,
    'an accepted cache is not rewritten',
  );
});

test('a corrupt cache entry is ignored and replaced', () => {
  const { dir, cacheDir } = fixture(BUNDLE);
  loadThroughCache(dir, cacheDir);
  const entry = path.join(cacheDir, fs.readdirSync(cacheDir).sort()[0] as string);
  fs.writeFileSync(entry, 'not v8 code cache');
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).helper, 'sibling');
  assert.notEqual(fs.readFileSync(entry, 'utf8'), 'not v8 code cache');
});

test('a changed bundle gets a new entry and the old one is removed', () => {
  const { dir, cacheDir } = fixture(BUNDLE);
  loadThroughCache(dir, cacheDir);
  const [before] = fs.readdirSync(cacheDir).sort();
  fs.writeFileSync(path.join(dir, 'bundle.js'), BUNDLE + '\n// next build');
  loadThroughCache(dir, cacheDir);
  const later = fs.readdirSync(cacheDir).sort();
  assert.equal(later.length, 2, 'one entry and its integrity file');
  assert.notEqual(later[0], before);
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

// Same length, so V8's own check (source length, flags, version) accepts the one's code cache for
// the other: a planted entry would run "evil" code for the "good" bundle.
// The word is top-level code, which the cache holds (inner functions compile lazily from the source).
const GOOD =
  'const word = "good";\nmodule.exports = { describe: () => ({ helper: require("./helper.js").word, word }) };';
const EVIL = GOOD.replace('"good"', '"evil"');

/** V8 code cache of EVIL, written where the cache keeps GOOD's, with an integrity file holding `digest`. */
function plantEvilCache(dir: string, cacheDir: string, digest: (data: Buffer) => string): void {
  const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(EVIL), {
    filename: path.join(dir, 'bundle.js'),
  });
  const data = script.createCachedData();
  const file = cacheFileFor(cacheDir, path.join(dir, 'bundle.js'), GOOD);
  fs.writeFileSync(file, data, { mode: 0o600 });
  fs.writeFileSync(integrityFileFor(file), digest(data), { mode: 0o600 });
}

const sha256 = (data: Buffer) => crypto.createHash('sha256').update(data).digest('hex');

test('the experiment holds: V8 runs a planted code cache of other code of the same length', () => {
  const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(EVIL));
  const accepted = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(GOOD), {
    cachedData: script.createCachedData(),
  });
  assert.equal(accepted.cachedDataRejected, false);
  const m = { exports: {} as { describe?: () => { word: string } } };
  (accepted.runInThisContext() as (...a: unknown[]) => void)(m.exports, () => ({ word: '' }), m, '', '');
  assert.equal(m.exports.describe?.().word, 'evil');
});

test('a planted cache entry whose integrity hash does not match is ignored and replaced', () => {
  const { dir, cacheDir } = fixture(GOOD);
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good');
  plantEvilCache(dir, cacheDir, () => sha256(Buffer.from('something else')));
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good');
  const file = cacheFileFor(cacheDir, path.join(dir, 'bundle.js'), GOOD);
  assert.equal(
    fs.readFileSync(integrityFileFor(file), 'utf8'),
    sha256(fs.readFileSync(file)),
    'rewritten with its own hash',
  );
});

test('a planted cache entry without an integrity file is ignored', () => {
  const { dir, cacheDir } = fixture(GOOD);
  loadThroughCache(dir, cacheDir);
  plantEvilCache(dir, cacheDir, sha256);
  fs.rmSync(integrityFileFor(cacheFileFor(cacheDir, path.join(dir, 'bundle.js'), GOOD)));
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good');
});

test('a group- or world-writable cache folder is not used, even with a matching hash', () => {
  const { dir, cacheDir } = fixture(GOOD);
  loadThroughCache(dir, cacheDir);
  plantEvilCache(dir, cacheDir, sha256);
  for (const mode of [0o777, 0o770]) {
    fs.chmodSync(cacheDir, mode);
    assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good');
  }
  const entry = cacheFileFor(cacheDir, path.join(dir, 'bundle.js'), GOOD);
  fs.chmodSync(cacheDir, 0o700);
  fs.chmodSync(entry, 0o666);
  assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good', 'a world-writable entry is not used either');
});

test('the cache folder is created owner-only', () => {
  const { dir, cacheDir } = fixture(GOOD);
  loadThroughCache(dir, cacheDir);
  assert.equal(fs.statSync(cacheDir).mode & 0o777, 0o700);
  for (const f of fs.readdirSync(cacheDir)) assert.equal(fs.statSync(path.join(cacheDir, f)).mode & 0o077, 0, f);
});

test(
  'a cache folder owned by another user is not used',
  { skip: process.getuid?.() !== 0 && 'needs root to chown' },
  () => {
    const { dir, cacheDir } = fixture(GOOD);
    loadThroughCache(dir, cacheDir);
    plantEvilCache(dir, cacheDir, sha256);
    fs.chownSync(cacheDir, 65534, 65534);
    assert.equal(JSON.parse(loadThroughCache(dir, cacheDir)).word, 'good');
  },
);

test('two installs of the same bundle keep separate cache entries, so stack traces name their own file', () => {
  const same = 'module.exports = 1;';
  const a = cacheFileFor('/cache', '/opt/one/dist/cli.js', same);
  const b = cacheFileFor('/cache', '/opt/two/dist/cli.js', same);
  assert.notEqual(a, b);
  assert.equal(cacheFileFor('/cache', '/opt/one/dist/cli.js', same), a);
});
