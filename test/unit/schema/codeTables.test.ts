import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromCreateTableCalls } from '../../../src/core/schema/codeTables';

const fixtures = join(__dirname, '../../fixtures/schema/code');
const read = (name: string) => readFileSync(join(fixtures, name), 'utf8');

test('reads an inline CreateTableCommand with a const name, a GSI and on-demand billing', () => {
  const { tables } = schemasFromCreateTableCalls('createTables.ts', read('createTables.ts'));
  const sessions = tables.find((t) => t.name === 'local-sessions');
  assert.deepEqual(sessions?.partitionKey, { name: 'sessionId', type: 'S' });
  assert.deepEqual(sessions?.indexes, [
    { name: 'byUser', kind: 'GSI', partitionKey: { name: 'userId', type: 'S' }, projection: 'ALL' },
  ]);
  assert.equal(sessions?.billingMode, 'PAY_PER_REQUEST');
  assert.equal(sessions?.source.kind, 'code');
  assert.equal(sessions?.source.line, 7);
  assert.equal(sessions?.source.column, 21);
});

test('follows a CreateTableCommand argument to a const object and takes an env-var table name', () => {
  const { tables } = schemasFromCreateTableCalls('createTables.ts', read('createTables.ts'));
  const events = tables.find((t) => t.envVars.includes('EVENTS_TABLE'));
  assert.equal(events?.name, 'EVENTS_TABLE');
  assert.deepEqual(events?.partitionKey, { name: 'stream', type: 'S' });
  assert.deepEqual(events?.sortKey, { name: 'seq', type: 'N' });
  assert.equal(events?.source.line, 29);
  assert.equal(tables.length, 2);
});

test('reads SDK v2 createTable and ignores createTable calls without a KeySchema', () => {
  const { tables } = schemasFromCreateTableCalls('createTableV2.js', read('createTableV2.js'));
  assert.deepEqual(
    tables.map((t) => [t.name, t.partitionKey.name]),
    [['legacy-users', 'email']],
  );
});
