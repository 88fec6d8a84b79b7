import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { callsWrapper, wrapperCallPattern } from '../../../src/core/analyzer/wrappers';

// The matcher the pre-filter runs over every rejected file: `name(` as a whole word, and
// `this.name(` for generic names. Each case is checked against the regular expression that states
// the same rule, so the fast scan and the rule cannot drift apart.
const SPECIFIC = ['listOrders', 'getPassesByStatus', 'scan_all_items'];
const GENERIC = ['get', 'query'];

function reference(text: string): boolean {
  return new RegExp(`\\b(?:${SPECIFIC.join('|')})\\s*\\(|\\bthis\\.(?:${GENERIC.join('|')})\\s*\\(`).test(text);
}

const CASES: Array<[string, boolean]> = [
  ['listOrders()', true],
  ["await getPassesByStatus('active')", true],
  ['x = scan_all_items (table)', true],
  ['listOrders\n\t  (x)', true],
  ['obj.listOrders(1)', true],
  ['$listOrders(1)', true],
  ['listOrders\u00a0(1)', true],
  ['this.get(key)', true],
  ['return this.query ({})', true],
  ['(this.get)(key)', false],
  ['that.get(key)', false],
  ['xthis.get(key)', false],
  ['this .get(key)', false],
  ['get(key)', false],
  ['listOrdersAll()', false],
  ['mylistOrders()', false],
  ['_listOrders()', false],
  ['listOrders', false],
  ['listOrders = 1; (x)', false],
  ['(', false],
  ['', false],
  ['(((', false],
];

test('wrapper call matcher agrees with the rule written as a regular expression', () => {
  const matcher = wrapperCallPattern([...SPECIFIC, ...GENERIC]);
  assert.ok(matcher);
  for (const [text, expected] of CASES) {
    assert.equal(reference(text), expected, `reference on ${JSON.stringify(text)}`);
    assert.equal(matcher.test(text), expected, JSON.stringify(text));
  }
});

test('wrapper call matcher: names that are not identifiers are left out, and no names match nothing', () => {
  assert.equal(wrapperCallPattern([]), undefined);
  assert.equal(wrapperCallPattern(['a-b', '1x']), undefined);
  assert.equal(callsWrapper('listOrders()', []), false);
  assert.equal(callsWrapper('listOrders()', undefined), false);
  assert.equal(callsWrapper('x.listOrders()', ['listOrders']), true);
});

test('wrapper call matcher finds a call after many other calls in a large text', () => {
  const matcher = wrapperCallPattern(SPECIFIC);
  const filler = 'foo(bar(baz()), qux( 1 ));\n'.repeat(20_000);
  assert.equal(matcher?.test(filler), false);
  assert.equal(matcher?.test(`${filler}getPassesByStatus('x')`), true);
});
