import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource, Analyzer } from '../../../src/core/analyzer/analyze';
import type { Finding } from '../../../src/core/analyzer/finding';
import { moduleCandidates } from '../../../src/core/analyzer/moduleCandidates';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { learnWrapperNames } from '../../../src/core/analyzer/wrappers';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { parseSource } from '../../../src/core/syntax/parse';
import { makeTempDir } from '../../harness/tempDirs';

const PASSES: TableSchema = {
  name: 'passes',
  partitionKey: { name: 'pk', type: 'S' },
  aliases: [],
  indexes: [{ name: 'byStatus', kind: 'GSI', partitionKey: { name: 'status', type: 'S' } }],
  envVars: [],
  source: { kind: 'config' },
};

/** Analyzes `/p/<main>` with the other files of `files` as its local modules. */
function analyze(files: Record<string, string>, main: string, tables: TableSchema[] = []): Finding[] {
  const abs = (f: string): string => path.posix.join('/p', f);
  const resolveModule = (from: string, spec: string): { fileName: string; text: string } | undefined => {
    for (const c of moduleCandidates(from, spec)) {
      const rel = path.posix.relative('/p', c);
      const text = files[rel];
      if (text !== undefined) return { fileName: c, text };
    }
    return undefined;
  };
  // As a project run does: the wrapper names of every file, so that a file calling only wrappers is read.
  const names = new Set<string>();
  for (const [f, text] of Object.entries(files)) learnWrapperNames(parseSource(abs(f), text), names);
  const result = analyzeSource(abs(main), files[main] as string, { tables, resolveModule, wrapperNames: [...names] });
  assert.equal(result.error, undefined);
  return result.findings;
}

function lines(findings: Finding[], rule?: string): string[] {
  return findings.filter((f) => !rule || f.rule === rule).map((f) => `${f.line} ${f.rule}`);
}

const DB_OBJECT = `import { ScanCommand, DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const docClient = DynamoDBDocumentClient.from(client);
export default {
  scan: async function (table, filters = {}) {
    const params = { TableName: table + (process.env.ENVIRONMENT || ''), ...filters };
    return docClient.send(new ScanCommand(params));
  },
};
`;

test('reports a call of an exported Scan wrapper at the call site, with the SDK call as related', () => {
  const findings = analyze(
    {
      'lib/db.js': DB_OBJECT,
      'handler.js': `import db from './lib/db';\nimport { USERS } from './tables';\nexport async function list() {\n  return db.scan(USERS);\n}\n`,
      'tables.js': `export const USERS = 'users';\n`,
    },
    'handler.js',
  );
  assert.deepEqual(lines(findings), ['4 scan']);
  const related = findings[0]?.related?.[0];
  assert.equal(related?.file, '/p/lib/db.js');
  assert.equal(related?.line, 6);
});

test('a file that only calls wrappers through CommonJS is checked: module.exports object, exports.x and destructured require', () => {
  const lib = `const AWS = require('aws-sdk');\nconst ddb = new AWS.DynamoDB.DocumentClient();\nasync function scanAll(TableName) {\n  return ddb.scan({ TableName }).promise();\n}\nexports.readAll = (t) => scanAll(t);\nmodule.exports.scanAll = scanAll;\n`;
  assert.deepEqual(
    lines(analyze({ 'lib.js': lib, 'a.js': `const { scanAll } = require('./lib');\nscanAll('users');\n` }, 'a.js')),
    ['2 scan'],
  );
  assert.deepEqual(
    lines(
      analyze(
        { 'lib.js': lib, 'a.js': `const lib = require('./lib');\nfunction f() {\n  return lib.readAll('users');\n}\n` },
        'a.js',
      ),
    ),
    ['3 scan'],
  );
  const objectExport = `const AWS = require('aws-sdk');\nconst ddb = new AWS.DynamoDB.DocumentClient();\nfunction scan(params) {\n  return ddb.scan(params).promise();\n}\nmodule.exports = { scan };\n`;
  assert.deepEqual(
    lines(
      analyze(
        {
          'db/index.js': objectExport,
          'a.js': `function f() {\n  const db = require('./db');\n  return db.scan({ TableName: 'users' });\n}\n`,
        },
        'a.js',
      ),
    ),
    ['3 scan'],
  );
});

test('follows a wrapper of a wrapper and reports only the outermost call that passes the table', () => {
  const findings = analyze(
    {
      'lib/db.js': DB_OBJECT,
      'repo.js': `import db from './lib/db';\nexport function listAll(table) {\n  return db.scan(table, {});\n}\n`,
      'a.js': `import { listAll } from './repo';\nexport const h = () => listAll('users');\n`,
    },
    'a.js',
  );
  assert.deepEqual(lines(findings), ['2 scan']);
  // The intermediate call forwards a parameter: silent there.
  assert.deepEqual(
    lines(
      analyze(
        {
          'lib/db.js': DB_OBJECT,
          'repo.js': `import db from './lib/db';\nexport function listAll(table) {\n  return db.scan(table, {});\n}\n`,
        },
        'repo.js',
      ),
    ),
    [],
  );
});

test('reports a constant passed as a key value to a wrapper, and stays silent for a value from a parameter', () => {
  const repo = `import { QueryCommand } from '@aws-sdk/lib-dynamodb';
export async function getPassesByStatus(status) {
  return client.send(new QueryCommand({
    TableName: 'passes',
    IndexName: 'byStatus',
    KeyConditionExpression: '#s = :status',
    ExpressionAttributeNames: { '#s': 'status' },
    ExpressionAttributeValues: { ':status': status },
  }));
}
`;
  const constant = analyze(
    {
      'repo.js': repo,
      'a.js': `import { getPassesByStatus } from './repo';\nexport const active = () => getPassesByStatus('active');\n`,
    },
    'a.js',
    [PASSES],
  );
  assert.deepEqual(lines(constant), ['2 single-value-partition-key']);
  assert.match(constant[0]?.message ?? '', /"active"/);
  const variable = analyze(
    {
      'repo.js': repo,
      'a.js': `import { getPassesByStatus } from './repo';\nexport const byStatus = (event) => getPassesByStatus(event.status);\n`,
    },
    'a.js',
    [PASSES],
  );
  assert.deepEqual(lines(variable), []);
});

test('a BaseRepository query method called through this with a constant key value is reported', () => {
  const base = `import { DynamoDBDocument } from '@aws-sdk/lib-dynamodb';
export class BaseRepository {
  db = DynamoDBDocument.from(client);
  async query(keyCondition, values) {
    return this.db.query({ TableName: 'passes', KeyConditionExpression: keyCondition, ExpressionAttributeValues: values });
  }
}
`;
  const sub = `import { BaseRepository } from './base';
export class Roots extends BaseRepository {
  all() {
    return this.query('pk = :pk', { ':pk': 'ROOT' });
  }
  one(id) {
    return this.query('pk = :pk', { ':pk': id });
  }
}
`;
  assert.deepEqual(lines(analyze({ 'base.ts': base, 'roots.ts': sub }, 'roots.ts', [PASSES])), [
    '4 single-value-partition-key',
  ]);
});

test('a method called on an instance of a local class reaches its Scan', () => {
  const client = `import DynamoDB from 'aws-sdk/clients/dynamodb';
export default class CustomDynamoClient {
  table = process.env.TABLE_NAME;
  docClient = new DynamoDB.DocumentClient();
  async readAll() {
    const data = await this.docClient.scan({ TableName: this.table }).promise();
    return data.Items;
  }
}
`;
  const handler = `import CustomDynamoClient from './client';\nexport const list = (dynamoDB: CustomDynamoClient) => async () => {\n  return dynamoDB.readAll();\n};\nconst made = new CustomDynamoClient();\nexport const two = () => made.readAll();\n`;
  assert.deepEqual(lines(analyze({ 'client.ts': client, 'handler.ts': handler }, 'handler.ts')), ['3 scan', '6 scan']);
});

test('a local helper named query or scan with no DynamoDB call stays silent', () => {
  const text = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nfunction query(list, q) { return list.filter((x) => x.name === q); }\nconst scan = (items) => items.map((i) => i.id);\nexport const a = () => query(['a'], 'ROOT');\nexport const b = () => scan(['x']);\n`;
  assert.deepEqual(lines(analyze({ 'a.ts': text }, 'a.ts')), []);
});

test('a constant written inside the wrapper is reported there, not again at each call', () => {
  const text = `import { PutCommand } from '@aws-sdk/lib-dynamodb';
async function save(item) {
  return client.send(new PutCommand({ TableName: 'passes', Item: { pk: 'ALL', ...item } }));
}
export const a = () => save({ id: 1 });
export const b = () => save({ id: 2 });
`;
  assert.deepEqual(lines(analyze({ 'a.ts': text }, 'a.ts'), 'single-value-partition-key'), [
    '3 single-value-partition-key',
  ]);
});

test('recursive wrappers terminate', () => {
  const text = `import { ScanCommand } from '@aws-sdk/lib-dynamodb';
async function page(table, start) {
  const r = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
  return r.LastEvaluatedKey ? page(table, r.LastEvaluatedKey) : r.Items;
}
export const all = () => page('users');
`;
  assert.deepEqual(lines(analyze({ 'a.ts': text }, 'a.ts')), ['3 scan', '6 scan']);
});

test('the editor analyzer re-checks a caller when the wrapper file changes', () => {
  const files: Record<string, string> = { '/p/db.js': DB_OBJECT };
  const analyzer = new Analyzer({
    tables: [],
    resolveModule: (_f, spec) =>
      spec === './db' ? { fileName: '/p/db.js', text: files['/p/db.js'] as string } : undefined,
  });
  const caller = `import db from './db';\nexport const f = () => db.scan('users');\n`;
  assert.deepEqual(lines(analyzer.analyze('/p/a.js', caller).findings), ['2 scan']);
  files['/p/db.js'] = `export default { scan(table) { return []; } };\n`;
  analyzer.forget('/p/db.js');
  assert.deepEqual(lines(analyzer.analyze('/p/a.js', caller).findings), []);
});

test('a project run analyzes a file that only calls a wrapper, through two levels, and not a file calling nothing of it', async () => {
  const root = makeTempDir('dg-wrappers-');
  const write = (rel: string, text: string): void => {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  };
  write('lib/db.js', DB_OBJECT);
  write(
    'src/repo.js',
    `import db from '../lib/db';\nexport function listEverything(table) {\n  return db.scan(table);\n}\n`,
  );
  write(
    'src/service.js',
    `import { listEverything } from './repo';\nexport function listTable(name) {\n  return listEverything(name);\n}\n`,
  );
  write(
    'src/handler.js',
    `import { listTable } from './service';\nexport const handler = async () => listTable('users');\n`,
  );
  write('src/other.js', `export const other = () => [1, 2].map((x) => x * 2);\n`);
  const result = await analyzeProject({ root });
  assert.deepEqual(
    result.findings.filter((f) => f.rule === 'scan').map((f) => `${f.file}:${f.line}`),
    ['lib/db.js:6', 'src/handler.js:2'],
  );
  assert.equal(result.stats.filesAnalyzed, 4);
  assert.deepEqual(result.wrapperNames, ['handler', 'listEverything', 'listTable', 'scan']);
});

test("a run of only a wrapper's file (a file changed on disk) still learns its names", async () => {
  const root = makeTempDir('dg-wrappers-');
  fs.writeFileSync(path.join(root, 'db.js'), DB_OBJECT);
  const result = await analyzeProject({ root, paths: [path.join(root, 'db.js')] });
  assert.deepEqual(result.wrapperNames, ['scan']);
});

test('the long-lived Analyzer reads a file calling only a wrapper once it is told the names, and only then', () => {
  const files: Record<string, string> = {
    '/p/lib/db.js': DB_OBJECT,
    '/p/repo.js': `import db from './lib/db';\nexport function readAll(table) {\n  return db.scan(table);\n}\n`,
    '/p/caller.js': `import { readAll } from './repo';\nexport const h = () => readAll('users');\n`,
  };
  const analyzer = new Analyzer({
    tables: [],
    resolveModule: (from, spec) => {
      for (const c of moduleCandidates(from, spec)) if (files[c] !== undefined) return { fileName: c, text: files[c] };
      return undefined;
    },
  });
  const caller = files['/p/caller.js'] as string;
  assert.equal(analyzer.analyze('/p/caller.js', caller).skipped, 'prefilter');
  assert.equal(analyzer.setWrapperNames(['readAll']), true);
  assert.deepEqual(lines(analyzer.analyze('/p/caller.js', caller).findings), ['2 scan']);
  assert.equal(analyzer.setWrapperNames(['readAll']), false, 'the same names change nothing');
  assert.equal(analyzer.setWrapperNames([]), true);
  assert.equal(analyzer.analyze('/p/caller.js', caller).skipped, 'prefilter');
});

test('a call of a function that scans a table of its own choosing, one level down, is not reported again', () => {
  const findings = analyze(
    {
      'lib/db.js': DB_OBJECT,
      'sync.js': `import db from './lib/db';\nexport async function syncEverything() {\n  const all = await db.scan('partners');\n  return all.length;\n}\n`,
      'a.js': `import { syncEverything } from './sync';\nexport const h = () => syncEverything();\n`,
    },
    'a.js',
  );
  assert.deepEqual(lines(findings), []);
  assert.deepEqual(
    lines(
      analyze(
        {
          'lib/db.js': DB_OBJECT,
          'sync.js': `import db from './lib/db';\nexport async function syncEverything() {\n  const all = await db.scan('partners');\n  return all.length;\n}\n`,
        },
        'sync.js',
      ),
    ),
    ['3 scan'],
  );
});

test('a function of the same file that scans its own table is reported at its Scan only', () => {
  const text = `import { ScanCommand } from '@aws-sdk/lib-dynamodb';
const loop = async (start) => client.send(new ScanCommand({ TableName: 'tweets', ExclusiveStartKey: start }));
export const run = () => loop();
`;
  assert.deepEqual(lines(analyze({ 'a.ts': text }, 'a.ts')), ['2 scan']);
});

test('a same-file wrapper called with a table that is not constant is reported at its Scan only', () => {
  const text = `import { ScanCommand } from '@aws-sdk/lib-dynamodb';\nasync function drain(table) {\n  return client.send(new ScanCommand({ TableName: table }));\n}\nexport async function all(names) {\n  for (const n of names) await drain(process.env[n]);\n  await drain('audit');\n}\n`;
  assert.deepEqual(lines(analyze({ 'a.ts': text }, 'a.ts')), ['3 scan', '7 scan']);
});

test('a wrapper call site names its table with the argument it passes for the table parameter', () => {
  const db = [
    "const AWS = require('aws-sdk');",
    'const doc = new AWS.DynamoDB.DocumentClient();',
    'exports.updateDB = async (id, values, table) =>',
    "  doc.update({ TableName: table + (process.env.STAGE || ''), Key: { id }, UpdateExpression: 'SET v = :v', ExpressionAttributeValues: { ':v': values.v } }).promise();",
  ].join('\n');
  const main = [
    "const { updateDB } = require('./db');",
    "const META_TABLE = 'meta';",
    "exports.sync = async () => updateDB('sync_status', { v: 1 }, META_TABLE);",
  ].join('\n');
  const [f, ...rest] = analyze({ 'db.js': db, 'handler.js': main }, 'handler.js');
  assert.equal(rest.length, 0);
  assert.equal(f?.table, 'META_TABLE + (process.env.STAGE || "")');
  assert.match(f?.message ?? '', /of table META_TABLE \+ \(process\.env\.STAGE \|\| ""\)/);
});

test('a function that only hands out a function which scans is no Scan wrapper; one whose callback scans is', () => {
  const tasks = [
    "const { DynamoDBClient, ScanCommand } = require('@aws-sdk/client-dynamodb');",
    'const client = new DynamoDBClient({});',
    'const define = (task) => task;',
    // The Scan runs when the task runs, not when it is defined.
    "exports.createCountTask = () => define({ id: 'count', run: async () => client.send(new ScanCommand({ TableName: 'Orders' })) });",
    "exports.makeLister = () => async () => client.send(new ScanCommand({ TableName: 'Orders' }));",
    // A callback given to a call runs within it.
    "exports.countAll = (tables) => Promise.all(tables.map(async () => client.send(new ScanCommand({ TableName: 'Orders' }))));",
  ].join('\n');
  const main = [
    "const { createCountTask, makeLister, countAll } = require('./tasks');",
    'exports.plugins = () => [createCountTask(), makeLister()];',
    "exports.handler = async () => countAll(['a']);",
  ].join('\n');
  const findings = analyze({ 'tasks.js': tasks, 'main.js': main }, 'main.js');
  assert.deepEqual(
    findings.map((f) => `${f.rule}:${f.line}`),
    ['scan:3'],
  );
});
