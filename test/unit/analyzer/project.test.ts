import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import type * as fs from 'node:fs';
// The module object itself (not a namespace copy), so a mocked method is what every reader calls.
import nodeFs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBaseline } from '../../../src/core/analyzer/baseline';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { baselineFileKey, configuredSeverity, projectPolicy } from '../../../src/core/analyzer/projectPolicy';
import { defaultConfig } from '../../../src/core/config/configModel';
import { MIN_FILES_PER_WORKER, planWorkers } from '../../../src/core/analyzer/projectWorkers';
import { discoverSchemas } from '../../../src/core/schema/discover';
import type { TableSchema } from '../../../src/core/schema/keySchema';
import { makeTempDir } from '../../harness/tempDirs';

const fixtures = path.resolve(__dirname, '../../fixtures/cli');
const shop = path.join(fixtures, 'shop');

function summary(
  findings: ReadonlyArray<{ file: string; line: number; rule: string; severity: string; suppression?: unknown }>,
): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}${f.suppression ? ' suppressed' : ''}`);
}

test('analyzes a project: relative paths, stable order, skipped folders, suppressions', async () => {
  const result = await analyzeProject({ root: shop });
  assert.deepEqual(summary(result.findings), [
    'scripts/migrate.ts:6 scan warning',
    'src/feed.ts:7 single-value-partition-key warning',
    'src/orders.ts:6 scan warning',
    'src/reports.ts:7 scan warning suppressed',
    'src/reports.ts:10 unused-suppression info',
  ]);
  // node_modules/, dist/ and the .gitignore'd generated/ hold scans too, and are not read.
  assert.equal(result.stats.filesScanned, 5);
  assert.equal(result.stats.suppressed, 1);
  assert.ok(result.findings.every((f) => f.fingerprint));
});

test('worker threads produce exactly the findings of a main-thread run', async () => {
  const sequential = await analyzeProject({ root: shop, workers: 0 });
  const parallel = await analyzeProject({ root: shop, workers: 1, parallelThreshold: 0, mainThreadWorks: false });
  assert.equal(parallel.stats.workers, 1);
  assert.equal(parallel.stats.filesAnalyzedInWorkers, parallel.stats.filesAnalyzed);
  assert.deepEqual(parallel.findings, sequential.findings);
});

test('allowScans paths lower scans to the configured severity and leave other rules alone', async () => {
  const result = await analyzeProject({
    root: shop,
    config: { allowScans: { paths: ['scripts/'], severity: 'info' } },
  });
  assert.equal(result.findings.find((f) => f.file === 'scripts/migrate.ts')?.severity, 'info');
  assert.equal(result.findings.find((f) => f.file === 'src/orders.ts')?.severity, 'warning');
});

test('configured rule severities apply and `off` removes the rule', async () => {
  const result = await analyzeProject({
    root: shop,
    config: { rules: { scan: 'error', 'single-value-partition-key': 'off' } },
  });
  assert.ok(result.findings.filter((f) => f.rule === 'scan' && !f.suppression).every((f) => f.severity === 'error'));
  assert.equal(result.findings.filter((f) => f.rule === 'single-value-partition-key').length, 0);
});

test('config ignore globs keep files out of the run', async () => {
  const result = await analyzeProject({ root: shop, config: { ignore: ['scripts/**'] } });
  assert.equal(
    result.findings.some((f) => f.file.startsWith('scripts/')),
    false,
  );
  assert.equal(result.stats.filesScanned, 4);
});

test('a baseline drops the findings it lists', async () => {
  const first = await analyzeProject({ root: shop });
  const dir = makeTempDir('dg-base-');
  const baseline = createBaseline(first.findings, baselineFileKey(shop, dir));
  const second = await analyzeProject({ root: shop, baseline: { baseline, dir } });
  assert.deepEqual(summary(second.findings), ['src/reports.ts:7 scan warning suppressed']);
  assert.equal(second.stats.baselined, 4);
});

test('resolves relative imports across files, including ./x.js written for x.ts', async () => {
  const result = await analyzeProject({ root: path.join(fixtures, 'reexport') });
  assert.deepEqual(summary(result.findings), ['src/use.ts:5 scan warning']);
});

test('binary and minified files are skipped and reported with their reason, and ignore comments in files without DynamoDB code are unused', async () => {
  const result = await analyzeProject({ root: path.join(fixtures, 'mixed') });
  assert.equal(result.stats.filesScanned, 5);
  assert.equal(result.stats.filesSkipped, 3);
  assert.deepEqual(
    result.problems.map((p) => `${p.file} ${p.reason}`),
    ['src/blob.js binary', 'src/bundle.js minified', 'src/vendor.min.js minified'],
  );
  assert.deepEqual(summary(result.findings), [
    'src/orders.ts:6 scan warning',
    'src/plain.ts:3 unused-suppression info',
  ]);
  // Fingerprinted like every other finding, so baselines and GitLab keep track of it when lines move.
  assert.ok(
    result.findings.every((f) => f.fingerprint),
    JSON.stringify(result.findings),
  );
});

test('a file that cannot be read is reported as unreadable, and the rest is analyzed', async (t) => {
  // Tests run as root, for whom permissions never stop a read, so the failure is injected at the
  // seam every source read goes through: fs.readFileSync of the file, after its stat.
  const realRead = nodeFs.readFileSync;
  t.mock.method(nodeFs, 'readFileSync', ((file: fs.PathOrFileDescriptor, options?: unknown) => {
    if (String(file).endsWith(`${path.sep}orders.ts`))
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(file)}'`), { code: 'EACCES' });
    return realRead(file, options as never);
  }) as typeof fs.readFileSync);
  const result = await analyzeProject({ root: shop });
  assert.deepEqual(result.problems, [
    { file: 'src/orders.ts', message: 'cannot read: permission denied', reason: 'unreadable' },
  ]);
  assert.equal(result.stats.filesSkipped, 1);
  assert.equal(
    result.findings.some((f) => f.file === 'src/orders.ts'),
    false,
  );
  assert.ok(
    result.findings.some((f) => f.file === 'src/feed.ts'),
    'the other files are still analyzed',
  );
});

test('--workers is capped by the files there are to analyze and by the cores', async () => {
  const result = await analyzeProject({ root: shop, workers: 8, parallelThreshold: 0 });
  assert.equal(
    result.stats.workers,
    Math.min(1, os.availableParallelism() - 1),
    `${result.stats.filesAnalyzed} files keep at most one worker busy`,
  );
  assert.equal(result.stats.workersRequested, 8);
  const plan = (requested: number, files: number, cores: number, mainThreadWorks = true) =>
    planWorkers({ requested, files, threshold: 200, mainThreadWorks, cores, load: 0 });
  assert.equal(plan(100_000, 260, 2), 1, 'two cores: one worker besides the main thread');
  assert.equal(plan(64, 260, 64), Math.ceil(260 / MIN_FILES_PER_WORKER), 'no more workers than the files keep busy');
  assert.equal(plan(64, 100_000, 8), 7);
  assert.equal(plan(4, 150, 8), 0, 'below the threshold the main thread does it all');
  assert.equal(plan(1, 201, 1, false), 1, 'a host that keeps its main thread free gets its one worker');
  assert.equal(
    planWorkers({ files: 10_000, threshold: 200, mainThreadWorks: true, cores: 8, load: 9 }),
    0,
    'none by default on a saturated machine',
  );
});

test('only the paths asked for are analyzed, reported relative to the root', async () => {
  const result = await analyzeProject({ root: fixtures, paths: ['shop/src/orders.ts', 'reexport'] });
  assert.deepEqual(summary(result.findings), [
    'reexport/src/use.ts:5 scan warning',
    'shop/src/orders.ts:6 scan warning',
  ]);
});

const schemaWorkspace = path.join(__dirname, '../../fixtures/schema/workspace');
const schemaSummary = (tables: readonly TableSchema[]) =>
  tables
    .map((t) => ({
      name: t.name,
      source: t.source,
      pk: t.partitionKey,
      sk: t.sortKey,
      aliases: t.aliases,
      envVars: t.envVars,
    }))
    .sort((a, b) => a.name.localeCompare(b.name));

test('discovering schemas in the same walk finds exactly what a separate discovery finds', async () => {
  const separate = await discoverSchemas(schemaWorkspace);
  const shared = await analyzeProject({ root: schemaWorkspace, discoverSchemas: true });
  assert.deepEqual(schemaSummary(shared.tables), schemaSummary(separate.tables));
  assert.deepEqual(
    shared.schemaProblems.map((p) => p.file),
    separate.problems.map((p) => p.file),
  );
});

test('configured schemas come first and a narrower run still discovers schemas from the whole root', async () => {
  const configured: TableSchema = {
    name: 'shop-orders',
    partitionKey: { name: 'tenant', type: 'S' },
    indexes: [],
    aliases: [],
    envVars: [],
    source: { kind: 'config' },
  };
  const narrow = await analyzeProject({
    root: schemaWorkspace,
    paths: ['src'],
    tables: [configured],
    discoverSchemas: true,
  });
  assert.deepEqual(narrow.tables.find((t) => t.name === 'shop-orders')?.partitionKey, { name: 'tenant', type: 'S' });
  assert.ok(
    narrow.tables.some((t) => t.name === 'audit-log'),
    'the Terraform table outside src/ is still known',
  );
  const none = await analyzeProject({ root: schemaWorkspace, paths: ['src'] });
  assert.deepEqual(none.tables, []);
});

test('an aborted run stops with the abort reason, on the main thread and with workers', async () => {
  for (const options of [{ workers: 0 }, { workers: 1, parallelThreshold: 0, mainThreadWorks: false }]) {
    const controller = new AbortController();
    controller.abort(new Error('superseded'));
    await assert.rejects(analyzeProject({ root: shop, ...options, signal: controller.signal }), /superseded/);
  }
  const controller = new AbortController();
  const run = analyzeProject({
    root: shop,
    workers: 1,
    parallelThreshold: 0,
    mainThreadWorks: false,
    signal: controller.signal,
    onProgress: () => controller.abort(new Error('stop after the first chunk')),
  });
  await assert.rejects(run, /stop after the first chunk/);
});

/** A finding as the project policy sees it: only its rule and severity matter. */
function policyFinding(rule: 'scan' | 'single-value-partition-key', severity: 'warning' | 'info' = 'warning') {
  return {
    rule,
    severity,
    confidence: 'high' as const,
    file: 'x',
    message: '',
    line: 1,
    column: 1,
    endLine: 1,
    endColumn: 2,
    offset: 0,
    endOffset: 1,
  };
}

test('configuredSeverity applies rule severities, then lowers scans under allowScans paths', () => {
  const severityOf = configuredSeverity({
    rules: { scan: 'error', 'single-value-partition-key': 'off' },
    allowScans: { paths: ['scripts/**'], severity: 'info' },
  });
  assert.equal(severityOf(policyFinding('scan'), 'src/a.ts'), 'error');
  assert.equal(severityOf(policyFinding('scan'), 'scripts/a.ts'), 'info');
  assert.equal(severityOf(policyFinding('single-value-partition-key'), 'src/a.ts'), 'off');
});

test('projectPolicy names the allowed-paths key that lowered a finding, and only then', () => {
  const policyOf = projectPolicy({
    allowScans: { paths: ['scripts/**'], severity: 'info' },
    allowSingleValueKeys: { paths: ['seed/**'], severity: 'info' },
  });
  assert.deepEqual(policyOf(policyFinding('scan'), 'scripts/a.ts'), { severity: 'info', allowedBy: 'allowScans' });
  assert.deepEqual(policyOf(policyFinding('scan'), 'src/a.ts'), { severity: 'warning' });
  assert.deepEqual(policyOf(policyFinding('single-value-partition-key'), 'seed/load.js'), {
    severity: 'info',
    allowedBy: 'allowSingleValueKeys',
  });
  assert.deepEqual(policyOf(policyFinding('single-value-partition-key'), 'scripts/a.ts'), { severity: 'warning' });
  // Already at the allowed severity: the paths did not lower it.
  assert.deepEqual(policyOf(policyFinding('scan', 'info'), 'scripts/a.ts'), { severity: 'info' });
});

test('single-value keys in one-off scripts are reported at info by default, naming allowSingleValueKeys', () => {
  const policyOf = projectPolicy(defaultConfig());
  const svpk = policyFinding('single-value-partition-key');
  assert.deepEqual(policyOf(svpk, 'scripts/backfill.js'), { severity: 'info', allowedBy: 'allowSingleValueKeys' });
  assert.deepEqual(policyOf(svpk, 'src/handler.js'), { severity: 'warning' });
});

test('by default, tests and scripts at any depth and Python test modules are allowed paths of every rule', () => {
  const policyOf = projectPolicy(defaultConfig());
  for (const rel of [
    'services/orders/tests/test_api.py',
    'app/test_handler.py',
    'app/handler_test.py',
    'conftest.py',
    'packages/api/test/orders.js',
    'confidant/scripts/migrate.py',
    'services/orders/migrations/0001_seed.js',
  ]) {
    assert.equal(policyOf(policyFinding('scan'), rel).allowedBy, 'allowScans', rel);
    assert.equal(policyOf(policyFinding('single-value-partition-key'), rel).allowedBy, 'allowSingleValueKeys', rel);
  }
  for (const rel of ['app/testing_tools.py', 'src/latest/handler.py', 'app/contest.py', 'src/scripts.py'])
    assert.deepEqual(policyOf(policyFinding('scan'), rel), { severity: 'warning' }, rel);
});

test('lists every call site whose table is known, with its operation, relative path and position', async () => {
  const result = await analyzeProject({ root: fixtures, paths: ['shop'] });
  assert.deepEqual(
    result.sites.map((s) => `${s.file}:${s.line}:${s.column} ${s.operation} ${s.kind} ${s.table}`),
    [
      'shop/scripts/migrate.ts:6:26 ScanCommand scan Orders',
      'shop/src/feed.ts:7:22 PutCommand put Orders',
      'shop/src/orders.ts:6:26 ScanCommand scan Orders',
      'shop/src/reports.ts:7:26 ScanCommand scan Orders',
      'shop/src/users.ts:6:26 QueryCommand query Orders',
    ],
  );
  const parallel = await analyzeProject({ root: fixtures, paths: ['shop'], workers: 1, parallelThreshold: 0 });
  assert.deepEqual(parallel.sites, result.sites);
});

test('given contents are checked in place of the file on disk, which need not exist', async () => {
  const file = path.join(shop, 'src', 'not-on-disk.ts');
  const text =
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nnew DynamoDBClient({}).send(new ScanCommand({ TableName: 'Orders' }));\n";
  const result = await analyzeProject({
    root: shop,
    paths: [file],
    contents: new Map([[file, Buffer.from(text)]]),
    discoverSchemas: true,
  });
  assert.deepEqual(summary(result.findings), ['src/not-on-disk.ts:2 scan warning']);
  assert.deepEqual(result.files, ['src/not-on-disk.ts']);
  assert.equal(result.stats.filesScanned, 1);
});

test('nested projects are returned, not checked, and their infrastructure is not read for key schemas', async () => {
  const root = makeTempDir('dg-nested-');
  const write = (rel: string, text: string): void => {
    nodeFs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    nodeFs.writeFileSync(path.join(root, rel), text);
  };
  write(
    'src/a.ts',
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nnew DynamoDBClient({}).send(new ScanCommand({ TableName: 'A' }));\n",
  );
  write('svc/dynamo-guard.config.json', '{}');
  write(
    'svc/src/b.ts',
    "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nnew DynamoDBClient({}).send(new ScanCommand({ TableName: 'B' }));\n",
  );
  write(
    'svc/template.yaml',
    'Resources:\n  B:\n    Type: AWS::DynamoDB::Table\n    Properties:\n      TableName: B\n      KeySchema:\n        - AttributeName: pk\n          KeyType: HASH\n',
  );
  for (const paths of [undefined, [path.join(root, 'src')]]) {
    const result = await analyzeProject({
      root,
      ...(paths ? { paths } : {}),
      discoverSchemas: true,
      nestedProjectMarkers: ['dynamo-guard.config.json'],
    });
    assert.deepEqual(summary(result.findings), ['src/a.ts:2 scan warning']);
    assert.deepEqual(
      result.tables.map((t) => t.name),
      [],
    );
    assert.deepEqual(result.nestedProjects, paths ? [] : [path.join(root, 'svc')]);
  }
});
