import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeSource, ModuleCache } from '../../../src/core/analyzer/analyze';
import { analyzeProject } from '../../../src/core/analyzer/project';
import type { Finding } from '../../../src/core/analyzer/finding';
import { ModuleLayout, type LayoutReader } from '../../../src/core/analyzer/packageModules';
import { learnWrapperNames } from '../../../src/core/analyzer/wrappers';
import { schemasFromFile } from '../../../src/core/schema/discover';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { parseSource } from '../../../src/core/syntax/parse';
import { makeTempDir } from '../../harness/tempDirs';

const ROOT = path.resolve('/p');

/** A layout reader over an in-memory project under /p. */
function readerOf(files: Record<string, string>): LayoutReader {
  return {
    readText: (file) => files[path.relative(ROOT, file).split(path.sep).join('/')],
    subfolders: (folder) => {
      const rel = path.relative(ROOT, folder).split(path.sep).join('/');
      const prefix = rel === '' ? '' : `${rel}/`;
      const out = new Set<string>();
      for (const f of Object.keys(files))
        if (f.startsWith(prefix) && f.slice(prefix.length).includes('/'))
          out.add(f.slice(prefix.length).split('/')[0] as string);
      return [...out];
    },
  };
}

function analyze(files: Record<string, string>, main: string, tables: TableSchema[] = []): Finding[] {
  const reader = readerOf(files);
  const layout = new ModuleLayout(reader);
  const resolveModule = (from: string, spec: string): { fileName: string; text: string } | undefined => {
    for (const c of layout.candidates(from, spec)) {
      const text = reader.readText(c);
      if (text !== undefined) return { fileName: c, text };
    }
    return undefined;
  };
  const names = new Set<string>();
  for (const [f, text] of Object.entries(files))
    if (/\.[jt]s$/.test(f)) learnWrapperNames(parseSource(path.join(ROOT, f), text), names);
  const result = analyzeSource(path.join(ROOT, main), files[main] as string, {
    tables,
    resolveModule,
    wrapperNames: [...names],
  });
  assert.equal(result.error, undefined);
  return result.findings;
}

function lines(findings: Finding[], rule?: string): string[] {
  return findings.filter((f) => !rule || f.rule === rule).map((f) => `${f.line} ${f.rule}`);
}

const DB_PACKAGE: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'acme', workspaces: ['packages/*'] }),
  'packages/db/package.json': JSON.stringify({ name: '@acme/db-dynamodb', main: 'index.js' }),
  'packages/db/tsconfig.json':
    '{ // comment\n "compilerOptions": { "baseUrl": ".", "paths": { "~/*": ["./src/*"] }, }\n}',
  'packages/db/src/index.ts':
    'export * from "./utils/query";\nexport * from "./utils/put";\nexport * from "./utils/get";\n',
  'packages/db/src/toolbox.ts': 'export { Entity, Table } from "dynamodb-toolbox";\n',
  'packages/db/src/utils/query.ts': `import { Entity } from "~/toolbox";
export interface QueryAllParams {
  entity: Entity<any>;
  partitionKey: string;
  options?: { index?: string; limit?: number };
}
interface QueryParams extends QueryAllParams {
  previous?: any;
}
const query = async (params: QueryParams) => {
  const { entity, previous, partitionKey, options } = params;
  if (!previous) return entity.query(partitionKey, options);
  return previous.next();
};
export const queryOne = async (params: QueryAllParams) => {
  return query({ ...params, options: { ...(params.options || {}), limit: 1 } });
};
export const queryAll = async (params: QueryAllParams) => {
  const items = [];
  let previous: any = undefined;
  while ((previous = await query({ ...params, previous }))) items.push(previous);
  return items;
};
`,
  'packages/db/src/utils/put.ts': `import { Entity } from "~/toolbox";
interface Params {
  entity: Entity;
  item: { PK: string; SK: string; [key: string]: any };
}
export const put = async (params: Params) => {
  const { entity, item } = params;
  return entity.put(item, { execute: true });
};
`,
  'packages/db/src/utils/get.ts': `import { Entity } from "~/toolbox";
export const get = async ({ entity, keys }: { entity: Entity; keys: { PK: string; SK: string } }) => {
  return entity.get(keys, { execute: true });
};
`,
};

const TOOLBOX_TABLE: TableSchema = {
  name: 'main',
  aliases: [],
  envVars: ['DB_TABLE'],
  partitionKey: { name: 'PK' },
  sortKey: { name: 'SK' },
  indexes: [{ name: 'GSI1', kind: 'GSI', partitionKey: { name: 'GSI1_PK' }, sortKey: { name: 'GSI1_SK' } }],
  source: { kind: 'orm', file: path.join(ROOT, 'packages/app/src/table.ts') },
  orm: { library: 'dynamodb-toolbox' },
};

const APP = `import { queryAll, queryOne, put } from "@acme/db-dynamodb";
import { Entity } from "@acme/db-dynamodb/toolbox";
const PK = "SETTINGS";
export const create = (entity: Entity) => {
  const systemKeys = { PK: "T#root#SYSTEM", SK: "TENANCY" };
  return {
    async list() {
      return queryAll({ entity, partitionKey: "TENANTS", options: { index: "GSI1" } });
    },
    async last() {
      return queryOne({ entity, partitionKey: \`RUNS\`, options: { index: "GSI1" } });
    },
    async byTenant(id: string) {
      return queryAll({ entity, partitionKey: \`T#\${id}\`, options: { index: "GSI1" } });
    },
    async save(data: any) {
      await put({ entity, item: { ...data, ...systemKeys } });
    },
    async store(id: string) {
      const item = { PK, SK: id, GSI1_PK: "ALL", GSI1_SK: id };
      await put({ entity, item });
    },
    async one(id: string) {
      await put({ entity, item: { PK: \`T#\${id}\`, SK: "A", GSI1_PK: \`T#\${id}\` } });
    },
  };
};
`;

test('a workspace package helper reached through an object parameter reports constant partition keys at the call', () => {
  const found = lines(
    analyze({ ...DB_PACKAGE, 'packages/app/src/index.ts': APP }, 'packages/app/src/index.ts', [TOOLBOX_TABLE]),
    'single-value-partition-key',
  );
  // list (GSI1 "TENANTS"), last (queryOne through a spread), save (spread const keys), store (module
  // const shorthand PK and GSI1_PK); not byTenant or one, whose keys vary per call.
  assert.deepEqual(found, [
    '8 single-value-partition-key',
    '11 single-value-partition-key',
    '17 single-value-partition-key',
    '21 single-value-partition-key',
    '21 single-value-partition-key',
  ]);
});

test('without the alias or the workspace the helper is not followed', () => {
  const files: Record<string, string> = { ...DB_PACKAGE, 'packages/app/src/index.ts': APP };
  delete files['package.json'];
  assert.deepEqual(lines(analyze(files, 'packages/app/src/index.ts', [TOOLBOX_TABLE])), []);
});

test('several toolbox tables with different keys at the same distance leave the key unknown', () => {
  const other: TableSchema = {
    ...TOOLBOX_TABLE,
    name: 'other',
    partitionKey: { name: 'id' },
    indexes: [],
    source: { kind: 'orm', file: path.join(ROOT, 'packages/app/src/other.ts') },
  };
  const found = lines(
    analyze({ ...DB_PACKAGE, 'packages/app/src/index.ts': APP }, 'packages/app/src/index.ts', [TOOLBOX_TABLE, other]),
    'single-value-partition-key',
  );
  // Only the writes whose PK name is conventional remain, as guesses without a schema.
  assert.ok(!found.includes('8 single-value-partition-key'));
});

test('ModuleLayout maps tsconfig paths (with extends and comments) and workspace package subpaths', () => {
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ workspaces: { packages: ['libs/*'] } }),
    'tsconfig.base.json': '{ "compilerOptions": { "baseUrl": ".", "paths": { "#shared/*": ["shared/*"] } } }',
    'apps/web/tsconfig.json': '{ "extends": "../../tsconfig.base.json", /* c */ }',
    'libs/keys/package.json': JSON.stringify({ name: 'keys', exports: { '.': { types: './src/main.ts' } } }),
  };
  const layout = new ModuleLayout(readerOf(files));
  const from = path.join(ROOT, 'apps/web/src/a.ts');
  assert.equal(layout.candidates(from, '#shared/x')[0], path.join(ROOT, 'shared/x'));
  assert.equal(layout.candidates(from, 'keys')[0], path.join(ROOT, 'libs/keys/src/main.ts'));
  assert.ok(layout.candidates(from, 'keys/sub').includes(path.join(ROOT, 'libs/keys/src/sub.ts')));
  assert.deepEqual(layout.candidates(from, 'react'), []);
  assert.deepEqual(layout.candidates(from, 'node:fs'), []);
});

/** Writes `files` under a fresh temp folder; returns the folder. */
function writeProject(files: Record<string, string>): string {
  const root = makeTempDir('dg-toolbox-');
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
  }
  return root;
}

/** A package whose table is built by a factory with a re-exported `Table`, named by an env var. */
function servicePackage(name: string, indexes: string): Record<string, string> {
  return {
    [`packages/${name}/package.json`]: JSON.stringify({ name: `@acme/${name}` }),
    [`packages/${name}/tsconfig.json`]: JSON.stringify({
      compilerOptions: { baseUrl: '.', paths: { '~/*': ['./src/*'], '@acme/db-dynamodb/*': ['../db/src/*'] } },
    }),
    [`packages/${name}/src/table.ts`]: `import { Table, Entity } from "@acme/db-dynamodb/toolbox";
export const createEntity = (hook?: (c: any) => any) => {
  const config = { name: String(process.env.DB_TABLE), partitionKey: "PK", sortKey: "SK", indexes: { ${indexes} } };
  const table = new Table(typeof hook === "function" ? hook(config) : config);
  return new Entity({ name: "${name}", table, attributes: { PK: { partitionKey: true }, SK: { sortKey: true } } });
};
`,
    [`packages/${name}/src/index.ts`]: `import { queryAll } from "@acme/db-dynamodb/utils/query";
import { createEntity } from "~/table";
const entity = createEntity();
export const listAll = () => queryAll({ entity, partitionKey: "ALL", options: { index: "GSI2" } });
export const save = (id: string) => entity.putBatch({ PK: id, SK: "A", GSI1_PK: "EVERY", GSI2_PK: "ONE" });
`,
  };
}

test('a monorepo package keeps its own toolbox table: same env var, different indexes', async () => {
  const root = writeProject({
    ...DB_PACKAGE,
    ...servicePackage('alpha', 'GSI1: { partitionKey: "GSI1_PK" }, GSI2: { partitionKey: "GSI2_PK" }'),
    ...servicePackage('beta', 'GSI1: { partitionKey: "GSI1_PK" }'),
  });
  const result = await analyzeProject({ root, workers: 0, discoverSchemas: true });

  const found = result.findings
    .filter((f) => f.rule === 'single-value-partition-key')
    .map((f) => `${f.file}:${f.line} ${f.data?.keyAttribute ?? ''}`);
  assert.deepEqual(found.sort(), [
    'packages/alpha/src/index.ts:4 GSI2_PK',
    'packages/alpha/src/index.ts:5 GSI1_PK',
    'packages/alpha/src/index.ts:5 GSI2_PK',
    // beta's table has no GSI2: its query names an index of unknown shape, and GSI2_PK is no key there.
    'packages/beta/src/index.ts:5 GSI1_PK',
  ]);
});

test('discovery reads a toolbox Table re-exported by a project module only when it may follow imports', () => {
  const files: Record<string, string> = {
    'src/toolbox.ts': 'export { Table } from "dynamodb-toolbox";\n',
    'src/table.ts': `import { Table } from "./toolbox";
export const createTable = (name: string) => new Table({ name, partitionKey: "PK", sortKey: "SK", indexes: { GSI1: { partitionKey: "G1" } } });
`,
  };
  const reader = readerOf(files);
  const layout = new ModuleLayout(reader);
  const modules = new ModuleCache((from, spec) => {
    for (const c of layout.candidates(from, spec)) {
      const text = reader.readText(c);
      if (text !== undefined) return { fileName: c, text };
    }
    return undefined;
  });
  const file = path.join(ROOT, 'src/table.ts');
  const followed = schemasFromFile(file, files['src/table.ts'] as string, undefined, modules).tables;
  assert.deepEqual(
    followed.map((t) => [t.name, t.orm?.library, t.partitionKey.name, t.indexes.map((i) => i.partitionKey.name)]),
    [['createTable', 'dynamodb-toolbox', 'PK', ['G1']]],
  );
  assert.deepEqual(schemasFromFile(file, files['src/table.ts'] as string).tables, []);
});

test('a toolbox get of one constant key through a helper is a hot-key read; a key of the caller is not', () => {
  const app = `import { get } from "@acme/db-dynamodb/utils/get";
import { Entity } from "@acme/db-dynamodb/toolbox";
const SETTINGS = { PK: "SETTINGS", SK: "default" };
export const settings = (entity: Entity) => ({
  load: () => get({ entity, keys: SETTINGS }),
  byId: (id: string) => get({ entity, keys: { PK: "SETTINGS", SK: id } }),
});
`;
  const found = lines(
    analyze({ ...DB_PACKAGE, 'packages/app/src/index.ts': app }, 'packages/app/src/index.ts', [TOOLBOX_TABLE]),
  );
  assert.deepEqual(found, ['5 hot-key-read']);
  // An Entity whose key attributes carry other names than the table's: its key object is not read.
  const renamed: TableSchema = { ...TOOLBOX_TABLE, partitionKey: { name: 'pk' }, sortKey: { name: 'sk' } };
  assert.deepEqual(
    lines(analyze({ ...DB_PACKAGE, 'packages/app/src/index.ts': app }, 'packages/app/src/index.ts', [renamed])),
    [],
  );
});

test('a parameter member typed with a local shape is no toolbox Entity; one typed through a union is', () => {
  const local = `interface Store { query(pk: string, o?: any): any }
interface Params { entity: Store; partitionKey: string }
const run = (params: Params) => {
  const { entity, partitionKey } = params;
  return entity.query(partitionKey, { index: "GSI1" });
};
export const dynamoList = (entity: Store) => run({ entity, partitionKey: "ALL" });
`;
  assert.deepEqual(lines(analyze({ 'src/a.ts': local }, 'src/a.ts', [TOOLBOX_TABLE])), []);
  const union = `import { Entity } from "dynamodb-toolbox";
type Params = { entity?: never; other: string } | { entity: Entity; partitionKey: string };
const run = (params: Params & { extra?: number }) => params.entity.query(params.partitionKey, { index: "GSI1" });
export const dynamoList = (entity: Entity) => run({ entity, partitionKey: "ALL" });
`;
  assert.deepEqual(lines(analyze({ 'src/a.ts': union }, 'src/a.ts', [TOOLBOX_TABLE]), 'single-value-partition-key'), [
    '4 single-value-partition-key',
  ]);
});
