// The panel's form validation: one sentence per field before anything is sent, and a valid form
// becomes exactly the spec the engine runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { emptyPanelRequest, splitConditions, validatePanelRequest, type PanelRequest } from '../../../src/core/query/panelRequest';
import { buildQuery } from '../../../src/core/query/requests';
import { files, orders, shop } from './fixtures';

const form = (over: Partial<PanelRequest>): PanelRequest => ({ ...emptyPanelRequest(), ...over });

test('a valid query form becomes the QuerySpec the engine runs', () => {
  const r = validatePanelRequest(shop, form({ index: 'GSI1', pk: 'CATEGORY#books', skOp: 'between', sk: '10', sk2: '20', limit: ' 25 ', descending: true, projection: 'PK, total', filter: 'status = "PAID" AND begins_with(name, "a AND b")' }));
  assert.ok(r.ok && r.mode === 'query', JSON.stringify(r));
  assert.deepEqual(r.spec.sk, { op: 'between', values: ['10', '20'] });
  assert.equal(r.spec.limit, 25);
  assert.deepEqual(r.spec.projection, ['PK', 'total']);
  assert.deepEqual(r.spec.filter, [{ attribute: 'status', op: '=', value: '"PAID"' }, { op: 'begins_with', attribute: 'name', value: '"a AND b"' }]);
  assert.equal(buildQuery(r.spec).input.IndexName, 'GSI1');
});

test('each bad field gets its own sentence, naming the attribute and its type', () => {
  const r = validatePanelRequest(orders, form({ pk: 'abc', limit: '0', projection: 'a,,b', filter: 'what is this' }));
  assert.ok(!r.ok);
  assert.match(r.errors.pk ?? '', /orderNumber is a number \(N\), but "abc"/);
  assert.match(r.errors.limit ?? '', /whole number of at least 1/);
  assert.match(r.errors.projection ?? '', /one of them is empty/);
  assert.match(r.errors.filter ?? '', /Cannot read filter "what is this"/);
});

test('a limit above DynamoDB\'s largest Limit is a field error, the largest one is accepted', () => {
  const big = validatePanelRequest(shop, form({ pk: 'a', limit: '2147483648' }));
  assert.ok(!big.ok);
  assert.equal(big.errors.limit, 'Limit must be at most 2147483647.');
  const largest = validatePanelRequest(shop, form({ pk: 'a', limit: '2147483647' }));
  assert.ok(largest.ok && largest.mode === 'query', JSON.stringify(largest));
  assert.equal(largest.spec.limit, 2147483647);
});

test('sort-key conditions are checked against the key read: the index sort key, begins_with on numbers, both between values', () => {
  const onIndex = validatePanelRequest(shop, form({ index: 'GSI1', pk: 'x', skOp: 'between', sk: '1', sk2: 'ten' }));
  assert.ok(!onIndex.ok);
  assert.match(onIndex.errors.sk2 ?? '', /total is a number \(N\)/);
  assert.equal(onIndex.errors.sk, undefined);
  const prefix = validatePanelRequest(files, form({ pk: 'AQID', skOp: 'begins_with', sk: '1' }));
  assert.ok(!prefix.ok);
  assert.match(prefix.errors.sk ?? '', /begins_with works only on string and binary keys/);
  const noSortKey = validatePanelRequest(orders, form({ pk: '1', skOp: '=', sk: 'x' }));
  assert.ok(!noSortKey.ok);
  assert.match(noSortKey.errors.sk ?? '', /Table orders has no sort key/);
  assert.ok(!validatePanelRequest(files, form({ pk: 'not base64!' })).ok);
});

test('consistent reads on a GSI and unknown indexes are refused on their own fields', () => {
  const gsi = validatePanelRequest(shop, form({ index: 'GSI1', pk: 'x', consistent: true }));
  assert.ok(!gsi.ok);
  assert.match(gsi.errors.consistent ?? '', /GSI1 is a global secondary index/);
  assert.ok(validatePanelRequest(shop, form({ index: 'byDate', pk: 'x', consistent: true })).ok, 'an LSI reads consistently');
  const unknown = validatePanelRequest(shop, form({ index: 'nope', pk: 'x' }));
  assert.ok(!unknown.ok);
  assert.match(unknown.errors.index ?? '', /no index named nope \(its indexes: GSI1, byDate\)/);
});

test('a Scan needs a positive read budget and ignores the key fields', () => {
  const none = validatePanelRequest(shop, form({ mode: 'scan', readBudget: '' }));
  assert.ok(!none.ok);
  assert.match(none.errors.readBudget ?? '', /read-unit budget greater than zero/);
  const r = validatePanelRequest(shop, form({ mode: 'scan', pk: 'ignored', readBudget: '50', projection: 'PK', filter: 'type = order' }));
  assert.ok(r.ok && r.mode === 'scan', JSON.stringify(r));
  assert.equal(r.readBudget, 50);
  assert.deepEqual(r.spec.projection, ['PK']);
});

test('conditions split at AND outside quotes and parentheses, in any case', () => {
  assert.deepEqual(splitConditions('a = 1 and b <> "x AND y" AND contains(c, "and")'), ['a = 1', 'b <> "x AND y"', 'contains(c, "and")']);
  assert.deepEqual(splitConditions('brand = Anderson'), ['brand = Anderson']);
});
