// A caught value as a sentence (the notification) and as detail (the log), whatever was thrown.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { errorDetail, errorMessage, errorSentence } from '../../src/core/errorMessage';

test('the message of an Error, or the text of anything else thrown', () => {
  assert.equal(errorMessage(new Error('Table orders was not found.')), 'Table orders was not found.');
  assert.equal(errorMessage('plain text'), 'plain text');
  assert.equal(errorMessage(42), '42');
  assert.equal(errorMessage(undefined), 'undefined');
});

test('one sentence: the first line, ending in a full stop', () => {
  assert.equal(errorSentence(new Error('Could not read the ARN')), 'Could not read the ARN.');
  assert.equal(errorSentence(new Error('Sign in with `aws sso login`?')), 'Sign in with `aws sso login`?');
  assert.equal(errorSentence(new Error('First line.\n    at somewhere (file.ts:1:1)')), 'First line.');
  assert.equal(errorSentence(new Error('')), 'Something went wrong.');
});

test('the detail holds the stack and every cause, and stops on a cycle', () => {
  const root = new Error('socket hang up');
  const err = new Error('DescribeTable failed', { cause: root });
  const detail = errorDetail(err);
  assert.match(detail, /^Error: DescribeTable failed\n\s+at /);
  assert.match(detail, /\nCaused by: Error: socket hang up\n\s+at /);
  const a = new Error('a');
  const b = new Error('b', { cause: a });
  (a as { cause?: unknown }).cause = b;
  assert.equal(errorDetail(b).split('Caused by').length, 2, 'a cause cycle is walked once');
  assert.equal(errorDetail('text'), 'text');
});
