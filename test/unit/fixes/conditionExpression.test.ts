import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  equalityAttribute,
  sortKeyConditionAttribute,
  splitTopLevelAnd,
} from '../../../src/core/fixes/conditionExpression';

test('splits a filter at its top-level ANDs only, keeping parentheses and BETWEEN … AND …', () => {
  assert.deepEqual(
    splitTopLevelAnd('#s = :s AND (a = :a OR b = :b) and total BETWEEN :lo AND :hi AND attribute_not_exists(x)'),
    ['#s = :s', '(a = :a OR b = :b)', 'total BETWEEN :lo AND :hi', 'attribute_not_exists(x)'],
  );
  assert.deepEqual(splitTopLevelAnd('#s = :and'), ['#s = :and']);
});

test('refuses a top-level OR and unbalanced parentheses', () => {
  assert.equal(splitTopLevelAnd('a = :a OR b = :b'), undefined);
  assert.equal(splitTopLevelAnd('(a = :a AND b = :b'), undefined);
  assert.equal(splitTopLevelAnd('a = :a AND'), undefined);
});

test('recognises equalities and the sort-key forms a KeyConditionExpression accepts', () => {
  assert.equal(equalityAttribute('(#s = :s)'), '#s');
  assert.equal(equalityAttribute(':s = status'), 'status');
  assert.equal(equalityAttribute('a <> :a'), undefined);
  for (const part of ['createdAt >= :d', 'createdAt BETWEEN :a AND :b', 'begins_with(createdAt, :p)', 'createdAt = :d'])
    assert.equal(sortKeyConditionAttribute(part), 'createdAt', part);
  assert.equal(sortKeyConditionAttribute('contains(createdAt, :p)'), undefined);
});
