// The extension manifest's promises that no code path checks at run time.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as {
  extensionKind?: unknown;
};

describe('extension manifest', () => {
  it('runs on the workspace side in remote development, where the workspace files and ~/.aws are', () => {
    // Remote-SSH, WSL, Dev Containers and Codespaces: analysis reads the workspace's files and the
    // AWS SDK reads that machine's profiles, so the extension must never run on the UI side.
    assert.deepEqual(manifest.extensionKind, ['workspace']);
  });
});
