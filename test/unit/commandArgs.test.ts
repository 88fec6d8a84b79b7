// Command arguments from the Tables view: the nodes each command takes are recognised field by field,
// a row leads to its table, a GSI row names its index, and anything else (a plain target, a half
// node, a string) is not mistaken for a node. The query panel reads its target through them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  connectionNodeArg,
  detailNodeArg,
  indexRowArg,
  tableNodeArg,
  tableOfNodeArg,
} from '../../src/extension/commandArgs';
import { readPanelTarget } from '../../src/extension/query/queryPanelTarget';
import { emptyPanelRequest } from '../../src/core/query/panelRequest';

const connection = { name: 'prod', profile: 'dev', regions: ['eu-west-1'] };
const connectionNode = { kind: 'connection', connection };
const regionNode = { kind: 'region', connection, region: 'eu-west-1' };
const tableNode = { kind: 'table', connection, region: 'eu-west-1', name: 'shop', parent: regionNode };
const indexesRow = { kind: 'detail', row: { id: 'indexes', label: 'Indexes' }, parent: tableNode };
const gsiRow = { kind: 'detail', row: { id: 'gsi', label: 'GSI1', indexName: 'GSI1' }, parent: indexesRow };
const costRow = { kind: 'detail', row: { id: 'cost', label: 'Cost' }, parent: tableNode };

test('recognises each kind of node and nothing else', () => {
  assert.equal(connectionNodeArg(connectionNode), connectionNode);
  assert.equal(tableNodeArg(tableNode), tableNode);
  assert.equal(detailNodeArg(costRow), costRow);
  for (const arg of [undefined, null, 'shop', 42, [], {}, regionNode, { connectionName: 'prod', table: 'shop' }]) {
    assert.equal(connectionNodeArg(arg), undefined, JSON.stringify(arg));
    assert.equal(tableNodeArg(arg), undefined, JSON.stringify(arg));
    assert.equal(detailNodeArg(arg), undefined, JSON.stringify(arg));
  }
  assert.equal(tableNodeArg({ ...tableNode, name: 3 }), undefined, 'a table node needs its name');
  assert.equal(tableNodeArg({ ...tableNode, connection: {} }), undefined, 'and a named connection');
  assert.equal(connectionNodeArg({ kind: 'connection' }), undefined);
  assert.equal(detailNodeArg({ kind: 'detail' }), undefined, 'a row needs its row');
});

test('a row leads to its table, through every row above it', () => {
  assert.equal(tableOfNodeArg(tableNode), tableNode);
  assert.equal(tableOfNodeArg(costRow), tableNode);
  assert.equal(tableOfNodeArg(gsiRow), tableNode);
  assert.equal(tableOfNodeArg({ kind: 'detail', row: {} }), undefined, 'a row without a table');
});

test('a GSI row names its table and index; other rows are not index rows', () => {
  assert.deepEqual(indexRowArg(gsiRow), { table: tableNode, index: 'GSI1' });
  assert.equal(indexRowArg(costRow), undefined);
  assert.equal(indexRowArg(tableNode), undefined);
  assert.equal(indexRowArg({ ...gsiRow, parent: undefined }), undefined);
});

test('the query panel opens on a table node, on a GSI row with the index chosen, or on a plain target', () => {
  assert.deepEqual(readPanelTarget(tableNode), { target: { region: 'eu-west-1', table: 'shop' }, connection });
  assert.deepEqual(readPanelTarget(gsiRow), {
    target: { region: 'eu-west-1', table: 'shop', request: { ...emptyPanelRequest(), index: 'GSI1' } },
    connection,
  });
  assert.deepEqual(
    readPanelTarget({ connectionName: 'prod', region: null, table: 'shop', request: { pk: 'X', limit: '10' } }),
    {
      target: {
        connectionName: 'prod',
        region: null,
        table: 'shop',
        request: { ...emptyPanelRequest(), pk: 'X', limit: '10' },
      },
    },
  );
  assert.deepEqual(
    readPanelTarget({ table: '', request: { pk: 7 }, code: { keyValues: { PK: 3 } } }),
    { target: {} },
    'malformed fields are ignored',
  );
  assert.deepEqual(
    readPanelTarget(costRow),
    { target: {} },
    'a row that is not an index leaves the choice to the pickers',
  );
  assert.deepEqual(readPanelTarget('shop'), { target: {} });
});
