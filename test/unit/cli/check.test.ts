import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../../src/cli/main';
import type { CliIo } from '../../../src/cli/io';
import type { JsonReport } from '../../../src/cli/report/jsonReport';
import { makeTempDir } from '../../harness/tempDirs';
import { schemaErrors, validateCheckOutput, validateOfficialSarif, validateSarif } from './schemaValidators';

const fixtures = path.resolve(__dirname, '../../fixtures/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(cwd: string, ...args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    cwd,
    env: {},
    isTty: false,
  };
  const code = await runCli(['check', ...args], io);
  return { code, stdout, stderr };
}

/** A writable copy of a fixture project (baseline tests edit files). */
function copyFixture(name: string): string {
  const dir = makeTempDir(`dg-cli-${name}-`);
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

test('exits 1 and prints path:line:col severity message rule lines when warnings are found', async () => {
  const run = await check(path.join(fixtures, 'shop'));
  assert.equal(run.code, 1, run.stderr);
  const lines = run.stdout.split('\n');
  // scripts/** is a default allowScans path: reported, at info.
  assert.match(lines[0]!, /^scripts\/migrate\.ts:6:26 info Scan of table Orders .* scan$/);
  assert.ok(
    lines.some((l) => /^src\/feed\.ts:7:\d+ warning .* single-value-partition-key$/.test(l)),
    run.stdout,
  );
  assert.ok(
    lines.some((l) => /^src\/orders\.ts:6:26 warning .* scan$/.test(l)),
    run.stdout,
  );
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
  assert.equal(
    (await check(mixed, 'src/plain.ts', '--fail-on', 'warning')).code,
    0,
    'an info finding alone passes --fail-on warning',
  );
  assert.equal((await check(mixed, 'src/plain.ts', '--fail-on', 'info')).code, 1);
});

test('usage errors exit 2 with a message', async () => {
  const cwd = path.join(fixtures, 'shop');
  for (const args of [
    ['--format', 'xml'],
    ['--fail-on', 'sometimes'],
    ['--nope'],
    ['--config', 'missing.json'],
    ['--baseline', 'missing.json'],
    ['--baseline', 'a', '--write-baseline', 'b'],
    ['--workers', 'many'],
  ]) {
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
  assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`).slice(0, 1), [
    'shop/scripts/migrate.ts:6:26',
  ]);
  // The Scan under scripts/** was lowered by the default allowScans paths; the others were not.
  assert.deepEqual(
    report.findings.map((f) => f.allowedBy),
    report.findings.map((f) => (f.file.startsWith('shop/scripts/') ? 'allowScans' : null)),
  );
  assert.equal(report.findings[0]?.allowedBy, 'allowScans');
  assert.ok(report.findings.every((f) => f.file.startsWith('shop/') && !f.file.includes('\\')));
  assert.equal(report.stats.filesScanned, 5);
  assert.equal(report.stats.suppressed, 1);
  assert.ok(report.stats.filesAnalyzed <= report.stats.filesScanned);
});

test('SARIF output validates and carries the suppressed finding as a SARIF suppression', async () => {
  const run = await check(path.join(fixtures, 'shop'), '--format', 'sarif');
  assert.equal(run.code, 1);
  const sarif = JSON.parse(run.stdout) as {
    version: string;
    runs: Array<{
      originalUriBaseIds: Record<string, { uri: string }>;
      results: Array<{
        ruleId: string;
        suppressions?: Array<{ kind: string; justification: string }>;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }>;
      }>;
    }>;
  };
  assert.equal(validateSarif(sarif), true, schemaErrors(validateSarif));
  assert.equal(validateOfficialSarif(sarif), true, schemaErrors(validateOfficialSarif));
  const results = sarif.runs[0]!.results;
  assert.equal(results.length, 5);
  const suppressed = results.filter((r) => r.suppressions);
  assert.equal(suppressed.length, 1);
  assert.deepEqual(suppressed[0]!.suppressions, [
    { kind: 'inSource', justification: 'runs once a month on a read replica export' },
  ]);
  // Relative to the repository root, which %SRCROOT% names: resolved, it is the file.
  const artifact = suppressed[0]!.locations[0]!.physicalLocation.artifactLocation;
  const base = sarif.runs[0]!.originalUriBaseIds[artifact.uriBaseId]!.uri;
  assert.equal(fileURLToPath(new URL(artifact.uri, base)), path.join(fixtures, 'shop', 'src', 'reports.ts'));
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

  fs.appendFileSync(orders, "export const again = () => client.send(new ScanCommand({ TableName: 'Orders' }));\n");
  const withNew = await check(dir, '--baseline', '.dynamo-guard/baseline.json', '--format', 'json');
  assert.equal(withNew.code, 1);
  const report = JSON.parse(withNew.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
    ['src/orders.ts:10 scan'],
  );
});

test('the baseline works from another working directory', async () => {
  const dir = copyFixture('shop');
  assert.equal((await check(dir, '--write-baseline', 'baseline.json')).code, 0);
  const run = await check(
    path.dirname(dir),
    path.basename(dir),
    '--baseline',
    path.join(path.basename(dir), 'baseline.json'),
  );
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
  assert.deepEqual(
    (JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.file),
    ['generated/scan.ts'],
  );
});

test('a path that does not exist is a usage error naming it, and nothing is checked', async () => {
  const run = await check(path.join(fixtures, 'clean'), 'nope', 'src', '--format', 'json');
  assert.equal(run.code, 2, 'a mistyped path in CI must not pass');
  assert.equal(run.stderr, 'dynamo-guard check: no such file or directory: nope\n');
  assert.equal(run.stdout, '');
});

test('--help prints the options', async () => {
  const run = await check(fixtures, '--help');
  assert.equal(run.code, 0);
  assert.match(run.stdout, /--fail-on <severity> +error, warning, info or never: exit 1/);
});

test('reads dynamo-guard.config.json from the working directory: rule severities, off, allowScans', async () => {
  const run = await check(path.join(fixtures, 'configured'), '--format', 'json', '--fail-on', 'error');
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.map((f) => `${f.file} ${f.rule} ${f.severity}`),
    ['src/orders.ts scan error', 'tools/migrate.ts scan info'],
  );
});

test('--config with an invalid value exits 2 naming the file, the line and column of the wrong value, and the JSON path, and checks nothing', async () => {
  const dir = copyFixture('configured');
  fs.writeFileSync(path.join(dir, 'other.json'), '{\n  "rules": {"scan": "loud"}\n}\n');
  const run = await check(dir, '--config', 'other.json', '--format', 'json');
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(
    run.stderr,
    /^dynamo-guard check: other\.json:2:21: rules\.scan: expected one of "error", "warning", "info", "off", got "loud"$/m,
  );
  assert.match(run.stderr, /the configuration is invalid/);
});

test('a config that does not parse fails the run with exit 2 even under --fail-on error, instead of checking with defaults', async () => {
  // With defaults, `scan: error` would silently fall back to warning and --fail-on error would pass every Scan.
  const dir = copyFixture('configured');
  fs.writeFileSync(path.join(dir, 'dynamo-guard.config.json'), '{\n  "rules": { "scan": "error", }\n}\n');
  const run = await check(dir, '--fail-on', 'error');
  assert.equal(run.code, 2, run.stdout + run.stderr);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /^dynamo-guard check: dynamo-guard\.config\.json:2:\d+: invalid JSON/m);
});

test(
  'a file that cannot be read (a FIFO) is reported as skipped and the run exits 2',
  { skip: process.platform === 'win32' },
  async () => {
    // Tests run as root, for whom chmod 000 does not stop a read; a FIFO is an entry no read can
    // complete (without a writer it would block), so it stands for an unreadable file here.
    const dir = copyFixture('shop');
    execFileSync('mkfifo', [path.join(dir, 'src/pipe.ts')]);
    const run = await check(dir, '--format', 'json');
    assert.equal(run.code, 2, run.stderr);
    const report = JSON.parse(run.stdout) as JsonReport;
    assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
    assert.deepEqual(report.problems, [
      { file: 'src/pipe.ts', message: 'cannot read: not a regular file', reason: 'unreadable' },
    ]);
    assert.equal(report.stats.filesSkipped, 1);
    assert.match(run.stderr, /src\/pipe\.ts: cannot read: not a regular file/);
    const sarif = JSON.parse((await check(dir, '--format', 'sarif')).stdout) as {
      runs: Array<{
        invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications: Array<{ level: string }> }>;
      }>;
    };
    assert.equal(sarif.runs[0]!.invocations[0]!.executionSuccessful, false);
    assert.deepEqual(
      sarif.runs[0]!.invocations[0]!.toolExecutionNotifications.map((n) => n.level),
      ['error'],
    );
    const text = await check(dir);
    assert.equal(text.code, 2);
    assert.match(text.stdout, /^src\/pipe\.ts: cannot read: not a regular file unreadable$/m);
    assert.match(text.stdout, /1 file skipped/);
  },
);

test('UTF-16 with a BOM and Latin-1 sources are analyzed, a binary one is reported as skipped', async () => {
  const dir = copyFixture('clean');
  const scan = (name: string) =>
    `import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst client = new DynamoDBClient({});\n// caf\u00e9\nexport const ${name} = () => client.send(new ScanCommand({ TableName: 'Orders' }));\n`;
  fs.writeFileSync(
    path.join(dir, 'src/wide.ts'),
    Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(scan('wide'), 'utf16le')]),
  );
  fs.writeFileSync(path.join(dir, 'src/latin.ts'), Buffer.from(scan('latin'), 'latin1'));
  fs.writeFileSync(
    path.join(dir, 'src/image.ts'),
    Buffer.concat([Buffer.from([0x47, 0x40, 0x00, 0x10, 0x00]), Buffer.from(scan('image'))]),
  );
  const run = await check(dir, '--format', 'json');
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
    ['src/latin.ts:4 scan', 'src/wide.ts:4 scan'],
  );
  assert.deepEqual(
    report.problems.map((p) => `${p.file} ${p.reason}`),
    ['src/image.ts binary', 'src/latin.ts encoding'],
  );
  assert.match(report.problems[1]!.message, /not valid UTF-8 \(first bad byte at offset \d+\)/);
  assert.equal(report.stats.filesSkipped, 1);
});

test('a handler with one 2,100-character line (an inline logo) is still analyzed', async () => {
  const dir = copyFixture('clean');
  fs.writeFileSync(
    path.join(dir, 'src/logo.ts'),
    [
      "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';",
      `export const LOGO = 'data:image/png;base64,${'iVBORw0KGgo'.repeat(191)}';`,
      'const client = new DynamoDBClient({});',
      "export const handler = () => client.send(new ScanCommand({ TableName: 'Orders' }));",
    ].join('\n'),
  );
  const run = await check(dir, '--format', 'json');
  assert.equal(run.code, 1, run.stdout);
  assert.deepEqual(
    (JSON.parse(run.stdout) as JsonReport).findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
    ['src/logo.ts:4 scan'],
  );
});

test('minified files that mention DynamoDB are reported as skipped, by name and by content', async () => {
  const run = await check(path.join(fixtures, 'mixed'), '--format', 'json', '--fail-on', 'never');
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.problems.map((p) => `${p.file} ${p.reason}`),
    ['src/blob.js binary', 'src/bundle.js minified', 'src/vendor.min.js minified'],
  );
  assert.ok(report.problems.every((p) => p.message.startsWith('skipped: ')));
  assert.equal(report.stats.filesSkipped, 3);
  assert.equal(run.code, 0, 'skipped binary and minified files do not fail the run by themselves');
});

test('a file the analyzer gives up on (nesting depth) is an analysis-error that fails --fail-on error', async () => {
  const dir = copyFixture('clean');
  // The ignore comment makes the run read the file's comments too, which must not lose the finding.
  fs.writeFileSync(
    path.join(dir, 'src/deep.ts'),
    `import { ScanCommand } from '@aws-sdk/client-dynamodb';\n// dynamo-guard-ignore-next-line scan -- generated\nexport const x = ${'(\n'.repeat(100_000)}1${')'.repeat(100_000)};\n`,
  );
  const run = await check(dir, '--format', 'json', '--fail-on', 'error');
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as JsonReport;
  assert.deepEqual(
    report.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.severity}`),
    ['src/deep.ts:1 analysis-error error'],
  );
  assert.deepEqual(
    report.problems.map((p) => `${p.file} ${p.reason}`),
    ['src/deep.ts analysis-error'],
  );
  assert.equal(report.stats.filesSkipped, 1);
});

test('check <dir> gives the same result from any working directory, whatever other project sits beside it', async () => {
  // The other project declares Orders with another key and turns scans off; it must not leak in.
  const parent = makeTempDir('dg-cli-cwd-');
  fs.cpSync(path.join(fixtures, 'shop'), path.join(parent, 'shop'), { recursive: true });
  fs.mkdirSync(path.join(parent, 'other/src'), { recursive: true });
  fs.writeFileSync(path.join(parent, 'other/package.json'), '{}');
  fs.writeFileSync(
    path.join(parent, 'other/dynamo-guard.config.json'),
    JSON.stringify({ rules: { scan: 'off' }, tables: [{ name: 'Orders', partitionKey: 'tenant' }] }),
  );
  fs.copyFileSync(path.join(fixtures, 'shop/template.yaml'), path.join(parent, 'other/template.yaml'));
  const absolute = (cwd: string, run: Run) =>
    (JSON.parse(run.stdout) as JsonReport).findings.map((f) => ({
      ...f,
      durationMs: 0,
      file: path.resolve(cwd, f.file),
      related: f.related.map((r) => ({ ...r, file: path.resolve(cwd, r.file) })),
    }));
  const shop = path.join(parent, 'shop');
  const fromInside = await check(shop, '.', '--format', 'json');
  const fromParent = await check(parent, 'shop', '--format', 'json');
  const fromOther = await check(path.join(parent, 'other'), '../shop', '--format', 'json');
  assert.equal(fromInside.code, 1, fromInside.stderr);
  assert.deepEqual(absolute(parent, fromParent), absolute(shop, fromInside));
  assert.deepEqual(absolute(path.join(parent, 'other'), fromOther), absolute(shop, fromInside));
  assert.equal(fromParent.code, fromInside.code);
  assert.equal(fromOther.code, fromInside.code);
  assert.ok(
    absolute(shop, fromInside).some((f) => f.rule === 'scan' && f.severity === 'warning'),
    'the other project turns scans off only for itself',
  );
});

test('a config finds its project from the checked path, not from the working directory', async () => {
  const run = await check(fixtures, 'configured', '--format', 'json', '--fail-on', 'error');
  assert.equal(run.code, 1, run.stderr);
  assert.deepEqual(
    (JSON.parse(run.stdout) as JsonReport).findings.map((f) => `${f.file} ${f.rule} ${f.severity}`),
    ['configured/src/orders.ts scan error', 'configured/tools/migrate.ts scan info'],
  );
});

test('--workers beyond what the cores and files can use is capped, and the run says so', async () => {
  const run = await check(path.join(fixtures, 'shop'), '--workers', '100000', '--format', 'json');
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /--workers 100000 capped to 0 \(\d+ cores, main thread included; 5 files to analyze, at least 50 per worker and none for 200 or fewer\)/,
  );
});

test('a baseline named in the config is applied', async () => {
  const dir = copyFixture('configured');
  assert.equal((await check(dir, '--write-baseline', 'accepted.json')).code, 0);
  const configFile = path.join(dir, 'dynamo-guard.config.json');
  fs.writeFileSync(
    configFile,
    JSON.stringify({ ...JSON.parse(fs.readFileSync(configFile, 'utf8')), baseline: 'accepted.json' }),
  );
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
