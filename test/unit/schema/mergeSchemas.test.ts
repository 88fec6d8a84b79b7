import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEnvBindings, findTable, mergeSchemas } from '../../../src/core/schema/mergeSchemas';
import type { SchemaSourceKind, TableSchema } from '../../../src/core/schema/keySchema';

function table(kind: SchemaSourceKind, name: string, pk: string, extra: Partial<TableSchema> = {}): TableSchema {
  return {
    name,
    aliases: [],
    envVars: [],
    partitionKey: { name: pk, type: 'S' },
    indexes: [],
    source: { kind, file: `${kind}.file` },
    ...extra,
  };
}

test('keeps the keys of the highest-precedence source whatever the input order', () => {
  const fromOrm = table('orm', 'orders', 'ormPk');
  const fromCdk = table('cdk', 'orders', 'cdkPk');
  const fromConfig = table('config', 'orders', 'configPk');
  const fromCfn = table('cloudformation', 'orders', 'cfnPk');
  const [merged, ...rest] = mergeSchemas([[fromOrm], [fromCdk], [fromConfig], [fromCfn]]);
  assert.equal(rest.length, 0);
  assert.equal(merged?.partitionKey.name, 'configPk');
  assert.equal(merged?.source.kind, 'config');
  assert.equal(mergeSchemas([[fromOrm], [fromCdk]])[0]?.partitionKey.name, 'cdkPk');
  assert.equal(
    mergeSchemas([[table('terraform', 'orders', 'tf')], [table('serverless', 'orders', 'sls')]])[0]?.partitionKey.name,
    'sls',
  );
  assert.equal(
    mergeSchemas([[table('live', 'orders', 'live')], [table('code', 'orders', 'code')]])[0]?.partitionKey.name,
    'code',
  );
});

test('matches one table across sources by alias and by a shared env var, pooling names and env vars', () => {
  const cfn = table('cloudformation', 'shop-orders', 'PK', { aliases: ['OrdersTable'], envVars: ['ORDERS_TABLE'] });
  const cdk = table('cdk', 'OrdersTable', 'id', { aliases: ['orders'] });
  const orm = table('orm', 'task', 'PK', {
    envVars: ['ORDERS_TABLE', 'TASKS'],
    partitionComposite: ['id'],
    orm: { library: 'electrodb', entity: 'task' },
  });
  const merged = mergeSchemas([[orm], [cdk], [cfn]]);
  assert.equal(merged.length, 1);
  assert.equal(merged[0]?.name, 'shop-orders');
  assert.deepEqual(merged[0]?.aliases, ['OrdersTable', 'orders', 'task']);
  assert.deepEqual(merged[0]?.envVars, ['ORDERS_TABLE', 'TASKS']);
  assert.deepEqual(merged[0]?.partitionComposite, ['id']);
  assert.deepEqual(merged[0]?.orm, { library: 'electrodb', entity: 'task' });
});

test('keeps different tables apart and pools indexes only between sources of one kind', () => {
  const gsi = (name: string) => ({ name, kind: 'GSI' as const, partitionKey: { name: `${name}pk` } });
  const entityA = table('orm', 'app', 'pk', { indexes: [gsi('g1')] });
  const entityB = table('orm', 'app', 'pk', { indexes: [gsi('g1'), gsi('g2')] });
  const cdkOther = table('cdk', 'other', 'id', { indexes: [gsi('x')] });
  const cfnApp = table('cloudformation', 'app', 'pk', { indexes: [] });
  assert.deepEqual(
    mergeSchemas([[entityA, entityB], [cdkOther]]).map((t) => [t.name, t.indexes.map((i) => i.name)]),
    [
      ['other', ['x']],
      ['app', ['g1', 'g2']],
    ],
  );
  assert.deepEqual(mergeSchemas([[entityA], [cfnApp]])[0]?.indexes, []);
});

test('does not modify its inputs', () => {
  const a = table('cdk', 't', 'pk', { aliases: ['x'] });
  const b = table('orm', 't', 'pk', { aliases: ['y'] });
  mergeSchemas([[a], [b]]);
  assert.deepEqual(a.aliases, ['x']);
});

test('findTable looks up by physical name, then alias, then env var (with or without process.env.)', () => {
  const tables = [
    table('cdk', 'orders', 'pk', { aliases: ['OrdersTable'], envVars: ['ORDERS'] }),
    table('cdk', 'ORDERS', 'other'),
  ];
  assert.equal(findTable(tables, 'OrdersTable')?.name, 'orders');
  assert.equal(findTable(tables, 'ORDERS')?.partitionKey.name, 'other');
  assert.equal(findTable(tables, 'process.env.ORDERS')?.partitionKey.name, 'other');
  assert.equal(findTable(tables.slice(0, 1), 'process.env.ORDERS')?.name, 'orders');
  assert.equal(findTable(tables, 'missing'), undefined);
});

test('applyEnvBindings adds env vars found in other files to the table they reference', () => {
  const tables = [table('terraform', 'audit-log', 'day', { aliases: ['audit', 'aws_dynamodb_table.audit'] })];
  applyEnvBindings(tables, [
    { envVar: 'AUDIT', table: 'aws_dynamodb_table.audit', file: 'lambda.tf' },
    { envVar: 'NOPE', table: 'aws_dynamodb_table.gone', file: 'lambda.tf' },
  ]);
  assert.deepEqual(tables[0]?.envVars, ['AUDIT']);
});

test('merging is linear in the number of tables: 4x the tables, at most about 4x the work', () => {
  // Work is counted as reads of the inputs' name lists, which a pairwise comparison repeats for
  // every table already merged; a count, unlike a time, does not depend on the machine's load.
  const readsFor = (n: number): number => {
    let reads = 0;
    const tables = Array.from(
      { length: n },
      (_, i) =>
        new Proxy(
          table(i % 2 === 0 ? 'config' : 'cloudformation', `t${i % (n / 2)}`, 'pk', {
            aliases: [`alias${i}`],
            envVars: [`ENV_${i}`],
          }),
          {
            get: (target, key, receiver) => {
              if (key === 'aliases' || key === 'envVars' || key === 'name') reads++;
              return Reflect.get(target, key, receiver);
            },
          },
        ),
    );
    const merged = mergeSchemas([tables]);
    assert.equal(merged.length, n / 2, 'each config table merges with the template table of its name');
    return reads;
  };
  const small = readsFor(500);
  const large = readsFor(2000);
  assert.ok(large / small < 5, `4x the tables took ${(large / small).toFixed(1)}x the reads (${small} -> ${large})`);
});
