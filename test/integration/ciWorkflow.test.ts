// The CI set-ups docs/ci documents, run as written: the GitHub Actions workflow's and the GitLab
// job's `dynamo-guard` command lines (with `npx dynamo-guard` as the built CLI) in a copy of a
// fixture project, and the git pre-commit hook through a real `git commit`.
import { before, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { parse } from 'yaml';
import { buildCli, cliPath, repoRoot, runShell, withBuiltCli, type ProcessRun } from '../harness/builtCli';
import { makeTempDir } from '../harness/tempDirs';
import { schemaErrors, validateGitlab, validateOfficialSarif } from '../unit/cli/schemaValidators';

const docs = path.join(repoRoot, 'docs', 'ci');
const shop = path.join(repoRoot, 'test', 'fixtures', 'cli', 'shop');

before(() => buildCli());

/** A copy of the shop fixture as the root of a repository, as a CI runner checks it out. */
function checkout(): string {
  const dir = makeTempDir('dg-ci-checkout-');
  fs.cpSync(shop, dir, { recursive: true });
  git(dir, 'init', '-q');
  return dir;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      '-c',
      'user.name=Dynamo Guard Test',
      '-c',
      'user.email=test@example.com',
      '-c',
      'init.defaultBranch=main',
      '-c',
      'core.hooksPath=.git/hooks',
      ...args,
    ],
    {
      cwd,
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', HOME: cwd, GIT_CONFIG_NOSYSTEM: '1' },
    },
  );
}

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: Step[] }>;
}

const runsDynamoGuard = (command: string): boolean => /\bdynamo-guard\b/.test(command);

test('the GitHub Actions workflow: its SARIF step writes a file code scanning accepts, uploaded even when findings fail the step', async () => {
  const workflow = parse(fs.readFileSync(path.join(docs, 'github-actions.yml'), 'utf8')) as Workflow;
  const job = workflow.jobs['code-scanning']!;
  assert.equal(job.permissions?.['security-events'], 'write');
  const uses = job.steps.map((s) => s.uses?.replace(/@.*/, '')).filter(Boolean);
  assert.deepEqual(uses, ['actions/checkout', 'actions/setup-node', 'github/codeql-action/upload-sarif']);
  const commands = job.steps.filter((s) => s.run && runsDynamoGuard(s.run)).map((s) => s.run as string);
  assert.deepEqual(commands, ['npx dynamo-guard check . --format sarif -o dynamo-guard.sarif']);

  const dir = checkout();
  const run = await runShell(withBuiltCli(commands[0]!), { cwd: dir });
  assert.equal(run.code, 1, `findings fail the step: ${run.stderr}`);
  assert.equal(run.stdout, '');
  const upload = job.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif'))!;
  assert.equal(upload.if, 'success() || failure()', 'the upload runs after the failing check step');
  const sarifFile = path.join(dir, String(upload.with?.sarif_file));
  const sarif = JSON.parse(fs.readFileSync(sarifFile, 'utf8')) as {
    runs: Array<{
      results: Array<{
        ruleId: string;
        locations: Array<{ physicalLocation: { artifactLocation: { uri: string; uriBaseId: string } } }>;
      }>;
    }>;
  };
  assert.equal(validateOfficialSarif(sarif), true, schemaErrors(validateOfficialSarif));
  const locations = sarif.runs[0]!.results.map(
    (r) =>
      `${r.ruleId} ${r.locations[0]!.physicalLocation.artifactLocation.uriBaseId}/${r.locations[0]!.physicalLocation.artifactLocation.uri}`,
  );
  assert.ok(locations.includes('scan %SRCROOT%/src/orders.ts'), locations.join('\n'));
});

test('the GitHub Actions workflow: its annotations job prints a workflow command per finding', async () => {
  const workflow = parse(fs.readFileSync(path.join(docs, 'github-actions.yml'), 'utf8')) as Workflow;
  const commands = workflow.jobs
    .annotations!.steps.filter((s) => s.run && runsDynamoGuard(s.run))
    .map((s) => s.run as string);
  assert.deepEqual(commands, ['npx dynamo-guard check . --format github']);
  const run = await runShell(withBuiltCli(commands[0]!), { cwd: checkout() });
  assert.equal(run.code, 1);
  const lines = run.stdout.trimEnd().split('\n');
  assert.equal(lines.length, 4, run.stdout);
  assert.match(
    lines[0]!,
    /^::notice file=scripts\/migrate\.ts,line=6,endLine=6,col=26,endColumn=37,title=DynamoDB Scan reads the whole table or index \(scan\)::Scan of table Orders /,
  );
  assert.match(
    lines[1]!,
    /^::warning file=src\/feed\.ts,line=7,.*::Partition key "PK" of table Orders is always "FEED"/,
  );
  assert.match(lines[2]!, /^::warning file=src\/orders\.ts,line=6,endLine=6,col=26,endColumn=37,title=/);
  assert.ok(
    lines.every((l) => /^::(warning|notice|error) file=[^:]+::/.test(l)),
    run.stdout,
  );
});

test('the GitLab CI job writes a Code Quality report of the documented shape and a JUnit report, then gates', async () => {
  const config = parse(fs.readFileSync(path.join(docs, 'gitlab-ci.yml'), 'utf8')) as Record<
    string,
    { script: string[]; artifacts: { when: string; reports: Record<string, string> } }
  >;
  const job = config['dynamo-guard']!;
  assert.equal(job.artifacts.when, 'always');
  const dir = checkout();
  const runs: ProcessRun[] = [];
  for (const line of job.script) runs.push(await runShell(withBuiltCli(line), { cwd: dir }));
  assert.deepEqual(
    runs.map((r) => r.code),
    [0, 1],
    runs.map((r) => r.stderr).join('\n'),
  );
  const issues = JSON.parse(fs.readFileSync(path.join(dir, job.artifacts.reports.codequality!), 'utf8')) as Array<{
    check_name: string;
    location: { path: string };
  }>;
  assert.equal(validateGitlab(issues), true, schemaErrors(validateGitlab));
  assert.deepEqual(
    issues.map((i) => `${i.check_name} ${i.location.path}`),
    [
      'scan scripts/migrate.ts',
      'single-value-partition-key src/feed.ts',
      'scan src/orders.ts',
      'unused-suppression src/reports.ts',
    ],
  );
  const junit = fs.readFileSync(path.join(dir, job.artifacts.reports.junit!), 'utf8');
  const sax = createRequire(__filename)('sax') as {
    parser(strict: boolean): { onerror: (e: Error) => void; write(s: string): { close(): void } };
  };
  const parser = sax.parser(true);
  parser.onerror = (e) => {
    throw e;
  };
  parser.write(junit).close();
  assert.match(junit, /<testsuites name="dynamo-guard" tests="5" failures="4" errors="0" skipped="0"/);
});

/** A repository with the documented hook installed, running the built CLI. */
function repoWithHook(): string {
  const dir = checkout();
  const hook = path.join(dir, '.git', 'hooks', 'pre-commit');
  fs.mkdirSync(path.dirname(hook), { recursive: true });
  fs.copyFileSync(path.join(docs, 'pre-commit'), hook);
  fs.chmodSync(hook, 0o755);
  git(dir, 'add', '.');
  git(dir, 'commit', '-q', '--no-verify', '-m', 'shop as it is');
  return dir;
}

function commit(dir: string): ProcessRun {
  try {
    const stdout = execFileSync(
      'git',
      [
        '-c',
        'user.name=T',
        '-c',
        'user.email=t@example.com',
        '-c',
        'core.hooksPath=.git/hooks',
        'commit',
        '-q',
        '-m',
        'change',
      ],
      {
        cwd: dir,
        encoding: 'utf8',
        stdio: 'pipe',
        env: {
          PATH: process.env.PATH ?? '',
          HOME: dir,
          GIT_CONFIG_NOSYSTEM: '1',
          DYNAMO_GUARD: `${process.execPath} ${cliPath}`,
          DYNAMO_GUARD_COMPILE_CACHE: 'off',
        },
      },
    );
    return { code: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number | null; stdout: string; stderr: string };
    return { code: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

const SCAN =
  "import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';\nconst c = new DynamoDBClient({});\nexport const all = () => c.send(new ScanCommand({ TableName: 'Orders' }));\n";

test("the git pre-commit hook refuses a commit that stages a Scan, naming it, with the project's configuration", async () => {
  const dir = repoWithHook();
  fs.writeFileSync(path.join(dir, 'src', 'new orders.ts'), SCAN);
  git(dir, 'add', 'src/new orders.ts');
  const refused = commit(dir);
  assert.equal(refused.code, 1, refused.stdout + refused.stderr);
  // git sends a hook's standard output to its standard error.
  assert.match(refused.stderr, /^src\/new orders\.ts:3:\d+ warning Scan of table Orders /m);
  assert.match(refused.stderr, /dynamo-guard: fix the findings above, or commit with --no-verify/);
  assert.equal(git(dir, 'log', '--oneline').trim().split('\n').length, 1, 'nothing was committed');
  // The same file under scripts/ is an allowed Scan (info) by the project's default configuration.
  fs.renameSync(path.join(dir, 'src', 'new orders.ts'), path.join(dir, 'scripts', 'backfill.ts'));
  git(dir, 'add', '-A');
  const allowed = commit(dir);
  assert.equal(allowed.code, 0, allowed.stdout + allowed.stderr);
});

test('the git pre-commit hook checks what is staged, not the working tree', async () => {
  const dir = repoWithHook();
  const file = path.join(dir, 'src', 'feature.ts');
  fs.writeFileSync(file, 'export const feature = 1;\n');
  git(dir, 'add', 'src/feature.ts');
  // A Scan written after staging is not part of this commit.
  fs.writeFileSync(file, SCAN);
  const clean = commit(dir);
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
  // And the other way round: a staged Scan fixed only in the working tree still blocks.
  git(dir, 'add', 'src/feature.ts');
  fs.writeFileSync(file, 'export const feature = 2;\n');
  const blocked = commit(dir);
  assert.equal(blocked.code, 1, blocked.stdout + blocked.stderr);
  assert.match(blocked.stderr, /^src\/feature\.ts:3:\d+ warning .* scan$/m);
});

test('the pre-commit framework hook runs its entry on the staged files as pre-commit passes them', async () => {
  const config = parse(fs.readFileSync(path.join(docs, 'pre-commit-config.yaml'), 'utf8')) as {
    repos: Array<{
      repo: string;
      hooks: Array<{ id: string; entry: string; language: string; files: string; exclude: string }>;
    }>;
  };
  const hook = config.repos[0]!.hooks[0]!;
  assert.equal(hook.id, 'dynamo-guard');
  const dir = checkout();
  fs.writeFileSync(path.join(dir, 'src', 'types.d.ts'), 'export type X = 1;\n');
  fs.writeFileSync(path.join(dir, 'README.md'), '# shop\n');
  // pre-commit selects files with Python's re.search; these patterns read the same in JavaScript.
  const files = ['README.md', 'src/types.d.ts', 'src/orders.ts', 'src/users.ts'].filter(
    (f) => new RegExp(hook.files).test(f) && !new RegExp(hook.exclude).test(f),
  );
  assert.deepEqual(files, ['src/orders.ts', 'src/users.ts']);
  const quote = (f: string): string => `'${f}'`;
  const blocked = await runShell(withBuiltCli(`${hook.entry} ${files.map(quote).join(' ')}`), { cwd: dir });
  assert.equal(blocked.code, 1, blocked.stderr);
  assert.match(blocked.stdout, /^src\/orders\.ts:6:26 warning .* scan$/m);
  const clean = await runShell(withBuiltCli(`${hook.entry} 'src/users.ts'`), { cwd: dir });
  assert.equal(clean.code, 0, clean.stdout + clean.stderr);
});
