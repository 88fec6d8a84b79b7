// Export and the grid's column model: keys first, the union of attributes, RFC 4180 CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, itemsToCsv, itemsToJson } from '../../../src/core/query/export';
import { cellText, resultColumns } from '../../../src/core/query/resultColumns';
import { itemToJson } from '../../../src/core/query/itemJson';

test('columns: key attributes lead in schema order, then every other attribute of any item, sorted', () => {
  const items: Record<string, string | number | boolean>[] = [
    { zeta: 1, PK: 'a', SK: '1' },
    { PK: 'b', SK: '2', alpha: true, GSI1PK: 'g', Beta: 'x' },
  ];
  assert.deepEqual(
    resultColumns(items, ['PK', 'SK', 'GSI1PK', 'GSI1SK']).map((c) => `${c.name}${c.key ? '*' : ''}`),
    ['PK*', 'SK*', 'GSI1PK*', 'GSI1SK*', 'alpha', 'Beta', 'zeta'],
  );
  // An LSI shares the table's partition key: it is not listed twice.
  assert.deepEqual(
    resultColumns([], ['PK', 'SK', 'PK', 'date']).map((c) => c.name),
    ['PK', 'SK', 'date'],
  );
});

test('cells show strings verbatim and every other value as JSON', () => {
  assert.equal(cellText('<img src=x onerror=alert(1)>'), '<img src=x onerror=alert(1)>');
  assert.equal(cellText(12.5), '12.5');
  assert.equal(cellText(null), 'null');
  assert.equal(cellText(undefined), '');
  assert.equal(cellText({ $set: 'SS', values: ['a'] }), '{"$set":"SS","values":["a"]}');
});

test('CSV quotes commas, quotes and line breaks per RFC 4180 and ends records with CRLF', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('a,b'), '"a,b"');
  assert.equal(csvField('say "hi"'), '"say ""hi"""');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  const items = [
    itemToJson({
      PK: { S: 'X' },
      SK: { S: '1' },
      note: { S: 'a, "b"\r\nc' },
      n: { N: '12345678901234567890' },
      tags: { SS: ['x'] },
    }),
    itemToJson({
      PK: { S: 'X' },
      SK: { S: '2' },
      nested: { M: { a: { L: [{ N: '1' }, { NULL: true }] } } },
      flag: { BOOL: false },
    }),
  ];
  assert.equal(
    itemsToCsv(items, ['PK', 'SK']),
    [
      'PK,SK,flag,n,nested,note,tags',
      'X,1,,12345678901234567890,,"a, ""b""\r\nc","{""$set"":""SS"",""values"":[""x""]}"',
      'X,2,false,,"{""a"":[1,null]}",,',
      '',
    ].join('\r\n'),
  );
});

test('CSV reads attributes that shadow Object.prototype members as data', () => {
  const items = [JSON.parse('{"PK":"a","constructor":"c","__proto__":"p"}') as Record<string, string>, { PK: 'b' }];
  assert.equal(itemsToCsv(items, ['PK']), 'PK,__proto__,constructor\r\na,p,c\r\nb,,\r\n');
});

test('JSON export is the items as the panel shows them', () => {
  const items = [itemToJson({ PK: { S: 'X' }, data: { B: Uint8Array.from([1, 2]) } })];
  assert.deepEqual(JSON.parse(itemsToJson(items)), [{ PK: 'X', data: { $binary: 'AQI=' } }]);
});

test('CSV neutralises formula cells (OWASP): a single quote before = + - @ tab CR LF, and the cell quoted', () => {
  assert.equal(csvField('=HYPERLINK("http://evil.example","x")'), `"'=HYPERLINK(""http://evil.example"",""x"")"`);
  assert.equal(csvField("@SUM(1+1)*cmd|' /C calc'!A0"), `"'@SUM(1+1)*cmd|' /C calc'!A0"`);
  assert.equal(csvField('+1+cmd|x'), `"'+1+cmd|x"`);
  assert.equal(csvField("-2+3+cmd|' /C calc'!A0"), `"'-2+3+cmd|' /C calc'!A0"`);
  assert.equal(csvField('\t=1'), `"'\t=1"`);
  assert.equal(csvField('\r=1'), `"'\r=1"`);
  assert.equal(csvField('\n=1'), `"'\n=1"`);
  assert.equal(csvField('-'), `"'-"`);
  assert.equal(csvField('-1e3x'), `"'-1e3x"`);
  // In the middle of a cell they are text already.
  assert.equal(csvField('a=b'), 'a=b');
});

test('CSV keeps a plain negative number as a number: it cannot hold a formula', () => {
  for (const n of ['-5', '-12.5', '-0.001', '-1e-7', '-1.5E+30', '-.5', '-12345678901234567890'])
    assert.equal(csvField(n), n);
  const items = [itemToJson({ PK: { S: 'X' }, n: { N: '-42.5' }, s: { S: '=1+1' } })];
  assert.equal(itemsToCsv(items, ['PK']), `PK,n,s\r\nX,-42.5,"'=1+1"\r\n`);
});

test('CSV neutralises attribute names in the header row too', () => {
  const items = [JSON.parse('{"PK":"a","=cmd|x":"1","@b":"2"}') as Record<string, string>];
  assert.equal(itemsToCsv(items, ['PK']).split('\r\n')[0], `PK,"'@b","'=cmd|x"`);
});
