// Python files in a project run: walked, pre-filtered, analyzed on the main thread or in workers,
// with `#` ignore comments, baselines and PynamoDB models as a schema source.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createBaseline } from '../../../src/core/analyzer/baseline';
import { analyzeProject } from '../../../src/core/analyzer/project';
import { applySuppressions, parseIgnoreComments } from '../../../src/core/analyzer/suppressions';
import { makeTempDir } from '../../harness/tempDirs';
import { findingsOf } from './pythonFixtures';

const pythonProject = path.resolve(__dirname, '../../fixtures/cli/python');

function summary(
  findings: ReadonlyArray<{ file: string; line: number; rule: string; severity: string; suppression?: unknown }>,
): string[] {
  return findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}${f.suppression ? ' suppressed' : ''}`);
}

test('a project run walks .py files and skips virtual environments', async () => {
  const dir = makeTempDir('dg-py-walk-');
  fs.mkdirSync(path.join(dir, '.venv', 'lib'), { recursive: true });
  fs.mkdirSync(path.join(dir, '__pycache__'));
  const scan = 'import boto3\nt = boto3.resource("dynamodb").Table("t")\nt.scan()\n';
  fs.writeFileSync(path.join(dir, 'app.py'), scan);
  fs.writeFileSync(path.join(dir, '.venv', 'lib', 'dep.py'), scan);
  fs.writeFileSync(path.join(dir, '__pycache__', 'cached.py'), scan);
  fs.writeFileSync(path.join(dir, 'plain.py'), 'print("hello")\n');
  const result = await analyzeProject({ root: dir });
  assert.deepEqual(summary(result.findings), ['app.py:3 scan warning']);
  assert.deepEqual(result.files, ['app.py', 'plain.py']);
  // plain.py mentions nothing of DynamoDB: the pre-filter keeps it from the parser.
  assert.equal(result.stats.filesAnalyzed, 1);
});

test('worker threads give Python files exactly the findings of a main-thread run', async () => {
  const sequential = await analyzeProject({
    root: pythonProject,
    workers: 0,
    config: { allowScans: { paths: ['scripts/**'] } },
    discoverSchemas: true,
  });
  const parallel = await analyzeProject({
    root: pythonProject,
    workers: 1,
    parallelThreshold: 0,
    mainThreadWorks: false,
    config: { allowScans: { paths: ['scripts/**'] } },
    discoverSchemas: true,
  });
  assert.equal(parallel.stats.workers, 1);
  assert.equal(parallel.stats.filesAnalyzedInWorkers, 5);
  assert.deepEqual(parallel.findings, sequential.findings);
  assert.deepEqual(summary(sequential.findings), [
    'app/broken.py:7 scan warning',
    'app/legacy.py:8 scan warning suppressed',
    'app/orders.py:12 scan warning',
    'app/orders.py:16 single-value-partition-key warning',
    'app/orders.py:25 scan warning suppressed',
    'app/orders.py:29 single-value-partition-key warning',
    'scripts/backfill.py:7 scan info',
  ]);
});

test("PynamoDB models in the project are key schemas: an operation on the model's table elsewhere uses them", async () => {
  const withModels = await analyzeProject({ root: pythonProject, discoverSchemas: true });
  const order = withModels.tables.find((t) => t.aliases.includes('Order'));
  assert.deepEqual(
    [order?.partitionKey.name, order?.sortKey?.name, order?.envVars, order?.source.kind],
    ['tenant', 'order_id', ['ORDERS_TABLE'], 'orm'],
  );
  const query = withModels.findings.find((f) => f.file === 'app/orders.py' && f.line === 16);
  assert.equal(query?.confidence, 'high');
  // Without discovery, the boto3 table behind os.environ["ORDERS_TABLE"] has no known schema: the key condition's
  // only equality is still its partition key, at medium confidence; the imported model still gives Order.query its schema.
  const without = await analyzeProject({ root: pythonProject });
  assert.equal(without.findings.find((f) => f.file === 'app/orders.py' && f.line === 16)?.confidence, 'medium');
  assert.deepEqual(
    without.findings.find((f) => f.file === 'app/orders.py' && f.line === 29)?.related?.map((r) => r.file),
    ['app/models.py'],
  );
});

test('a baseline drops the Python findings it lists', async () => {
  const first = await analyzeProject({ root: pythonProject });
  assert.equal(first.findings.filter((f) => !f.suppression).length, 5);
  const baseline = createBaseline(
    first.findings.filter((f) => !f.suppression),
    (f) => f.file,
  );
  const second = await analyzeProject({ root: pythonProject, baseline: { baseline, dir: pythonProject } });
  assert.deepEqual(
    second.findings.filter((f) => !f.suppression),
    [],
  );
  assert.equal(second.stats.baselined, first.findings.filter((f) => !f.suppression).length);
});

test('a `#` ignore comment silences the next line; one inside a string or docstring silences nothing', () => {
  const text = [
    'x = "# dynamo-guard-ignore-next-line scan -- not a comment"',
    'doc = """',
    '# dynamo-guard-ignore-next-line scan -- inside a docstring',
    '"""',
    'y = 1  # dynamo-guard-ignore-line scan -- trailing comment',
    "z = '#'  # dynamo-guard-ignore-next-line scan, single-value-partition-key -- two rules",
  ].join('\n');
  const comments = parseIgnoreComments(text, undefined, 'app.py');
  assert.deepEqual(
    comments.map((c) => [c.kind, c.line, c.targetLine, c.rules, c.reason]),
    [
      ['line', 5, 5, ['scan'], 'trailing comment'],
      ['next-line', 6, 7, ['scan', 'single-value-partition-key'], 'two rules'],
    ],
  );
});

test('`# dynamo-guard-ignore-file` silences a rule in the whole file, and is unused when nothing matches', async () => {
  const source =
    '# dynamo-guard-ignore-file scan -- export job\nimport boto3\nt = boto3.resource("dynamodb").Table("t")\nt.scan()\nt.scan()\n';
  const findings = await findingsOf(source);
  const applied = applySuppressions('job.py', source, findings);
  assert.deepEqual(
    applied.map((f) => `${f.line} ${f.rule} ${f.suppression ? 'suppressed' : 'active'}`),
    ['4 scan suppressed', '5 scan suppressed'],
  );
  const unused = applySuppressions('job.py', '# dynamo-guard-ignore-file scan -- export job\nimport boto3\n', []);
  assert.deepEqual(
    unused.map((f) => [f.rule, f.message]),
    [['unused-suppression', 'Unused suppression: there is no `scan` finding in this file; remove the comment.']],
  );
  const noReason = applySuppressions('job.py', '# dynamo-guard-ignore-next-line scan\nt.scan()\n', []);
  assert.match(
    noReason[0]?.message ?? '',
    /has no reason, so it is ignored; add one after ` -- ` \(`# dynamo-guard-ignore-next-line scan -- why this is safe`\)/,
  );
});

test("a project run analyzes a Python file that only calls another module's wrapper, and reports there", async () => {
  const dir = makeTempDir('dg-py-wrappers-');
  fs.mkdirSync(path.join(dir, 'store'));
  fs.writeFileSync(
    path.join(dir, 'store', 'jobs.py'),
    'import boto3\ntable = boto3.resource("dynamodb").Table("Jobs")\ndef list_all_jobs():\n    return table.scan()["Items"]\n',
  );
  fs.writeFileSync(
    path.join(dir, 'report.py'),
    'from store.jobs import list_all_jobs\ndef daily():\n    return len(list_all_jobs())\n',
  );
  for (const workers of [0, 1]) {
    const result = await analyzeProject({ root: dir, workers, parallelThreshold: 0 });
    assert.deepEqual(summary(result.findings), ['report.py:3 scan warning', 'store/jobs.py:4 scan warning']);
    assert.ok(result.wrapperNames.includes('list_all_jobs'), 'the editor gets the Python wrapper names');
    const related = result.findings[0]?.related?.find((r) => r.file === 'store/jobs.py');
    assert.equal(related?.line, 4);
  }
});
