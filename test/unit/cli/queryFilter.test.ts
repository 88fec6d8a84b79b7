// `query --filter` reads its filters before any request: an unreadable one is a usage error (exit 2)
// naming the flag and the column, whatever the endpoint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';

async function query(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd: '/',
    env: { AWS_REGION: 'us-east-1' },
    isTty: false,
  };
  // Port 9 (discard) on this machine: were a request sent, the error would name the endpoint instead.
  const code = await runCli(['query', 'orders', '--pk', 'x', ...argv, '--endpoint-url', 'http://127.0.0.1:9'], io);
  return { code, stdout, stderr };
}

test('an unreadable --filter exits 2 with its column and what was expected, before any request', async () => {
  assert.deepEqual(await query('--filter', 'status = "pending" AND'), {
    code: 2,
    stdout: '',
    stderr:
      'dynamo-guard query: --filter at column 23: expected a condition (an attribute name, a function such as attribute_exists(...), NOT or "("), found the end\n',
  });
  assert.deepEqual(await query('--filter', 'total > 1', '--filter', 'contains(a,   '), {
    code: 2,
    stdout: '',
    stderr:
      'dynamo-guard query: --filter #2 at column 15: expected a value (a "quoted string", a number, true, false, null or size(...)), found the end\n',
  });
  assert.equal(
    (await query('--filter', '')).stderr,
    'dynamo-guard query: --filter at column 1: expected a condition (an attribute name, a function such as attribute_exists(...), NOT or "("), found the end\n',
  );
});
