import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv from 'ajv';
import { CONFIG_FILE_NAME } from '../../src/core/configFileName';
import { loadConfig, parseConfig } from '../../src/core/config/configLoader';
import { defaultConfig } from '../../src/core/config/configModel';
import { CONFIG_JSON_SCHEMA } from '../../src/core/config/configSchema';

const fixtures = join(__dirname, '../fixtures/schema/config');
const root = join(__dirname, '../..');

test('loads a valid config from its directory: tables as config-kind schemas, rules, globs, allowScans, baseline', () => {
  const { config, tables, problems, file } = loadConfig(join(fixtures, 'valid'));
  assert.deepEqual(problems, []);
  assert.equal(file, join(fixtures, 'valid', 'dynamo-guard.config.json'));
  assert.deepEqual(config.rules, { scan: 'error', 'single-value-partition-key': 'info', 'hot-key-read': 'info' });
  assert.deepEqual(config.ignore, ['legacy/**']);
  assert.deepEqual(config.allowScans, { paths: ['scripts/**', 'migrations/**'], severity: 'off' });
  assert.equal(config.allowConstantKeys.severity, 'off', 'the default where the file says nothing');
  assert.equal(config.baseline, '.dynamo-guard-baseline.json');
  assert.equal(tables.length, 2);
  const [orders, counters] = tables;
  assert.equal(orders?.name, 'shop-orders');
  assert.deepEqual(orders?.partitionKey, { name: 'PK', type: 'S' });
  assert.deepEqual(orders?.sortKey, { name: 'SK' });
  assert.deepEqual(orders?.indexes, [
    {
      name: 'GSI1',
      kind: 'GSI',
      partitionKey: { name: 'GSI1PK', type: 'S' },
      sortKey: { name: 'GSI1SK', type: 'S' },
      projection: 'ALL',
    },
    { name: 'byTotal', kind: 'LSI', partitionKey: { name: 'PK', type: 'S' }, sortKey: { name: 'total', type: 'N' } },
  ]);
  assert.deepEqual(orders?.envVars, ['ORDERS_TABLE']);
  assert.deepEqual(orders?.aliases, ['OrdersTable']);
  assert.equal(orders?.billingMode, 'PAY_PER_REQUEST');
  assert.equal(orders?.source.kind, 'config');
  assert.equal(orders?.source.line, 5);
  assert.deepEqual(counters?.partitionKey, { name: 'pk' });
});

test('a directory without a config gives the defaults and no problem', () => {
  const { config, tables, problems } = loadConfig(join(fixtures, 'empty'));
  assert.deepEqual(config, defaultConfig());
  assert.equal(config.rules.scan, 'warning');
  assert.equal(config.allowScans.severity, 'info');
  assert.deepEqual(tables, []);
  assert.deepEqual(problems, []);
});

test('a named config file that does not exist gives the defaults and says so', () => {
  const { config, problems } = loadConfig(join(fixtures, 'nope.json'));
  assert.deepEqual(config, defaultConfig());
  assert.match(problems[0]?.message ?? '', /not found/);
});

test('malformed JSON gives one problem naming the file and the defaults, never a throw', () => {
  const file = join(fixtures, 'malformed.json');
  const { config, problems } = loadConfig(file);
  assert.deepEqual(config, defaultConfig());
  assert.equal(problems.length, 1);
  assert.equal(problems[0]?.file, file);
  assert.match(problems[0]?.message ?? '', /invalid JSON/);
});

test('reports every invalid value with its path, line and what was expected, and keeps the valid rest', () => {
  const { config, tables, problems } = loadConfig(join(fixtures, 'invalid.json'));
  const byPath = new Map(problems.map((p) => [p.path, p]));
  assert.equal(
    byPath.get('tables[0].partitionKey.type')?.message,
    'tables[0].partitionKey.type: expected one of "S", "N", "B", got "STRING"',
  );
  assert.equal(byPath.get('tables[0].partitionKey.type')?.line, 3);
  assert.match(byPath.get('tables[1].name')?.message ?? '', /expected the table name/);
  assert.match(
    byPath.get('tables[2].partitionKey')?.message ?? '',
    /expected a key: an attribute name or \{ name, type \}/,
  );
  assert.match(byPath.get('tables[3].indexes[0].partitionKey')?.message ?? '', /expected a key/);
  assert.equal(
    byPath.get('rules.scan')?.message,
    'rules.scan: expected one of "error", "warning", "info", "off", got "fatal"',
  );
  assert.match(byPath.get('rules.hot-keys')?.message ?? '', /unknown property "hot-keys"/);
  assert.match(byPath.get('ignore')?.message ?? '', /expected an array of strings, got "dist\/\*\*"/);
  assert.match(byPath.get('allowScans.paths[1]')?.message ?? '', /expected a string, got number 3/);
  assert.match(byPath.get('allowScans.severity')?.message ?? '', /expected one of "info", "off"/);
  assert.match(byPath.get('baselin')?.message ?? '', /unknown property "baselin"/);
  assert.equal(problems.length, 10);
  // The valid parts still apply.
  assert.deepEqual(
    tables.map((t) => t.name),
    ['ok-table', 'with-bad-index'],
  );
  assert.deepEqual(tables[0]?.partitionKey, { name: 'id' });
  assert.deepEqual(
    tables[1]?.indexes.map((i) => i.name),
    ['l'],
  );
  assert.equal(config.rules.scan, 'warning');
  assert.equal(config.rules['single-value-partition-key'], 'off');
  assert.deepEqual(config.allowScans.paths, ['scripts/**']);
});

test('a config that is not an object is a problem', () => {
  const { problems } = parseConfig('c.json', '[1, 2]');
  assert.equal(problems[0]?.message, '(root): expected an object, got an array');
});

test('the committed JSON Schema file is the exported schema', () => {
  const onDisk = readFileSync(join(root, 'schemas/dynamo-guard.config.schema.json'), 'utf8');
  assert.equal(onDisk, JSON.stringify(CONFIG_JSON_SCHEMA, null, 2) + '\n');
});

test('the extension contributes the committed schema for the config file, and activates on it', () => {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    activationEvents: string[];
    contributes: { jsonValidation: { fileMatch: string; url: string }[] };
  };
  assert.deepEqual(manifest.contributes.jsonValidation, [
    { fileMatch: CONFIG_FILE_NAME, url: './schemas/dynamo-guard.config.schema.json' },
  ]);
  assert.ok(manifest.activationEvents.includes(`workspaceContains:${CONFIG_FILE_NAME}`));
  const shipped = readFileSync(join(root, '.vscodeignore'), 'utf8').split('\n');
  assert.ok(shipped.includes('!schemas/dynamo-guard.config.schema.json'), 'the .vsix holds the schema');
});

test('the JSON Schema accepts the valid fixture and rejects what the loader rejects', () => {
  const validate = new Ajv({ allErrors: true, strict: false }).compile(CONFIG_JSON_SCHEMA);
  assert.equal(
    validate(JSON.parse(readFileSync(join(fixtures, 'valid/dynamo-guard.config.json'), 'utf8'))),
    true,
    JSON.stringify(validate.errors),
  );
  assert.equal(validate(JSON.parse(readFileSync(join(fixtures, 'invalid.json'), 'utf8'))), false);
  assert.equal(validate({ rules: { scan: 'fatal' } }), false);
  assert.equal(validate({ tables: [{ name: 't', partitionKey: { name: 'id', type: 'STRING' } }] }), false);
  assert.equal(validate({}), true);
});

test('a config that is a device or a FIFO is reported, not read (no hang, no unbounded read)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'dg-config-'));
  try {
    symlinkSync('/dev/zero', join(dir, 'dynamo-guard.config.json'));
    const device = loadConfig(dir);
    assert.deepEqual(device.config, defaultConfig());
    assert.match(device.problems[0]?.message ?? '', /is not a regular file/);
    rmSync(join(dir, 'dynamo-guard.config.json'));
    execFileSync('mkfifo', [join(dir, 'dynamo-guard.config.json')]);
    assert.match(loadConfig(dir).problems[0]?.message ?? '', /is not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** The text a problem's range covers (1-based lines and columns, end column just past). */
function rangeText(
  text: string,
  p: { line?: number; column?: number; endLine?: number; endColumn?: number },
): string | undefined {
  if (p.line === undefined || p.column === undefined || p.endLine === undefined || p.endColumn === undefined)
    return undefined;
  const lines = text.split('\n');
  assert.equal(p.endLine, p.line, 'a problem range stays on one line');
  return lines[p.line - 1]?.slice(p.column - 1, p.endColumn - 1);
}

test('each problem has a range: the wrong value, the unknown key, the item missing a property', () => {
  const file = join(fixtures, 'invalid.json');
  const text = readFileSync(file, 'utf8');
  const { problems } = loadConfig(file);
  const at = new Map(problems.map((p) => [p.path, { line: p.line, text: rangeText(text, p) }]));
  assert.deepEqual(at.get('tables[0].partitionKey.type'), { line: 3, text: '"STRING"' });
  assert.deepEqual(at.get('tables[1].name'), { line: 4, text: '{ "partitionKey": "pk" }' });
  assert.deepEqual(at.get('tables[2].partitionKey'), { line: 5, text: '{ "name": "no-key" }' });
  assert.deepEqual(at.get('tables[3].indexes[0].partitionKey'), { line: 6, text: '{ "name": "g", "sortKey": "s" }' });
  assert.deepEqual(at.get('rules.scan'), { line: 8, text: '"fatal"' });
  assert.deepEqual(at.get('rules.hot-keys'), { line: 8, text: '"hot-keys"' });
  assert.deepEqual(at.get('ignore'), { line: 9, text: '"dist/**"' });
  assert.deepEqual(at.get('allowScans.paths[1]'), { line: 10, text: '3' });
  assert.deepEqual(at.get('allowScans.severity'), { line: 10, text: '"warning"' });
  assert.deepEqual(at.get('baselin'), { line: 11, text: '"baselin"' });
  assert.ok(
    problems.every((p) => p.column !== undefined),
    'every problem is located',
  );
});

test('a value spanning lines is marked on its first line; a missing required property on its parent key', () => {
  const text = '{\n  "allowScans": {\n    "severity": "off"\n  },\n  "rules": [\n    "scan"\n  ]\n}\n';
  const { problems } = parseConfig('c.json', text);
  const at = new Map(problems.map((p) => [p.path, { line: p.line, text: rangeText(text, p) }]));
  assert.deepEqual(at.get('allowScans.paths'), { line: 2, text: '"allowScans"' });
  assert.deepEqual(at.get('rules'), { line: 5, text: '[' });
});

test('a syntax error is located where the JSON breaks, even when the runtime does not say where', () => {
  const missingValue = '{\n  "rules": { "scan": }\n}\n';
  const [problem] = parseConfig('c.json', missingValue).problems;
  assert.match(problem?.message ?? '', /invalid JSON/);
  assert.deepEqual(
    { line: problem?.line, column: problem?.column, text: rangeText(missingValue, problem ?? {}) },
    { line: 2, column: 22, text: '}' },
  );
  const trailingComma = readFileSync(join(fixtures, 'malformed.json'), 'utf8');
  const [comma] = loadConfig(join(fixtures, 'malformed.json')).problems;
  assert.equal(comma?.line, 2);
  assert.equal(rangeText(trailingComma, comma ?? {}), '}');
});
