// Export and the grid's column model: keys first, the union of attributes, RFC 4180 CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvField, itemsToCsv, itemsToJson } from '../../../src/core/query/export';
import { cellText, resultColumns } from '../../../src/core/query/resultColumns';
import { itemToJson } from '../../../src/core/query/itemJson';

test('columns: key attributes lead in schema order, then every other attribute of any item, sorted', () => {
  const items: Record<string, string | number | boolean>[] = [{ zeta: 1, PK: 'a', SK: '1' }, { PK: 'b', SK: '2', alpha: true, GSI1PK: 'g', Beta: 'x' }];
  assert.deepEqual(resultColumns(items, ['PK', 'SK', 'GSI1PK', 'GSI1SK']).map((c) => `${c.name}${c.key ? '*' : ''}`), ['PK*', 'SK*', 'GSI1PK*', 'GSI1SK*', 'alpha', 'Beta', 'zeta']);
  // An LSI shares the table's partition key: it is not listed twice.
  assert.deepEqual(resultColumns([], ['PK', 'SK', 'PK', 'date']).map((c) => c.name), ['PK', 'SK', 'date']);
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
    itemToJson({ PK: { S: 'X' }, SK: { S: '1' }, note: { S: 'a, "b"\r\nc' }, n: { N: '12345678901234567890' }, tags: { SS: ['x'] } }),
    itemToJson({ PK: { S: 'X' }, SK: { S: '2' }, nested: { M: { a: { L: [{ N: '1' }, { NULL: true }] } } }, flag: { BOOL: false } }),
  ];
  assert.equal(itemsToCsv(items, ['PK', 'SK']), [
    'PK,SK,flag,n,nested,note,tags',
    'X,1,,12345678901234567890,,"a, ""b""\r\nc","{""$set"":""SS"",""values"":[""x""]}"',
    'X,2,false,,"{""a"":[1,null]}",,',
    '',
  ].join('\r\n'));
});

test('CSV reads attributes that shadow Object.prototype members as data', () => {
  const items = [JSON.parse('{"PK":"a","constructor":"c","__proto__":"p"}') as Record<string, string>, { PK: 'b' }];
  assert.equal(itemsToCsv(items, ['PK']), 'PK,__proto__,constructor\r\na,p,c\r\nb,,\r\n');
});

test('JSON export is the items as the panel shows them', () => {
  const items = [itemToJson({ PK: { S: 'X' }, data: { B: Uint8Array.from([1, 2]) } })];
  assert.deepEqual(JSON.parse(itemsToJson(items)), [{ PK: 'X', data: { $binary: 'AQI=' } }]);
});
