// `dynamo-guard check` as users run it (the built dist/cli.js in a child process): mistakes on the
// command line fail loudly, standard input works through a real pipe, and every CI format and
// option holds up outside the test process (exit codes, schemas, files, colour by environment).
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { buildCli, repoRoot, runBuiltCli, runShell, withBuiltCli } from '../../harness/builtCli';
import { makeTempDir } from '../../harness/tempDirs';
import {
  schemaErrors,
  validateCheckOutput,
  validateGitlab,
  validateOfficialSarif,
} from '../../unit/cli/schemaValidators';

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'cli');
const shop = path.join(fixtures, 'shop');

before(() => buildCli());

test('a path that does not exist exits 2 with one line naming it, and prints no report', async () => {
  const run = await runBuiltCli(['check', 'nonexistent'], { cwd: shop });
  assert.deepEqual(
    [run.code, run.stdout, run.stderr],
    [2, '', 'dynamo-guard check: no such file or directory: nonexistent\n'],
  );
});

test('a quoted glob, as npm scripts and Windows pass it, is expanded by the CLI', async () => {
  // Single quotes: the shell hands the pattern over unexpanded, as an npm script on Windows does.
  const run = await runShell(withBuiltCli("npx dynamo-guard check 'src/**/*.ts' --format json"), { cwd: shop });
  assert.equal(run.code, 1, run.stderr);
  const report = JSON.parse(run.stdout) as { findings: Array<{ file: string }>; stats: { filesScanned: number } };
  assert.equal(validateCheckOutput(report), true, schemaErrors(validateCheckOutput));
  assert.equal(report.stats.filesScanned, 4);
  assert.deepEqual(
    [...new Set(report.findings.map((f) => f.file))],
    ['src/feed.ts', 'src/orders.ts', 'src/reports.ts'],
  );
  const none = await runShell(withBuiltCli("npx dynamo-guard check 'src/**/*.tsx'"), { cwd: shop });
  assert.deepEqual([none.code, none.stdout], [2, '']);
  assert.equal(
    none.stderr,
    'dynamo-guard check: no files match "src/**/*.tsx" (pass --no-error-on-unmatched-pattern to allow it)\n',
  );
  const allowed = await runShell(
    withBuiltCli("npx dynamo-guard check 'src/**/*.tsx' --no-error-on-unmatched-pattern"),
    { cwd: shop },
  );
  assert.equal(allowed.code, 0, allowed.stderr);
});

test("check - reads the file from a pipe, checked as --stdin-filename with its project's schemas", async () => {
  const run = await runShell(
    withBuiltCli('cat src/feed.ts | npx dynamo-guard check - --stdin-filename src/feed-copy.ts'),
    { cwd: shop },
  );
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stdout, /^src\/feed-copy\.ts:7:\d+ warning Partition key "PK" of table Orders is always "FEED"/);
  const clean = await runBuiltCli(['check', '--stdin', '--stdin-filename', 'src/orders.ts'], {
    cwd: shop,
    input: 'export const x = 1;\n',
  });
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /^0 problems .*\nchecked 1 file \(0 analyzed\)/);
});

test('every format through the built CLI: SARIF and GitLab validate, GitHub commands and JUnit parse, and -o leaves stdout empty', async () => {
  const dir = makeTempDir('dg-cli-formats-');
  fs.cpSync(shop, dir, { recursive: true });
  fs.mkdirSync(path.join(dir, '.git'));
  for (const format of ['sarif', 'gitlab', 'junit', 'github', 'json', 'text']) {
    const out = `out/${format}/report`;
    const run = await runBuiltCli(['check', '--format', format, '-o', out], { cwd: dir });
    assert.equal(run.code, 1, `${format}: ${run.stderr}`);
    assert.equal(run.stdout, '', format);
    const text = fs.readFileSync(path.join(dir, out), 'utf8');
    switch (format) {
      case 'sarif':
        assert.equal(validateOfficialSarif(JSON.parse(text)), true, schemaErrors(validateOfficialSarif));
        break;
      case 'gitlab':
        assert.equal(validateGitlab(JSON.parse(text)), true, schemaErrors(validateGitlab));
        break;
      case 'json':
        assert.equal(validateCheckOutput(JSON.parse(text)), true, schemaErrors(validateCheckOutput));
        break;
      case 'junit': {
        const sax = createRequire(__filename)('sax') as {
          parser(strict: boolean): { onerror: (e: Error) => void; write(s: string): { close(): void } };
        };
        const parser = sax.parser(true);
        parser.onerror = (e) => {
          throw e;
        };
        parser.write(text).close();
        break;
      }
      case 'github':
        assert.ok(
          text
            .trimEnd()
            .split('\n')
            .every((l) =>
              /^::(error|warning|notice) file=[^,]+,line=\d+,endLine=\d+,col=\d+,endColumn=\d+,title=[^:]+::/.test(l),
            ),
          text,
        );
        break;
      default:
        assert.match(text, /4 problems \(0 errors, 2 warnings, 2 infos\) in 4 files/);
    }
  }
  // The GitLab fingerprints are the same on a second run, and after code above a finding moves it.
  const fingerprints = async (): Promise<string[]> => {
    const run = await runBuiltCli(['check', '--format', 'gitlab'], { cwd: dir });
    return (JSON.parse(run.stdout) as Array<{ fingerprint: string }>).map((i) => i.fingerprint);
  };
  const first = await fingerprints();
  assert.deepEqual(await fingerprints(), first);
  const orders = path.join(dir, 'src', 'orders.ts');
  fs.writeFileSync(orders, `// a comment above\n\n${fs.readFileSync(orders, 'utf8')}`);
  assert.deepEqual(await fingerprints(), first);
});

test('--max-warnings and --quiet gate as in ESLint', async () => {
  const over = await runBuiltCli(['check', '--fail-on', 'error', '--max-warnings', '1'], { cwd: shop });
  assert.equal(over.code, 1);
  assert.match(over.stderr, /2 warnings, more than --max-warnings 1 allows/);
  assert.equal((await runBuiltCli(['check', '--fail-on', 'error', '--max-warnings', '2'], { cwd: shop })).code, 0);
  const quiet = await runBuiltCli(['check', '--quiet'], { cwd: shop });
  assert.equal(quiet.code, 0);
  assert.match(quiet.stdout, /^0 problems/);
});

test('colour follows FORCE_COLOR and NO_COLOR; a pipe gets none by default', async () => {
  const ansi = async (env: Record<string, string>): Promise<boolean> =>
    (await runBuiltCli(['check'], { cwd: shop, env })).stdout.includes('\u001b[');
  assert.equal(await ansi({}), false);
  assert.equal(await ansi({ FORCE_COLOR: '1' }), true);
  assert.equal(await ansi({ FORCE_COLOR: '0' }), false);
  assert.equal(await ansi({ NO_COLOR: '1' }), false);
});

// util-linux `script` gives the CLI a real terminal; without it there is no terminal to test on.
const hasScript = fs.existsSync('/usr/bin/script');

test(
  'on a terminal the text report is coloured, unless NO_COLOR says otherwise',
  { skip: !hasScript && 'needs util-linux script for a pseudo-terminal' },
  async () => {
    const onTerminal = (env: Record<string, string>): Promise<string> =>
      runShell(`script -qec "${withBuiltCli('npx dynamo-guard check')}" /dev/null`, {
        cwd: shop,
        env: { TERM: 'xterm', ...env },
      }).then((r) => r.stdout);
    assert.match(await onTerminal({}), /\u001b\[33mwarning\u001b\[0m/);
    assert.ok(!(await onTerminal({ NO_COLOR: '1' })).includes('\u001b['));
    assert.ok(!(await onTerminal({ TERM: 'dumb' })).includes('\u001b['));
  },
);
