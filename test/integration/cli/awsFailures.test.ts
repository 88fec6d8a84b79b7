// The built CLI (`dist/cli.js`, as users run it) when AWS does not cooperate: an endpoint that accepts
// connections and never answers, a --limit DynamoDB cannot take, and a request the service rejects.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as path from 'node:path';
import { CreateTableCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { dynamoDbClient, type ConnectionOptions } from '../../../src/core/aws/clients';
import { errorDetail, toAwsProblem } from '../../../src/core/aws/errors';
import { LOCAL_CREDENTIALS } from '../../harness/dynamodbLocal';
import { startSilentServer, type SilentServer } from '../../harness/silentServer';
import { testDynamoDb, uniqueTableName } from '../../harness/testDynamoDb';
import { buildCli } from '../../harness/builtCli';

const root = path.resolve(__dirname, '..', '..', '..');
const cliPath = path.join(root, 'dist', 'cli.js');
const table = uniqueTableName('failures');
// Started (or shared) at load time, so that its stop hook belongs to this file.
const local = testDynamoDb();

let silent: SilentServer;
let ddb: ConnectionOptions & { endpoint: string };

before(async () => {
  // The CLI under test is the bundle users run, so build it from this tree first.
  buildCli();
  silent = await startSilentServer();
  const { endpoint, region, credentials } = await local;
  ddb = { endpoint, region, credentials };
  await dynamoDbClient(ddb).send(
    new CreateTableCommand({
      TableName: table,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
    }),
  );
});
after(() => silent.stop());

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the built CLI with DynamoDB Local's credentials and nothing from this machine's AWS config. */
function cli(...argv: string[]): Promise<Run> {
  return cliWith(
    { AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey },
    ...argv,
  );
}

function cliWith(credentials: Record<string, string>, ...argv: string[]): Promise<Run> {
  const env = {
    PATH: process.env.PATH ?? '',
    ...credentials,
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: path.join(root, 'no-such-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(root, 'no-such-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    DYNAMO_GUARD_COMPILE_CACHE: 'off',
    NODE_NO_WARNINGS: '1',
  };
  const started = Date.now();
  return new Promise((resolve) => {
    // The kill timer only keeps a regression from hanging the suite; the assertions say what went wrong.
    execFile(process.execPath, [cliPath, ...argv], { env, timeout: 120_000 }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
      resolve({ code, stdout, stderr, ms: Date.now() - started });
    });
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function lines(text: string): string[] {
  return text.split('\n').filter((l) => l.trim() !== '');
}

test('get, tables, query and metrics against an endpoint that never answers end with a timed-out sentence and exit 1', async () => {
  const runs = await Promise.all([
    cli('get', 'orders', '--pk', 'a', '--endpoint-url', silent.endpoint, '--timeout', '2'),
    cli('tables', '--endpoint-url', silent.endpoint, '--timeout', '2'),
    cli('query', 'orders', '--pk', 'a', '--endpoint-url', silent.endpoint, '--timeout', '2'),
    cli('metrics', '--endpoint-url', silent.endpoint, '--timeout', '2'),
  ]);
  for (const [i, run] of runs.entries()) {
    const command = ['get', 'tables', 'query', 'metrics'][i];
    assert.ok(run.ms < 30_000, `${command} took ${run.ms} ms`);
    assert.equal(run.code, 1, `${command}: ${run.stderr}`);
    assert.equal(lines(run.stderr).length, 1, run.stderr);
    // The number of attempts is the SDK's (DynamoDB's default, AWS_MAX_ATTEMPTS).
    assert.match(
      run.stderr,
      new RegExp(
        `^dynamo-guard ${command}: DynamoDB at ${escape(silent.endpoint)} timed out \\(no answer within 2 s per attempt, \\d+ attempts\\): check the endpoint and your network, or allow longer with --timeout <seconds>\\.\n$`,
      ),
    );
  }
  assert.ok(silent.accepted() >= 4, 'every command reached the silent endpoint');
});

test('metrics whose CloudWatch never answers reports the tables as errors naming CloudWatch and exits 1', async () => {
  const run = await cli(
    'metrics',
    '--table',
    table,
    '--endpoint-url',
    ddb.endpoint,
    '--cloudwatch-endpoint-url',
    silent.endpoint,
    '--timeout',
    '2',
    '--format',
    'json',
  );
  assert.ok(run.ms < 30_000, `metrics took ${run.ms} ms`);
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { tables: { table: string; status: string; reason: string }[] };
  assert.deepEqual(
    report.tables.map((t) => [t.table, t.status]),
    [[table, 'error']],
  );
  const sentence = report.tables[0]?.reason ?? '';
  assert.match(
    sentence,
    new RegExp(
      `^CloudWatch at ${escape(silent.endpoint)} timed out \\(no answer within 2 s per attempt, \\d+ attempts\\): check the endpoint and your network, or allow longer with --timeout <seconds>\\.$`,
    ),
  );
  assert.deepEqual(lines(run.stderr), [`dynamo-guard metrics: could not read metrics for any table: ${sentence}`]);
});

test('--timeout is documented in the help of every AWS command and checked as a usage error', async () => {
  for (const command of ['get', 'tables', 'query', 'metrics']) {
    const help = await cli(command, '--help');
    assert.equal(help.code, 0);
    assert.match(
      help.stdout,
      /--timeout <seconds>\s+longest wait for an answer to one attempt of a request, 1 to 3600 \(default 10\)/,
    );
  }
  for (const bad of ['0', 'soon', '3601']) {
    const run = await cli('tables', '--endpoint-url', silent.endpoint, '--timeout', bad);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(lines(run.stderr).length, 1, run.stderr);
    assert.match(run.stderr, /^dynamo-guard tables: --timeout must be/);
  }
});

test('a --limit DynamoDB cannot take is a one-line usage error (exit 2) and the largest one is accepted', async () => {
  for (const [limit, message] of [
    ['2147483648', '--limit must be at most 2147483647 (DynamoDB\'s largest Limit), got "2147483648"'],
    [
      '99999999999999999999',
      '--limit must be at most 2147483647 (DynamoDB\'s largest Limit), got "99999999999999999999"',
    ],
    ['0', '--limit must be a positive whole number, got "0"'],
    ['1.5', '--limit must be a positive whole number, got "1.5"'],
  ] as const) {
    const run = await cli('query', table, '--pk', 'a', '--limit', limit, '--endpoint-url', ddb.endpoint);
    assert.equal(run.code, 2, run.stderr);
    assert.deepEqual(lines(run.stderr), [`dynamo-guard query: ${message}`]);
  }
  const largest = await cli(
    'query',
    table,
    '--pk',
    'a',
    '--limit',
    '2147483647',
    '--endpoint-url',
    ddb.endpoint,
    '--format',
    'json',
  );
  assert.equal(largest.code, 0, largest.stderr);
  assert.equal((JSON.parse(largest.stdout) as { count: number }).count, 0);
});

test("a request the service rejects reads as one sentence, and --debug adds the service's own error", async () => {
  const args = ['query', table, '--pk', 'a', '--filter', 'pk = "a"', '--endpoint-url', ddb.endpoint];
  const plain = await cli(...args);
  assert.equal(plain.code, 1);
  assert.deepEqual(lines(plain.stderr), [
    'dynamo-guard query: DynamoDB rejected the request: Filter Expression can only contain non-primary key attributes: Primary key attribute: pk.',
  ]);
  const debug = await cli(...args, '--debug');
  assert.equal(debug.code, 1);
  const [sentence, detail] = lines(debug.stderr);
  assert.equal(sentence, lines(plain.stderr)[0]);
  assert.match(
    detail ?? '',
    /^ {2}ValidationException: Filter Expression can only contain non-primary key attributes: Primary key attribute: pk \[HTTP 400, type com\.amazon\.coral\.validate#ValidationException, fault client, request id [\w-]+, 1 attempt\]$/,
  );
});

test('a service failure whose own message is "unknown error" becomes a sentence without it, and the detail keeps it', async () => {
  // Past our validation, DynamoDB Local fails a Limit over 2^31-1 inside the service (HTTP 500).
  const err = await dynamoDbClient({ ...ddb, maxAttempts: 1 })
    .send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': { S: 'a' } },
        Limit: 2 ** 31,
      }),
    )
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.ok(err, 'DynamoDB Local accepted a Limit of 2^31');
  const problem = toAwsProblem(err, { endpoint: ddb.endpoint, table });
  assert.equal(problem.code, 'service-error');
  assert.equal(
    problem.message,
    `DynamoDB at ${ddb.endpoint} failed to process the request (InternalFailure, HTTP 500): retry later, and if it keeps failing see the log (or --debug) for the service's own message.`,
  );
  assert.doesNotMatch(problem.message, /unknown error/);
  const [detail] = errorDetail(err);
  assert.match(
    detail ?? '',
    /^InternalFailure: The request processing has failed because of an unknown error, exception or failure\. \[HTTP 500, /,
  );
});

test('without any AWS credentials on the machine, DynamoDB Local still answers the CLI', async () => {
  // No env credentials and no config files: the fixed local-only credentials must be ones DynamoDB Local 2.x accepts.
  const run = await cliWith({}, 'tables', '--endpoint-url', ddb.endpoint, '--format', 'json');
  assert.equal(run.code, 0, run.stderr);
  assert.ok(Array.isArray((JSON.parse(run.stdout) as { tables: unknown }).tables));
});
