// The DynamoDB Local harness that `npm test` and `npm run demo` use: telemetry off, and the
// metadata file it writes kept out of the repository and removed with the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient } from '../../src/core/aws/clients';
import { LOCAL_CREDENTIALS, startDynamoDbLocal } from '../harness/dynamodbLocal';

const repoRoot = path.resolve(__dirname, '..', '..');

function metadataFilesUnder(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    const parent = entry.parentPath ?? entry.path;
    if (parent.includes(`${path.sep}node_modules`) || parent.includes(`${path.sep}.git`)) continue;
    if (entry.name === 'dynamodb-local-metadata.json') found.push(path.join(parent, entry.name));
  }
  return found;
}

test('DynamoDB Local runs with telemetry off, in a folder of its own that is removed when it stops', async () => {
  const before = metadataFilesUnder(repoRoot);
  const ddb = await startDynamoDbLocal();
  try {
    assert.ok(!ddb.workDir.startsWith(repoRoot + path.sep), `work folder ${ddb.workDir} is inside the repository`);
    const cmdline = fs.readFileSync(`/proc/${ddb.pid}/cmdline`, 'utf8').split('\0');
    assert.ok(cmdline.includes('-disableTelemetry'), `java started without -disableTelemetry: ${cmdline.join(' ')}`);
    const client = dynamoDbClient({ endpoint: ddb.endpoint, region: 'us-east-1', credentials: LOCAL_CREDENTIALS });
    const listed = await client.send(new ListTablesCommand({}));
    assert.deepEqual(listed.TableNames, []);
    // It writes its metadata file on start; the file lives in the work folder, not the repository.
    assert.ok(
      fs.existsSync(path.join(ddb.workDir, 'dynamodb-local-metadata.json')),
      'metadata file expected in the work folder',
    );
  } finally {
    await ddb.stop();
  }
  assert.equal(fs.existsSync(ddb.workDir), false, 'work folder left behind');
  assert.deepEqual(metadataFilesUnder(repoRoot), before);
});
