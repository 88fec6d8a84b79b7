// Benchmark for issue 12: the Python analyzer (core API, no CLI) against ast-grep (@ast-grep/napi with
// tree-sitter-python, Python patterns for the same calls) over every .py file of the Python corpus
// repositories and of bench/python-throughput.json at their pinned commits, in the same process and
// run; then one edited 3,000-line file built from corpus files, incremental re-analysis against a full
// analysis. Prints figures and ratios; asserts nothing.
//
//   node --import tsx bench/pythonThroughput.ts [throughput] [incremental]
//
// Fetches nothing: files are read from local git snapshots, one `<owner>+<name>/` git directory per
// repository (bare, or with `repo/`, `repo/.git` or `.git` inside), under the folder
// DYNAMO_GUARD_REAL_CORPUS names or the git-ignored bench/python-corpus/snapshots/. They are written
// to a temporary folder, removed at the end. BENCH_RUNS (default 3) and BENCH_EDITS (default 100).
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import python from '@ast-grep/lang-python';
import { type NapiConfig, parse, registerDynamicLanguage } from '@ast-grep/napi';
import { type PythonAnalyzeOptions, PythonAnalyzer } from '../src/core/python/analyzePython';
import { mightMatterPython } from '../src/core/python/pythonFiles';
import { type PythonParser, type TextChange, loadPythonParser } from '../src/core/python/parser';

const REPO_ROOT = path.resolve(__dirname, '..');
const CORPUS_MANIFEST = path.join(REPO_ROOT, 'bench', 'python-corpus', 'manifest.json');
const EXTRA_MANIFEST = path.join(REPO_ROOT, 'bench', 'python-throughput.json');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const EDITS = Math.max(2, Number(process.env.BENCH_EDITS ?? 100));
const MAX_FILE_BYTES = 1_000_000;
const TARGET_LINES = 3000;

/**
 * The peer's rule: the calls the analyzer judges, by spelling. `$T.scan($$$)` also covers a client's
 * and a PynamoDB model's or index's `scan()`; PynamoDB `save()` is left out, it would match every ORM.
 */
const PEER_PATTERNS: readonly string[] = [
  '$T.scan($$$)',
  "$C.get_paginator('scan')",
  '$C.get_paginator("scan")',
  '$T.query($$$)',
  '$T.get_item($$$)',
  '$T.put_item($$$)',
  '$T.update_item($$$)',
  '$T.delete_item($$$)',
  '$T.batch_writer($$$)',
  '$C.execute_statement($$$)',
];
const PEER_RULE: NapiConfig = { rule: { any: PEER_PATTERNS.map((pattern) => ({ pattern })) } };

interface PinnedRepo {
  repo: string;
  commit: string;
}

interface PyFile {
  /** `<owner>+<name>/<path>` */
  name: string;
  text: string;
}

interface Corpus {
  files: PyFile[];
  repos: number;
  skipped: string[];
  oversized: number;
}

function readRepos(file: string): PinnedRepo[] {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as { repositories?: PinnedRepo[] };
  return (parsed.repositories ?? []).map((r) => ({ repo: r.repo, commit: r.commit }));
}

/** The git directory of a snapshot folder, in any of the layouts snapshot stores and plain clones use. */
function findGitDir(root: string, repo: string): string | undefined {
  const base = path.join(root, repo.replace('/', '+'));
  for (const candidate of [path.join(base, 'repo', '.git'), path.join(base, 'repo'), path.join(base, '.git'), base]) {
    if (fs.existsSync(path.join(candidate, 'HEAD')) && fs.existsSync(path.join(candidate, 'objects'))) return candidate;
  }
  return undefined;
}

function git(gitDir: string, args: readonly string[], input?: string): { ok: boolean; out: Buffer } {
  const r = spawnSync('git', ['--git-dir', gitDir, ...args], { input, maxBuffer: 1024 * 1024 * 1024 });
  return { ok: r.status === 0, out: r.stdout ?? Buffer.alloc(0) };
}

/** Writes every regular .py file of the pinned commit under `dir`; returns their names relative to `work`, or why not. */
function materialise(
  gitDir: string,
  pinned: PinnedRepo,
  work: string,
): { written: string[]; oversized: number } | string {
  if (!git(gitDir, ['cat-file', '-e', `${pinned.commit}^{commit}`]).ok)
    return `the snapshot lacks commit ${pinned.commit.slice(0, 12)}`;
  const entries = git(gitDir, ['ls-tree', '-r', '-z', '--full-tree', pinned.commit])
    .out.toString('utf8')
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t');
      const [mode, type, oid] = line.slice(0, tab).split(' ');
      return { mode, type, oid: oid ?? '', rel: line.slice(tab + 1) };
    })
    .filter((e) => e.type === 'blob' && (e.mode === '100644' || e.mode === '100755') && e.rel.endsWith('.py'));
  if (entries.length === 0) return { written: [], oversized: 0 };
  // One `cat-file --batch` for the whole commit: `<oid> blob <size>\n<content>\n` per object.
  const batch = git(gitDir, ['cat-file', '--batch'], `${entries.map((e) => e.oid).join('\n')}\n`);
  if (!batch.ok) return 'git cat-file failed';
  const written: string[] = [];
  let oversized = 0;
  let at = 0;
  const root = pinned.repo.replace('/', '+');
  for (const e of entries) {
    const headerEnd = batch.out.indexOf(10, at);
    const header = batch.out.subarray(at, headerEnd).toString('utf8').split(' ');
    const size = Number(header[2]);
    if (header[1] !== 'blob' || !Number.isFinite(size)) return `unexpected git cat-file output for ${e.rel}`;
    const content = batch.out.subarray(headerEnd + 1, headerEnd + 1 + size);
    at = headerEnd + 1 + size + 1;
    if (size > MAX_FILE_BYTES) {
      oversized++;
      continue;
    }
    const rel = `${root}/${e.rel}`;
    const target = path.join(work, ...rel.split('/'));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, content);
    written.push(rel);
  }
  return { written, oversized };
}

/** Gathers the .py files of every pinned repository into `work` and reads them back. */
function gather(work: string): Corpus | string {
  const defaultSnapshots = path.join(REPO_ROOT, 'bench', 'python-corpus', 'snapshots');
  const snapshots = process.env.DYNAMO_GUARD_REAL_CORPUS || (fs.existsSync(defaultSnapshots) ? defaultSnapshots : '');
  if (!snapshots)
    return 'No snapshots: set DYNAMO_GUARD_REAL_CORPUS to a folder of <owner>+<name> git snapshots (see bench/python-corpus/README.md).';
  const pinned = [...readRepos(CORPUS_MANIFEST), ...readRepos(EXTRA_MANIFEST)];
  const files: PyFile[] = [];
  const skipped: string[] = [];
  let repos = 0;
  let oversized = 0;
  for (const p of pinned) {
    const gitDir = findGitDir(snapshots, p.repo);
    const r = gitDir ? materialise(gitDir, p, work) : `no snapshot under ${snapshots}`;
    if (typeof r === 'string') {
      skipped.push(`${p.repo}: ${r}`);
      continue;
    }
    repos++;
    oversized += r.oversized;
    for (const name of r.written)
      files.push({ name, text: fs.readFileSync(path.join(work, ...name.split('/')), 'utf8') });
  }
  if (files.length === 0)
    return `No Python files: none of the ${pinned.length} pinned repositories has a snapshot with its commit under ${snapshots}.`;
  return { files, repos, skipped, oversized };
}

/**
 * Resolves imports among the gathered files as a project would: relative ones from the importing
 * file's package, absolute ones from each folder between the file and its repository's root
 * (Lambda code often sits under `src/` or a function folder that is its own import root).
 */
function corpusResolver(files: readonly PyFile[]): NonNullable<PythonAnalyzeOptions['resolveModule']> {
  const byName = new Map(files.map((f) => [f.name, f.text]));
  const lookup = (dir: string, dotted: string): { fileName: string; text: string } | undefined => {
    const base = dotted === '' ? dir : `${dir}/${dotted.replace(/\./g, '/')}`;
    for (const fileName of [`${base}.py`, `${base}/__init__.py`]) {
      const text = byName.get(fileName);
      if (text !== undefined) return { fileName, text };
    }
    return undefined;
  };
  return (fromFile, module) => {
    const dirs = fromFile.split('/').slice(0, -1);
    const dots = /^\.*/.exec(module)?.[0].length ?? 0;
    const rest = module.slice(dots);
    if (dots > 0)
      return dots - 1 < dirs.length ? lookup(dirs.slice(0, dirs.length - (dots - 1)).join('/'), rest) : undefined;
    for (let n = dirs.length; n >= 1; n--) {
      const hit = lookup(dirs.slice(0, n).join('/'), rest);
      if (hit) return hit;
    }
    return undefined;
  };
}

function quantile(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] as number;
}

const median = (xs: readonly number[]): number => quantile(xs, 0.5);
const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const perSecond = (n: number, ms: number): string => `${Math.round((n * 1000) / ms).toLocaleString('en-US')} files/s`;

function table(rows: readonly (readonly string[])[]): void {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const r of rows)
    console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}

interface Timed {
  ms: number;
  cpuMs: number;
}

interface OursRun extends Timed {
  parsed: number;
  operations: number;
  findings: Map<string, number>;
  errors: number;
}

interface PeerRun extends Timed {
  matches: number;
}

/** Wall-clock and CPU time (this process, all threads) of `fn`. */
function timed<T>(fn: () => T): T & Timed {
  const cpu = process.cpuUsage();
  const started = performance.now();
  const r = fn();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return { ...r, ms, cpuMs: (used.user + used.system) / 1000 };
}

/** One project-wide pass: a fresh analyzer (imported modules are parsed once per pass), every file from scratch. */
async function runOurs(
  files: readonly PyFile[],
  resolveModule: PythonAnalyzeOptions['resolveModule'],
): Promise<OursRun> {
  const analyzer = await PythonAnalyzer.create({ tables: [], resolveModule });
  try {
    return timed(() => {
      let parsed = 0;
      let operations = 0;
      let errors = 0;
      const findings = new Map<string, number>();
      for (const f of files) {
        const r = analyzer.update(f.name, f.text);
        analyzer.forget(f.name);
        if (!r.skipped) parsed++;
        if (r.error) errors++;
        operations += r.operations.length;
        for (const x of r.findings) findings.set(x.rule, (findings.get(x.rule) ?? 0) + 1);
      }
      return { parsed, operations, findings, errors };
    });
  } finally {
    analyzer.dispose();
  }
}

/** Our parser alone (web-tree-sitter, tree-sitter-python compiled to WebAssembly) on the same files. */
function runParseOnly(parser: PythonParser, files: readonly PyFile[]): PeerRun {
  return timed(() => {
    for (const f of files) parser.parse(f.text).delete();
    return { matches: 0 };
  });
}

function runPeer(files: readonly PyFile[]): PeerRun {
  return timed(() => {
    let matches = 0;
    for (const f of files) matches += parse('python', f.text).root().findAll(PEER_RULE).length;
    return { matches };
  });
}

async function throughput(corpus: Corpus): Promise<void> {
  const { files } = corpus;
  const lines = files.reduce((n, f) => n + f.text.split('\n').length, 0);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  console.log('== throughput: Python analyzer (core API) vs ast-grep, same files, same process ==');
  console.log(
    `corpus: ${files.length} .py files, ${lines.toLocaleString('en-US')} lines, ${(bytes / 1024 / 1024).toFixed(1)} MB from ${corpus.repos} repositories at pinned commits${corpus.oversized > 0 ? ` (${corpus.oversized} files over 1 MB left out)` : ''}`,
  );
  for (const s of corpus.skipped) console.log(`  skipped ${s}`);
  if (files.length < 2000)
    console.log('  note: fewer than 2,000 files; add snapshots of the repositories in bench/python-throughput.json');
  console.log(
    `machine: ${os.availableParallelism()} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared: compare ratios, not absolute times)`,
  );
  console.log(
    'both: texts in memory, one thread, each file from scratch; ours resolves imports among the files, no key schemas given',
  );

  const resolveModule = corpusResolver(files);
  const prefiltered = files.filter((f) => mightMatterPython(f.text));
  const ours: OursRun[] = [];
  const peer: PeerRun[] = [];
  const peerPre: PeerRun[] = [];
  const parseOnly: PeerRun[] = [];
  const parser = await loadPythonParser();
  // Alternate the tools so that a burst of load elsewhere hits both alike.
  for (let i = 0; i < RUNS; i++) {
    const a = await runOurs(files, resolveModule);
    const b = runPeer(files);
    const c = runPeer(prefiltered);
    ours.push(a);
    peer.push(b);
    peerPre.push(c);
    parseOnly.push(runParseOnly(parser, prefiltered));
    console.log(
      `  run ${i + 1}: dynamo-guard ${fmtMs(a.ms)} (cpu ${fmtMs(a.cpuMs)})   ast-grep ${fmtMs(b.ms)} (cpu ${fmtMs(b.cpuMs)})   ast-grep on pre-filtered files ${fmtMs(c.ms)} (cpu ${fmtMs(c.cpuMs)})`,
    );
  }
  const o = ours[0] as OursRun;
  const oursMs = median(ours.map((r) => r.ms));
  const oursCpu = median(ours.map((r) => r.cpuMs));
  const row = (label: string, runs: readonly PeerRun[], n: number, sites: string): string[] => {
    const ms = median(runs.map((r) => r.ms));
    const cpu = median(runs.map((r) => r.cpuMs));
    return [
      label,
      String(n),
      fmtMs(ms),
      fmtMs(cpu),
      perSecond(files.length, ms),
      `${(ms / oursMs).toFixed(2)}x`,
      `${(cpu / oursCpu).toFixed(2)}x`,
      sites,
    ];
  };
  const findings = [...o.findings.values()].reduce((a, b) => a + b, 0);
  const byRule = [...o.findings.entries()]
    .sort()
    .map(([rule, n]) => `${rule} ${n}`)
    .join(', ');
  console.log();
  table([
    ['', 'parsed', 'wall', 'cpu', 'throughput', 'ours/peer (wall)', '(cpu)', 'sites'],
    [
      'dynamo-guard PythonAnalyzer',
      String(o.parsed),
      fmtMs(oursMs),
      fmtMs(oursCpu),
      perSecond(files.length, oursMs),
      '',
      '',
      `${findings} findings (${o.operations} operations)`,
    ],
    row('ast-grep, all files', peer, files.length, `${peer[0]?.matches ?? 0} matches`),
    row('ast-grep, pre-filtered files', peerPre, prefiltered.length, `${peerPre[0]?.matches ?? 0} matches`),
    [
      ...row('(our parser alone, pre-filtered)', parseOnly, prefiltered.length, '').slice(0, 5),
      '',
      '',
      `${Math.round((100 * median(parseOnly.map((r) => r.cpuMs))) / oursCpu)}% of our cpu`,
    ],
  ]);
  console.log(
    `medians of ${RUNS} runs over all ${files.length} files; ours/peer = our throughput / the peer's (above 1: ours is faster)`,
  );
  console.log(
    `"parsed": files past our pre-filter (the third row gives the peer the same pre-filter); findings by rule: ${byRule || 'none'}${o.errors > 0 ? `; ${o.errors} files reported as analysis errors` : ''}`,
  );
  console.log(
    'ast-grep matches every call spelled like a DynamoDB one, look-alikes included (this corpus has SQLAlchemy',
  );
  console.log('session.query(...) and policy-scanner .scan() methods); dynamo-guard reports fewer sites, each judged:');
  console.log(
    'the receiver traced to boto3/PynamoDB (the operations) and the call checked by the rules (the findings).',
  );
}

/** A module of whole corpus files, labelled ones first, until it reaches TARGET_LINES lines. */
function bigPythonModule(files: readonly PyFile[]): string {
  const corpus = JSON.parse(fs.readFileSync(CORPUS_MANIFEST, 'utf8')) as {
    repositories: { repo: string; files: { path: string }[] }[];
  };
  const labelled = new Set(
    corpus.repositories.flatMap((r) => r.files.map((f) => `${r.repo.replace('/', '+')}/${f.path}`)),
  );
  const ordered = [
    ...files.filter((f) => labelled.has(f.name)),
    ...files.filter((f) => !labelled.has(f.name) && mightMatterPython(f.text)),
  ];
  const parts: string[] = [];
  let lines = 0;
  for (const f of ordered) {
    const n = f.text.split('\n').length;
    if (n > 800 || lines + n > TARGET_LINES * 1.05) continue;
    parts.push(f.text.endsWith('\n') ? f.text : `${f.text}\n`);
    lines += n;
    if (lines >= TARGET_LINES) break;
  }
  return parts.join('');
}

async function incremental(files: readonly PyFile[]): Promise<void> {
  console.log('\n== incremental: one edited 3,000-line Python file ==');
  const fileName = 'edited.py';
  let text = bigPythonModule(files);
  // Keystrokes in the middle of the file: a character typed into an assigned name in a function body, then deleted.
  const assign = /\n( {4,})([a-z_][a-z0-9_]{2,}) = /g;
  assign.lastIndex = text.length >> 1;
  const m = assign.exec(text);
  if (!m) {
    console.log(
      'skipped: the corpus has too few DynamoDB files to build the edited file (no assignment in a function body).',
    );
    return;
  }
  const anchor = m.index + 1 + (m[1] as string).length + 1;
  const live = await PythonAnalyzer.create({ tables: [] });
  const full = await PythonAnalyzer.create({ tables: [] });
  const incrementalMs: number[] = [];
  const fullMs: number[] = [];
  const peerMs: number[] = [];
  const parseIncMs: number[] = [];
  const parseFullMs: number[] = [];
  const parser = await loadPythonParser();
  let parsed = parser.parse(text);
  try {
    const first = live.update(fileName, text);
    if (first.skipped || first.error) {
      console.log(
        `skipped: the corpus has too few DynamoDB files to build the edited file (${first.error ?? first.skipped}).`,
      );
      return;
    }
    for (let i = 0; i < EDITS; i++) {
      const insert = i % 2 === 0;
      const change: TextChange = insert
        ? { start: anchor, oldLength: 0, newLength: 1 }
        : { start: anchor, oldLength: 1, newLength: 0 };
      const previous = text;
      text = insert ? `${text.slice(0, anchor)}x${text.slice(anchor)}` : text.slice(0, anchor) + text.slice(anchor + 1);
      let t = performance.now();
      const reparsed = parser.parse(text, { tree: parsed, text: previous, change });
      parseIncMs.push(performance.now() - t);
      parsed.delete();
      parsed = reparsed;
      t = performance.now();
      parser.parse(text).delete();
      parseFullMs.push(performance.now() - t);
      t = performance.now();
      const a = live.update(fileName, text, change);
      incrementalMs.push(performance.now() - t);
      t = performance.now();
      // A file it has no tree for: the whole text parsed and every statement read afresh.
      full.forget(fileName);
      const b = full.update(fileName, text);
      fullMs.push(performance.now() - t);
      if (JSON.stringify(a.findings) !== JSON.stringify(b.findings))
        throw new Error(`edit ${i + 1}: incremental findings differ from a full analysis`);
      t = performance.now();
      parse('python', text).root().findAll(PEER_RULE);
      peerMs.push(performance.now() - t);
    }
    console.log(
      `file: ${text.split('\n').length - 1} lines of whole corpus files, ${first.findings.length} findings, ${first.operations.length} operations; ${EDITS} one-character edits (insert, delete)`,
    );
  } finally {
    live.dispose();
    full.dispose();
    parsed.delete();
  }
  const inc = median(incrementalMs);
  table([
    ['', 'median', 'p95', 'full/incremental'],
    ['PythonAnalyzer.update with the change', fmtMs(inc), fmtMs(quantile(incrementalMs, 0.95)), ''],
    [
      'full analysis of the same text',
      fmtMs(median(fullMs)),
      fmtMs(quantile(fullMs, 0.95)),
      `${(median(fullMs) / inc).toFixed(1)}x`,
    ],
    [
      'ast-grep parse + match (peer)',
      fmtMs(median(peerMs)),
      fmtMs(quantile(peerMs, 0.95)),
      `${(median(peerMs) / inc).toFixed(1)}x`,
    ],
    ['(our parser alone, incremental)', fmtMs(median(parseIncMs)), fmtMs(quantile(parseIncMs, 0.95)), ''],
    ['(our parser alone, full)', fmtMs(median(parseFullMs)), fmtMs(quantile(parseFullMs, 0.95)), ''],
  ]);
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  registerDynamicLanguage({ python });
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-py-bench-'));
  try {
    const corpus = gather(work);
    if (typeof corpus === 'string') {
      // Nothing to measure is not a failure of `npm run bench` (as bench/realCorpus.ts without snapshots).
      console.error(corpus);
      return;
    }
    if (only.length === 0 || only.includes('throughput')) await throughput(corpus);
    if (only.length === 0 || only.includes('incremental')) await incremental(corpus.files);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
