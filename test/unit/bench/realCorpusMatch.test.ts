import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  adjudicatedCount,
  asFirstWritten,
  computeFigures,
  manifestProblems,
  matchFile,
  type CorpusRepository,
  type LabelledFile,
  type ReportedFinding,
} from '../../../bench/realCorpusMatch';

const file: LabelledFile = {
  path: 'src/handler.js',
  labels: [
    { line: 10, rule: 'scan', idiom: 'sdk-v3-command', note: '', span: [9, 12] },
    { line: 20, rule: 'single-value-partition-key', idiom: 'module-const', note: '', alsoLines: [3] },
    { line: 30, rule: 'scan', idiom: 'wrapper-call-site', note: '' },
  ],
  mustNotReport: [{ line: 40, why: 'ScanIndexForward' }],
};
const finding = (rule: string, line: number): ReportedFinding => ({ rule, file: file.path, line, message: 'm' });

test('a finding anywhere in the labelled statement, or on one of its other lines, finds the label', () => {
  const r = matchFile('o/r', file, [finding('scan', 12), finding('single-value-partition-key', 3)]);
  assert.deepEqual(
    r.hits.map((h) => h.label.line),
    [10, 20],
  );
  assert.deepEqual(
    r.misses.map((m) => m.label.line),
    [30],
  );
  assert.equal(r.falsePositives.length, 0);
});

test('a finding of another rule, or outside the statement, does not find the label and is a false positive', () => {
  const r = matchFile('o/r', file, [
    finding('single-value-partition-key', 10),
    finding('scan', 13),
    finding('scan', 40),
  ]);
  assert.equal(r.hits.length, 0);
  assert.deepEqual(
    r.falsePositives.map((f) => f.finding.line),
    [10, 13, 40],
  );
  assert.equal(r.falsePositives[2]?.negative?.why, 'ScanIndexForward');
});

test('a label takes one finding; a second report of it is a duplicate, not a false positive', () => {
  const r = matchFile('o/r', file, [finding('scan', 9), finding('scan', 10)]);
  assert.equal(r.hits.length, 1);
  assert.deepEqual(
    r.duplicates.map((d) => d.finding.line),
    [9],
  );
  assert.equal(r.falsePositives.length, 0);
});

test('figures count recall per rule and idiom, precision per rule, and rank missed idioms', () => {
  const figures = computeFigures([matchFile('o/r', file, [finding('scan', 10), finding('scan', 50)])]);
  assert.deepEqual(figures.rules.scan, { recall: { found: 1, of: 2 }, precision: { found: 1, of: 2 } });
  assert.deepEqual(figures.rules['single-value-partition-key'].recall, { found: 0, of: 1 });
  assert.deepEqual(
    figures.missedIdioms.map((m) => m.idiom),
    ['module-const', 'wrapper-call-site'],
  );
});

test('the committed manifest is well formed', () => {
  const manifest: unknown = JSON.parse(
    fs.readFileSync(path.join(__dirname, '../../../bench/real-corpus/manifest.json'), 'utf8'),
  );
  assert.deepEqual(manifestProblems(manifest), []);
  assert.ok(
    manifestProblems({
      repositories: [
        { repo: 'x', commit: 'y', contextFiles: [], files: [{ path: '../a', labels: [], mustNotReport: [] }] },
      ],
    }).length >= 3,
  );
});

test('labels added at a second review are scored, and left out of the figures as first written', () => {
  const repo: CorpusRepository = {
    repo: 'o/r',
    commit: 'c',
    contextFiles: [],
    files: [
      {
        ...file,
        labels: [...file.labels, { line: 50, rule: 'scan', idiom: 'wrapper-call-site', note: '', adjudicated: 'why' }],
      },
    ],
  };
  assert.equal(adjudicatedCount([repo]), 1);
  const first = asFirstWritten(repo);
  assert.deepEqual(
    first.files[0]?.labels.map((l) => l.line),
    [10, 20, 30],
  );
  assert.equal(repo.files[0]?.labels.length, 4, 'the manifest itself is left as it is');
  const findings = [finding('scan', 10), finding('scan', 50)];
  const withAll = matchFile(repo.repo, repo.files[0], findings);
  const asFirst = matchFile(repo.repo, first.files[0], findings);
  assert.equal(withAll.falsePositives.length, 0);
  assert.deepEqual(
    asFirst.falsePositives.map((f) => f.finding.line),
    [50],
  );
  const bad = { repositories: [{ ...repo, files: [{ ...file, labels: [{ ...file.labels[0], adjudicated: ' ' }] }] }] };
  assert.ok(manifestProblems(bad).some((p) => p.includes('"adjudicated"')));
});
