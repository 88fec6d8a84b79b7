// Benchmark for issues 3 and 11: `dynamo-guard check .` inside a 3,000+ file corpus vs two peers in
// the same run, ESLint (typescript-eslint parser + one no-restricted-syntax rule for the same
// patterns) and ast-grep (a tree-sitter scanner in Rust, rules in bench/ast-grep/), and incremental
// re-analysis of one edited 3,000-line file vs its peers. Prints figures; asserts nothing.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Linter } from 'eslint';
import { Analyzer, analyzeSource } from '../src/core/analyzer/analyze';
import type { TextChange } from '../src/core/syntax/parse';
import { walkSourceFiles } from '../src/core/workspace/fileWalker';
import { bigModule } from './bigModule';
import { buildCorpus, REPO_ROOT } from './corpus';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const EDITS = Number(process.env.BENCH_EDITS ?? 60);

interface Measured {
  wallMs: number;
  cpuMs: number;
  maxRssKb: number;
  stdout: string;
  stderr: string;
}

/** Runs a command under /usr/bin/time when present (wall, CPU, max RSS of the whole process tree leader). */
function measure(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Measured {
  const timeBin = fs.existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;
  const marker = 'BENCH_TIME';
  const started = performance.now();
  const r = timeBin
    ? spawnSync(timeBin, ['-f', `${marker} %e %U %S %M`, cmd, ...args], {
        cwd,
        env,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
      })
    : spawnSync(cmd, [...args], { cwd, env, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const wall = performance.now() - started;
  if (r.error) throw r.error;
  const line = (r.stderr ?? '').split('\n').find((l) => l.startsWith(marker));
  if (!line) {
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    return { wallMs: wall, cpuMs: NaN, maxRssKb: NaN, stdout: r.stdout, stderr: r.stderr };
  }
  const [, , user, sys, rss] = line.split(' ');
  return {
    wallMs: wall,
    cpuMs: (Number(user) + Number(sys)) * 1000,
    maxRssKb: Number(rss),
    stdout: r.stdout,
    stderr: r.stderr,
  };
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

const fmtMs = (ms: number): string =>
  ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`;
const fmtMb = (kb: number): string => `${(kb / 1024).toFixed(0)} MB`;

/** The ast-grep binary the npm package installed (its platform package's), run directly so no Node shim is timed. */
function astGrepBinary(): string | undefined {
  try {
    const resolver = createRequire(path.join(REPO_ROOT, 'package.json'));
    const located = (
      resolver('@ast-grep/cli/postinstall.js') as { resolveBinaryPath(): string | null }
    ).resolveBinaryPath();
    return located && fs.existsSync(located) ? located : undefined;
  } catch {
    return undefined;
  }
}

interface Peer {
  name: string;
  runs: Measured[];
  files: number;
  findings: number;
  note: string;
}

async function wholeRepo(): Promise<void> {
  console.log('== whole repository: dynamo-guard check . vs ESLint + typescript-eslint vs ast-grep ==');
  // Measure the CLI as it ships (minified production bundle), not the development build.
  const build = spawnSync(process.execPath, ['esbuild.js', '--production'], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const corpus = buildCorpus();
  const files = walkSourceFiles({ root: REPO_ROOT, paths: [corpus.dir] }).files;
  const listFile = path.join(os.tmpdir(), `dg-bench-files-${process.pid}.txt`);
  fs.writeFileSync(listFile, files.join('\n'));
  console.log(
    `corpus: ${corpus.files.length} files, ${(corpus.bytes / 1024 / 1024).toFixed(1)} MB in ${path.relative(REPO_ROOT, corpus.dir)}; every tool gets the same ${files.length} files`,
  );
  console.log(
    `machine: ${os.availableParallelism()} cores, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')} (shared: compare ratios, not absolute times)`,
  );
  const sg = astGrepBinary();
  if (!sg) console.log('ast-grep: not installed (npm ci installs @ast-grep/cli); its column is left out');

  const dg: Peer = { name: 'dynamo-guard check .', runs: [], files: 0, findings: 0, note: '' };
  const eslint: Peer = {
    name: 'eslint + ts-eslint',
    runs: [],
    files: files.length,
    findings: 0,
    note: 'pattern matches by spelling',
  };
  const astGrep: Peer = { name: 'ast-grep scan', runs: [], files: 0, findings: 0, note: 'pattern matches by spelling' };
  // The CLI keeps V8's compiled code of its analyzer bundle between runs; an empty cache folder
  // makes run 1 the cold start a fresh CI machine sees, and the later runs the usual warm start.
  const compileCache = fs.mkdtempSync(path.join(os.tmpdir(), 'dg-bench-v8-'));
  const dgEnv = { ...process.env, DYNAMO_GUARD_COMPILE_CACHE: compileCache };
  // Take turns so that a burst of load elsewhere hits every tool alike.
  for (let i = 0; i < RUNS; i++) {
    // Run as a team would in CI: inside the project, so key-schema discovery covers that project.
    const a = measure(
      process.execPath,
      [path.join(REPO_ROOT, 'dist/cli.js'), 'check', '.', '--format', 'json', '--fail-on', 'never'],
      corpus.dir,
      dgEnv,
    );
    const report = JSON.parse(a.stdout) as {
      findings: unknown[];
      stats: { filesScanned: number; filesAnalyzed: number };
    };
    dg.findings = report.findings.length;
    dg.files = report.stats.filesScanned;
    dg.note = `${report.stats.filesAnalyzed} files parsed after the pre-filter`;
    dg.runs.push(a);
    const b = measure(
      process.execPath,
      [path.join(REPO_ROOT, 'bench/eslintPeer.mjs'), listFile, corpus.dir],
      REPO_ROOT,
    );
    eslint.findings = (JSON.parse(b.stdout.trim().split('\n').pop() as string) as { findings: number }).findings;
    eslint.runs.push(b);
    let line = `  run ${i + 1}${i === 0 ? ' (cold)' : ''}: dynamo-guard ${fmtRun(a)}   eslint ${fmtRun(b)}`;
    if (sg) {
      // Inside the corpus like the CLI; the repository's .gitignore lists the corpus, so VCS ignores are off.
      const c = measure(
        sg,
        [
          'scan',
          '--config',
          path.join(REPO_ROOT, 'bench/ast-grep/sgconfig.yml'),
          '--no-ignore',
          'vcs',
          '--inspect',
          'summary',
          '--json=stream',
          '.',
        ],
        corpus.dir,
      );
      astGrep.findings = c.stdout.split('\n').filter((l) => l.trim().length > 0).length;
      astGrep.files = Number(/scannedFileCount=(\d+)/.exec(c.stderr)?.[1] ?? NaN);
      astGrep.runs.push(c);
      line += `   ast-grep ${fmtRun(c)}`;
    }
    console.log(line);
  }
  fs.rmSync(listFile, { force: true });
  fs.rmSync(compileCache, { recursive: true, force: true });

  const peers = [dg, eslint, ...(sg ? [astGrep] : [])];
  const wall = (p: Peer): number => median(p.runs.map((m) => m.wallMs));
  const cpu = (p: Peer): number => median(p.runs.map((m) => m.cpuMs));
  const rss = (p: Peer): number => Math.max(...p.runs.map((m) => m.maxRssKb));
  const rows = [
    [
      'tool',
      'files',
      'wall',
      'cpu',
      'files/s (wall)',
      'files/s (cpu)',
      'wall vs dg',
      'cpu vs dg',
      'max RSS',
      'findings',
    ],
    ...peers.map((p) => [
      p.name,
      String(p.files),
      fmtMs(wall(p)),
      fmtMs(cpu(p)),
      (p.files / (wall(p) / 1000)).toFixed(0),
      (p.files / (cpu(p) / 1000)).toFixed(0),
      p === dg ? '1.0x' : `${(wall(p) / wall(dg)).toFixed(1)}x`,
      p === dg ? '1.0x' : `${(cpu(p) / cpu(dg)).toFixed(1)}x`,
      fmtMb(rss(p)),
      `${p.findings} (${p.note})`,
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  console.log(
    `median of ${RUNS} runs; "vs dg": how many times dynamo-guard's time the tool takes (targets: eslint >= 20x, ast-grep >= 1.0x)`,
  );
  for (const r of rows)
    console.log(`  ${r.map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ')}`);
  const cold = (p: Peer): Measured => p.runs[0] as Measured;
  console.log(
    `cold start (run 1) : eslint ${(cold(eslint).wallMs / cold(dg).wallMs).toFixed(1)}x${sg ? `, ast-grep ${(cold(astGrep).wallMs / cold(dg).wallMs).toFixed(1)}x` : ''} dynamo-guard's wall-clock with an empty compile cache`,
  );
}

function fmtRun(m: Measured): string {
  return `${fmtMs(m.wallMs)} (cpu ${fmtMs(m.cpuMs)}, ${fmtMb(m.maxRssKb)})`;
}

async function incremental(): Promise<void> {
  console.log('\n== incremental: one edited 3,000-line file ==');
  const fileName = path.join(REPO_ROOT, 'bench/corpus/edited.ts');
  let text = bigModule();
  const analyzer = new Analyzer({ tables: [] });
  const first = analyzer.analyze(fileName, text);
  // Keystrokes in the middle of the file: insert a character into an identifier, then delete it.
  const anchor = text.indexOf('limit = ', text.length >> 1) + 'limit'.length;
  const incrementalMs: number[] = [];
  const fullMs: number[] = [];
  const eslintMs: number[] = [];
  const linter = new Linter({ configType: 'flat' });
  const peerModule = (await import(pathToFileURL(path.join(REPO_ROOT, 'bench/eslintPeer.mjs')).href)) as {
    peerConfig(): Linter.Config[];
  };
  const eslintConfig = peerModule.peerConfig();
  for (let i = 0; i < EDITS; i++) {
    const insert = i % 2 === 0;
    const change: TextChange = insert
      ? { start: anchor, oldLength: 0, newLength: 1 }
      : { start: anchor, oldLength: 1, newLength: 0 };
    text = insert ? text.slice(0, anchor) + 'X' + text.slice(anchor) : text.slice(0, anchor) + text.slice(anchor + 1);
    let t = performance.now();
    const r = analyzer.updateDocument(fileName, text, change);
    incrementalMs.push(performance.now() - t);
    if (r.findings.length !== first.findings.length)
      throw new Error(`incremental analysis lost findings: ${r.findings.length} vs ${first.findings.length}`);
    t = performance.now();
    analyzeSource(fileName, text, { tables: [] });
    fullMs.push(performance.now() - t);
    if (i < 20) {
      t = performance.now();
      linter.verify(text, eslintConfig, fileName);
      eslintMs.push(performance.now() - t);
    }
  }
  console.log(`file: ${text.split('\n').length - 1} lines, ${first.findings.length} findings; ${EDITS} edits`);
  console.log(
    `Analyzer.updateDocument (incremental): median ${fmtMs(median(incrementalMs))}, p90 ${fmtMs([...incrementalMs].sort((a, b) => a - b)[Math.floor(EDITS * 0.9)] as number)} (target < 10 ms)`,
  );
  console.log(
    `analyzeSource (full parse, no reuse) : median ${fmtMs(median(fullMs))}  -> ${(median(fullMs) / median(incrementalMs)).toFixed(1)}x`,
  );
  console.log(
    `ESLint Linter.verify (peer)          : median ${fmtMs(median(eslintMs))} over ${eslintMs.length} edits -> ${(median(eslintMs) / median(incrementalMs)).toFixed(1)}x`,
  );
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  if (only.length === 0 || only.includes('whole')) await wholeRepo();
  if (only.length === 0 || only.includes('incremental')) await incremental();
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.stack : String(err));
  process.exitCode = 1;
});
