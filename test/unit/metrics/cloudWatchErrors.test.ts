import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { mentionsSignIn } from '../../../src/core/aws/errors';
import { describeCloudWatchError } from '../../../src/core/metrics/fetchMetrics';

test('an expired SSO session during a metrics read names the sign-in command, and the view can offer Sign In', () => {
  const err = Object.assign(
    new Error('The SSO session associated with this profile has expired or is otherwise invalid.'),
    { name: 'TokenProviderError' },
  );
  const reason = describeCloudWatchError(err, { profile: 'dev' });
  assert.equal(reason, 'CloudWatch: Your SSO session for profile dev has expired: run `aws sso login --profile dev`.');
  assert.equal(mentionsSignIn(reason), true);
});

test('expired credentials and a closed endpoint read as everywhere else; denial and throttling keep their CloudWatch words', () => {
  const expired = Object.assign(new Error('The security token included in the request is expired'), {
    name: 'ExpiredToken',
    $metadata: { httpStatusCode: 403 },
  });
  assert.match(
    describeCloudWatchError(expired, { profile: 'prod' }),
    /^CloudWatch: The credentials of profile prod have expired: refresh them \(`aws sso login --profile prod` for SSO\)/,
  );
  const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' });
  assert.equal(
    describeCloudWatchError(refused, { endpoint: 'http://127.0.0.1:9' }),
    'CloudWatch at http://127.0.0.1:9 does not answer: start it or fix the endpoint URL.',
  );
  const denied = Object.assign(new Error('User is not authorized to perform: cloudwatch:GetMetricData'), {
    name: 'AccessDenied',
    $metadata: { httpStatusCode: 403 },
  });
  assert.equal(
    describeCloudWatchError(denied),
    'CloudWatch denied GetMetricData (AccessDenied): allow cloudwatch:GetMetricData for this identity.',
  );
  assert.equal(mentionsSignIn(describeCloudWatchError(denied)), false);
  const throttled = Object.assign(new Error('Rate exceeded'), {
    name: 'Throttling',
    $metadata: { httpStatusCode: 400 },
  });
  assert.match(describeCloudWatchError(throttled), /^CloudWatch kept throttling GetMetricData \(Throttling\)/);
});
