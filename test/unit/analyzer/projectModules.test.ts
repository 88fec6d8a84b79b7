// Imports of project code beyond relative paths, in a project run: CommonJS modules that export one
// model, tsconfig path aliases, and Lambda layers required by their runtime path (`/opt/nodejs/x`).
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { ModuleLayout } from '../../../src/core/analyzer/packageModules';
import { diskLayoutReader } from '../../../src/core/analyzer/projectFiles';
import { makeTempDir } from '../../harness/tempDirs';

/** A project folder (marked as a repository root) with these files. */
function project(files: Record<string, string>): string {
  const dir = makeTempDir('dg-modules-');
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return dir;
}

/** Where a run's module layout looks for `specifier` imported from `fromFile`. */
function layoutCandidates(fromFile: string, specifier: string): string[] {
  return new ModuleLayout(diskLayoutReader).candidates(fromFile, specifier);
}

async function found(dir: string): Promise<string[]> {
  const r = await analyzeProject({ root: dir, discoverSchemas: true });
  return r.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.table ?? '-'}`);
}

const CJS_MODEL = [
  "const dynamoose = require('dynamoose');",
  'const schema = new dynamoose.Schema({ id: { type: String, hashKey: true }, status: String });',
  "module.exports = dynamoose.model('Order', schema);",
  '',
].join('\n');

describe('dynamoose models exported by CommonJS', () => {
  it('a required model scans and saves documents like a local one', async () => {
    const dir = project({
      'model/order.js': CJS_MODEL,
      'handlers/orders.js': [
        "const Order = require('../model/order');",
        'exports.list = async () => Order.scan().exec();',
        "exports.create = async () => new Order({ id: 'SINGLETON', status: 'new' }).save();",
        'exports.get = async (id) => Order.get(id);',
        '',
      ].join('\n'),
    });
    assert.deepEqual(await found(dir), [
      'handlers/orders.js:2 scan Order',
      'handlers/orders.js:3 single-value-partition-key Order',
    ]);
  });

  it('a default import of the CommonJS model is the model', async () => {
    const dir = project({
      'model/order.js': CJS_MODEL,
      'src/list.ts': "import Order from '../model/order';\nexport const list = () => Order.scan().exec();\n",
    });
    assert.deepEqual(await found(dir), ['src/list.ts:2 scan Order']);
  });

  it('a module exporting something else, or an object, keeps its meaning', async () => {
    const dir = project({
      'lib/router.js': 'module.exports = function router() { return []; };\n',
      'lib/models.js': `${CJS_MODEL.replace('module.exports = ', 'const Order = ')}module.exports = { Order };\n`,
      'app.js': [
        "const router = require('./lib/router');",
        "const { Order } = require('./lib/models');",
        'exports.a = () => router().scan();',
        'exports.b = () => Order.scan().exec();',
        '',
      ].join('\n'),
    });
    assert.deepEqual(await found(dir), ['app.js:4 scan Order']);
  });
});

describe('tsconfig path aliases', () => {
  const model = [
    "import { Schema, model } from 'dynamoose';",
    "export const Conn = model('connections', new Schema({ employeeId: { type: String, hashKey: true } }));",
    'export default Conn;',
    '',
  ].join('\n');

  it('resolves an aliased default import, with the paths of an extended config', async () => {
    const dir = project({
      'tsconfig.json':
        '{\n  // comments are allowed\n  "extends": "./tsconfig.paths.json",\n  "compilerOptions": { "strict": true },\n}\n',
      'tsconfig.paths.json': '{ "compilerOptions": { "paths": { "@models/*": ["src/models/*"] } } }',
      'src/models/dynamoose/Conn.ts': model,
      'src/service/cache.ts':
        "import Conn from '@models/dynamoose/Conn';\nexport const all = () => Conn.scan().exec();\n",
    });
    assert.deepEqual(await found(dir), ['src/service/cache.ts:2 scan connections']);
  });

  it('leaves a package alone when no alias names it, and never maps a package into node_modules', () => {
    const dir = project({
      'tsconfig.json':
        '{ "compilerOptions": { "baseUrl": ".", "paths": { "*": ["node_modules/*", "types/*"], "@app/*": ["src/*"] } } }',
    });
    const from = path.join(dir, 'src', 'a.ts');
    const forPackage = layoutCandidates(from, 'dynamoose').map((c) => path.relative(dir, c));
    assert.equal(forPackage[0], path.join('types', 'dynamoose'));
    assert.ok(forPackage.every((c) => c.startsWith('types')));
    assert.deepEqual(layoutCandidates(path.join(project({}), 'a.ts'), 'dynamoose'), []);
    assert.ok(layoutCandidates(from, 'dynamoose').every((c) => !c.includes('node_modules')));
    assert.equal(path.relative(dir, layoutCandidates(from, '@app/db')[1] ?? ''), path.join('src', 'db.ts'));
  });
});

describe('Lambda layers', () => {
  const layerDb = [
    "const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');",
    'const client = new DynamoDBClient({});',
    'async function listAll(table) {',
    '  return client.send(new ScanCommand({ TableName: table }));',
    '}',
    'module.exports = { listAll };',
    '',
  ].join('\n');

  it('/opt/nodejs/x is the layer folder’s nodejs/x: a wrapper in a layer is followed into', async () => {
    const dir = project({
      'layers/common/nodejs/db.js': layerDb,
      'functions/list/app.js':
        "const db = require('/opt/nodejs/db');\nexports.handler = async () => db.listAll('Orders');\n",
    });
    assert.ok((await found(dir)).includes('functions/list/app.js:2 scan Orders'));
  });

  it('/opt/x without nodejs/ is looked for in layer-named folders only', async () => {
    const dir = project({
      'shared-layer/db.js': layerDb,
      'lib/db.js': layerDb.replace('ScanCommand }', 'ScanCommand, QueryCommand }'),
      'app.js': "const db = require('/opt/db');\nexports.handler = async () => db.listAll('Orders');\n",
    });
    assert.ok((await found(dir)).includes('app.js:2 scan Orders'));
    const from = path.join(dir, 'app.js');
    const candidates = layoutCandidates(from, '/opt/db').map((c) => path.relative(dir, c));
    assert.equal(candidates[0], path.join('shared-layer', 'db'));
    assert.ok(candidates.every((c) => !c.startsWith('lib')));
    // A path out of the layer is no layer path.
    assert.deepEqual(layoutCandidates(from, '/opt/nodejs/../../etc/passwd'), []);
  });

  it('finds nothing without a layer folder', async () => {
    const dir = project({
      'app.js': "const db = require('/opt/nodejs/db');\nexports.handler = async () => db.listAll('Orders');\n",
    });
    assert.deepEqual(await found(dir), []);
  });
});
