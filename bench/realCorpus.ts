// Measures the analyzer on real applications: materialises the pinned files of
// bench/real-corpus/manifest.json from local git snapshots, runs the built CLI on each repository and
// prints recall and precision per rule and per idiom, with every miss and false positive.
// Fetches nothing: a repository without a local snapshot is reported and skipped.
//
//   node --import tsx bench/realCorpus.ts [--no-build] [--json] [--manifest <path>]
//
// The manifest defaults to bench/real-corpus/manifest.json (JavaScript/TypeScript); `--manifest` or
// DYNAMO_GUARD_CORPUS_MANIFEST names another one, such as bench/python-corpus/manifest.json. A
// manifest whose language the CLI does not analyse yet is reported as such and not measured.
// Snapshots: DYNAMO_GUARD_REAL_CORPUS=<dir> holding one `<owner>+<name>/` folder per repository, each
// a git directory (bare, or with `repo/`, `repo/.git` or `.git` inside); defaults to the git-ignored
// `snapshots/` folder next to the manifest.
// See bench/real-corpus/README.md for how the labels were made and how findings are matched.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  adjudicatedCount,
  asFirstWritten,
  computeFigures,
  isLabelRule,
  LABEL_RULES,
  manifestProblems,
  matchFile,
  type CorpusRepository,
  type FindingRef,
  type Figures,
  type Manifest,
  type MatchResult,
  type Ratio,
  type ReportedFinding,
} from './realCorpusMatch';

const REPO_ROOT = path.resolve(__dirname, '..');
const DEFAULT_MANIFEST = path.join(REPO_ROOT, 'bench', 'real-corpus', 'manifest.json');
/** A file per language that the CLI reports on as soon as it analyses that language. */
const PROBES: Record<string, { file: string; text: string }> = {
  python: {
    file: 'probe.py',
    text: 'import boto3\n\ntable = boto3.resource("dynamodb").Table("probe")\n\n\ndef handler(event, context):\n    return table.scan()["Items"]\n',
  },
};
/** Infrastructure files materialised with the labelled ones, so the CLI discovers key schemas. */
const INFRA_FILE = /(?:^|\/)(?:serverless\.(?:ya?ml|json)|(?:[\w.-]*[.-])?template\.(?:ya?ml|json)|[\w.-]+\.tf)$/i;
const SKIPPED_DIR = /(?:^|\/)(?:node_modules|dist|build|out|coverage|cdk\.out|\.aws-sam|\.serverless|\.terraform)\//;
const MAX_INFRA_FILES = 200;
const MAX_FILE_BYTES = 2 * 1024 * 1024;

interface RepoRun {
  repo: CorpusRepository;
  results: MatchResult[];
  /** Findings in context files, or of rules that are not labelled here: shown, not scored. */
  unscored: number;
  /**
   * Findings that match no label but that the project's allowed paths lowered (`allowedBy`, e.g. a
   * Scan in `scripts/` under `allowScans`): the analyzer itself reports them as expected there, so
   * they are listed, not counted as false positives. Such a finding on a label still counts as found.
   */
  expectedHere: FindingRef[];
  seconds: number;
}

function main(): void {
  const args = process.argv.slice(2);
  const asJson = args.includes('--json');
  const log = asJson ? (): void => undefined : (line = ''): void => console.log(line);

  const manifestPath = manifestArgument(args);
  const manifest = readManifest(manifestPath);
  const language = manifest.language ?? 'javascript';
  const title = language === 'javascript' ? 'Real corpus' : `${language[0]?.toUpperCase()}${language.slice(1)} corpus`;
  const defaultSnapshots = path.join(path.dirname(manifestPath), 'snapshots');
  const snapshots = process.env.DYNAMO_GUARD_REAL_CORPUS || (fs.existsSync(defaultSnapshots) ? defaultSnapshots : '');
  if (!snapshots) {
    console.error('No snapshots: set DYNAMO_GUARD_REAL_CORPUS to a folder of <owner>+<name> git snapshots.');
    return;
  }
  if (!args.includes('--no-build')) build();
  const cli = path.join(REPO_ROOT, 'dist', 'cli.js');
  if (!fs.existsSync(cli)) fail('dist/cli.js is missing: run `npm run build` first.');
  const probe = PROBES[language];
  if (probe && !analyses(cli, probe)) {
    const message = `No ${language[0]?.toUpperCase()}${language.slice(1)} analyzer yet: the CLI reports no Scan in ${probe.file}, so ${path.relative(REPO_ROOT, manifestPath)} is not measured.`;
    if (asJson)
      console.log(JSON.stringify({ language, measured: false, reason: `no ${language} analyzer yet` }, null, 2));
    else log(message);
    return;
  }

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-real-corpus-'));
  const runs: RepoRun[] = [];
  // The same findings scored against the labels as first written (before any second review).
  const firstWritten: MatchResult[] = [];
  const skipped: { repo: string; reason: string }[] = [];
  try {
    for (const repo of manifest.repositories) {
      const gitDir = findGitDir(snapshots, repo.repo);
      if (!gitDir) {
        skipped.push({ repo: repo.repo, reason: `no snapshot under ${snapshots}` });
        continue;
      }
      if (!git(gitDir, ['cat-file', '-e', `${repo.commit}^{commit}`]).ok) {
        skipped.push({ repo: repo.repo, reason: `the snapshot lacks commit ${repo.commit.slice(0, 12)}` });
        continue;
      }
      const dir = path.join(work, repo.repo.replace('/', '+'));
      const missing = materialise(gitDir, repo, dir);
      if (missing.length > 0) {
        skipped.push({ repo: repo.repo, reason: `files missing at the pinned commit: ${missing.join(', ')}` });
        continue;
      }
      const started = Date.now();
      // A Python repository may hold no JavaScript at all, which the CLI otherwise treats as an error.
      const findings = check(cli, dir, language === 'javascript' ? [] : ['--no-error-on-unmatched-pattern']);
      runs.push({ ...score(repo, findings), seconds: (Date.now() - started) / 1000 });
      firstWritten.push(...score(asFirstWritten(repo), findings).results);
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }

  const results = runs.flatMap((r) => r.results);
  const figures = computeFigures(results);
  const adjudicated = adjudicatedCount(runs.map((r) => r.repo));
  const figuresAsFirstWritten = computeFigures(firstWritten);
  const misses = results.flatMap((r) => r.misses);
  const falsePositives = results.flatMap((r) => r.falsePositives);
  const duplicates = results.flatMap((r) => r.duplicates);
  const expectedHere = runs.flatMap((r) => r.expectedHere);
  if (asJson) {
    console.log(
      JSON.stringify(
        { figures, adjudicated, figuresAsFirstWritten, skipped, misses, falsePositives, duplicates, expectedHere },
        null,
        2,
      ),
    );
    return;
  }

  log(`${title}: ${runs.length} of ${manifest.repositories.length} repositories measured (snapshots: ${snapshots})`);
  for (const s of skipped) log(`  skipped ${s.repo}: ${s.reason}`);
  for (const r of runs) {
    const hits = r.results.reduce((n, m) => n + m.hits.length, 0);
    const labels = r.results.reduce((n, m) => n + m.hits.length + m.misses.length, 0);
    const fps = r.results.reduce((n, m) => n + m.falsePositives.length, 0);
    log(
      `  ${r.repo.repo.padEnd(48)} ${String(hits).padStart(3)}/${String(labels).padEnd(3)} found, ${fps} false positive(s), ${r.unscored} unscored, ${r.seconds.toFixed(1)} s`,
    );
  }
  log();
  logRules(log, 'Per rule                        recall               precision', figures);
  if (adjudicated > 0) {
    log();
    logRules(
      log,
      `Per rule, labels as first written (${adjudicated} added at a second review left out)`,
      figuresAsFirstWritten,
    );
  }
  log();
  log('Per idiom (recall)');
  for (const [tag, v] of Object.entries(figures.idioms).sort((a, b) => b[1].of - a[1].of || a[0].localeCompare(b[0]))) {
    log(`  ${tag.padEnd(28)}  ${ratio(v)}`);
  }
  log();
  log('Missed idioms, most labels first');
  for (const m of figures.missedIdioms)
    log(`  ${String(m.missed).padStart(3)} of ${String(m.of).padEnd(3)} ${m.idiom}`);
  log();
  log(`Misses (${misses.length})`);
  for (const m of misses)
    log(`  ${m.repo} ${m.path}:${m.label.line} ${m.label.rule} [${m.label.idiom}] ${m.label.note}`);
  log();
  log(`False positives (${falsePositives.length})`);
  for (const fp of falsePositives) log(`  ${describe(fp)}`);
  if (expectedHere.length > 0) {
    log();
    log(
      `Unlabelled findings the project's allowed paths lowered (${expectedHere.length}, reported as expected there, not counted)`,
    );
    for (const e of expectedHere) log(`  ${describe(e)} [${e.finding.allowedBy ?? ''}]`);
  }
  if (duplicates.length > 0) {
    log();
    log(`Second reports of an already-found label (${duplicates.length}, not counted)`);
    for (const d of duplicates) log(`  ${describe(d)}`);
  }
}

function logRules(log: (line?: string) => void, heading: string, figures: Figures): void {
  log(heading);
  for (const rule of LABEL_RULES) {
    const f = figures.rules[rule];
    log(`  ${rule.padEnd(28)}  ${ratio(f.recall).padEnd(19)}  ${ratio(f.precision)}`);
  }
  const all = LABEL_RULES.reduce(
    (acc, rule) => ({
      recall: add(acc.recall, figures.rules[rule].recall),
      precision: add(acc.precision, figures.rules[rule].precision),
    }),
    { recall: { found: 0, of: 0 }, precision: { found: 0, of: 0 } },
  );
  log(`  ${'all'.padEnd(28)}  ${ratio(all.recall).padEnd(19)}  ${ratio(all.precision)}`);
}

/** The manifest named by `--manifest <path>` (or `--manifest=<path>`), DYNAMO_GUARD_CORPUS_MANIFEST, or the JavaScript one. */
function manifestArgument(args: string[]): string {
  const at = args.findIndex((a) => a === '--manifest' || a.startsWith('--manifest='));
  if (at < 0)
    return process.env.DYNAMO_GUARD_CORPUS_MANIFEST
      ? path.resolve(process.env.DYNAMO_GUARD_CORPUS_MANIFEST)
      : DEFAULT_MANIFEST;
  const arg = args[at] ?? '';
  const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[at + 1];
  if (!value || value.startsWith('--')) fail('--manifest needs the path of a manifest.json.');
  return path.resolve(value);
}

function readManifest(manifestPath: string): Manifest {
  let value: unknown;
  try {
    value = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  } catch (err) {
    fail(`Cannot read the manifest ${manifestPath}: ${(err as Error).message}`);
  }
  const problems = manifestProblems(value);
  if (problems.length > 0) fail(`The manifest is not usable: ${problems.join('; ')}.`);
  return value as Manifest;
}

function build(): void {
  const r = spawnSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js')], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (r.status !== 0) fail(`The build failed: ${(r.stderr || r.stdout).trim()}`);
}

/** The git directory of a snapshot folder, in any of the layouts snapshot stores and plain clones use. */
function findGitDir(root: string, repo: string): string | undefined {
  const base = path.join(root, repo.replace('/', '+'));
  for (const candidate of [path.join(base, 'repo', '.git'), path.join(base, 'repo'), path.join(base, '.git'), base]) {
    if (fs.existsSync(path.join(candidate, 'HEAD')) && fs.existsSync(path.join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

function git(gitDir: string, args: string[]): { ok: boolean; out: Buffer } {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { maxBuffer: 256 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? Buffer.alloc(0) };
}

/** Writes the labelled, context and infrastructure files of the pinned commit; returns labelled/context paths it could not read. */
function materialise(gitDir: string, repo: CorpusRepository, dir: string): string[] {
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true }); // marks the project root for the CLI's discovery
  const listing = git(gitDir, ['ls-tree', '-r', '--name-only', '-z', repo.commit])
    .out.toString('utf8')
    .split('\0')
    .filter(Boolean);
  const infra = listing.filter((p) => INFRA_FILE.test(p) && !SKIPPED_DIR.test(p)).slice(0, MAX_INFRA_FILES);
  const wanted = [...repo.files.map((f) => f.path), ...repo.contextFiles];
  const missing: string[] = [];
  for (const rel of new Set([...wanted, ...infra])) {
    const r = git(gitDir, ['show', `${repo.commit}:${rel}`]);
    if (!r.ok || r.out.length > MAX_FILE_BYTES) {
      if (wanted.includes(rel)) missing.push(rel);
      continue;
    }
    const target = path.join(dir, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, r.out);
  }
  return missing;
}

/** Whether the CLI reports the Scan in a one-file project of the probe's language. */
function analyses(cli: string, probe: { file: string; text: string }): boolean {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-corpus-probe-'));
  try {
    fs.mkdirSync(path.join(dir, '.git'));
    fs.writeFileSync(path.join(dir, probe.file), probe.text);
    const r = spawnSync(
      process.execPath,
      [cli, 'check', '.', '--format', 'json', '--fail-on', 'never', '--no-error-on-unmatched-pattern'],
      {
        cwd: dir,
        encoding: 'utf8',
      },
    );
    const report = JSON.parse(r.stdout || '{}') as { findings?: ReportedFinding[] };
    return (report.findings ?? []).some((f) => f.rule === 'scan' && path.basename(f.file) === probe.file);
  } catch {
    return false;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs `dynamo-guard check` on a materialised repository; `extra` holds further CLI flags. */
function check(cli: string, dir: string, extra: string[] = []): ReportedFinding[] {
  const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--fail-on', 'never', ...extra], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  let report: { findings?: ReportedFinding[] };
  try {
    report = JSON.parse(r.stdout) as { findings?: ReportedFinding[] };
  } catch {
    fail(
      `The CLI gave no JSON report for ${path.basename(dir)} (exit ${r.status}): ${r.stderr.trim().split('\n')[0] ?? ''}`,
    );
  }
  return (report.findings ?? []).map((f) => ({
    ...f,
    file: path.relative(dir, path.resolve(dir, f.file)).split(path.sep).join('/'),
  }));
}

function score(repo: CorpusRepository, findings: ReportedFinding[]): Omit<RepoRun, 'seconds'> {
  const results: MatchResult[] = [];
  const labelled = new Set(repo.files.map((f) => f.path));
  const unscored = findings.filter((f) => !labelled.has(f.file) || !isLabelRule(f.rule)).length;
  const expectedHere: RepoRun['expectedHere'] = [];
  for (const file of repo.files) {
    const own = findings.filter((f) => f.file === file.path && isLabelRule(f.rule));
    const result = matchFile(repo.repo, file, own);
    // A finding the project's allowed paths lowered still answers a label, but it is no false
    // positive: the analyzer itself reports it as expected there.
    expectedHere.push(...result.falsePositives.filter((fp) => fp.finding.allowedBy).map((fp) => fp));
    results.push({ ...result, falsePositives: result.falsePositives.filter((fp) => !fp.finding.allowedBy) });
  }
  return { repo, results, unscored, expectedHere };
}

function describe(ref: FindingRef): string {
  const on = ref.negative ? ` — on a mustNotReport line (${ref.negative.why})` : '';
  return `${ref.repo} ${ref.path}:${ref.finding.line} ${ref.finding.rule}: ${ref.finding.message.slice(0, 140)}${on}`;
}

function ratio(r: Ratio): string {
  return r.of === 0 ? 'n/a (0/0)' : `${((100 * r.found) / r.of).toFixed(1)}% (${r.found}/${r.of})`;
}

function add(a: Ratio, b: Ratio): Ratio {
  return { found: a.found + b.found, of: a.of + b.of };
}

function fail(message: string): never {
  console.error(message);
  process.exit(2);
}

main();
