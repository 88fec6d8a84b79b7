// Connection settings: validation messages, the DynamoDB Local preset, the default profile's region.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  cloudWatchConnection,
  DYNAMODB_LOCAL,
  defaultConnection,
  profileRegion,
  toConnectionOptions,
  validateConnection,
} from '../../../src/core/connections';
import { disposeClients } from '../../../src/core/aws/clients';

test('the DynamoDB Local preset is valid and points at localhost:8000', () => {
  assert.deepEqual(validateConnection(DYNAMODB_LOCAL), []);
  assert.deepEqual(toConnectionOptions(DYNAMODB_LOCAL, 'us-east-1'), {
    region: 'us-east-1',
    endpoint: 'http://localhost:8000',
  });
});

test('validation names each bad field in a sentence', () => {
  assert.deepEqual(
    validateConnection({ name: 'dev', profile: 'has space', regions: ['useast1'], endpoint: 'ftp://x' }),
    [
      'Connection "dev": profile "has space" may only hold letters, digits and . _ - @ +.',
      'Connection "dev": "useast1" is not a region name like us-east-1.',
      'Connection "dev": endpoint "ftp://x" must be an http(s) URL such as http://localhost:8000.',
    ],
  );
  assert.deepEqual(validateConnection({ name: ' ', regions: [] }), ['A connection needs a name.']);
});

/** Runs `work` with `configText` as the only shared AWS config and no region in the environment. */
async function withSharedConfig(configText: string, work: () => Promise<void>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-conn-'));
  const saved = { ...process.env };
  try {
    fs.writeFileSync(path.join(dir, 'config'), configText);
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    delete process.env.AWS_REGION;
    delete process.env.AWS_DEFAULT_REGION;
    await work();
  } finally {
    process.env = saved;
    disposeClients();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the default connection takes the profile region from the shared config file', async () => {
  await withSharedConfig('[profile work]\nregion = eu-central-1\n', async () => {
    const conn = await defaultConnection({ AWS_PROFILE: 'work' });
    assert.deepEqual(conn, { name: 'Profile work', profile: 'work', regions: ['eu-central-1'] });
    assert.deepEqual(await defaultConnection({ AWS_REGION: 'ap-south-1' }), {
      name: 'Default profile',
      regions: ['ap-south-1'],
    });
  });
});

test('a named profile resolves to its own region; the environment wins; no region is undefined', async () => {
  await withSharedConfig('[profile analytics]\nregion = ap-northeast-1\n[profile bare]\noutput = json\n', async () => {
    assert.equal(await profileRegion('analytics', {}), 'ap-northeast-1');
    assert.equal(await profileRegion('bare', {}), undefined);
    assert.equal(await profileRegion('analytics', { AWS_REGION: 'eu-west-3' }), 'eu-west-3');
  });
});

test('CloudWatch comes from the connection override, else the SDK chain; DynamoDB Local alone has none', () => {
  const local = { name: 'Local', regions: ['us-east-1'], endpoint: 'http://localhost:8000' };
  assert.deepEqual(cloudWatchConnection({ ...local, cloudWatchEndpoint: 'http://127.0.0.1:4566' }, 'us-east-1', {}), {
    options: { region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' },
  });
  const none = cloudWatchConnection(local, 'us-east-1', {});
  assert.ok('unavailable' in none && /DynamoDB Local publishes no CloudWatch metrics/.test(none.unavailable));
  assert.deepEqual(cloudWatchConnection(local, 'us-east-1', { AWS_ENDPOINT_URL_CLOUDWATCH: 'http://127.0.0.1:9999' }), {
    options: { region: 'us-east-1' },
  });
  assert.deepEqual(cloudWatchConnection({ profile: 'prod' }, 'eu-west-1', {}), {
    options: { profile: 'prod', region: 'eu-west-1' },
  });
  assert.deepEqual(validateConnection({ name: 'x', regions: [], cloudWatchEndpoint: 'ftp://x' }), [
    'Connection "x": cloudWatchEndpoint "ftp://x" must be an http(s) URL such as http://localhost:4566.',
  ]);
});
