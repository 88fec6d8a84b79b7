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
import { AwsProblem, errorDetail, mfaCodeNeeded, timeoutProblem, toAwsProblem } from '../../../src/core/aws/errors';

function serviceError(name: string, message: string): DynamoDBServiceException {
  return new DynamoDBServiceException({ name, $fault: 'client', $metadata: { httpStatusCode: 400 }, message });
}

test('an expired SSO session names the profile and the login command', () => {
  const err = new CredentialsProviderError(
    'The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.',
    { tryNextLink: false },
  );
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
  const p = toAwsProblem(
    new CredentialsProviderError('Could not load credentials from any providers', { tryNextLink: false }),
  );
  assert.equal(p.code, 'no-credentials');
  assert.equal(
    p.message,
    'No AWS credentials found for profile default: run `aws configure` or `aws sso login`, or set AWS_PROFILE.',
  );
});

test('access denied extracts the denied action', () => {
  const err = serviceError(
    'AccessDeniedException',
    'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: dynamodb:Query on resource: arn:aws:dynamodb:us-east-1:123456789012:table/shop because no identity-based policy allows the dynamodb:Query action',
  );
  const p = toAwsProblem(err, { profile: 'dev', table: 'shop' });
  assert.equal(p.code, 'access-denied');
  assert.equal(p.action, 'dynamodb:Query');
  assert.equal(
    p.message,
    'Access denied: profile dev may not perform dynamodb:Query on table shop; ask for that permission or use another profile.',
  );
});

test('UnrecognizedClientException and ExpiredTokenException are credential problems', () => {
  assert.equal(
    toAwsProblem(serviceError('UnrecognizedClientException', 'The security token included in the request is invalid.'))
      .code,
    'no-credentials',
  );
  const expired = toAwsProblem(
    serviceError('ExpiredTokenException', 'The security token included in the request is expired'),
    { profile: 'dev' },
  );
  assert.equal(expired.code, 'expired-sso');
  assert.match(expired.message, /aws sso login --profile dev/);
});

test('DNS failure on a regional AWS host is an unknown region', () => {
  const err = Object.assign(new Error('getaddrinfo ENOTFOUND dynamodb.us-nowhere-7.amazonaws.com'), {
    code: 'ENOTFOUND',
    hostname: 'dynamodb.us-nowhere-7.amazonaws.com',
    $metadata: { attempts: 1 },
  });
  const p = toAwsProblem(err, { region: 'us-nowhere-7' });
  assert.equal(p.code, 'unknown-region');
  assert.equal(
    p.message,
    'Region us-nowhere-7 is unknown or unreachable (no DNS for dynamodb.us-nowhere-7.amazonaws.com): check the region name.',
  );
});

test('a missing region says how to set one', () => {
  const p = toAwsProblem(new Error('Region is missing'), { profile: 'dev' });
  assert.equal(p.code, 'unknown-region');
  assert.equal(p.message, 'No AWS region is set: pass --region, set AWS_REGION, or add a region to profile dev.');
});

test('connection refused and reset name the service and its endpoint; only a local DynamoDB asks about DynamoDB Local', () => {
  for (const code of ['ECONNREFUSED', 'ECONNRESET']) {
    const err = Object.assign(new Error(`connect ${code} 127.0.0.1:8000`), { code, address: '127.0.0.1', port: 8000 });
    const p = toAwsProblem(err, { endpoint: 'http://localhost:8000' });
    assert.equal(p.code, 'endpoint-down');
    assert.equal(
      p.message,
      'DynamoDB at http://localhost:8000 does not answer (is DynamoDB Local running?): start it or fix the endpoint URL.',
    );
    const cw = toAwsProblem(err, { service: 'CloudWatch', endpoint: 'http://localhost:8000' });
    assert.equal(cw.message, 'CloudWatch at http://localhost:8000 does not answer: start it or fix the endpoint URL.');
  }
  const remote = Object.assign(new Error('connect ECONNREFUSED 10.0.0.5:443'), {
    code: 'ECONNREFUSED',
    address: '10.0.0.5',
    port: 443,
  });
  assert.equal(
    toAwsProblem(remote, { endpoint: 'https://ddb.internal.example' }).message,
    'DynamoDB at https://ddb.internal.example does not answer: start it or fix the endpoint URL.',
  );
});

test("a refused connection to another endpoint than the service's is named as that one, with where credentials come from", () => {
  // Assuming a role sends STS a request before DynamoDB gets any: its endpoint is the one that is down.
  const sts = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4599'), {
    code: 'ECONNREFUSED',
    address: '127.0.0.1',
    port: 4599,
  });
  const p = toAwsProblem(sts, { profile: 'prod', endpoint: 'http://localhost:8000' });
  assert.equal(p.code, 'endpoint-down');
  assert.equal(
    p.message,
    'Nothing answers at 127.0.0.1:4599, which is not DynamoDB at http://localhost:8000 but an endpoint the credentials of profile prod come from (STS or SSO): start it or fix that endpoint in your AWS config.',
  );
  assert.doesNotMatch(p.message, /DynamoDB Local running/);
  assert.equal(
    toAwsProblem(sts, { service: 'CloudWatch', region: 'eu-west-1' }).message,
    'Nothing answers at 127.0.0.1:4599 (calling CloudWatch in eu-west-1): check your network and any endpoint settings in your AWS config.',
  );
});

test('socket timeouts map to timeout, naming the service', () => {
  const err = Object.assign(
    new Error('@smithy/node-http-handler - the request socket timed out after 10000 ms of inactivity'),
    { name: 'TimeoutError' },
  );
  assert.equal(
    toAwsProblem(err, { region: 'eu-west-1' }).message,
    'DynamoDB in eu-west-1 timed out: check your network or the endpoint and retry.',
  );
  assert.equal(
    toAwsProblem(err, { service: 'CloudWatch', endpoint: 'http://127.0.0.1:9' }).message,
    'CloudWatch at http://127.0.0.1:9 timed out: check your network or the endpoint and retry.',
  );
});

test('every sentence that names a service names the one in the context', () => {
  const failures: Array<[string, unknown]> = [
    ['validation', serviceError('ValidationException', 'bad parameter')],
    [
      'service-error',
      new DynamoDBServiceException({
        name: 'InternalFailure',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
        message: 'x',
      }),
    ],
    [
      'throttled',
      Object.assign(new Error('Rate exceeded'), { name: 'Throttling', $metadata: { httpStatusCode: 400 } }),
    ],
    ['not-found', new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} })],
    ['timeout', Object.assign(new Error('timed out'), { name: 'TimeoutError' })],
    [
      'endpoint-down',
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
        code: 'ECONNREFUSED',
        address: '127.0.0.1',
        port: 9,
      }),
    ],
    ['other', serviceError('SomethingNew', 'boom')],
  ];
  for (const [code, err] of failures) {
    const cw = toAwsProblem(err, { service: 'CloudWatch', endpoint: 'http://127.0.0.1:9', table: 'shop' });
    assert.equal(cw.code, code);
    assert.match(cw.message, /CloudWatch/, `${code}: ${cw.message}`);
    assert.doesNotMatch(cw.message, /DynamoDB|Table shop/, `${code}: ${cw.message}`);
    const ddb = toAwsProblem(err, { endpoint: 'http://127.0.0.1:9', table: 'shop' });
    assert.doesNotMatch(ddb.message, /CloudWatch/, `${code}: ${ddb.message}`);
  }
});

test('a role that needs an MFA code nobody could give names the MFA need, not `aws configure`', () => {
  const err = new CredentialsProviderError(
    'Profile prod requires multi-factor authentication, but no MFA code callback was provided.',
    { tryNextLink: false },
  );
  const p = toAwsProblem(err, { profile: 'prod' });
  assert.equal(p.code, 'mfa-required');
  assert.equal(
    p.message,
    'Profile prod assumes a role that needs an MFA code: give it to the CLI with --mfa-code <code>; the editor asks for it when it needs it.',
  );
  assert.doesNotMatch(p.message, /aws configure|No AWS credentials/);
  assert.equal(p.cause, err);
});

test('STS refusing the MFA code says so, not "access denied"', () => {
  const err = Object.assign(new Error('MultiFactorAuthentication failed with invalid MFA one time pass code. '), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  });
  const p = toAwsProblem(err, { profile: 'prod', table: 'shop' });
  assert.equal(p.code, 'mfa-required');
  assert.equal(
    p.message,
    'STS refused the MFA code for profile prod: enter the current code of its MFA device (each code works once) and retry.',
  );
});

test('sts:AssumeRole denied names the role, not a table', () => {
  const err = Object.assign(
    new Error(
      'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/prod',
    ),
    { name: 'AccessDenied' },
  );
  const p = toAwsProblem(err, { profile: 'prod', table: 'shop' });
  assert.equal(
    p.message,
    'Access denied: profile prod may not perform sts:AssumeRole (to assume the role of the profile); ask for that permission or use another profile.',
  );
});

test('an AwsProblem made by another copy of the module (another bundle) passes through as is', () => {
  const foreign = Object.assign(new Error('Profile prod assumes a role that needs an MFA code: pass --mfa-code.'), {
    name: 'AwsProblem',
    code: 'mfa-required',
  });
  assert.equal(toAwsProblem(foreign, { profile: 'prod' }), foreign);
  assert.equal(
    mfaCodeNeeded('prod', 'pass --mfa-code <code>', 'arn:aws:iam::1:mfa/me').message,
    'Profile prod assumes a role that needs an MFA code from arn:aws:iam::1:mfa/me: pass --mfa-code <code>.',
  );
});

test('ResourceNotFoundException names the table and region', () => {
  const err = new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} });
  const p = toAwsProblem(err, { table: 'shop', region: 'us-east-1' });
  assert.equal(p.code, 'not-found');
  assert.equal(p.message, 'Table shop was not found in us-east-1: check the name, region and account.');
});

test('throttling carries the ThrottlingReasons of either casing', () => {
  const pte = new ProvisionedThroughputExceededException({
    message: 'exceeded',
    $metadata: {},
    ThrottlingReasons: [
      { reason: 'TableReadProvisionedThroughputExceeded', resource: 'arn:aws:dynamodb:us-east-1:1:table/shop' },
    ],
  });
  const p = toAwsProblem(pte, { table: 'shop' });
  assert.equal(p.code, 'throttled');
  assert.deepEqual(p.throttlingReasons, ['TableReadProvisionedThroughputExceeded']);
  assert.equal(
    p.message,
    'DynamoDB throttled the request on table shop (TableReadProvisionedThroughputExceeded): retry later, lower the rate, or raise its capacity.',
  );
  const te = new ThrottlingException({
    message: 'Throughput exceeds the maximum OnDemandThroughput',
    $metadata: {},
    throttlingReasons: [{ reason: 'IndexReadMaxOnDemandThroughputExceeded' }],
  });
  assert.deepEqual(toAwsProblem(te).throttlingReasons, ['IndexReadMaxOnDemandThroughputExceeded']);
});

test('ValidationException keeps the service explanation in one sentence', () => {
  const p = toAwsProblem(
    serviceError(
      'ValidationException',
      'One or more parameter values were invalid: Condition parameter type does not match schema type',
    ),
  );
  assert.equal(p.code, 'validation');
  assert.equal(
    p.message,
    'DynamoDB rejected the request: One or more parameter values were invalid: Condition parameter type does not match schema type.',
  );
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
    name: 'InternalFailure',
    $fault: 'server',
    $metadata: { httpStatusCode: 500 },
    message: 'The request processing has failed because of an unknown error, exception or failure.',
  });
  const p = toAwsProblem(err, { region: 'eu-west-1' });
  assert.equal(p.code, 'service-error');
  assert.equal(
    p.message,
    "DynamoDB in eu-west-1 failed to process the request (InternalFailure, HTTP 500): retry later, and if it keeps failing see the log (or --debug) for the service's own message.",
  );
  assert.equal(
    toAwsProblem(
      new DynamoDBServiceException({ name: 'InternalServerError', $fault: 'server', $metadata: {}, message: 'x' }),
    ).code,
    'service-error',
  );
});

test('the error detail lists the cause chain with what the service recorded', () => {
  const service = new DynamoDBServiceException({
    name: 'ValidationException',
    $fault: 'client',
    $metadata: { httpStatusCode: 400, requestId: 'r-1', attempts: 1 },
    message: 'Limit must be greater than or equal to 1',
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
    timeoutProblem({
      service: 'DynamoDB',
      region: 'eu-west-1',
      attemptMs: 10_000,
      attempts: 4,
      hint: 'the setting `dynamoGuard.aws.requestTimeoutSeconds`',
    }).message,
    'DynamoDB in eu-west-1 timed out (no answer within 10 s per attempt, 4 attempts): check the endpoint and your network, or allow longer with the setting `dynamoGuard.aws.requestTimeoutSeconds`.',
  );
  const p = timeoutProblem({ service: 'CloudWatch', endpoint: 'http://localhost:4566', attemptMs: 1_500, attempts: 1 });
  assert.equal(p.code, 'timeout');
  assert.equal(
    p.message,
    'CloudWatch at http://localhost:4566 timed out (no answer within 1500 ms): check the endpoint and your network and retry.',
  );
});
