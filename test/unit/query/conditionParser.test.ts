// The filter parser: what each operator becomes, DynamoDB's precedence, the typed literals, errors
// with their column, placeholders that never mix with names or values, and linear time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import {
  ConditionSyntaxError,
  MAX_IN_VALUES,
  MAX_NESTING,
  allOf,
  conditionExpression,
  parseCondition,
} from '../../../src/core/query/conditionParser';
import { QueryInputError } from '../../../src/core/query/keyValue';

interface Written {
  expression: string;
  names: Record<string, string>;
  values: Record<string, AttributeValue>;
}

function write(text: string): Written {
  const names: Record<string, string> = {};
  const values: Record<string, AttributeValue> = {};
  return { expression: conditionExpression(parseCondition(text), names, values), names, values };
}

/** The expression with every placeholder put back, to read what DynamoDB will evaluate. */
function readable(text: string): string {
  const { expression, names, values } = write(text);
  return expression.replace(/#n\d+|:v\d+/g, (p) =>
    p.startsWith('#') ? (names[p] as string) : JSON.stringify(values[p]),
  );
}

function syntaxError(text: string): ConditionSyntaxError {
  try {
    parseCondition(text);
  } catch (err) {
    assert.ok(err instanceof ConditionSyntaxError, String(err));
    return err;
  }
  assert.fail(`parsed: ${text}`);
}

test('reads the two reported filters as two conditions joined by AND and by OR', () => {
  assert.deepEqual(write('status = "pending" AND total > 100'), {
    expression: '#n0 = :v0 AND #n1 > :v1',
    names: { '#n0': 'status', '#n1': 'total' },
    values: { ':v0': { S: 'pending' }, ':v1': { N: '100' } },
  });
  assert.deepEqual(write('total > 10 OR status = "pending"'), {
    expression: '#n0 > :v0 OR #n1 = :v1',
    names: { '#n0': 'total', '#n1': 'status' },
    values: { ':v0': { N: '10' }, ':v1': { S: 'pending' } },
  });
});

test('writes every comparator, BETWEEN and IN', () => {
  for (const op of ['=', '<>', '<', '<=', '>', '>=']) {
    assert.equal(write(`a ${op} 1`).expression, `#n0 ${op} :v0`, op);
    assert.equal(write(`a${op}1`).expression, `#n0 ${op} :v0`, `${op} without spaces`);
  }
  assert.equal(readable('total BETWEEN 10 AND 20'), 'total BETWEEN {"N":"10"} AND {"N":"20"}');
  assert.equal(readable('status in (a, "b c", 3)'), 'status IN ({"S":"a"}, {"S":"b c"}, {"N":"3"})');
});

test('writes every function, size as an operand on either side', () => {
  assert.equal(readable('attribute_exists(email)'), 'attribute_exists(email)');
  assert.equal(readable('attribute_not_exists (email)'), 'attribute_not_exists(email)');
  assert.equal(readable('attribute_type(tags, ss)'), 'attribute_type(tags, {"S":"SS"})');
  assert.equal(readable('attribute_type(note, "NULL")'), 'attribute_type(note, {"S":"NULL"})');
  assert.equal(readable('begins_with(name, Wid)'), 'begins_with(name, {"S":"Wid"})');
  assert.equal(
    readable('begins_with(date, 2024-0)'),
    'begins_with(date, {"S":"2024-0"})',
    'a prefix is always a string',
  );
  assert.equal(readable('begins_with(code, 12)'), 'begins_with(code, {"S":"12"})');
  assert.equal(readable('contains(tags, red)'), 'contains(tags, {"S":"red"})');
  assert.equal(readable('contains(scores, 7)'), 'contains(scores, {"N":"7"})', 'a number for a number set');
  assert.equal(readable('size(lines) > 2'), 'size(lines) > {"N":"2"}');
  assert.equal(readable('total >= size(lines)'), 'total >= size(lines)');
  assert.equal(readable('size(a) BETWEEN 1 AND size(b)'), 'size(a) BETWEEN {"N":"1"} AND size(b)');
  assert.equal(readable('CONTAINS(tags, red) AND Size(a) = 1'), 'contains(tags, {"S":"red"}) AND size(a) = {"N":"1"}');
});

test('types bare values as the CLI and panel always did, and adds null and single quotes', () => {
  const value = (v: string): AttributeValue | undefined => write(`a = ${v}`).values[':v0'];
  assert.deepEqual(value('42'), { N: '42' });
  assert.deepEqual(value('-1.5e3'), { N: '-1.5e3' });
  assert.deepEqual(value('true'), { BOOL: true });
  assert.deepEqual(value('false'), { BOOL: false });
  assert.deepEqual(value('null'), { NULL: true });
  assert.deepEqual(value('SHIPPED'), { S: 'SHIPPED' });
  assert.deepEqual(value('CATEGORY#books'), { S: 'CATEGORY#books' });
  assert.deepEqual(value('2024-01-01'), { S: '2024-01-01' });
  assert.deepEqual(value('+5'), { S: '+5' }, 'a number starts with a digit or a minus sign');
  assert.deepEqual(value("O'Brien"), { S: "O'Brien" }, 'a quote inside a bare word is part of it');
  assert.deepEqual(value('"02139"'), { S: '02139' });
  assert.deepEqual(value('"true"'), { S: 'true' });
  assert.deepEqual(value('"a AND b = (c)"'), { S: 'a AND b = (c)' });
  assert.deepEqual(value("'single \\'quoted\\''"), { S: "single 'quoted'" });
  assert.deepEqual(value('"tab\\there \\u00e9 \\"q\\" \\\\"'), { S: 'tab\there é "q" \\' });
  assert.deepEqual(value('""'), { S: '' });
  assert.deepEqual(value('`other`'), undefined, 'an attribute in backticks is a name, not a value');
  assert.equal(readable('a = `other`'), 'a = other');
});

test('follows DynamoDB precedence: NOT binds tighter than AND, AND tighter than OR', () => {
  assert.deepEqual(parseCondition('a = 1 OR b = 2 AND c = 3'), {
    kind: 'or',
    conditions: [
      { kind: 'compare', op: '=', left: { kind: 'path', path: ['a'] }, right: { kind: 'value', value: { N: '1' } } },
      {
        kind: 'and',
        conditions: [
          {
            kind: 'compare',
            op: '=',
            left: { kind: 'path', path: ['b'] },
            right: { kind: 'value', value: { N: '2' } },
          },
          {
            kind: 'compare',
            op: '=',
            left: { kind: 'path', path: ['c'] },
            right: { kind: 'value', value: { N: '3' } },
          },
        ],
      },
    ],
  });
  assert.equal(parseCondition('NOT a = 1 AND b = 2').kind, 'and');
  assert.equal(parseCondition('NOT a = 1 OR b = 2').kind, 'or');
  assert.equal(parseCondition('a BETWEEN 1 AND 2 AND b = 3').kind, 'and', 'the AND of BETWEEN is its own');
  assert.equal(write('a = 1 OR b = 2 AND c = 3').expression, '#n0 = :v0 OR #n1 = :v1 AND #n2 = :v2');
  assert.equal(
    write('a = 1 and b = 2 or c = 3').expression,
    '#n0 = :v0 AND #n1 = :v1 OR #n2 = :v2',
    'keywords in any case',
  );
});

test('keeps the parentheses that change the meaning and drops the ones DynamoDB calls redundant', () => {
  assert.equal(write('(a = 1 OR b = 2) AND c = 3').expression, '(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2');
  assert.equal(
    write('a = 1 AND (b = 2 OR (c = 3 AND NOT (d = 4 OR e = 5)))').expression,
    '#n0 = :v0 AND (#n1 = :v1 OR #n2 = :v2 AND NOT (#n3 = :v3 OR #n4 = :v4))',
  );
  assert.equal(write('((a = 1))').expression, '#n0 = :v0');
  assert.equal(write('(a = 1) OR (b = 2)').expression, '#n0 = :v0 OR #n1 = :v1');
  assert.equal(write('NOT (a = 1)').expression, 'NOT #n0 = :v0');
  assert.equal(write('NOT NOT (a = 1 AND b = 2)').expression, 'NOT NOT (#n0 = :v0 AND #n1 = :v1)');
});

test('several conditions (repeated --filter) must all hold, each keeping its own OR', () => {
  const both = allOf([parseCondition('a = 1 OR b = 2'), parseCondition('c = 3')]);
  assert.ok(both);
  assert.equal(conditionExpression(both, {}, {}), '(#n0 = :v0 OR #n1 = :v1) AND #n2 = :v2');
  assert.equal(allOf([]), undefined);
  assert.deepEqual(allOf([parseCondition('a = 1')]), parseCondition('a = 1'));
});

test('reads document paths with dots and list indexes, and names in backticks', () => {
  assert.deepEqual(write('a.b[0].c[12] = 1').names, { '#n0': 'a', '#n1': 'b', '#n2': 'c' });
  assert.equal(write('a.b[0].c[12] = 1').expression, '#n0.#n1[0].#n2[12] = :v0');
  assert.equal(write('a.a.a = 1').expression, '#n0.#n0.#n0 = :v0', 'one placeholder per distinct name');
  assert.deepEqual(write('`order total` > 5').names, { '#n0': 'order total' });
  assert.deepEqual(
    write('`a.b`.c = 1').names,
    { '#n0': 'a.b', '#n1': 'c' },
    'a dot inside backticks is part of the name',
  );
  assert.deepEqual(write('`it``s` = 1').names, { '#n0': 'it`s' }, 'a doubled backtick stands for one');
  assert.deepEqual(
    write('`and` = 1 OR `NOT` = 2').names,
    { '#n0': 'and', '#n1': 'NOT' },
    'keywords in backticks are names',
  );
  assert.deepEqual(
    write('status = 1 AND size = 2 AND contains = 3').names,
    { '#n0': 'status', '#n1': 'size', '#n2': 'contains' },
    'function names not followed by ( are attributes',
  );
  assert.deepEqual(write('`naïve ünïcode 名前` = 1').names, { '#n0': 'naïve ünïcode 名前' });
  assert.deepEqual(
    write('`#status` = ":paid" AND a#b = c:d').names,
    { '#n0': '#status', '#n1': 'a#b' },
    'placeholder marks inside a name or value are text',
  );
});

test('placeholders never collide with names or values, however hostile', () => {
  const text =
    '__proto__ = constructor AND `#n1` = ":v0" AND toString.`a b`[0] = "#n0" AND `:v1` IN (hasOwnProperty, __proto__) AND constructor = 1';
  const { expression, names, values } = write(text);
  assert.equal(expression, '#n0 = :v0 AND #n1 = :v1 AND #n2.#n3[0] = :v2 AND #n4 IN (:v3, :v4) AND #n5 = :v5');
  assert.deepEqual(Object.entries(names), [
    ['#n0', '__proto__'],
    ['#n1', '#n1'],
    ['#n2', 'toString'],
    ['#n3', 'a b'],
    ['#n4', ':v1'],
    ['#n5', 'constructor'],
  ]);
  assert.deepEqual(Object.entries(values), [
    [':v0', { S: 'constructor' }],
    [':v1', { S: ':v0' }],
    [':v2', { S: '#n0' }],
    [':v3', { S: 'hasOwnProperty' }],
    [':v4', { S: '__proto__' }],
    [':v5', { N: '1' }],
  ]);
  assert.equal(Object.getPrototypeOf(names), Object.prototype);
  assert.equal(Object.getPrototypeOf(values), Object.prototype);
  // Placeholders already taken in the maps given are skipped, not overwritten.
  const takenNames: Record<string, string> = { '#n0': 'PK' };
  const takenValues: Record<string, AttributeValue> = { ':v0': { S: 'x' } };
  assert.equal(conditionExpression(parseCondition('a = 1'), takenNames, takenValues), '#n1 = :v1');
  assert.deepEqual(
    [takenNames, takenValues],
    [
      { '#n0': 'PK', '#n1': 'a' },
      { ':v0': { S: 'x' }, ':v1': { N: '1' } },
    ],
  );
});

test('refuses what it cannot read with the column and what was expected there', () => {
  const cases: Array<[string, number, string, string]> = [
    ['status = ', 10, 'a value (a "quoted string", a number, true, false, null or size(...))', 'the end'],
    ['status', 7, '=, <>, <, <=, >, >=, BETWEEN or IN after "status"', 'the end'],
    ['status pending', 8, '=, <>, <, <=, >, >=, BETWEEN or IN after "status"', '"pending"'],
    ['a = 1 b = 2', 7, 'AND, OR or the end', '"b"'],
    ['a = pending shipment', 13, 'AND, OR or the end', '"shipment"'],
    ['a != 1', 3, '<> for "not equal" (DynamoDB has no !=)', '"!="'],
    ['a == 1', 3, 'a single "=" (DynamoDB compares with =)', '"=="'],
    ['((a = 1)', 9, 'AND, OR or ")"', 'the end'],
    ['a = 1)', 6, 'AND, OR or the end (this ) closes nothing)', '")"'],
    ['()', 2, 'a condition (an attribute name, a function such as attribute_exists(...), NOT or "(")', '")"'],
    ['', 1, 'a condition (an attribute name, a function such as attribute_exists(...), NOT or "(")', 'the end'],
    [
      'a = 1 AND',
      10,
      'a condition (an attribute name, a function such as attribute_exists(...), NOT or "(")',
      'the end',
    ],
    [
      '"status" = 1',
      1,
      'an attribute name (quotes make a value: put a name that needs quoting in backticks, `like this`)',
      'the string "status"',
    ],
    ['and = 1', 1, 'a condition (an attribute named and needs backticks: `and`)', 'AND'],
    ['a = OR', 5, 'a value (a "quoted string", a number, true, false, null or size(...))', 'OR'],
    [
      'foo(a)',
      1,
      'a function (attribute_exists, attribute_not_exists, attribute_type, begins_with, contains or size)',
      '"foo"',
    ],
    ['a = lower(b)', 5, 'a value (size(...) is the only function that gives one)', '"lower"'],
    ['a = "open', 5, 'a closing " for the string opened here', 'the end'],
    ["a = 'x\\q'", 7, 'an escape (\\" \\\' \\\\ \\n \\t \\uXXXX)', '"\\q"'],
    ['`open = 1', 1, 'a closing ` for the name opened here', 'the end'],
    ['`` = 1', 2, 'an attribute name inside the backticks', '"`"'],
    ['a..b = 1', 3, 'an attribute name', '"."'],
    ['a. = 1', 3, 'an attribute name', 'the end of "a."'],
    ['a[x] = 1', 3, 'a list index (a whole number) inside [ ]', '"x"'],
    ['a[1 = 1', 4, '"]" after the list index', 'the end of "a[1"'],
    ['a]b = 1', 2, '".", "[" or the end of the attribute name', '"]"'],
    ['a BETWEEN 1 OR 2', 13, 'AND and the upper bound of BETWEEN', 'OR'],
    ['a IN 1', 6, '"(" and the values of IN', '"1"'],
    ['a IN (1 2)', 9, '"," or ")" in the values of IN', '"2"'],
    ['a IN ()', 7, 'a value (a "quoted string", a number, true, false, null or size(...))', '")"'],
    ['attribute_exists(a, b)', 19, '")" after the attribute of attribute_exists', '","'],
    ['attribute_exists("a")', 18, 'an attribute name', 'the string "a"'],
    ['attribute_type(a, str)', 19, 'a DynamoDB type (S, SS, N, NS, B, BS, BOOL, NULL, L or M)', '"str"'],
    ['begins_with(a)', 14, '"," and a prefix after the attribute of begins_with', '")"'],
    ['size(a)', 8, '=, <>, <, <=, >, >=, BETWEEN or IN after size(...)', 'the end'],
    [
      'a = 1e126',
      5,
      'a DynamoDB number (at most 38 significant digits, magnitude 1e-130 to 1e125; quote it for a string)',
      '"1e126"',
    ],
    [
      `a = ${'1'.repeat(39)}`,
      5,
      'a DynamoDB number (at most 38 significant digits, magnitude 1e-130 to 1e125; quote it for a string)',
      `"${'1'.repeat(20)}…"`,
    ],
    ['名前 = 😀 x', 8, 'AND, OR or the end', '"x"'],
    [
      '#status = 1',
      1,
      'the attribute name itself, not a #placeholder (placeholders are made for you; put a name that starts with # in backticks)',
      '"#"',
    ],
    [
      'a.#b = 1',
      3,
      'the attribute name itself, not a #placeholder (placeholders are made for you; put a name that starts with # in backticks)',
      '"#"',
    ],
    [
      'status = :paid',
      10,
      'the value itself, not a :placeholder (placeholders are made for you; quote text that starts with ":")',
      '":paid"',
    ],
  ];
  for (const [text, column, expected, found] of cases) {
    const err = syntaxError(text);
    assert.deepEqual(
      { column: err.column, expected: err.expected, found: err.found },
      { column, expected, found },
      text,
    );
    assert.equal(err.message, `Column ${column}: expected ${expected}, found ${found}.`);
    assert.ok(err instanceof QueryInputError, 'callers that catch input errors catch this one');
  }
});

test(`IN takes up to ${MAX_IN_VALUES} values and nesting stops at ${MAX_NESTING} levels`, () => {
  const list = (n: number): string => Array.from({ length: n }, (_, i) => `v${i}`).join(', ');
  assert.equal(Object.keys(write(`a IN (${list(MAX_IN_VALUES)})`).values).length, MAX_IN_VALUES);
  const tooMany = `a IN (${list(MAX_IN_VALUES + 1)})`;
  const err = syntaxError(tooMany);
  assert.equal(err.column, tooMany.indexOf(`v${MAX_IN_VALUES}`) + 1);
  assert.equal(err.expected, `")": IN takes at most ${MAX_IN_VALUES} values`);

  assert.equal(write(`${'('.repeat(MAX_NESTING)}a = 1${')'.repeat(MAX_NESTING)}`).expression, '#n0 = :v0');
  assert.equal(
    syntaxError(`${'('.repeat(MAX_NESTING + 1)}a = 1${')'.repeat(MAX_NESTING + 1)}`).column,
    MAX_NESTING + 1,
  );
  assert.equal(syntaxError(`${'NOT '.repeat(MAX_NESTING + 1)}a = 1`).column, MAX_NESTING * 4 + 1);
  // Far past the limit: a clear error, never a stack overflow.
  assert.equal(syntaxError('('.repeat(200_000)).column, MAX_NESTING + 1);
  assert.equal(syntaxError('NOT '.repeat(200_000)).column, MAX_NESTING * 4 + 1);
});

test('long flat chains of conditions are fine (they do not nest)', () => {
  const n = 5_000;
  const text = Array.from({ length: n }, (_, i) => `a${i} = ${i}`).join(' OR ');
  const { names, values } = write(text);
  assert.equal(Object.keys(names).length, n);
  assert.equal(Object.keys(values).length, n);
});

/**
 * How much longer the parser takes on an input 4× as long: about 4 for linear work, 16 for
 * quadratic, 64 for cubic. Each size is timed over repetitions lasting a while; the two sizes take
 * turns (so a slow moment hits both) and the best of five turns counts.
 */
function growth(input: (n: number) => string, n: number): number {
  const run = (text: string): number => {
    let runs = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      try {
        parseCondition(text);
      } catch {
        // Timing the refusal is the point for inputs that do not parse.
      }
      runs++;
      elapsed = performance.now() - start;
    } while (elapsed < 10);
    return elapsed / runs;
  };
  const small = input(n);
  const large = input(4 * n);
  run(small); // warm up the JIT on this shape
  run(large);
  let bestSmall = Number.POSITIVE_INFINITY;
  let bestLarge = Number.POSITIVE_INFINITY;
  for (let turn = 0; turn < 5; turn++) {
    bestSmall = Math.min(bestSmall, run(small));
    bestLarge = Math.min(bestLarge, run(large));
  }
  return bestLarge / bestSmall;
}

test('takes time linear in the input: 4× the input takes far less than 16× the time', () => {
  const shapes: Array<[string, (n: number) => string, number]> = [
    ['contains(a, + 10,000 spaces, and 4× that', (n) => `contains(a,${' '.repeat(n)}`, 10_000],
    ['begins_with(a, + spaces', (n) => `begins_with(a,${' '.repeat(n)}`, 10_000],
    ['a long run of digits', (n) => `a = ${'1'.repeat(n)}x`, 10_000],
    ['a long number with zeros', (n) => `a = 0.${'0'.repeat(n)}1`, 10_000],
    ['a long word', (n) => `a = ${'x'.repeat(n)} (`, 10_000],
    ['a long string with escapes', (n) => `a = "${'\\"'.repeat(n)}`, 10_000],
    ['a long path', (n) => `${'a.'.repeat(n)}b = 1`, 10_000],
    ['a long backtick name', (n) => `\`${'``'.repeat(n)}x\` = 1`, 10_000],
    ['many ANDs', (n) => `${'a = 1 AND '.repeat(n / 10)}b`, 10_000],
    ['nested parentheses refused', (n) => `${'('.repeat(n)}a = 1`, 10_000],
    ['unbalanced quotes', (n) => `a = ${'"x" '.repeat(n / 4)}"`, 10_000],
  ];
  for (const [name, input, n] of shapes) {
    // A busy machine can slow one measurement; quadratic work stays above the bound in every one.
    let ratio = growth(input, n);
    for (let attempt = 1; attempt < 3 && ratio >= 10; attempt++) ratio = Math.min(ratio, growth(input, n));
    assert.ok(ratio < 10, `${name}: 4× the input took ${ratio.toFixed(1)}× the time`);
  }
});
