import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LABEL_RULES, manifestProblems, type Manifest } from '../../../bench/realCorpusMatch';

const REPO_ROOT = path.join(__dirname, '../../..');
const MANIFEST = path.join(REPO_ROOT, 'bench/python-corpus/manifest.json');
const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as Manifest & { rules: string[] };

test('the Python manifest is well formed and declares its language', () => {
  assert.deepEqual(manifestProblems(manifest), []);
  assert.equal(manifest.language, 'python');
  assert.deepEqual([...manifest.rules].sort(), [...LABEL_RULES].sort());
});

test('the Python manifest holds at least 15 repositories, each pinned to a full commit hash', () => {
  assert.ok(manifest.repositories.length >= 15, `${manifest.repositories.length} repositories`);
  for (const r of manifest.repositories) assert.match(r.commit, /^[0-9a-f]{40}$/, r.repo);
  assert.equal(new Set(manifest.repositories.map((r) => r.repo)).size, manifest.repositories.length);
});

test('every label has a known rule, a positive line, an idiom and a note; no line is labelled twice', () => {
  let labels = 0;
  for (const r of manifest.repositories) {
    for (const f of r.files) {
      const keys = new Set<string>();
      for (const l of f.labels) {
        labels++;
        const where = `${r.repo} ${f.path}:${l.line}`;
        assert.ok(Number.isInteger(l.line) && l.line > 0, where);
        assert.ok((LABEL_RULES as readonly string[]).includes(l.rule), where);
        assert.ok(l.idiom.length > 0 && l.note.length > 0, where);
        assert.ok(!keys.has(`${l.line} ${l.rule}`), `${where} is labelled twice`);
        keys.add(`${l.line} ${l.rule}`);
      }
      const negatives = new Set(f.mustNotReport.map((n) => n.line));
      assert.equal(negatives.size, f.mustNotReport.length, `${r.repo} ${f.path}: a mustNotReport line twice`);
      for (const l of f.labels)
        assert.ok(!negatives.has(l.line), `${r.repo} ${f.path}:${l.line} is both a label and a negative`);
    }
  }
  assert.ok(labels >= 80, `${labels} labels`);
});

test('the schema check rejects a duplicate label, a bad span and an unknown language', () => {
  const file = {
    path: 'app.py',
    labels: [
      { line: 3, rule: 'scan', idiom: 'boto3-resource-scan', note: '' },
      { line: 3, rule: 'scan', idiom: 'boto3-resource-scan', note: '' },
      { line: 9, rule: 'scan', idiom: 'paginator', note: '', span: [10, 12] },
    ],
    mustNotReport: [],
  };
  const problems = manifestProblems({
    language: 'cobol',
    repositories: [{ repo: 'o/r', commit: 'a'.repeat(40), contextFiles: [], files: [file] }],
  });
  assert.equal(problems.length, 3, problems.join('\n'));
});

/** The git directory of a local snapshot, in the layouts bench/realCorpus.ts accepts. */
function snapshotGitDir(root: string, repo: string): string | undefined {
  const base = path.join(root, repo.replace('/', '+'));
  for (const candidate of [path.join(base, 'repo', '.git'), path.join(base, 'repo'), path.join(base, '.git'), base]) {
    if (fs.existsSync(path.join(candidate, 'HEAD')) && fs.existsSync(path.join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

const defaultSnapshots = path.join(REPO_ROOT, 'bench/python-corpus/snapshots');
const snapshots = process.env.DYNAMO_GUARD_REAL_CORPUS || (fs.existsSync(defaultSnapshots) ? defaultSnapshots : '');
for (const repo of manifest.repositories) {
  const gitDir = snapshots ? snapshotGitDir(snapshots, repo.repo) : undefined;
  const skip = gitDir
    ? false
    : `no local snapshot of ${repo.repo} (set DYNAMO_GUARD_REAL_CORPUS or fill bench/python-corpus/snapshots/)`;
  if (skip) console.log(`# skipped: ${skip}`);
  test(`every labelled line of ${repo.repo} exists at ${repo.commit.slice(0, 12)}`, { skip }, () => {
    for (const rel of [...repo.files.map((f) => f.path), ...repo.contextFiles]) {
      const shown = spawnSync('git', ['--git-dir', gitDir ?? '', 'show', `${repo.commit}:${rel}`], {
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
      });
      assert.equal(shown.status, 0, `${rel} is missing at the pinned commit`);
      const lines = shown.stdout.split('\n');
      const file = repo.files.find((f) => f.path === rel);
      for (const l of file?.labels ?? []) {
        for (const n of [l.line, ...(l.span ?? []), ...(l.alsoLines ?? [])]) {
          assert.ok(n <= lines.length && (lines[n - 1] ?? '').trim() !== '', `${rel}:${n} is blank or past the end`);
        }
      }
      for (const n of file?.mustNotReport ?? []) {
        assert.ok(
          n.line <= lines.length && (lines[n.line - 1] ?? '').trim() !== '',
          `${rel}:${n.line} (mustNotReport) is blank or past the end`,
        );
      }
    }
  });
}
