// What `dynamo-guard check` is asked to check: paths, quoted globs, standard input, and the
// configuration each file gets (the nearest one above it), run in-process through runCli.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import type { JsonReport } from '../../../src/cli/report/jsonReport';
import { makeTempDir } from '../../harness/tempDirs';

const fixtures = path.resolve(__dirname, '../../fixtures/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(cwd: string, args: string[], stdin?: { text: string; isTty?: boolean }): Promise<Run> {
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
    ...(stdin ? { stdin: { isTty: stdin.isTty ?? false, read: () => Promise.resolve(Buffer.from(stdin.text)) } } : {}),
  };
  const code = await runCli(['check', ...args], io);
  return { code, stdout, stderr };
}

async function json(
  cwd: string,
  args: string[],
  stdin?: { text: string },
): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await check(cwd, [...args, '--format', 'json'], stdin);
  assert.ok(run.stdout.length > 0, `no report (exit ${run.code}): ${run.stderr}`);
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const at = (r: JsonReport): string[] => r.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.rule}`);

const SCAN =
  "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst c = new DynamoDBClient({});\nexport const all = () => c.send(new ScanCommand({ TableName: 'T' }));\n";

function project(files: Record<string, string>): string {
  const root = makeTempDir('dg-targets-');
  fs.mkdirSync(path.join(root, '.git'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

test('a quoted glob is expanded by the CLI, with .gitignore and the skipped folders respected', async () => {
  const shop = path.join(fixtures, 'shop');
  const all = await json(shop, ['**/*.ts']);
  assert.deepEqual(at(all.report), [
    'scripts/migrate.ts:6 info scan',
    'src/feed.ts:7 warning single-value-partition-key',
    'src/orders.ts:6 warning scan',
    'src/reports.ts:10 info unused-suppression',
  ]);
  // generated/ is gitignored, node_modules and dist are never walked: only scripts/ and src/.
  assert.equal(all.report.stats.filesScanned, 5);
  const src = await json(shop, ['src/**/*.ts']);
  assert.equal(src.report.stats.filesScanned, 4);
  assert.ok(
    at(src.report).every((f) => f.startsWith('src/')),
    at(src.report).join('\n'),
  );
  const braces = await json(shop, ['{scripts,src}/{migrate,orders}.ts']);
  assert.deepEqual(at(braces.report), ['scripts/migrate.ts:6 info scan', 'src/orders.ts:6 warning scan']);
  const classes = await json(shop, ['src/[fo]*.ts', 'src/?sers.ts']);
  assert.equal(classes.report.stats.filesScanned, 3);
});

test('a glob from another folder reports paths relative to the working directory', async () => {
  const { report } = await json(fixtures, ['shop/src/*.ts']);
  assert.ok(at(report).includes('shop/src/orders.ts:6 warning scan'), at(report).join('\n'));
});

test('a file whose name looks like a glob is checked as named when it exists', async () => {
  const root = project({ 'src/[id].ts': SCAN, 'src/a.ts': SCAN });
  const { report } = await json(root, ['src/[id].ts']);
  assert.deepEqual(at(report), ['src/[id].ts:3 warning scan']);
});

test('a glob or folder that matches no file is an error unless --no-error-on-unmatched-pattern', async () => {
  const shop = path.join(fixtures, 'shop');
  for (const [args, message] of [
    [
      ['src/**/*.tsx'],
      'dynamo-guard check: no files match "src/**/*.tsx" (pass --no-error-on-unmatched-pattern to allow it)\n',
    ],
    [
      ['nope/**/*.ts', 'src'],
      'dynamo-guard check: no files match "nope/**/*.ts" (pass --no-error-on-unmatched-pattern to allow it)\n',
    ],
  ] as const) {
    const run = await check(shop, [...args]);
    assert.equal(run.code, 2, `${args.join(' ')}: ${run.stdout}`);
    assert.equal(run.stdout, '', 'no report from a run that checked the wrong thing');
    assert.equal(run.stderr, message);
  }
  const empty = project({ 'docs/readme.md': '# hi\n' });
  const run = await check(empty, ['docs']);
  assert.equal(run.code, 2);
  assert.equal(
    run.stderr,
    'dynamo-guard check: no JavaScript or TypeScript files to check in "docs" (none there, or all ignored) (pass --no-error-on-unmatched-pattern to allow it)\n',
  );
  const allowed = await check(shop, ['src/**/*.tsx', '--no-error-on-unmatched-pattern']);
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /^0 problems/);
});

test('several missing paths are named in one line, before anything is checked', async () => {
  const run = await check(path.join(fixtures, 'shop'), ['src', 'nope', 'srcc/orders.ts']);
  assert.equal(run.code, 2);
  assert.equal(run.stderr, 'dynamo-guard check: no such file or directory: nope, srcc/orders.ts\n');
  assert.equal(run.stdout, '');
});

test("--stdin checks standard input as the file --stdin-filename names: its path, its project's key schemas", async () => {
  const shop = path.join(fixtures, 'shop');
  const text = fs.readFileSync(path.join(shop, 'src', 'feed.ts'), 'utf8');
  // The key schema comes from the project's template.yaml: found from the named path.
  const { code, report } = await json(fixtures, ['--stdin', '--stdin-filename', 'shop/src/new-feed.ts'], { text });
  assert.equal(code, 1);
  assert.deepEqual(at(report), ['shop/src/new-feed.ts:7 warning single-value-partition-key']);
  assert.equal(report.stats.filesScanned, 1);
  // `-` is the same, and the file on disk is not read: standard input is what is checked.
  const dash = await json(shop, ['-', '--stdin-filename', 'src/orders.ts'], { text: 'export const x = 1;\n' });
  assert.equal(dash.code, 0);
  assert.deepEqual(dash.report.findings, []);
});

test("--stdin gets the configuration of the named file's project; without a name it is <stdin>", async () => {
  const configured = path.join(fixtures, 'configured');
  const { report } = await json(fixtures, ['-', '--stdin-filename', 'configured/src/new.ts'], { text: SCAN });
  assert.deepEqual(
    at(report),
    ['configured/src/new.ts:3 error scan'],
    'rules.scan: error of configured/dynamo-guard.config.json',
  );
  const allowed = await json(configured, ['-', '--stdin-filename', 'tools/job.ts'], { text: SCAN });
  assert.deepEqual(at(allowed.report), ['tools/job.ts:3 info scan'], 'allowScans paths apply to the named path');
  const unnamed = await json(configured, ['--stdin'], { text: SCAN });
  assert.deepEqual(at(unnamed.report), ['<stdin>:3 error scan']);
});

test('--stdin mistakes are usage errors: a terminal, paths besides it, a filename without it', async () => {
  const cwd = path.join(fixtures, 'shop');
  const tty = await check(cwd, ['--stdin'], { text: '', isTty: true });
  assert.equal(tty.code, 2);
  assert.match(
    tty.stderr,
    /^dynamo-guard check: --stdin reads the file from standard input, which is a terminal here; pipe it in/,
  );
  for (const args of [
    ['--stdin', 'src'],
    ['-', 'src'],
    ['--stdin-filename', 'src/a.ts', 'src'],
    ['--stdin', '--write-baseline', 'b.json'],
  ]) {
    const run = await check(cwd, args, { text: SCAN });
    assert.equal(run.code, 2, args.join(' '));
    assert.match(run.stderr, /^dynamo-guard check: .*stdin/, args.join(' '));
  }
});

test('each file gets the nearest configuration above it, whichever folder is checked and from where', async () => {
  const monorepo = path.join(fixtures, 'monorepo');
  const expected = ['services/billing/src/invoices.ts:6 info scan', 'services/orders/src/orders.ts:6 error scan'];
  assert.deepEqual(at((await json(monorepo, [])).report), expected);
  assert.deepEqual(at((await json(monorepo, ['services/*/src/*.ts'])).report), expected);
  assert.deepEqual(
    at((await json(path.join(monorepo, 'services'), [])).report),
    expected.map((f) => f.replace('services/', '')),
  );
  assert.deepEqual(at((await json(monorepo, ['services/billing/src/invoices.ts'])).report), [expected[0]]);
  const fromService = await json(path.join(monorepo, 'services', 'billing'), ['../..']);
  assert.deepEqual(at(fromService.report), ['../orders/src/orders.ts:6 error scan', 'src/invoices.ts:6 info scan']);
  // --config overrides every file's own.
  const overridden = await json(monorepo, ['--config', 'dynamo-guard.config.json']);
  assert.deepEqual(
    at(overridden.report),
    expected.map((f) => f.replace(' info ', ' error ')),
  );
});

test('an invalid configuration in a nested project fails the run with exit 2 and no report', async () => {
  const root = project({
    'dynamo-guard.config.json': '{}',
    'src/a.ts': SCAN,
    'services/billing/dynamo-guard.config.json': '{ "rules": { "scan": "loud" } }',
    'services/billing/b.ts': SCAN,
  });
  const run = await check(root, []);
  assert.equal(run.code, 2);
  assert.equal(run.stdout, '');
  assert.match(run.stderr, /services\/billing\/dynamo-guard\.config\.json:1:\d+: .*scan/);
  assert.match(run.stderr, /the configuration is invalid; fix it \(no report was made\)\n$/);
});
