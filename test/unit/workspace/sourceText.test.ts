import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_SOURCE_BYTES, readSourceFile } from '../../../src/core/workspace/sourceText';
import { makeTempDir } from '../../harness/tempDirs';

test('a walked file is read without a stat, and says the same as one read with it', () => {
  const dir = makeTempDir('dg-source-');
  const file = path.join(dir, 'a.ts');
  fs.writeFileSync(file, '\ufeffexport const a = 1;\n');
  assert.deepEqual(readSourceFile(file, { walked: true }), readSourceFile(file));
  assert.deepEqual(readSourceFile(file, { walked: true }), { ok: true, text: 'export const a = 1;\n' });
  const big = path.join(dir, 'big.js');
  fs.writeFileSync(big, Buffer.alloc(MAX_SOURCE_BYTES + 1, 0x20));
  assert.equal(readSourceFile(big, { walked: true }).ok, false);
  assert.deepEqual(readSourceFile(big, { walked: true }), readSourceFile(big));
  const missing = path.join(dir, 'gone.ts');
  assert.deepEqual(readSourceFile(missing, { walked: true }), readSourceFile(missing));
});

test(
  'a walked file replaced by a FIFO since the walk reads as empty, never waiting for a writer',
  { skip: process.platform === 'win32' ? 'no FIFOs' : false, timeout: 10_000 },
  () => {
    const dir = makeTempDir('dg-source-');
    const fifo = path.join(dir, 'pipe.ts');
    execFileSync('mkfifo', [fifo]);
    assert.deepEqual(readSourceFile(fifo, { walked: true }), { ok: true, text: '' });
    assert.deepEqual(readSourceFile(fifo), {
      ok: false,
      reason: 'unreadable',
      message: 'cannot read: not a regular file',
    });
  },
);
