// The panel's form validation: one sentence per field before anything is sent, and a valid form
// becomes exactly the spec the engine runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseCondition } from '../../../src/core/query/conditionParser';
import { emptyPanelRequest, validatePanelRequest, type PanelRequest } from '../../../src/core/query/panelRequest';
import { buildQuery, buildScan } from '../../../src/core/query/requests';
import { files, orders, shop } from './fixtures';

const form = (over: Partial<PanelRequest>): PanelRequest => ({ ...emptyPanelRequest(), ...over });

test('a valid query form becomes the QuerySpec the engine runs', () => {
  const r = validatePanelRequest(
    shop,
    form({
      index: 'GSI1',
      pk: 'CATEGORY#books',
      skOp: 'between',
      sk: '10',
      sk2: '20',
      limit: ' 25 ',
      descending: true,
      projection: 'PK, total',
      filter: 'status = "PAID" AND begins_with(name, "a AND b")',
    }),
  );
  assert.ok(r.ok && r.mode === 'query', JSON.stringify(r));
  assert.deepEqual(r.spec.sk, { op: 'between', values: ['10', '20'] });
  assert.equal(r.spec.limit, 25);
  assert.deepEqual(r.spec.projection, ['PK', 'total']);
  assert.deepEqual(r.spec.filter, parseCondition('status = "PAID" AND begins_with(name, "a AND b")'));
  const { input } = buildQuery(r.spec);
  assert.equal(input.IndexName, 'GSI1');
  assert.equal(input.FilterExpression, '#n0 = :v0 AND begins_with(#n1, :v1)');
});

test('each bad field gets its own sentence, naming the attribute and its type', () => {
  const r = validatePanelRequest(orders, form({ pk: 'abc', limit: '0', projection: 'a,,b', filter: 'what is this' }));
  assert.ok(!r.ok);
  assert.match(r.errors.pk ?? '', /orderNumber is a number \(N\), but "abc"/);
  assert.match(r.errors.limit ?? '', /whole number of at least 1/);
  assert.match(r.errors.projection ?? '', /one of them is empty/);
  assert.equal(r.errors.filter, 'Column 6: expected =, <>, <, <=, >, >=, BETWEEN or IN after "what", found "is".');
});

test("a limit above DynamoDB's largest Limit is a field error, the largest one is accepted", () => {
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
  assert.ok(
    validatePanelRequest(shop, form({ index: 'byDate', pk: 'x', consistent: true })).ok,
    'an LSI reads consistently',
  );
  const unknown = validatePanelRequest(shop, form({ index: 'nope', pk: 'x' }));
  assert.ok(!unknown.ok);
  assert.match(unknown.errors.index ?? '', /no index named nope \(its indexes: GSI1, byDate\)/);
});

test('a Scan needs a positive read budget and ignores the key fields', () => {
  const none = validatePanelRequest(shop, form({ mode: 'scan', readBudget: '' }));
  assert.ok(!none.ok);
  assert.match(none.errors.readBudget ?? '', /read-unit budget greater than zero/);
  const r = validatePanelRequest(
    shop,
    form({ mode: 'scan', pk: 'ignored', readBudget: '50', projection: 'PK', filter: 'type = order' }),
  );
  assert.ok(r.ok && r.mode === 'scan', JSON.stringify(r));
  assert.equal(r.readBudget, 50);
  assert.deepEqual(r.spec.projection, ['PK']);
});

test('the filter box builds the request with the same parser as the CLI: AND, OR, NOT and functions', () => {
  const typed = 'status = "pending" AND total > 100 OR NOT (attribute_exists(refund) OR contains(tags, gift))';
  const r = validatePanelRequest(shop, form({ pk: 'CUSTOMER#1', filter: typed }));
  assert.ok(r.ok && r.mode === 'query', JSON.stringify(r));
  assert.deepEqual(r.spec.filter, parseCondition(typed));
  const { input } = buildQuery(r.spec);
  assert.equal(input.KeyConditionExpression, '#pk = :pk');
  assert.equal(input.FilterExpression, '#n0 = :v0 AND #n1 > :v1 OR NOT (attribute_exists(#n2) OR contains(#n3, :v2))');
  assert.deepEqual(input.ExpressionAttributeNames, {
    '#pk': 'PK',
    '#n0': 'status',
    '#n1': 'total',
    '#n2': 'refund',
    '#n3': 'tags',
  });
  assert.deepEqual(input.ExpressionAttributeValues, {
    ':pk': { S: 'CUSTOMER#1' },
    ':v0': { S: 'pending' },
    ':v1': { N: '100' },
    ':v2': { S: 'gift' },
  });

  const scan = validatePanelRequest(shop, form({ mode: 'scan', filter: 'total > 10 OR status = "pending"' }));
  assert.ok(scan.ok && scan.mode === 'scan', JSON.stringify(scan));
  assert.equal(buildScan(scan.spec).FilterExpression, '#n0 > :v0 OR #n1 = :v1');
});

test('an unreadable filter is refused on the filter field with its column, in both modes', () => {
  for (const mode of ['query', 'scan'] as const) {
    const r = validatePanelRequest(shop, form({ mode, pk: 'x', filter: 'total > 10 OR' }));
    assert.ok(!r.ok);
    assert.deepEqual(r.errors, {
      filter:
        'Column 14: expected a condition (an attribute name, a function such as attribute_exists(...), NOT or "("), found the end.',
    });
  }
  const spaces = validatePanelRequest(shop, form({ pk: 'x', filter: `contains(a,${' '.repeat(10_000)}` }));
  assert.ok(!spaces.ok);
  assert.match(spaces.errors.filter ?? '', /^Column 10012: expected a value/);
  assert.ok(validatePanelRequest(shop, form({ pk: 'x', filter: '   ' })).ok, 'a blank filter is no filter');
});
