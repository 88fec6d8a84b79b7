// The day's cache of cost series: owner-only files keyed by connection, table, shape and UTC day.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CostCache, userCacheDir } from '../../../src/core/cost/costCache';
import type { TableUsage } from '../../../src/core/cost/costModel';

const usage: TableUsage = {
  window: { startSec: 1000, periodSeconds: 300, periods: 2 },
  table: { read: [1, 2], write: [3, 4], provisionedRead: [Number.NaN, 5] },
  indexes: { g: { read: [0, 0], write: [7, 8] } },
};
const key = { connection: 'prod|us-east-1', table: 'orders', shape: '14|PROVISIONED|g', day: '2026-01-20' };

function withDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-cost-cache-'));
  try {
    fn(path.join(dir, 'cost'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('reads back what it wrote, provisioned gaps included', () =>
  withDir((dir) => {
    const cache = new CostCache(dir);
    assert.equal(cache.read(key), undefined);
    cache.write(key, usage);
    assert.deepEqual(cache.read(key), usage);
  }));

test('another day, table, connection or shape misses', () =>
  withDir((dir) => {
    const cache = new CostCache(dir);
    cache.write(key, usage);
    for (const other of [
      { day: '2026-01-21' },
      { table: 'users' },
      { connection: 'dev|us-east-1' },
      { shape: '14|PROVISIONED|g|h' },
    ]) {
      assert.equal(cache.read({ ...key, ...other }), undefined, JSON.stringify(other));
    }
  }));

test(
  "files and folders are the owner's only, and an older day is removed",
  { skip: process.platform === 'win32' },
  () =>
    withDir((dir) => {
      const cache = new CostCache(dir);
      cache.write({ ...key, day: '2026-01-19' }, usage);
      cache.write(key, usage);
      const files: string[] = [];
      const walk = (d: string) => {
        assert.equal(fs.statSync(d).mode & 0o777, 0o700, d);
        for (const e of fs.readdirSync(d, { withFileTypes: true }))
          (e.isDirectory() ? walk : (f: string) => files.push(f))(path.join(d, e.name));
      };
      walk(dir);
      assert.equal(files.length, 1);
      assert.match(path.basename(files[0] as string), /^2026-01-20-/);
      assert.equal(fs.statSync(files[0] as string).mode & 0o777, 0o600);
    }),
);

test('a corrupt entry is a miss, and an unwritable folder is no error', () =>
  withDir((dir) => {
    const cache = new CostCache(dir);
    cache.write(key, usage);
    const walk = (d: string): string => {
      const e = fs.readdirSync(d, { withFileTypes: true })[0]!;
      return e.isDirectory() ? walk(path.join(d, e.name)) : path.join(d, e.name);
    };
    fs.writeFileSync(walk(dir), '{not json');
    assert.equal(cache.read(key), undefined);
    fs.writeFileSync(path.join(path.dirname(dir), 'file'), '');
    assert.doesNotThrow(() => new CostCache(path.join(path.dirname(dir), 'file', 'cost')).write(key, usage));
  }));

test('the user cache folder follows XDG, macOS and Windows conventions', () => {
  assert.equal(userCacheDir({ XDG_CACHE_HOME: '/x' }, 'linux'), '/x');
  assert.equal(userCacheDir({ LOCALAPPDATA: 'C:\\L' }, 'win32'), 'C:\\L');
  assert.equal(userCacheDir({}, 'darwin'), path.join(os.homedir(), 'Library', 'Caches'));
  assert.equal(userCacheDir({}, 'linux'), path.join(os.homedir(), '.cache'));
});
