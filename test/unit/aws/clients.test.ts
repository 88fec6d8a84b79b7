// The client factory's time bounds: the handler options it builds, and real SDK clients against an
// endpoint that accepts connections and never answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import {
  callTimeoutMs,
  cloudWatchClient,
  DEFAULT_REQUEST_TIMEOUT_MS,
  disposeClients,
  dynamoDbClient,
  requestHandlerOptions,
  type ConnectionOptions,
} from '../../../src/core/aws/clients';
import { AwsProblem, toAwsProblem } from '../../../src/core/aws/errors';
import { startSilentServer, type SilentServer } from '../../harness/silentServer';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
// Without a bound these calls never end: fail the test instead of hanging the run.
const HANG_GUARD = { timeout: 30_000 };

let silent: SilentServer;
before(async () => {
  silent = await startSilentServer();
});
after(async () => {
  disposeClients();
  await silent.stop();
});

test('request handler options turn an exceeded request timeout into an error and bound connect and idle socket too', () => {
  assert.deepEqual(requestHandlerOptions({}), {
    connectionTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    requestTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
    throwOnRequestTimeout: true,
    socketTimeout: DEFAULT_REQUEST_TIMEOUT_MS,
  });
  assert.equal(DEFAULT_REQUEST_TIMEOUT_MS, 10_000);
  assert.deepEqual(requestHandlerOptions({ requestTimeoutMs: 2_500 }), {
    connectionTimeout: 2_500,
    requestTimeout: 2_500,
    throwOnRequestTimeout: true,
    socketTimeout: 2_500,
  });
});

test('a whole call is bounded by the attempt timeout times the attempts', () => {
  assert.equal(callTimeoutMs({ requestTimeoutMs: 2_000 }, 3), 6_000);
  assert.equal(callTimeoutMs({}, 4), 40_000);
  assert.equal(callTimeoutMs({ requestTimeoutMs: 2_000 }, 0), 2_000, 'at least one attempt');
});

test('a client built with explicit credentials is never handed to a connection without them', () => {
  const conn = { endpoint: 'http://127.0.0.1:8000', region: 'us-east-1' };
  const withCredentials = dynamoDbClient({ ...conn, credentials });
  assert.equal(dynamoDbClient({ ...conn, credentials }), withCredentials, 'the same credentials share the client');
  assert.notEqual(dynamoDbClient(conn), withCredentials);
  assert.notEqual(dynamoDbClient({ ...conn, credentials: { ...credentials } }), withCredentials);
});

function silentConn(extra: Partial<ConnectionOptions> = {}): ConnectionOptions {
  return {
    endpoint: silent.endpoint,
    region: 'us-east-1',
    credentials,
    requestTimeoutMs: 300,
    maxAttempts: 2,
    ...extra,
  };
}

test(
  'DynamoDB that never answers ends with a timed-out problem naming the service, endpoint, bound and how to raise it',
  HANG_GUARD,
  async () => {
    const before = silent.accepted();
    const err = await dynamoDbClient(silentConn({ timeoutHint: '--timeout <seconds>' }))
      .send(new ListTablesCommand({}))
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    assert.ok(err instanceof AwsProblem, String(err));
    assert.equal(err.code, 'timeout');
    assert.equal(
      err.message,
      `DynamoDB at ${silent.endpoint} timed out (no answer within 300 ms per attempt, 2 attempts): check the endpoint and your network, or allow longer with --timeout <seconds>.`,
    );
    assert.equal(toAwsProblem(err, { endpoint: silent.endpoint }), err, 'the mapper keeps the sentence');
    assert.ok(silent.accepted() > before, 'the request reached the endpoint');
  },
);

test('CloudWatch that never answers ends the same way, named as CloudWatch', HANG_GUARD, async () => {
  const err = await cloudWatchClient(silentConn({ maxAttempts: 1 }))
    .send(new ListMetricsCommand({}))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.ok(err instanceof AwsProblem, String(err));
  assert.equal(err.code, 'timeout');
  assert.equal(
    err.message,
    `CloudWatch at ${silent.endpoint} timed out (no answer within 300 ms): check the endpoint and your network and retry.`,
  );
});

test('without maxAttempts the bound counts the attempts the SDK itself makes', HANG_GUARD, async () => {
  const { maxAttempts: _unset, ...conn } = silentConn({ requestTimeoutMs: 200 });
  const sdkAttempts = await dynamoDbClient(conn).config.maxAttempts();
  const err = await dynamoDbClient(conn)
    .send(new ListTablesCommand({}))
    .then(
      () => undefined,
      (e: unknown) => e,
    );
  assert.ok(err instanceof AwsProblem, String(err));
  assert.match(err.message, new RegExp(`no answer within 200 ms per attempt, ${sdkAttempts} attempts`));
});

test('the caller cancelling a hanging call is a cancellation, not a timeout', HANG_GUARD, async () => {
  const controller = new AbortController();
  const sent = dynamoDbClient(silentConn({ requestTimeoutMs: 20_000 })).send(new ListTablesCommand({}), {
    abortSignal: controller.signal,
  });
  setTimeout(() => controller.abort(), 50);
  const err = await sent.then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.equal(toAwsProblem(err).code, 'aborted');
});
