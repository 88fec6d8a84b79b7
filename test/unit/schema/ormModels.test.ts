import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { schemasFromOrmModels } from '../../../src/core/schema/ormModels';

const fixtures = join(__dirname, '../../fixtures/schema/orm');
const tablesOf = (name: string) => schemasFromOrmModels(name, readFileSync(join(fixtures, name), 'utf8')).tables;

test('reads an ElectroDB entity: the index without `index` is the table key, named indexes are GSIs', () => {
  const [task] = tablesOf('electroEntities.ts');
  assert.equal(task?.name, 'task');
  assert.deepEqual(task?.envVars, ['APP_TABLE']);
  assert.deepEqual(task?.aliases, ['Task']);
  assert.deepEqual(task?.partitionKey, { name: 'pk', type: 'S' });
  assert.deepEqual(task?.sortKey, { name: 'sk', type: 'S' });
  assert.deepEqual(task?.partitionComposite, ['taskId']);
  assert.deepEqual(task?.orm, { library: 'electrodb', entity: 'task' });
  assert.deepEqual(task?.indexes, [
    {
      name: 'gsi1pk-gsi1sk-index',
      kind: 'GSI',
      partitionKey: { name: 'gsi1pk', type: 'S' },
      sortKey: { name: 'gsi1sk', type: 'S' },
      partitionComposite: ['projectId'],
    },
    {
      name: 'gsi2pk-gsi2sk-index',
      kind: 'GSI',
      partitionKey: { name: 'gsi2pk', type: 'S' },
      sortKey: { name: 'gsi2sk', type: 'S' },
      partitionComposite: [],
    },
  ]);
  assert.equal(task?.source.kind, 'orm');
  assert.equal(task?.source.line, 7);
});

test('takes an ElectroDB literal table name and reports an empty partition composite', () => {
  const settings = tablesOf('electroEntities.ts')[1];
  assert.equal(settings?.name, 'taskapp-table');
  assert.deepEqual(settings?.aliases, ['settings', 'Settings']);
  assert.deepEqual(settings?.partitionComposite, []);
  assert.equal(settings?.source.line, 35);
});

test('reads dynamoose hashKey/rangeKey flags, global and local indexes, and the first-attribute default', () => {
  const [user, cat] = tablesOf('dynamooseModels.js');
  assert.equal(user?.name, 'User');
  assert.deepEqual(user?.partitionKey, { name: 'email', type: 'S' });
  assert.deepEqual(user?.sortKey, { name: 'createdAt', type: 'N' });
  assert.deepEqual(user?.indexes, [
    {
      name: 'byOrg',
      kind: 'GSI',
      partitionKey: { name: 'orgId', type: 'S' },
      sortKey: { name: 'createdAt', type: 'N' },
    },
    {
      name: 'nicknameLocalIndex',
      kind: 'LSI',
      partitionKey: { name: 'email', type: 'S' },
      sortKey: { name: 'nickname', type: 'S' },
    },
  ]);
  assert.equal(user?.source.line, 10);
  assert.equal(cat?.name, 'Cat');
  assert.deepEqual(cat?.partitionKey, { name: 'id', type: 'N' });
  assert.equal(cat?.sortKey, undefined);
});

test('reads dynamodb-toolbox v0 string keys (LSI when an index has no partition key) and v1 typed keys', () => {
  const [legacy, poke] = tablesOf('toolboxTables.ts');
  assert.equal(legacy?.name, 'legacy-single-table');
  assert.deepEqual(legacy?.partitionKey, { name: 'pk' });
  assert.deepEqual(legacy?.indexes, [
    { name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1pk' }, sortKey: { name: 'GSI1sk' } },
    { name: 'LSI1', kind: 'LSI', partitionKey: { name: 'pk' }, sortKey: { name: 'lsi1sk' } },
  ]);
  assert.equal(poke?.name, 'POKE_TABLE');
  assert.deepEqual(poke?.envVars, ['POKE_TABLE']);
  assert.deepEqual(poke?.aliases, ['PokeTable']);
  assert.deepEqual(poke?.partitionKey, { name: 'PK', type: 'S' });
  assert.deepEqual(poke?.sortKey, { name: 'SK', type: 'N' });
  assert.deepEqual(
    poke?.indexes.map((i) => [i.name, i.kind, i.partitionKey.name, i.sortKey?.name]),
    [
      ['byTrainer', 'GSI', 'trainerId', 'level'],
      ['byLevel', 'LSI', 'PK', 'level'],
    ],
  );
  assert.equal(poke?.orm?.library, 'dynamodb-toolbox');
});

test('reads a dynamodb-onetable Table through its schema const', () => {
  const [table] = tablesOf('oneTableSchema.ts');
  assert.equal(table?.name, 'onetable-app');
  assert.deepEqual(table?.partitionKey, { name: 'pk' });
  assert.deepEqual(table?.sortKey, { name: 'sk' });
  assert.deepEqual(table?.indexes, [
    { name: 'gs1', kind: 'GSI', partitionKey: { name: 'gs1pk' }, sortKey: { name: 'gs1sk' }, projection: 'ALL' },
    { name: 'ls1', kind: 'LSI', partitionKey: { name: 'pk' }, sortKey: { name: 'created' } },
  ]);
});

test('reads a TypeDORM table with INDEX_TYPE markers', () => {
  const [table] = tablesOf('typedormTable.ts');
  assert.equal(table?.name, 'test-table');
  assert.deepEqual(table?.aliases, ['myGlobalTable']);
  assert.deepEqual(
    table?.indexes.map((i) => [i.name, i.kind, i.partitionKey.name, i.sortKey?.name]),
    [
      ['GSI1', 'GSI', 'GSI1PK', 'GSI1SK'],
      ['LSI1', 'LSI', 'PK', 'LSI1SK'],
    ],
  );
  assert.equal(table?.orm?.library, 'typedorm');
});

test('ignores Table, Entity and model from unrelated libraries', () => {
  assert.deepEqual(tablesOf('lookalikes.ts'), []);
});
