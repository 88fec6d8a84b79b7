// `dynamo-guard check` on a Python project through the built CLI (dist/cli.js with the parser's
// .wasm files beside it): findings in every format, ignore comments, allowScans, PynamoDB models as
// a schema source, and a file with a syntax error that is reported, not fatal.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildCli, repoRoot, runBuiltCli } from '../../harness/builtCli';
import { schemaErrors, validateCheckOutput, validateOfficialSarif } from '../../unit/cli/schemaValidators';

const project = path.join(repoRoot, 'test', 'fixtures', 'cli', 'python');

interface JsonReport {
  findings: Array<{
    rule: string;
    severity: string;
    file: string;
    line: number;
    table: string | null;
    language: string;
    related: Array<{ file: string }>;
  }>;
  stats: { filesScanned: number; filesAnalyzed: number; suppressed: number };
  problems: Array<{ file: string | null; message: string; reason: string | null }>;
}

before(() => buildCli());

test("the JSON report lists the Python findings, with the PynamoDB model as the table's schema", async () => {
  const run = await runBuiltCli(['check', '--format', 'json'], { cwd: project });
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
  assert.deepEqual(
    report.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity} ${f.table ?? '-'}`),
    [
      'app/broken.py:7 scan warning orders',
      'app/orders.py:12 scan warning Order',
      'app/orders.py:16 single-value-partition-key warning Order',
      'app/orders.py:29 single-value-partition-key warning Order',
      // allowScans lowers the scan under scripts/ to info.
      'scripts/backfill.py:7 scan info orders',
    ],
  );
  assert.ok(report.findings.every((f) => f.language === 'python'));
  // The model in app/models.py is the schema the env-var table of app/orders.py resolves to.
  assert.deepEqual(
    report.findings.find((f) => f.line === 16)?.related.map((r) => r.file),
    ['app/models.py'],
  );
  // The next-line comment and the file-wide comment each silence one scan.
  assert.equal(report.stats.suppressed, 2);
  assert.equal(report.stats.filesAnalyzed, 5);
});

test('a Python file with a syntax error is analyzed around it and named in a problem, and the run goes on', async () => {
  const run = await runBuiltCli(['check', '--format', 'json'], { cwd: project });
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.problems, [
    {
      file: 'app/broken.py',
      message: 'syntax error at line 6, column 12: the code around it is not checked',
      reason: 'syntax-error',
    },
  ]);
  assert.match(run.stderr, /app\/broken\.py: syntax error at line 6/);
});

test('the text report shows Python findings with their rule, and the suppressed count', async () => {
  const run = await runBuiltCli(['check'], { cwd: project, env: { NO_COLOR: '1' } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stdout,
    /^app\/orders\.py:16:64 warning Partition key "tenant" of table Order is always "ACME".* single-value-partition-key$/m,
  );
  assert.match(run.stdout, /^scripts\/backfill\.py:7:34 info Scan of table orders .* scan$/m);
  assert.doesNotMatch(run.stdout, /app\/legacy\.py/);
  assert.match(run.stdout, /checked 5 files \(5 analyzed\) in .*; 2 suppressed/);
});

test('SARIF carries the Python findings, the suppressed ones with their justification', async () => {
  const run = await runBuiltCli(['check', '--format', 'sarif'], { cwd: project });
  assert.equal(run.code, 1, run.stderr);
  const sarif = JSON.parse(run.stdout) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        level: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>;
        suppressions?: Array<{ justification: string }>;
      }>;
    }>;
  };
  assert.equal(validateOfficialSarif(sarif), true, schemaErrors(validateOfficialSarif));
  const results = sarif.runs[0]?.results ?? [];
  const at = (r: (typeof results)[number]): string =>
    `${r.locations[0]?.physicalLocation.artifactLocation.uri.split('/').slice(-2).join('/')}:${r.locations[0]?.physicalLocation.region.startLine} ${r.ruleId}`;
  assert.deepEqual(
    results.filter((r) => r.suppressions).map((r) => `${at(r)} ${r.suppressions?.[0]?.justification}`),
    [
      'app/legacy.py:8 scan legacy export job, removed with the v1 API',
      'app/orders.py:25 scan admin page over a table of a few hundred items',
    ],
  );
  assert.equal(results.filter((r) => !r.suppressions).length, 5);
});
