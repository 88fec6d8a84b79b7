// SDK failures mapped to one actionable sentence, built from the SDK's own error classes and shapes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DynamoDBServiceException,
  ProvisionedThroughputExceededException,
  ResourceNotFoundException,
  ThrottlingException,
} from '@aws-sdk/client-dynamodb';
import { fromIni } from '@aws-sdk/credential-providers';
import { CredentialsProviderError } from '@smithy/core/config';
import { AwsProblem, errorDetail, timeoutProblem, toAwsProblem } from '../../../src/core/aws/errors';

function serviceError(name: string, message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

test('an expired SSO session names the profile and the login command', () => {
  const err = new CredentialsProviderError('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.', { tryNextLink: false });
  const p = toAwsProblem(err, { profile: 'dev' });
  assert.equal(p.code, 'expired-sso');
  assert.equal(p.message, 'Your SSO session for profile dev has expired: run `aws sso login --profile dev`.');
  assert.equal(p.cause, err);
});

test('SSOTokenProviderFailure and TokenRefreshRequired are expired SSO sessions', () => {
  for (const name of ['SSOTokenProviderFailure', 'TokenRefreshRequired']) {
    const err = Object.assign(new Error('token problem'), { name });
    assert.equal(toAwsProblem(err, { profile: 'prod' }).code, 'expired-sso', name);
  }
});

test('the real credential chain finding nothing maps to no-credentials without leaking secrets', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-creds-'));
  const config = path.join(dir, 'config');
  fs.writeFileSync(config, '[profile other]\nregion = eu-west-1\naws_secret_access_key = SUPERSECRET\n');
  let thrown: unknown;
  try {
    await fromIni({ profile: 'ghost', filepath: path.join(dir, 'credentials'), configFilepath: config })();
  } catch (err) {
    thrown = err;
  }
  fs.rmSync(dir, { recursive: true, force: true });
  assert.ok(thrown, 'fromIni must fail for a profile that does not exist');
  const p = toAwsProblem(thrown, { profile: 'ghost' });
  assert.equal(p.code, 'no-credentials');
  assert.match(p.message, /ghost/);
  assert.doesNotMatch(p.message, /SUPERSECRET/);
});

test('"Could not load credentials from any providers" maps to no-credentials with a next step', () => {
  const p = toAwsProblem(new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }));
  assert.equal(p.code, 'no-credentials');
  assert.equal(p.message, 'No AWS credentials found for profile default: run `aws configure` or `aws sso login`, or set AWS_PROFILE.');
});

test('access denied extracts the denied action', () => {
  const err = serviceError('AccessDeniedException', 'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:123456789012:table/shop because no identity-based policy allows the dynamodb:Query action');
  const p = toAwsProblem(err, { profile: 'dev', table: 'shop' });
  assert.equal(p.code, 'access-denied');
  assert.equal(p.action, 'dynamodb:Query');
  assert.equal(p.message, 'Access denied: profile dev may not perform dynamodb:Query on table shop; ask for that permission or use another profile.');
});

test('UnrecognizedClientException and ExpiredTokenException are credential problems', () => {
  assert.equal(toAwsProblem(serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.')).code, 'no-credentials');
  const expired = toAwsProblem(serviceError('ExpiredTokenException', 'The security token included in the request is expired'), { profile: 'dev' });
  assert.equal(expired.code, 'expired-sso');
  assert.match(expired.message, /aws sso login --profile dev/);
});

test('DNS failure on a regional AWS host is an unknown region', () => {
  const err = Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.us-nowhere-7.amazonaws.com'), { code: 'ENOTFOUND', hostname: 'dynamodb.us-nowhere-7.amazonaws.com', $metadata: { attempts: 1 } });
  const p = toAwsProblem(err, { region: 'us-nowhere-7' });
  assert.equal(p.code, 'unknown-region');
  assert.equal(p.message, 'Region us-nowhere-7 is unknown or unreachable (no DNS for dynamodb.us-nowhere-7.amazonaws.com): check the region name.');
});

test('a missing region says how to set one', () => {
  const p = toAwsProblem(new Error('Region is missing'), { profile: 'dev' });
  assert.equal(p.code, 'unknown-region');
  assert.equal(p.message, 'No AWS region is set: pass --region, set AWS_REGION, or add a region to profile dev.');
});

test('connection refused and reset name the endpoint', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET']) {
    const err = Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code, address: '127.0.0.1', port: 8000 });
    const p = toAwsProblem(err, { endpoint: 'http://localhost:8000' });
    assert.equal(p.code, 'endpoint-down');
    assert.equal(p.message, 'Nothing answers at http://localhost:8000 (is DynamoDB Local running?): start it or fix the endpoint URL.');
  }
});

test('socket timeouts map to timeout', () => {
  const err = Object.assign(new Error('@smithy/node-http-handler - the request socket timed out after 10000 ms of inactivity'), { name: 'TimeoutError' });
  assert.equal(toAwsProblem(err, { region: 'eu-west-1' }).message, 'The request in eu-west-1 timed out: check your network or the endpoint and retry.');
});

test('ResourceNotFoundException names the table and region', () => {
  const err = new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} });
  const p = toAwsProblem(err, { table: 'shop', region: 'us-east-1' });
  assert.equal(p.code, 'not-found');
  assert.equal(p.message, 'Table shop was not found in us-east-1: check the name, region and account.');
});

test('throttling carries the ThrottlingReasons of either casing', () => {
  const pte = new ProvisionedThroughputExceededException({ message: 'exceeded', $metadata: {}, ThrottlingReasons: [{ reason: 'TableReadProvisionedThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:1:table/shop' }] });
  const p = toAwsProblem(pte, { table: 'shop' });
  assert.equal(p.code, 'throttled');
  assert.deepEqual(p.throttlingReasons, ['TableReadProvisionedThroughputExceeded']);
  assert.equal(p.message, 'DynamoDB throttled the request on table shop (TableReadProvisionedThroughputExceeded): retry later, lower the rate, or raise its capacity.');
  const te = new ThrottlingException({ message: 'Throughput exceeds the maximum OnDemandThroughput', $metadata: {}, throttlingReasons: [{ reason: 'IndexReadMaxOnDemandThroughputExceeded' }] });
  assert.deepEqual(toAwsProblem(te).throttlingReasons, ['IndexReadMaxOnDemandThroughputExceeded']);
});

test('ValidationException keeps the service explanation in one sentence', () => {
  const p = toAwsProblem(serviceError('ValidationException', 'One or more parameter values were invalid: Condition parameter type does not match schema type'));
  assert.equal(p.code, 'validation');
  assert.equal(p.message, 'DynamoDB rejected the request: One or more parameter values were invalid: Condition parameter type does not match schema type.');
});

test('anything else is "other", and an AwsProblem passes through unchanged', () => {
  const p = toAwsProblem(serviceError('TransactionInProgressException', 'boom'));
  assert.equal(p.code, 'other');
  assert.equal(p.message, 'AWS request failed: boom. See the log (or --debug) for details.');
  assert.equal(toAwsProblem({}).message, 'AWS request failed: no message. See the log (or --debug) for details.');
  const again = new AwsProblem('timeout', 'x');
  assert.equal(toAwsProblem(again), again);
});

test('a service-side failure names its error and status, never echoing the service\'s generic "unknown error" text', () => {
  const err = new DynamoDBServiceException({
    name: 'InternalFailure', $fault: 'server', $metadata: { httpStatusCode: 500 },
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  });
  const p = toAwsProblem(err, { region: 'eu-west-1' });
  assert.equal(p.code, 'service-error');
  assert.equal(p.message, 'DynamoDB in eu-west-1 failed to process the request (InternalFailure, HTTP 500): retry later, and if it keeps failing see the log (or --debug) for the service\'s own message.');
  assert.equal(toAwsProblem(new DynamoDBServiceException({ name: 'InternalServerError', $fault: 'server', $metadata: {}, message: 'x' })).code, 'service-error');
});

test('the error detail lists the cause chain with what the service recorded', () => {
  const service = new DynamoDBServiceException({
    name: 'ValidationException', $fault: 'client', $metadata: { httpStatusCode: 400, requestId: 'r-1', attempts: 1 }, message: 'Limit must be greater than or equal to 1',
  });
  const problem = toAwsProblem(service);
  assert.deepEqual(errorDetail(problem), [
    'AwsProblem: DynamoDB rejected the request: Limit must be greater than or equal to 1.',
    'caused by ValidationException: Limit must be greater than or equal to 1 [HTTP 400, fault client, request id r-1, 1 attempt]',
  ]);
  const socket = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' });
  assert.deepEqual(errorDetail(socket), ['Error: connect ECONNREFUSED 127.0.0.1:1 [code ECONNREFUSED]']);
});

test('a timed-out call names the service, where, the bound per attempt and how to raise it', () => {
  assert.equal(
    timeoutProblem({ service: 'DynamoDB', region: 'eu-west-1', attemptMs: 10_000, attempts: 4, hint: 'the setting `dynamoGuard.aws.requestTimeoutSeconds`' }).message,
    'DynamoDB in eu-west-1 timed out (no answer within 10 s per attempt, 4 attempts): check the endpoint and your network, or allow longer with the setting `dynamoGuard.aws.requestTimeoutSeconds`.',
  );
  const p = timeoutProblem({ service: 'CloudWatch', endpoint: 'http://localhost:4566', attemptMs: 1_500, attempts: 1 });
  assert.equal(p.code, 'timeout');
  assert.equal(p.message, 'CloudWatch at http://localhost:4566 timed out (no answer within 1500 ms): check the endpoint and your network and retry.');
});
