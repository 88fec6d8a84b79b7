import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analyzer/project';

// Serverless, SAM and CDK services that all wire their own table into the env var TABLE_NAME.
const root = path.resolve(__dirname, '../../fixtures/monorepo');

async function run() {
  const result = await analyzeProject({ root, discoverSchemas: true });
  const tableOf = (file: string) => result.sites.filter((s) => s.file === file).map((s) => s.table);
  const keyFindings = result.findings
    .filter((f) => f.rule === 'single-value-partition-key')
    .map((f) => `${f.file}:${f.line} ${f.table}`);
  return { result, tableOf, keyFindings };
}

test('each function resolves a shared env var name to the table of the service that deploys it', async () => {
  const { tableOf } = await run();
  // Serverless: the handler named in serverless.yml, and a module beside it in the service folder.
  assert.deepEqual(tableOf('services/orders-sls/src/create.js'), ['orders-${sls:stage}']);
  assert.deepEqual(tableOf('services/orders-sls/src/lib/repo.js'), ['orders-${sls:stage}']);
  // SAM: CodeUri + Handler.
  assert.deepEqual(tableOf('services/users-sam/handlers/app.js'), ['users-table']);
  // CDK: NodejsFunction entry and Code.fromAsset + handler, both outside the CDK app's folder.
  assert.deepEqual(tableOf('services/cart-cdk/functions/addItem.ts'), ['carts']);
  assert.deepEqual(tableOf('services/cart-cdk/functions/sweep.ts'), ['carts']);
});

test('key-schema findings come from the right service: no miss, no finding from a sibling schema', async () => {
  const { keyFindings } = await run();
  assert.deepEqual(keyFindings, [
    'services/cart-cdk/functions/addItem.ts:8 carts',
    'services/cart-cdk/functions/sweep.ts:10 carts',
    'services/orders-sls/src/create.js:8 orders-${sls:stage}',
    'services/orders-sls/src/lib/repo.js:8 orders-${sls:stage}',
  ]);
});

test('code no service deploys, with several candidate tables, gets an unknown table and no key schema', async () => {
  const { tableOf, result } = await run();
  assert.deepEqual(tableOf('shared/db.js'), [
    'process.env.TABLE_NAME, unknown table (users-table, orders-${sls:stage} or carts)',
  ]);
  assert.deepEqual(
    result.findings.filter((f) => f.file === 'shared/db.js'),
    [],
  );
});

test('the three services keep three tables although they share the env var', async () => {
  const { result } = await run();
  const tables = result.tables.map((t) => `${t.name} ${t.envVars.join(',')} ${t.partitionKey.name}`).sort();
  assert.deepEqual(tables, [
    'carts TABLE_NAME cartId',
    'orders-${sls:stage} TABLE_NAME tenant',
    'users-table TABLE_NAME userId',
  ]);
});

test('worker threads scope tables the same way as the main thread', async () => {
  const { result } = await run();
  const parallel = await analyzeProject({
    root,
    discoverSchemas: true,
    workers: 1,
    parallelThreshold: 0,
    mainThreadWorks: false,
  });
  assert.equal(parallel.stats.filesAnalyzedInWorkers, result.stats.filesAnalyzed);
  assert.deepEqual(
    parallel.sites.map((s) => `${s.file} ${s.table}`),
    result.sites.map((s) => `${s.file} ${s.table}`),
  );
  assert.deepEqual(
    parallel.findings.map((f) => `${f.file}:${f.line} ${f.table}`),
    result.findings.map((f) => `${f.file}:${f.line} ${f.table}`),
  );
});
