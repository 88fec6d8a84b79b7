import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { JsonReport } from '../../../src/cli/report/jsonReport';
import { schemaErrors, validateCheckOutput, validateSarif } from './schemaValidators';

const fixtures = path.resolve(__dirname, '../../fixtures/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = { stdout: (t) => { stdout += t; }, stderr: (t) => { stderr += t; }, cwd, env: {}, isTty: false };
  const code = await runCli(['check', ...args], io);
  return { code, stdout, stderr };
}

/** A writable copy of a fixture project (baseline tests edit files). */
function copyFixture(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `dg-cli-${name}-`));
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

test('exits 1 and prints path:line:col severity message rule lines when warnings are found', async () => {
  const run = await check(path.join(fixtures, 'shop'));
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.split('\n');
  // scripts/** is a default allowScans path: reported, at info.
  assert.match(lines[0]!, /^scripts\/migrate\.ts:6:26 info Scan of table Orders .* scan$/);
  assert.ok(lines.some((l) => /^src\/feed\.ts:7:\d+ warning .* single-value-partition-key$/.test(l)), run.stdout);
  assert.ok(lines.some((l) => /^src\/orders\.ts:6:26 warning .* scan$/.test(l)), run.stdout);
  assert.ok(run.stdout.includes('4 problems (0 errors, 2 warnings, 2 infos) in 4 files'), run.stdout);
  assert.ok(!run.stdout.includes('src/reports.ts:7'), 'suppressed finding printed');
});

test('exits 0 on a clean project', async () => {
  const run = await check(path.join(fixtures, 'clean'));
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^0 problems/);
});

test('--fail-on sets the severity that fails the run', async () => {
  const cwd = path.join(fixtures, 'shop');
  assert.equal((await check(cwd, '--fail-on', 'error')).code, 0);
  assert.equal((await check(cwd, '--fail-on', 'warning')).code, 1);
  assert.equal((await check(cwd, '--fail-on=info')).code, 1);
  assert.equal((await check(cwd, '--fail-on', 'never')).code, 0);
  const mixed = path.join(fixtures, 'mixed');
  assert.equal((await check(mixed, 'src/plain.ts', '--fail-on', 'warning')).code, 0, 'an info finding alone passes --fail-on warning');
  assert.equal((await check(mixed, 'src/plain.ts', '--fail-on', 'info')).code, 1);
});

test('usage errors exit 2 with a message', async () => {
  const cwd = path.join(fixtures, 'shop');
  for (const args of [['--format', 'xml'], ['--fail-on', 'sometimes'], ['--nope'], ['--config', 'missing.json'], ['--baseline', 'missing.json'], ['--baseline', 'a', '--write-baseline', 'b'], ['--workers', 'many']]) {
    const run = await check(cwd, ...args);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`);
    assert.match(run.stderr, /^dynamo-guard check: /, args.join(' '));
    assert.equal(run.stdout, '');
  }
});

test('JSON output follows the schema, with files relative to the working directory', async () => {
  const run = await check(fixtures, 'shop', '--format', 'json');
  assert.equal(run.code, 1);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`).slice(0, 1), ['shop/scripts/migrate.ts:6:26']);
  assert.ok(report.findings.every((f) => f.file.startsWith('shop/') && !f.file.includes('\\')));
  assert.equal(report.stats.filesScanned, 5);
  assert.equal(report.stats.suppressed, 1);
  assert.ok(report.stats.filesAnalyzed <= report.stats.filesScanned);
});

test('SARIF output validates and carries the suppressed finding as a SARIF suppression', async () => {
  const run = await check(path.join(fixtures, 'shop'), '--format', 'sarif');
  assert.equal(run.code, 1);
  const sarif = JSON.parse(run.stdout) as { version: string; runs: Array<{ results: Array<{ ruleId: string; suppressions?: Array<{ kind: string; justification: string }>; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> };
  assert.equal(validateSarif(sarif), true, schemaErrors(validateSarif));
  const results = sarif.runs[0]!.results;
  assert.equal(results.length, 5);
  const suppressed = results.filter((r) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.deepEqual(suppressed[0]!.suppressions, [{ kind: 'inSource', justification: 'runs once a month on a read replica export' }]);
  assert.equal(suppressed[0]!.locations[0]!.physicalLocation.artifactLocation.uri, 'src/reports.ts');
});

test('--write-baseline then --baseline gates only new findings, and an edit above a finding keeps it baselined', async () => {
  const dir = copyFixture('shop');
  const written = await check(dir, '--write-baseline', '.dynamo-guard/baseline.json');
  assert.equal(written.code, 0);
  assert.match(written.stderr, /wrote 4 findings/);
  const baselineText = fs.readFileSync(path.join(dir, '.dynamo-guard/baseline.json'), 'utf8');
  assert.doesNotMatch(baselineText, /"line"/);

  assert.equal((await check(dir, '--baseline', '.dynamo-guard/baseline.json')).code, 0);

  const orders = path.join(dir, 'src/orders.ts');
  fs.writeFileSync(orders, '// a new header comment\n\n' + fs.readFileSync(orders, 'utf8'));
  const afterEdit = await check(dir, '--baseline', '.dynamo-guard/baseline.json', '--format', 'json');
  assert.equal(afterEdit.code, 0, afterEdit.stdout);
  assert.equal((JSON.parse(afterEdit.stdout) as JsonReport).stats.baselined, 4);

  fs.appendFileSync(orders, 'export const again = () => client.send(new ScanCommand({ TableName: \'Orders\' }));\n');
  const withNew = await check(dir, '--baseline', '.dynamo-guard/baseline.json', '--format', 'json');
  assert.equal(withNew.code, 1);
  const report = JSON.parse(withNew.stdout) as JsonReport;
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`), ['src/orders.ts:10 scan']);
});

test('the baseline works from another working directory', async () => {
  const dir = copyFixture('shop');
  assert.equal((await check(dir, '--write-baseline', 'baseline.json')).code, 0);
  const run = await check(path.dirname(dir), path.basename(dir), '--baseline', path.join(path.basename(dir), 'baseline.json'));
  assert.equal(run.code, 0, run.stdout);
});

test('a malformed baseline exits 2 naming the file', async () => {
  const dir = copyFixture('clean');
  fs.writeFileSync(path.join(dir, 'baseline.json'), '{"version": 1, "findings": "nope"}');
  const run = await check(dir, '--baseline', 'baseline.json');
  assert.equal(run.code, 2);
  assert.match(run.stderr, /baseline\.json is not a dynamo-guard baseline/);
});

test('explicit file paths are checked even when .gitignore hides them', async () => {
  const run = await check(path.join(fixtures, 'shop'), 'generated/scan.ts', '--format', 'json');
  assert.equal(run.code, 1);
  assert.deepEqual((JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.file), ['generated/scan.ts']);
});

test('a path that does not exist is reported and does not crash the run', async () => {
  const run = await check(path.join(fixtures, 'clean'), 'nope', 'src');
  assert.equal(run.code, 0);
  assert.match(run.stderr, /nope: no such file or directory/);
});

test('--help prints the options', async () => {
  const run = await check(fixtures, '--help');
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--fail-on error\|warning\|info\|never/);
});

test('reads dynamo-guard.config.json from the working directory: rule severities, off, allowScans', async () => {
  const run = await check(path.join(fixtures, 'configured'), '--format', 'json', '--fail-on', 'error');
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(report.findings.map((f) => `${f.file} ${f.rule} ${f.severity}`), ['src/orders.ts scan error', 'tools/migrate.ts scan info']);
});

test('--config points at another file, and its problems are reported without stopping the run', async () => {
  const dir = copyFixture('configured');
  fs.writeFileSync(path.join(dir, 'other.json'), '{"rules": {"scan": "loud"}}');
  const run = await check(dir, '--config', 'other.json', '--format', 'json');
  assert.equal(run.code, 1);
  assert.match(run.stderr, /rules\.scan/);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.ok(report.findings.some((f) => f.rule === 'single-value-partition-key'), 'the invalid file does not switch rules off');
});

test('a baseline named in the config is applied', async () => {
  const dir = copyFixture('configured');
  assert.equal((await check(dir, '--write-baseline', 'accepted.json')).code, 0);
  const configFile = path.join(dir, 'dynamo-guard.config.json');
  fs.writeFileSync(configFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), baseline: 'accepted.json' }));
  const run = await check(dir, '--format', 'json');
  assert.equal(run.code, 0, run.stdout + run.stderr);
  assert.equal((JSON.parse(run.stdout) as JsonReport).stats.baselined, 2);
});

test('a single-value key finding links to the table definition the workspace declares', async () => {
  const run = await check(path.join(fixtures, 'shop'), '--format', 'json');
  const feed = (JSON.parse(run.stdout) as JsonReport).findings.find((f) => f.rule === 'single-value-partition-key');
  assert.ok(feed);
  assert.equal(feed.confidence, 'high');
  assert.equal(feed.related[0]?.file, 'template.yaml');
});

/** A clean project whose config names `baseline`; removed by the caller. */
function projectWithBaseline(baseline: string): string {
  const dir = copyFixture('clean');
  fs.writeFileSync(path.join(dir, 'dynamo-guard.config.json'), JSON.stringify({ baseline }));
  return dir;
}

for (const outside of ['/etc/shadow', '/proc/self/environ', '/dev/zero']) {
  test(`a config baseline outside the project (${outside}) is refused without reading it`, async () => {
    const dir = projectWithBaseline(outside);
    try {
      const run = await check(dir);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, /baseline file .* is outside the project/);
      assert.doesNotMatch(run.stderr, /root:|PATH=|\u0000/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a config baseline that is a symlink inside the project to a file outside it is refused', async () => {
  const dir = projectWithBaseline('accepted.json');
  try {
    fs.symlinkSync('/etc/passwd', path.join(dir, 'accepted.json'));
    const run = await check(dir);
    assert.equal(run.code, 2, run.stderr);
    assert.match(run.stderr, /baseline file accepted\.json is outside the project/);
    assert.doesNotMatch(run.stderr, /root:/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--baseline names any regular file, but never a device, and its content is not echoed in errors', async () => {
  const dir = copyFixture('clean');
  try {
    const device = await check(dir, '--baseline', '/dev/zero');
    assert.equal(device.code, 2);
    assert.match(device.stderr, /baseline file \/dev\/zero is not a regular file/);
    const secret = 'SECRET_TOKEN=abc123';
    fs.writeFileSync(path.join(dir, 'not-json.txt'), `${secret}\n`);
    const run = await check(dir, '--baseline', 'not-json.txt');
    assert.equal(run.code, 2);
    assert.match(run.stderr, /not-json\.txt is not valid JSON/);
    assert.ok(!run.stderr.includes('SECRET') && !run.stderr.includes('abc123'), run.stderr);
    fs.writeFileSync(path.join(dir, 'versioned.json'), JSON.stringify({ version: secret, findings: [] }));
    const versioned = await check(dir, '--baseline', 'versioned.json');
    assert.equal(versioned.code, 2);
    assert.ok(!versioned.stderr.includes('abc123'), versioned.stderr);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
