// The report formats CI systems read (SARIF for code scanning, GitHub workflow commands, GitLab Code
// Quality, JUnit) and the options pipelines use (-o, --max-warnings, --quiet, colour), in-process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Finding } from '../../../src/core/analyzer/finding';
import type { CliIo } from '../../../src/cli/io';
import { runCli } from '../../../src/cli/main';
import { escapeData, escapeProperty, formatGithub } from '../../../src/cli/report/githubReport';
import { buildGitlab } from '../../../src/cli/report/gitlabReport';
import { formatJunit, xmlEscape } from '../../../src/cli/report/junitReport';
import type { ReportInput } from '../../../src/cli/report/reportInput';
import { RULES } from '../../../src/core/rules/registry';
import { buildSarif } from '../../../src/cli/report/sarifReport';
import { colorEnabled } from '../../../src/cli/report/textReport';
import { makeTempDir } from '../../harness/tempDirs';
import { officialSarifSchemaText, schemaErrors, validateGitlab, validateOfficialSarif } from './schemaValidators';

const fixtures = path.resolve(__dirname, '../../fixtures/cli');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function check(
  cwd: string,
  args: string[],
  options: { env?: Record<string, string>; isTty?: boolean } = {},
): Promise<Run> {
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
    env: options.env ?? {},
    isTty: options.isTty ?? false,
  };
  const code = await runCli(['check', ...args], io);
  return { code, stdout, stderr };
}

/** A copy of a fixture inside a fresh repository (a `.git` folder at its root). */
function repoWith(fixture: string, under = ''): string {
  const repo = makeTempDir('dg-ci-');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.cpSync(path.join(fixtures, fixture), path.join(repo, under), { recursive: true });
  return repo;
}

const base = { confidence: 'high' as const, offset: 0, endOffset: 5 };
const findings: Finding[] = [
  {
    ...base,
    rule: 'scan',
    severity: 'warning',
    file: 'src/a,b:c.ts',
    line: 3,
    column: 20,
    endLine: 3,
    endColumn: 31,
    message: 'Scan of 100% of "Orders"\r\nreads <all>.',
    table: 'Orders',
    fingerprint: 'abc:0',
  },
  {
    ...base,
    rule: 'single-value-partition-key',
    severity: 'error',
    file: 'src/feed.ts',
    line: 4,
    column: 5,
    endLine: 6,
    endColumn: 2,
    message: 'PK is always "FEED".',
    table: 'Orders',
    fingerprint: 'def:0',
  },
  {
    ...base,
    rule: 'unused-suppression',
    severity: 'info',
    file: 'src/feed.ts',
    line: 9,
    column: 1,
    endLine: 9,
    endColumn: 9,
    message: 'Unused suppression.',
  },
  {
    ...base,
    rule: 'scan',
    severity: 'warning',
    file: 'src/reports.ts',
    line: 3,
    column: 5,
    endLine: 3,
    endColumn: 16,
    message: 'Scan.',
    fingerprint: 'ghi:0',
    suppression: { kind: 'inSource', justification: 'monthly export' },
  },
];
const input: ReportInput = {
  findings,
  stats: { filesScanned: 4, filesAnalyzed: 3, durationMs: 12, suppressed: 1, baselined: 0, filesSkipped: 1 },
  problems: [
    { file: 'src/pipe.ts', message: 'cannot read: not a regular file', reason: 'unreadable' },
    { file: 'src/app.min.js', message: 'skipped: minified', reason: 'minified' },
  ],
  toolVersion: '0.1.0',
  files: ['src/a,b:c.ts', 'src/app.min.js', 'src/clean.ts', 'src/feed.ts', 'src/pipe.ts', 'src/reports.ts'],
};

test('GitHub workflow commands escape data and properties as the Actions toolkit does', () => {
  assert.equal(escapeData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
  assert.equal(escapeProperty('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext%3A a%2Cb');
  const lines = formatGithub(input).trimEnd().split('\n');
  assert.equal(
    lines[0],
    '::warning file=src/a%2Cb%3Ac.ts,line=3,endLine=3,col=20,endColumn=31,title=DynamoDB Scan reads the whole table or index (scan)::Scan of 100%25 of "Orders"%0D%0Areads <all>.%0Ahttps://github.com/dynamo-guard/dynamo-guard/blob/main/docs/rules/scan.md',
  );
  // Several lines: no columns, which GitHub would ignore anyway.
  assert.match(
    lines[1]!,
    /^::error file=src\/feed\.ts,line=4,endLine=6,title=Partition key is the same value on every call \(single-value-partition-key\)::PK is always "FEED"\.%0A/,
  );
  assert.match(lines[2]!, /^::notice file=src\/feed\.ts,line=9,/);
  assert.ok(!lines.some((l) => l.includes('reports.ts')), 'a suppressed finding is no annotation');
  assert.equal(
    lines[3],
    '::error file=src/pipe.ts,title=Dynamo Guard could not check this file::cannot read: not a regular file',
  );
  assert.equal(
    lines[4],
    '::warning file=src/app.min.js,title=Dynamo Guard could not check this file::skipped: minified',
  );
  assert.equal(lines.length, 5);
  assert.ok(lines.every((l) => !/[\r]/.test(l)));
});

test('the GitLab Code Quality report validates against the documented shape, one issue per active finding', () => {
  const issues = buildGitlab(input);
  assert.equal(validateGitlab(issues), true, schemaErrors(validateGitlab));
  assert.deepEqual(
    issues.map((i) => [i.check_name, i.severity, i.location.path, i.location.lines.begin, i.location.lines.end]),
    [
      ['scan', 'minor', 'src/a,b:c.ts', 3, 3],
      ['single-value-partition-key', 'major', 'src/feed.ts', 4, 6],
      ['unused-suppression', 'info', 'src/feed.ts', 9, 9],
    ],
  );
  assert.equal(new Set(issues.map((i) => i.fingerprint)).size, 3);
  // The schema catches what GitLab would drop: a severity of ours, an absolute path, no line.
  for (const broken of [
    { severity: 'warning' },
    { location: { path: '/abs/src/a.ts', lines: { begin: 1 } } },
    { location: { path: 'src/a.ts' } },
    { fingerprint: '' },
  ]) {
    assert.equal(validateGitlab([{ ...issues[0], ...broken }]), false, JSON.stringify(broken));
  }
});

test('GitLab fingerprints do not depend on line numbers, and identical findings never share one', () => {
  const moved = buildGitlab({
    ...input,
    findings: findings.map((f) => ({ ...f, line: f.line + 10, endLine: f.endLine + 10 })),
  });
  assert.deepEqual(
    moved.map((i) => i.fingerprint),
    buildGitlab(input).map((i) => i.fingerprint),
  );
  const twin = { ...findings[2]!, line: 12, endLine: 12 };
  const twice = buildGitlab({ ...input, findings: [findings[2]!, twin] });
  assert.equal(new Set(twice.map((i) => i.fingerprint)).size, 2);
});

interface XmlNode {
  name: string;
  attributes: Record<string, string>;
  children: XmlNode[];
  text: string;
}

/** Parses with sax in strict mode: malformed XML throws. */
function parseXml(xml: string): XmlNode {
  const sax = createRequire(__filename)('sax') as {
    parser(strict: boolean): {
      onopentag: (n: { name: string; attributes: Record<string, string> }) => void;
      onclosetag: () => void;
      ontext: (t: string) => void;
      onerror: (e: Error) => void;
      write(s: string): { close(): void };
    };
  };
  const parser = sax.parser(true);
  const root: XmlNode = { name: '#document', attributes: {}, children: [], text: '' };
  const stack = [root];
  parser.onopentag = (n) => {
    const node = { name: n.name, attributes: n.attributes, children: [], text: '' };
    stack.at(-1)!.children.push(node);
    stack.push(node);
  };
  parser.onclosetag = () => {
    stack.pop();
  };
  parser.ontext = (t) => {
    stack.at(-1)!.text += t;
  };
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(xml).close();
  return root.children[0]!;
}

test('JUnit XML is well-formed: a suite per file, a failure per finding, a passing case for a clean file', () => {
  const xml = formatJunit(input);
  const suites = parseXml(xml);
  assert.equal(suites.name, 'testsuites');
  assert.deepEqual(suites.attributes, {
    name: 'dynamo-guard',
    tests: '7',
    failures: '3',
    errors: '1',
    skipped: '1',
    time: '0.012',
  });
  const byName = new Map(suites.children.map((s) => [s.attributes.name, s]));
  assert.deepEqual([...byName.keys()], input.files);
  const scan = byName.get('src/a,b:c.ts')!.children[0]!;
  assert.equal(scan.attributes.name, 'dynamo-guard.scan');
  assert.equal(scan.children[0]!.name, 'failure');
  // Line breaks survive as references, where XML would normalize them.
  assert.equal(scan.children[0]!.attributes.message, 'Scan of 100% of "Orders"\r\nreads <all>.');
  assert.match(xml, /message="Scan of 100% of &quot;Orders&quot;&#13;&#10;reads &lt;all&gt;\."/);
  assert.equal(scan.children[0]!.text, 'line 3, col 20, Warning - Scan of 100% of "Orders"\r\nreads <all>. (scan)');
  assert.deepEqual(
    byName.get('src/clean.ts')!.children.map((c) => [c.attributes.name, c.children.length]),
    [['src/clean.ts', 0]],
  );
  assert.equal(byName.get('src/pipe.ts')!.children[0]!.children[0]!.name, 'error');
  assert.equal(byName.get('src/app.min.js')!.children[0]!.children[0]!.name, 'skipped');
  assert.ok(!xml.includes('monthly export'), 'a suppressed finding is no failure');
  assert.equal(xmlEscape('a\u0000b\u001bc & <d>'), 'abc &amp; &lt;d&gt;');
});

test('the vendored SARIF schema is the OASIS one, and uses no keyword draft-04 and draft-07 read differently', () => {
  const text = officialSarifSchemaText();
  assert.match(
    text,
    /"id": "https:\/\/docs\.oasis-open\.org\/sarif\/sarif\/v2\.1\.0\/errata01\/os\/schemas\/sarif-schema-2\.1\.0\.json"/,
  );
  assert.ok(!/"exclusive(Minimum|Maximum)"/.test(text));
  assert.equal(
    validateOfficialSarif({
      version: '2.1.0',
      runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'loud' }] }],
    }),
    false,
    'the schema is strict enough to reject a bad level',
  );
});

test('SARIF validates against the official schema; paths are relative to the repository root, which %SRCROOT% names', async () => {
  const repo = repoWith('shop', 'services/shop');
  const cwd = path.join(repo, 'services', 'shop');
  const run = await check(cwd, ['src', '--format', 'sarif']);
  assert.equal(run.code, 1, run.stderr);
  type Sarif = {
    runs: Array<{
      originalUriBaseIds: Record<string, { uri: string }>;
      tool: { driver: { rules: Array<{ id: string; helpUri: string; help: { markdown: string } }> } };
      results: Array<{
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }>;
      }>;
    }>;
  };
  const sarif = JSON.parse(run.stdout) as Sarif;
  assert.equal(validateOfficialSarif(sarif), true, schemaErrors(validateOfficialSarif));
  const result = sarif.runs[0]!;
  const srcroot = result.originalUriBaseIds['%SRCROOT%']!.uri;
  assert.ok(srcroot.startsWith('file://') && srcroot.endsWith('/'), srcroot);
  assert.equal(fileURLToPath(srcroot), repo + path.sep);
  const uris = result.results.map((r) => r.locations[0]!.physicalLocation.artifactLocation);
  assert.ok(
    uris.some((u) => u.uri === 'services/shop/src/orders.ts' && u.uriBaseId === '%SRCROOT%'),
    JSON.stringify(uris),
  );
  // Every rule links its page, analysis-error included.
  for (const rule of RULES) {
    const sarifRule = result.tool.driver.rules.find((r) => r.id === rule.id)!;
    assert.equal(sarifRule.helpUri, `https://github.com/dynamo-guard/dynamo-guard/blob/main/docs/rules/${rule.id}.md`);
    assert.ok(sarifRule.help.markdown.includes(`(${sarifRule.helpUri})`), rule.id);
  }
});

test('a file outside the repository gets an absolute file URI in SARIF', () => {
  const repo = makeTempDir('dg-ci-outside-');
  const sarif = buildSarif({
    ...input,
    location: { cwd: path.join(repo, 'a'), repositoryRoot: path.join(repo, 'a') },
  }) as {
    runs: Array<{
      results: Array<{
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }>;
      }>;
    }>;
  };
  const outside = buildSarif({
    ...input,
    findings: [{ ...findings[1]!, file: '../b/feed.ts' }],
    location: { cwd: path.join(repo, 'a'), repositoryRoot: path.join(repo, 'a') },
  }) as typeof sarif;
  assert.equal(sarif.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  const artifact = outside.runs[0]!.results[0]!.locations[0]!.physicalLocation.artifactLocation;
  assert.equal(artifact.uriBaseId, undefined);
  assert.equal(fileURLToPath(artifact.uri), path.join(repo, 'b', 'feed.ts'));
  assert.equal(validateOfficialSarif(outside), true, schemaErrors(validateOfficialSarif));
});

test('GitHub and GitLab paths are relative to the repository root when the step runs in a subfolder', async () => {
  const repo = repoWith('shop', 'services/shop');
  const cwd = path.join(repo, 'services', 'shop');
  const github = await check(cwd, ['--format', 'github']);
  assert.equal(github.code, 1);
  assert.ok(
    github.stdout.includes('::warning file=services/shop/src/orders.ts,line=6,endLine=6,col=26,endColumn=37,title='),
    github.stdout,
  );
  const gitlab = await check(cwd, ['--format', 'gitlab']);
  const issues = JSON.parse(gitlab.stdout) as Array<{ location: { path: string } }>;
  assert.equal(validateGitlab(issues), true, schemaErrors(validateGitlab));
  assert.ok(
    issues.every((i) => i.location.path.startsWith('services/shop/')),
    gitlab.stdout,
  );
});

test('-o writes the report to a file (its folder created), leaves stdout empty, and replaces an old report whole', async () => {
  const repo = repoWith('shop');
  for (const format of ['text', 'json', 'sarif', 'github', 'gitlab', 'junit']) {
    const out = path.join('reports', format, 'dynamo-guard.out');
    const run = await check(repo, ['-o', out, '--format', format]);
    assert.equal(run.code, 1, `${format}: ${run.stderr}`);
    assert.equal(run.stdout, '', format);
    assert.match(
      run.stderr,
      new RegExp(
        `^dynamo-guard check: 4 problems \\(0 errors, 2 warnings, 2 infos\\); ${format} report written to reports/${format}/dynamo-guard.out\\n$`,
      ),
    );
    const written = fs.readFileSync(path.join(repo, out), 'utf8');
    assert.ok(written.length > 0 && !written.includes('\u001b['), format);
  }
  const file = path.join(repo, 'report.sarif');
  fs.writeFileSync(file, 'x'.repeat(100_000));
  const run = await check(repo, ['--output-file=report.sarif', '--format', 'sarif']);
  assert.equal(run.code, 1);
  assert.equal(validateOfficialSarif(JSON.parse(fs.readFileSync(file, 'utf8'))), true);
  assert.deepEqual(
    fs.readdirSync(repo).filter((f) => f.includes('.tmp')),
    [],
    'no temporary file left behind',
  );
  const intoFolder = await check(repo, ['-o', 'src']);
  assert.equal(intoFolder.code, 2);
  assert.equal(intoFolder.stderr, 'dynamo-guard check: --output-file needs a file name, got "src"\n');
});

test('--max-warnings fails the run when warnings exceed it, whatever --fail-on says', async () => {
  const shop = path.join(fixtures, 'shop');
  assert.equal((await check(shop, ['--fail-on', 'error', '--max-warnings', '2'])).code, 0);
  const over = await check(shop, ['--fail-on', 'error', '--max-warnings', '1']);
  assert.equal(over.code, 1);
  assert.equal(over.stderr, 'dynamo-guard check: 2 warnings, more than --max-warnings 1 allows\n');
  assert.equal((await check(shop, ['--fail-on', 'never', '--max-warnings', '0'])).code, 1);
  for (const bad of ['-1', 'many', '1.5']) {
    const run = await check(shop, ['--max-warnings', bad]);
    assert.equal(run.code, 2, bad);
    assert.match(run.stderr, /--max-warnings must be a whole number/);
  }
});

test('--quiet reports errors only, and warnings then neither show nor fail the run', async () => {
  const shop = path.join(fixtures, 'shop');
  const quiet = await check(shop, ['--quiet']);
  assert.equal(quiet.code, 0, quiet.stdout);
  assert.match(quiet.stdout, /^0 problems/);
  assert.equal((await check(shop, ['--quiet', '--max-warnings', '0'])).code, 0);
  const configured = await check(path.join(fixtures, 'configured'), ['--quiet', '--format', 'json']);
  const report = JSON.parse(configured.stdout) as { findings: Array<{ severity: string }> };
  assert.ok(report.findings.length > 0 && report.findings.every((f) => f.severity === 'error'), configured.stdout);
  assert.equal(configured.code, 1);
});

test('colour: a terminal gets it, NO_COLOR turns it off, FORCE_COLOR forces it either way', async () => {
  assert.equal(colorEnabled({}, true), true);
  assert.equal(colorEnabled({}, false), false);
  assert.equal(colorEnabled({ NO_COLOR: '1' }, true), false);
  assert.equal(colorEnabled({ NO_COLOR: '' }, true), true, 'an empty NO_COLOR is no request (no-color.org)');
  assert.equal(colorEnabled({ TERM: 'dumb' }, true), false);
  assert.equal(colorEnabled({ FORCE_COLOR: '1' }, false), true);
  assert.equal(colorEnabled({ FORCE_COLOR: '' }, false), true);
  assert.equal(colorEnabled({ FORCE_COLOR: '0' }, true), false);
  assert.equal(colorEnabled({ FORCE_COLOR: 'false', NO_COLOR: '' }, true), false);
  assert.equal(colorEnabled({ FORCE_COLOR: '1', NO_COLOR: '1' }, false), true);
  const shop = path.join(fixtures, 'shop');
  const ansi = (run: Run): boolean => run.stdout.includes('\u001b[');
  assert.equal(ansi(await check(shop, [], { isTty: true })), true);
  assert.equal(ansi(await check(shop, [], { isTty: true, env: { NO_COLOR: '1' } })), false);
  assert.equal(ansi(await check(shop, [], { isTty: false })), false);
  assert.equal(ansi(await check(shop, [], { isTty: false, env: { FORCE_COLOR: '1' } })), true);
  assert.equal(
    ansi(await check(shop, ['--format', 'json'], { isTty: true, env: { FORCE_COLOR: '1' } })),
    false,
    'only the text report is coloured',
  );
});
