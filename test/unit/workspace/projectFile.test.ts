// Files a project names for itself (its config, its baseline) are read only as the project's own:
// regular files, size-capped, inside the project when asked, and errors never quote their content.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';
import { ProjectFileError, readProjectFile } from '../../../src/core/workspace/projectFile';

const project = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-project-file-'));
const outsideDir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-outside-'));
after(() => {
  fs.rmSync(project, { recursive: true, force: true });
  fs.rmSync(outsideDir, { recursive: true, force: true });
});

const SECRET = 'TOKEN=s3cr3t-value';
fs.writeFileSync(path.join(outsideDir, 'secret.env'), SECRET);
fs.mkdirSync(path.join(project, 'sub'));
fs.writeFileSync(path.join(project, 'sub', 'baseline.json'), '{"ok":true}');

function problem(file: string, options: Parameters<typeof readProjectFile>[1]): ProjectFileError {
  try {
    readProjectFile(file, options);
  } catch (err) {
    assert.ok(err instanceof ProjectFileError, String(err));
    assert.ok(!err.message.includes('s3cr3t'), err.message);
    return err;
  }
  assert.fail(`${file} was read`);
}

describe('readProjectFile', () => {
  it('reads a regular file inside the project, also through a symlink that stays inside', () => {
    assert.equal(readProjectFile(path.join(project, 'sub', 'baseline.json'), { insideOf: [project] }), '{"ok":true}');
    fs.symlinkSync(path.join(project, 'sub', 'baseline.json'), path.join(project, 'inner-link.json'));
    assert.equal(readProjectFile(path.join(project, 'inner-link.json'), { insideOf: [project] }), '{"ok":true}');
  });

  for (const outside of ['/etc/shadow', '/proc/self/environ', '/dev/zero']) {
    it(`refuses ${outside}, outside the project, before opening it`, () => {
      const err = problem(outside, { insideOf: [project], label: 'baseline file x' });
      assert.equal(err.code, 'outside');
      assert.equal(err.message, `baseline file x is outside the project; name a file inside ${project}`);
    });
  }

  it('refuses a symlink inside the project that points outside it, and a ../ path', () => {
    fs.symlinkSync(path.join(outsideDir, 'secret.env'), path.join(project, 'leak.json'));
    assert.equal(problem(path.join(project, 'leak.json'), { insideOf: [project] }).code, 'outside');
    assert.equal(
      problem(path.join(project, 'sub', '..', '..', path.basename(outsideDir), 'secret.env'), { insideOf: [project] })
        .code,
      'outside',
    );
  });

  it('refuses a device and a FIFO wherever they are, without blocking', () => {
    assert.equal(problem('/dev/zero', {}).code, 'not-a-file');
    const fifo = path.join(project, 'pipe');
    execFileSync('mkfifo', [fifo]);
    assert.equal(problem(fifo, { insideOf: [project] }).code, 'not-a-file');
  });

  it('refuses a file over the cap, and says what is missing', () => {
    fs.writeFileSync(path.join(project, 'big.json'), 'x'.repeat(2048));
    const big = problem(path.join(project, 'big.json'), { maxBytes: 1024 });
    assert.equal(big.code, 'too-large');
    assert.match(big.message, /is larger than 1024 bytes/);
    assert.equal(problem(path.join(project, 'missing.json'), {}).code, 'not-found');
  });
});
